// Syllables per word for the readability formulas: German from TeX hyphenation patterns, English from `syllable`.
import { createRequire } from 'node:module';
import type { HyphenationFunctionSync } from 'hyphen';
import { syllable } from 'syllable';

// The pattern packages are CommonJS folders without an `exports` map, so ESM cannot import them by name.
const require = createRequire(import.meta.url);
const german = require('hyphen/de-1996') as { hyphenateSync: HyphenationFunctionSync };

const SOFT_HYPHEN = '\u00AD';

// Vowel nuclei of German spelling: diphthongs and doubled vowels are one syllable; `y` before a vowel and the `u`
// of `qu` are consonants. Used only inside one hyphenation segment (see germanSyllables).
const NUCLEUS = /äu|eu|au|ai|ei|ey|ay|ie|aa|ee|oo|ou|y(?![aeiouäöü])|[aeiouäöüàáâèéêìíîòóôùúû]/g;

function nuclei(segment: string): number {
  return segment.replace(/qu/g, 'q').match(NUCLEUS)?.length ?? 0;
}

/**
 * Word parts Flesch counts as one syllable: "Count abbreviations, figures, symbols and their combinations as
 * one-syllable words" (Flesch, How to Write Plain English, 1979, ch. 2). A part without lower-case letters is one:
 * `60`, `STIKO`, `RKI`, `JN.1`, `2024/25`.
 */
function isFigureOrAbbreviation(part: string): boolean {
  return !/\p{Ll}/u.test(part);
}

/**
 * Splits a word at hyphens and slashes; consecutive figure or abbreviation parts form one combination
 * (`ICD-10` is one, `ICD-10-Code` is one plus `Code`).
 */
function countParts(word: string, count: (part: string) => number): number {
  let total = 0;
  let inCombination = false;
  for (const part of word.split(/[-‐‑–—/]+/)) {
    if (!/[\p{L}\p{N}]/u.test(part)) continue;
    if (isFigureOrAbbreviation(part)) {
      if (!inCombination) total += 1;
      inCombination = true;
    } else {
      total += count(part);
      inCombination = false;
    }
  }
  return Math.max(1, total);
}

/**
 * German syllables: each part is hyphenated with the `de-1996` Liang patterns (hyphenation points + 1). TeX's
 * patterns never split off a single letter at either end of a word (left/right hyphen minimum 2), so `Apotheke`
 * hyphenates as `Apo-the-ke`; a segment therefore counts its vowel nuclei, at least one: `Apo` → A-po, 4 in all.
 * Known limit: word-final `-ie` reads as one syllable, so `Familie` counts 3 (spoken Fa-mi-li-e, 4).
 */
export function germanSyllables(word: string): number {
  return countParts(word, (part) =>
    german
      .hyphenateSync(part.toLowerCase(), { hyphenChar: SOFT_HYPHEN, minWordLength: 2 })
      .split(SOFT_HYPHEN)
      .reduce((sum, segment) => sum + Math.max(1, nuclei(segment)), 0),
  );
}

/**
 * English syllables from the `syllable` package (rules plus a list of exceptions, built for readability
 * formulas), with figures and abbreviations as one syllable each as Flesch prescribes.
 */
export function englishSyllables(word: string): number {
  return countParts(word, (part) => Math.max(1, syllable(part)));
}

/** The syllable counter for a language, when its readability formula needs one (German and English). */
export function syllableCounter(lang: string): ((word: string) => number) | undefined {
  if (lang === 'de') return germanSyllables;
  if (lang === 'en') return englishSyllables;
  return undefined;
}
