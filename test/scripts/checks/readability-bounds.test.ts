// Readability scores stay on their published scales: Amstad 0–100, the Wiener Sachtextformel from grade 4.
import { describe, expect, it } from 'vitest';
import { amstadFre, scoreReadability, wienerSachtextformel, WSTF_MIN } from '../../../scripts/checks/readability.ts';

describe('readability scales', () => {
  it('clamps Amstad reading ease to 0–100 where the raw formula leaves the scale', () => {
    // One-syllable one-word sentences: 180 − 1 − 58.5 = 120.5 raw.
    expect(amstadFre({ sentences: 4, words: 4, syllables: 4 })).toBe(100);
    // One 200-word sentence of four-syllable words: 180 − 200 − 234 = −254 raw.
    expect(amstadFre({ sentences: 1, words: 200, syllables: 800 })).toBe(0);
    expect(amstadFre({ sentences: 10, words: 50, syllables: 100 })).toBe(58);
  });

  it('floors the Wiener Sachtextformel at grade 4, the start of its scale, though the raw formula goes below 0', () => {
    expect(wienerSachtextformel({ ms: 0, sl: 1, iw: 0, es: 100 })).toBeLessThan(0);
    const easy = scoreReadability('Ja. Nein. Gut. So.', 'de');
    expect(easy.scores).toMatchObject({ fre: 100, wstf: WSTF_MIN });
    expect(easy.grade).toBe(4);
    const hard = scoreReadability(`${'Verwaltungsgerichtsbarkeitsreformkommission '.repeat(40)}tagt.`, 'de');
    expect(hard.scores.fre).toBe(0);
    expect(hard.scores.wstf).toBeGreaterThan(15);
  });
});
