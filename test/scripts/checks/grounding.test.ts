import { describe, expect, it } from 'vitest';
import { checkGrounding, saysVerbatim } from '../../../scripts/checks/grounding.ts';
import type { Claim, Script } from '../../../shared/types.ts';
import { claim, scene, script, TODAY } from './helpers.ts';

const EFFECT = 'Die Grippeimpfung verhindert nicht jede Erkrankung. Sie senkt aber das Risiko, schwer zu erkranken.';
const claims: Claim[] = [
  claim('flu-effectiveness', EFFECT),
  claim('withdrawn', 'Der Impfstoff der Saison 2024/25 ist angepasst.', { status: 'withdrawn' }),
  claim('expired', 'Die Impfstoffe sind ab September erhältlich.', { validUntil: '2026-03-31' }),
  claim('future', 'Ein neuer Impfstoff kommt.', { validFrom: '2027-01-01' }),
  claim('german-only', 'Nur auf Deutsch.', { text: { de: 'Nur auf Deutsch.' } }),
];
const CTA = 'Fragen Sie in Ihrer Hausarztpraxis nach einem Impftermin.';

const check = (s: Script, language = 'de') =>
  checkGrounding({ script: s, language, claims, today: TODAY, callToAction: CTA });
const codes = (s: Script, language?: string) => check(s, language).map((f) => `${f.severity} ${f.code}`);

describe('checkGrounding', () => {
  it('accepts sentences that say their cited claim verbatim', () => {
    const sentences = EFFECT.split('. ').map((t, i): [string, string[]] => [
      i === 0 ? `${t}.` : t,
      ['flu-effectiveness'],
    ]);
    expect(check(script([scene(['Hallo!']), scene(sentences), scene([`Das können Sie tun: ${CTA}`])]))).toEqual([]);
  });

  it('blocks an uncited sentence with a medical term, quoting it', () => {
    const [finding] = check(script([scene(['Hallo!', 'Die Impfung schützt Sie gut.'])]));
    expect(finding).toMatchObject({ code: 'grounding-uncited', severity: 'blocking', scene: 0, sentence: 1 });
    expect(finding?.message).toBe(
      'Scene 1, sentence 2: "Die Impfung schützt Sie gut." states a medical fact ("Impfung", "schützt") but cites no approved claim.',
    );
  });

  it('blocks an uncited sentence with a number in digits or words', () => {
    expect(codes(script([scene(['Das hilft 9 von 10 Menschen.'])]))).toEqual(['blocking grounding-uncited']);
    expect(codes(script([scene(['Das gilt für zwei Drittel aller Menschen.'])]))).toEqual([
      'blocking grounding-uncited',
    ]);
  });

  it('blocks an uncited risk statement without a medical noun', () => {
    expect(codes(script([scene(['Das verhindert viel Leid.'])]))).toEqual(['blocking grounding-uncited']);
    expect(codes(script([scene(['It prevents a lot of suffering.'])], { language: 'en' }), 'en')).toEqual([
      'blocking grounding-uncited',
    ]);
  });

  it('lets an uncited sentence name the audience by age', () => {
    expect(check(script([scene(['Hallo!', 'Dieses Video ist für Menschen ab 75.'])]))).toEqual([]);
  });

  it("lets an uncited sentence speak the campaign's call to action, but nothing medical beside it", () => {
    const cta = 'Ask your GP practice or a pharmacy for a vaccination appointment.';
    const en = (text: string) => script([scene([text])], { language: 'en', callToAction: cta });
    const run = (text: string, callToAction: string) =>
      checkGrounding({ script: en(text), language: 'en', claims, today: TODAY, callToAction }).map((f) => f.code);
    expect(run(`Your next step: ${cta}`, cta)).toEqual([]);
    expect(run(`Your next step: ${cta}`, '')).toEqual(['grounding-uncited']);
    expect(run(`The vaccine works. ${cta}`, cta)).toEqual(['grounding-uncited']);
  });

  it('finds medical statements in Turkish and Ukrainian, inflected', () => {
    const run = (text: string, language: string) => check(script([scene([text])], { language }), language);
    expect(run('Aşılanmak sizi ağır hastalıktan korur.', 'tr')[0]?.message).toContain(
      '("Aşılanmak", "ağır", "hastalıktan", "korur")',
    );
    expect(run('Bu video yetişkinler için. Aşırı endişeye gerek yok.', 'tr')).toEqual([]);
    expect(run('Щеплення захищає вашу сім’ю.', 'uk')[0]?.code).toBe('grounding-uncited');
    expect(run('Це відео для вашої сім’ї.', 'uk')).toEqual([]);
  });

  it('still blocks medical words next to an audience age', () => {
    expect(codes(script([scene(['Ab 60 Jahren ist die Impfung wichtig.'])]))).toEqual(['blocking grounding-uncited']);
  });

  it('points to the claim an uncited sentence quotes', () => {
    const [finding] = check(script([scene([EFFECT])]));
    expect(finding?.suggestion).toBe("This is the text of approved claim 'flu-effectiveness': cite it.");
  });

  it('blocks citations of unknown, withdrawn, expired and not yet valid claims', () => {
    const cite = (id: string) => script([scene([['Ein Satz.', [id]]])]);
    expect(check(cite('nope'))[0]?.message).toBe(
      "Scene 1, sentence 1: cites claim 'nope', which is not in the claims library.",
    );
    expect(check(cite('withdrawn'))[0]).toMatchObject({ code: 'grounding-claim-not-current', severity: 'blocking' });
    expect(check(cite('withdrawn'))[0]?.message).toContain('is withdrawn');
    expect(check(cite('expired'))[0]?.message).toContain('expired on 2026-03-31');
    expect(check(cite('future'))[0]?.message).toContain('is valid only from 2027-01-01');
  });

  it('blocks a cited claim without text in the segment language', () => {
    const s = script([scene([['Only in German.', ['german-only']]])], { language: 'en' });
    expect(codes(s, 'en')).toEqual(['blocking grounding-claim-language']);
  });

  it('warns that a reviewer must compare a paraphrased claim', () => {
    const [finding] = check(
      script([scene([['Die Grippeimpfung schützt vor schweren Verläufen.', ['flu-effectiveness']]])]),
    );
    expect(finding).toMatchObject({ code: 'grounding-paraphrase', severity: 'warning', scene: 0, sentence: 0 });
    expect(finding?.message).toContain("paraphrases claim 'flu-effectiveness'; the reviewer must compare");
  });
});

describe('saysVerbatim', () => {
  it('ignores case, spacing, typographic quotes and the closing full stop', () => {
    expect(saysVerbatim('sie senkt  aber das Risiko, schwer zu erkranken', EFFECT)).toBe(true);
    expect(saysVerbatim('Sie senkt das Risiko.', EFFECT)).toBe(false);
  });
});
