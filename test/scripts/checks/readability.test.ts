import { describe, expect, it } from 'vitest';
import {
  amstadFre,
  fleschKincaidGrade,
  fleschReadingEase,
  scoreReadability,
  wienerSachtextformel,
  wordTokens,
} from '../../../scripts/checks/readability.ts';

describe('fleschKincaidGrade', () => {
  it('gives 11.3 for the platypus sentence of 13 words and 24 syllables', () => {
    // Wikipedia, "Flesch–Kincaid readability tests", Flesch–Kincaid grade level section: "The Australian platypus is
    // seemingly a hybrid of a mammal and reptilian creature" is an 11.3 as it has 24 syllables and 13 words.
    expect(fleschKincaidGrade({ sentences: 1, words: 13, syllables: 24 })).toBeCloseTo(11.3, 1);
  });

  it('gives −1.3 for Green Eggs and Ham', () => {
    // Same article: Green Eggs and Ham averages 5.7 words per sentence and 1.02 syllables per word, grade −1.3.
    // 2850 words in 500 sentences with 2907 syllables have exactly those averages.
    expect(fleschKincaidGrade({ sentences: 500, words: 2850, syllables: 2907 })).toBeCloseTo(-1.3, 1);
  });

  it('bottoms out at −3.40 for one-word, one-syllable sentences', () => {
    // Same article: "The lowest grade level score in theory is −3.40."
    expect(scoreReadability('Go. Run. Stop.', 'en').scores.fkGrade).toBe(-3.4);
  });
});

describe('fleschReadingEase', () => {
  it('computes 206.835 − 1.015 × ASL − 84.6 × ASW', () => {
    // Hand count: 6 words, 6 one-syllable words, 1 sentence → 206.835 − 6.09 − 84.6 = 116.145.
    expect(fleschReadingEase({ sentences: 1, words: 6, syllables: 6 })).toBeCloseTo(116.145, 3);
    expect(scoreReadability('The cat sat on the mat.', 'en')).toMatchObject({
      sentences: 1,
      words: 6,
      syllables: 6,
      scores: { fre: 116.15, fkGrade: -1.45 },
    });
  });
});

describe('amstadFre', () => {
  it('computes 180 − ASL − 58.5 × ASW (DESIGN.md)', () => {
    // Yoast SEO's German Flesch spec (Yoast/wordpress-seo, packages/yoastseo/spec/languageProcessing/languages/de/
    // helpers/calculateFleschReadingScoreSpec.js): 10 sentences, 50 words, 100 syllables score 58.
    expect(amstadFre({ sentences: 10, words: 50, syllables: 100 })).toBe(58);
  });
});

describe('wienerSachtextformel', () => {
  it('computes 0.1935·MS + 0.1672·SL + 0.1297·IW − 0.0327·ES − 0.875 (DESIGN.md)', () => {
    expect(wienerSachtextformel({ ms: 0, sl: 0, iw: 0, es: 0 })).toBeCloseTo(-0.875, 10);
    expect(wienerSachtextformel({ ms: 10, sl: 10, iw: 10, es: 10 })).toBeCloseTo(
      1.935 + 1.672 + 1.297 - 0.327 - 0.875,
      10,
    );
  });
});

describe('scoreReadability', () => {
  it('scores a German text by Amstad and the Wiener Sachtextformel, counted by hand', () => {
    // The WHO-sourced example claim `flu-effectiveness` (examples/autumn-vaccination-2026/claims.yaml).
    // Words 14, sentences 2. Syllables: Die 1, Grip-pe-imp-fung 4, ver-hin-dert 3, nicht 1, je-de 2, Er-kran-kung 3;
    // Sie 1, senkt 1, a-ber 2, das 1, Ri-si-ko 3, schwer 1, zu 1, er-kran-ken 3 → 27.
    // FRE = 180 − 7 − 58.5 × 27/14 = 60.18.
    // MS: 5 of 14 words have ≥ 3 syllables (Grippeimpfung, verhindert, Erkrankung, Risiko, erkranken) = 35.71 %;
    // SL = 7; IW: 4 words have > 6 letters (Grippeimpfung, verhindert, Erkrankung, erkranken) = 28.57 %;
    // ES: 7 one-syllable words (Die, nicht, Sie, senkt, das, schwer, zu) = 50 % → WSTF = 9.28.
    const text = 'Die Grippeimpfung verhindert nicht jede Erkrankung. Sie senkt aber das Risiko, schwer zu erkranken.';
    expect(scoreReadability(text, 'de')).toEqual({
      lang: 'de',
      sentences: 2,
      words: 14,
      syllables: 27,
      scores: { fre: 60.18, wstf: 9.28, avgSentenceLength: 7, avgWordLength: 5.93 },
      grade: 9.28,
    });
  });

  it('measures sentence and word length for languages without a syllable formula', () => {
    // 5 words in 2 sentences; letters 4 + 5 + 6 + 5 + 5 = 25.
    expect(scoreReadability('Grip aşısı önemli. Hemen gidin.', 'tr')).toEqual({
      lang: 'tr',
      sentences: 2,
      words: 5,
      scores: { avgSentenceLength: 2.5, avgWordLength: 5 },
    });
  });

  it('has no scores for a text without words', () => {
    expect(scoreReadability(' … ', 'de')).toEqual({ lang: 'de', sentences: 0, words: 0, scores: {} });
  });
});

describe('wordTokens', () => {
  it('counts figures, abbreviations and hyphenated compounds as one word each, as Flesch does', () => {
    expect(wordTokens('Ab 60 Jahren: COVID-19-Impfung (STIKO), 100 % sicher?').map((t) => t.text)).toEqual([
      'Ab',
      '60',
      'Jahren',
      'COVID-19-Impfung',
      'STIKO',
      '100',
      'sicher',
    ]);
  });
});
