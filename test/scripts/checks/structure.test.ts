import { describe, expect, it } from 'vitest';
import { checkStructure, spokenSeconds } from '../../../scripts/checks/structure.ts';
import type { Script } from '../../../shared/types.ts';
import { scene, script } from './helpers.ts';

const CTA = 'Fragen Sie in Ihrer Hausarztpraxis nach einem Impftermin.';
const words = (n: number) => Array.from({ length: n }, () => 'Wort').join(' ') + '.';
// Long enough for language detection, plain German, no medical content.
const GERMAN =
  'Hallo! Dieses Video ist für alle, die mehr wissen möchten. Wir erklären kurz und einfach, was Sie wissen sollten.';
const good = (overrides: Partial<Script> = {}) =>
  script([scene([GERMAN], 12), scene([words(23)], 10), scene([`Das können Sie tun: ${CTA}`], 10)], overrides);
const check = (s: Script, segmentLanguage = 'de') =>
  checkStructure({ script: s, segmentLanguage, readingLevel: s.readingLevel, callToAction: CTA });
const codes = (s: Script, segmentLanguage?: string) => check(s, segmentLanguage).map((f) => `${f.severity} ${f.code}`);

describe('spokenSeconds', () => {
  it('divides words by the language and level rate from speech-rates.yaml', () => {
    expect(spokenSeconds(words(23), 'de', 'plain')).toBe(10);
    expect(spokenSeconds(words(26), 'de', 'standard')).toBe(10);
    expect(spokenSeconds(words(25), 'en', 'plain')).toBe(10);
    expect(spokenSeconds(words(22), 'tr', 'plain')).toBe(10);
    expect(spokenSeconds(words(25), 'uk', 'professional')).toBe(10);
  });
});

describe('checkStructure', () => {
  it('accepts a complete script in the segment language', () => {
    expect(check(good())).toEqual([]);
  });

  it('warns when a scene needs more than 1.15 times its planned duration', () => {
    // 27 words at 2.3 words/s take 11.7 s: more than 10 s × 1.15 = 11.5 s. 26 words (11.3 s) pass.
    const over = good({ scenes: [scene([GERMAN], 12), scene([words(27)], 10), scene([CTA], 10)] });
    expect(check(over)).toEqual([
      expect.objectContaining({ code: 'structure-scene-too-long', severity: 'warning', scene: 1 }),
    ]);
    expect(check(over)[0]?.message).toBe(
      'Scene 2: the narration needs about 11.7 s to speak but the scene is planned for 10 s.',
    );
    expect(codes(good({ scenes: [scene([GERMAN], 12), scene([words(26)], 10), scene([CTA], 10)] }))).toEqual([]);
  });

  it('blocks a video shorter than 30 s or longer than 90 s', () => {
    expect(codes(good({ scenes: [scene([GERMAN], 12), scene([CTA], 10)] }))).toEqual([
      'blocking structure-total-duration',
    ]);
    const long = [scene([GERMAN], 40), scene([words(10)], 40), scene([CTA], 11)];
    expect(check(good({ scenes: long }))[0]?.message).toBe(
      'The video would last about 91 s; explainers must run 30–90 s.',
    );
  });

  it('blocks a missing call to action or AI disclosure', () => {
    expect(codes(good({ callToAction: ' ' }))).toContain('blocking structure-cta-missing');
    expect(codes(good({ aiDisclosure: '' }))).toEqual(['blocking structure-disclosure-missing']);
  });

  it("warns when the call to action differs from the campaign's, and notes when it is not spoken", () => {
    expect(codes(good({ callToAction: 'Lassen Sie sich impfen.' }))).toEqual([
      'warning structure-cta-changed',
      'info structure-cta-not-spoken',
    ]);
  });

  it('blocks a script declared in another language than the segment', () => {
    expect(codes(good({ language: 'en' }))).toEqual(['blocking structure-language-mismatch']);
  });

  it('blocks narration that is clearly in another language', () => {
    const english = script([
      scene(['Hello! This video is for everyone who wants to know more. We explain what you need to know.'], 12),
      scene(['You can get vaccinated at your GP practice. Many pharmacies also vaccinate adults.'], 10),
      scene([`Your next step: ${CTA}`], 10),
    ]);
    const [finding] = check(english);
    expect(finding).toMatchObject({ code: 'structure-language-mismatch', severity: 'blocking' });
    expect(finding?.message).toBe("The narration reads as 'en', not as the segment's language 'de'.");
  });

  it('reports the language as undetermined for short narration', () => {
    const short = good({
      scenes: [scene(['Hallo!'], 12), scene(['Schön, dass Sie da sind.'], 10), scene(['Bis bald.'], 10)],
    });
    expect(check(short).filter((f) => f.code.startsWith('structure-language'))).toEqual([
      expect.objectContaining({ code: 'structure-language-undetermined', severity: 'info' }),
    ]);
  });
});
