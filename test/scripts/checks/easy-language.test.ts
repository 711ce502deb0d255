import { describe, expect, it } from 'vitest';
import { easyClaimWording } from '../../../scripts/checks/easy-language.ts';
import { runChecks, type Finding } from '../../../scripts/checks/index.ts';
import type { Claim, ReadingLevel, Script } from '../../../shared/types.ts';
import { claim, scene, script, TODAY } from './helpers.ts';

const CTA = 'Fragen Sie in Ihrer Hausarztpraxis nach einem Impftermin.';
const SIDE_EFFECTS = claim('side-effects', 'Die Beschwerden gehen nach drei Tagen vorüber.', {
  alternatives: { de: ['Die Beschwerden gehen nach 3 Tagen weg.'] },
});
const AUTISM = claim('no-autism', 'Die Impfung verursacht keinen Autismus.');
const SAME_DAY = claim('same-day', 'Beide Impfungen können am selben Termin gegeben werden.');
const CLAIMS = [SIDE_EFFECTS, AUTISM, SAME_DAY];

const easyScript = (overrides: Partial<Script> = {}) =>
  script(
    [
      scene(['Hallo!', 'Dieses Video wurde für Sie gemacht.', 'Wir erklären Ihnen die Nebenwirkungen.']),
      scene([
        [SIDE_EFFECTS.text.de!, [SIDE_EFFECTS.id]],
        [AUTISM.text.de!, [AUTISM.id]],
        [SAME_DAY.text.de!, [SAME_DAY.id]],
      ]),
      scene(['Das können Sie jetzt tun.', CTA]),
    ],
    { readingLevel: 'easy', callToAction: CTA, ...overrides },
  );

const check = (s: Script, level: ReadingLevel = 'easy', language = 'de', claims: readonly Claim[] = CLAIMS) =>
  runChecks({ script: s, segmentLanguage: language, readingLevel: level, claims, today: TODAY, callToAction: CTA });
const easy = (findings: Finding[]) => findings.filter((f) => f.code.startsWith('easy-'));
const at = (findings: Finding[], sceneIndex: number, sentence: number) =>
  easy(findings)
    .filter((f) => f.scene === sceneIndex && f.sentence === sentence)
    .map((f) => `${f.severity} ${f.code}`);

describe('easy-language findings', () => {
  it("block the provider's own sentences on passive, and warn on long compounds, naming rule and sentence", () => {
    const findings = check(easyScript());
    expect(at(findings, 0, 1)).toEqual(['blocking easy-passive']);
    expect(at(findings, 0, 2)).toEqual(['warning easy-long-compound']);
    const passive = easy(findings).find((f) => f.code === 'easy-passive')!;
    expect(passive.message).toBe(
      'Scene 1, sentence 2: "Dieses Video wurde für Sie gemacht." breaks the easy-language rule ' +
        '"active voice, no passive": "wurde", "gemacht".',
    );
    expect(passive.suggestion).toBe('Say who does what (active voice).');
    expect(easy(findings).find((f) => f.code === 'easy-long-compound')?.suggestion).toBe(
      'Write "Neben-Wirkungen" or "Neben·wirkungen".',
    );
  });

  it("only warn on approved claim text, and name the claim's easy wording or the wording to add", () => {
    const findings = check(easyScript());
    expect(at(findings, 1, 0)).toEqual(['warning easy-numbers-as-digits']);
    expect(easy(findings).find((f) => f.scene === 1 && f.sentence === 0)?.suggestion).toBe(
      `This is approved claim text: say the claim's approved wording "Die Beschwerden gehen nach 3 Tagen weg." instead.`,
    );
    // Negation is flagged, not forbidden: in approved text it is a note for the reviewer.
    expect(at(findings, 1, 1)).toEqual(['info easy-negation']);
    expect(at(findings, 1, 2)).toEqual(['warning easy-passive']);
    expect(easy(findings).find((f) => f.scene === 1 && f.sentence === 2)?.suggestion).toContain(
      "add an easy-language wording of claim 'same-day' to the claims file (alternatives.de)",
    );
  });

  it("warn on the campaign's call to action and send the manager to the campaign file", () => {
    const findings = check(easyScript());
    expect(at(findings, 2, 0)).toEqual([]);
    expect(at(findings, 2, 1)).toEqual(['warning easy-long-compound']);
    expect(easy(findings).find((f) => f.scene === 2)?.suggestion).toContain(
      'write callToAction.de in the campaign file',
    );
  });

  it('run only for segments that read easy', () => {
    for (const level of ['plain', 'standard', 'professional'] as const) {
      expect(easy(check(easyScript({ readingLevel: level }), level))).toEqual([]);
    }
  });

  it('check other languages for the language-neutral rules only, and say so', () => {
    const turkish = script(
      [
        scene(['Merhaba!', 'Bu video sizin için hazırlandı; size her şeyi anlatıyoruz.']),
        scene(['Aşıdan sonra iki gün dinlenin.']),
      ],
      { language: 'tr', readingLevel: 'easy', callToAction: 'Aile hekiminize başvurun.' },
    );
    const findings = easy(check(turkish, 'easy', 'tr'));
    expect(findings.map((f) => `${f.severity} ${f.code}`)).toEqual([
      'blocking easy-numbers-as-digits',
      'warning easy-one-statement',
      'info easy-rules-partial',
    ]);
    expect(findings.at(-1)?.message).toBe(
      'The Leichte Sprache grammar rules (passive, genitive, subjunctive, negation, compounds) are defined for ' +
        "German; this 'tr' script was checked only for: short sentences, one statement per sentence, numbers as digits.",
    );
  });
});

describe('easyClaimWording', () => {
  it("says the claim's first approved wording that keeps the rules: text, alternatives, then short text", () => {
    expect(easyClaimWording(SIDE_EFFECTS, 'de')).toBe('Die Beschwerden gehen nach 3 Tagen weg.');
    const short = claim('short', 'Die Grippeimpfung wird jährlich empfohlen.', {
      shortText: { de: 'Die STIKO empfiehlt jedes Jahr eine Grippe-Impfung.' },
    });
    expect(easyClaimWording(short, 'de')).toBe('Die STIKO empfiehlt jedes Jahr eine Grippe-Impfung.');
  });

  it('keeps a negation an approved wording needs, and falls back to the text when no wording keeps the rules', () => {
    expect(easyClaimWording(AUTISM, 'de')).toBe(AUTISM.text.de);
    expect(easyClaimWording(SAME_DAY, 'de')).toBe(SAME_DAY.text.de);
  });
});
