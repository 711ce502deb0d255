// Readability scores: Amstad's Flesch and Wiener Sachtextformel (de), Flesch and Flesch–Kincaid (en), lengths (all).
import { splitSentences } from '../../shared/text.ts';
import { syllableCounter } from './syllables.ts';

/** Names of the scores; every language gets the two averages, German and English their formulas too. */
export type ScoreName = 'fre' | 'wstf' | 'fkGrade' | 'avgSentenceLength' | 'avgWordLength';

/** The readability of one text. */
export interface ReadabilityResult {
  lang: string;
  sentences: number;
  words: number;
  /** Total syllables, for the languages whose formulas count them (de, en). */
  syllables?: number;
  /**
   * `avgSentenceLength` (words per sentence) and `avgWordLength` (letters per word) for every language; German adds
   * `fre` (Amstad's Flesch) and `wstf` (Wiener Sachtextformel 1), English `fre` (Flesch Reading Ease) and `fkGrade`.
   */
  scores: Partial<Record<ScoreName, number>>;
  /** School grade: WSTF for German, Flesch–Kincaid for English. */
  grade?: number;
}

/** A word as written, with its letters counted (digits and punctuation are not letters). */
export interface WordToken {
  text: string;
  letters: number;
}

/**
 * Words of a text: whitespace-separated tokens with at least one letter or digit, outer punctuation removed.
 * Hyphenated compounds, figures and abbreviations are one word each, as Flesch counts them (`ICD-10`, `60`, `%`
 * after a number belongs to it).
 */
export function wordTokens(text: string): WordToken[] {
  return text
    .split(/\s+/)
    .map((raw) => raw.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter((word) => word !== '')
    .map((word) => ({ text: word, letters: word.match(/\p{L}/gu)?.length ?? 0 }));
}

/** Counts a text's sentences, words and syllables, the inputs of every formula below. */
export interface TextCounts {
  sentences: number;
  words: number;
  syllables: number;
}

/**
 * Amstad (1978): FRE = 180 − ASL − 58.5 × ASW (ASL words per sentence, ASW syllables per word), clamped to the 0–100
 * scale Amstad defined (100 very easy, 0 very hard): the raw formula leaves it for one-word sentences (up to 121.5)
 * and for very long ones (far below 0), where the number means nothing more than "easiest" or "hardest".
 */
export function amstadFre({ sentences, words, syllables }: TextCounts): number {
  return Math.min(100, Math.max(0, 180 - words / sentences - 58.5 * (syllables / words)));
}

/** Flesch (1948): FRE = 206.835 − 1.015 × ASL − 84.6 × ASW. */
export function fleschReadingEase({ sentences, words, syllables }: TextCounts): number {
  return 206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words);
}

/** Kincaid et al. (1975): grade = 0.39 × ASL + 11.8 × ASW − 15.59. */
export function fleschKincaidGrade({ sentences, words, syllables }: TextCounts): number {
  return 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59;
}

/** Percentages the Wiener Sachtextformel weighs; SL is words per sentence. */
export interface WstfInputs {
  /** % of words with three or more syllables. */
  ms: number;
  /** Words per sentence. */
  sl: number;
  /** % of words with more than six letters. */
  iw: number;
  /** % of words with one syllable. */
  es: number;
}

/**
 * Bamberger & Vanecek (1984), first Wiener Sachtextformel: 0.1935·MS + 0.1672·SL + 0.1297·IW − 0.0327·ES − 0.875.
 * The raw formula; {@link scoreReadability} floors it at {@link WSTF_MIN}.
 */
export function wienerSachtextformel({ ms, sl, iw, es }: WstfInputs): number {
  return 0.1935 * ms + 0.1672 * sl + 0.1297 * iw - 0.0327 * es - 0.875;
}

/**
 * The lowest value of the Wiener Sachtextformel's published scale (school grade 4, very easy; it runs to 15). The raw
 * formula goes below it, even below 0, for short sentences of short words; a grade below 4 is not on the scale.
 */
export const WSTF_MIN = 4;

/** Rounds to two decimals, as scores are reported. */
export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * Scores a text in a language (ISO 639-1). Sentences are split with the same splitter the composer uses; an empty
 * text has no scores. German syllables come from hyphenation patterns, English from the `syllable` package.
 */
export function scoreReadability(text: string, lang: string): ReadabilityResult {
  const tokens = wordTokens(text);
  const sentences = splitSentences(text).filter((s) => wordTokens(s).length > 0).length;
  const words = tokens.length;
  if (words === 0 || sentences === 0) return { lang, sentences, words, scores: {} };
  const scores: ReadabilityResult['scores'] = {
    avgSentenceLength: round(words / sentences),
    avgWordLength: round(tokens.reduce((sum, t) => sum + t.letters, 0) / words),
  };
  const count = syllableCounter(lang);
  if (!count) return { lang, sentences, words, scores };
  const perWord = tokens.map((t) => count(t.text));
  const syllables = perWord.reduce((a, b) => a + b, 0);
  const counts = { sentences, words, syllables };
  const base = { lang, sentences, words, syllables };
  const percent = (n: number) => (100 * n) / words;
  if (lang === 'de') {
    const wstf = round(
      Math.max(
        WSTF_MIN,
        wienerSachtextformel({
          ms: percent(perWord.filter((n) => n >= 3).length),
          sl: words / sentences,
          iw: percent(tokens.filter((t) => t.letters > 6).length),
          es: percent(perWord.filter((n) => n === 1).length),
        }),
      ),
    );
    return { ...base, scores: { fre: round(amstadFre(counts)), wstf, ...scores }, grade: wstf };
  }
  const grade = round(fleschKincaidGrade(counts));
  return { ...base, scores: { fre: round(fleschReadingEase(counts)), fkGrade: grade, ...scores }, grade };
}
