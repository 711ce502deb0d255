// The easy-language (Leichte Sprache) rules on one sentence: which it breaks, and with which words.
import { splitCompound, splitSpellings } from './compounds.ts';
import type { EasyLanguageLists } from './data.ts';
import { compilePhrase, findPhrase, fold } from './match.ts';
import { wordTokens } from './readability.ts';

/** The rules, after the Netzwerk Leichte Sprache and DIN SPEC 33429. */
export type EasyRule =
  | 'sentence-length'
  | 'one-statement'
  | 'numbers-as-digits'
  | 'passive'
  | 'genitive'
  | 'subjunctive'
  | 'negation'
  | 'long-compound';

/** Each rule's name as findings give it, in the order the rules are checked. */
export const EASY_RULE_NAMES: Readonly<Record<EasyRule, string>> = {
  'sentence-length': 'short sentences',
  'one-statement': 'one statement per sentence',
  'numbers-as-digits': 'numbers as digits',
  passive: 'active voice, no passive',
  genitive: 'no genitive',
  subjunctive: 'no subjunctive (Konjunktiv)',
  negation: 'avoid negation',
  'long-compound': 'split long compounds',
};

/** Rules that need no grammar of the language: checked in every language. */
export const LANGUAGE_NEUTRAL_RULES: readonly EasyRule[] = ['sentence-length', 'one-statement', 'numbers-as-digits'];

/** The sentence-length ceiling for a language without its own list. */
export const DEFAULT_MAX_WORDS = 15;

const NO_LISTS: EasyLanguageLists = { maxWords: DEFAULT_MAX_WORDS, numberWords: [] };

/** One rule a sentence breaks: the words that break it, as written, and how to fix it. */
export interface Breach {
  rule: EasyRule;
  words: string[];
  /** What is wrong when no words show it (`17 words, at most 15`). */
  detail?: string;
  fix: string;
}

interface Compiled {
  numbers: RegExp[];
  sets: Record<
    'clauseStarts' | 'auxiliaries' | 'participles' | 'notParticiples' | 'genitive' | 'subjunctive' | 'negations',
    Set<string>
  >;
  parts: Set<string>;
  /** Words shorter than this are never reported as long compounds (Infinity: no compound lists). */
  minLetters: number;
}

const cache = new WeakMap<EasyLanguageLists, Compiled>();

function compile(lists: EasyLanguageLists): Compiled {
  let compiled = cache.get(lists);
  if (compiled) return compiled;
  const set = (words: readonly string[] = []) => new Set(words.map(fold));
  const g = lists.grammar;
  compiled = {
    numbers: lists.numberWords.map(compilePhrase),
    sets: {
      clauseStarts: set(g?.clauseStarts),
      auxiliaries: set(g?.passiveAuxiliaries),
      participles: set(g?.participles),
      notParticiples: set(g?.notParticiples),
      genitive: set([...(g?.genitiveWords ?? []), ...(g?.genitivePrepositions ?? [])]),
      subjunctive: set(g?.subjunctiveForms),
      negations: set(g?.negations),
    },
    parts: set(g?.compounds.parts),
    minLetters: g?.compounds.minLetters ?? Infinity,
  };
  cache.set(lists, compiled);
  return compiled;
}

// A past participle by its shape: `geimpft`, `gegeben`, `aufgefrischt`, `informiert`. An inflected adjective
// (`geimpften`, `geimpfte`) is not one: the passive takes the bare participle.
const GE_PARTICIPLE = /^(?:ab|an|auf|aus|bei|ein|fest|mit|nach|vor|weg|zu|zurück|her|hin)?ge\p{Ll}{2,}(?:t|en)$/u;
const IERT_PARTICIPLE = /^\p{Ll}{3,}iert$/u;
const INFLECTED_WEAK = /te[nmrs]?$/u;

function isParticiple(word: string, c: Compiled): boolean {
  const folded = fold(word);
  if (c.sets.participles.has(folded)) return true;
  // Nouns are capitalised in German (`Gesicht`, `Gebiet`): a participle is not, except at a sentence's start.
  if (!/^\p{Ll}/u.test(word) || c.sets.notParticiples.has(folded)) return false;
  return IERT_PARTICIPLE.test(folded) || (GE_PARTICIPLE.test(folded) && !INFLECTED_WEAK.test(folded));
}

const tokens = (sentence: string) => wordTokens(sentence).map((t) => t.text);
const inSet = (words: readonly string[], set: Set<string>) => words.filter((w) => set.has(fold(w)));

/** `;`, a colon or a spaced dash followed by more words, and (with grammar lists) a comma before a clause word. */
function statements(sentence: string, c: Compiled): Breach | undefined {
  const marks: string[] = [];
  if (sentence.includes(';')) marks.push(';');
  // A colon followed by a space: not the one in a time (`10:30`) or an address (`https://`).
  if (/:\s+[\p{L}\p{N}]/u.test(sentence)) marks.push(':');
  if (/\s[–—-]\s+[\p{L}\p{N}]/u.test(sentence)) marks.push('–');
  for (const m of sentence.matchAll(/,\s*([\p{L}]+)/gu)) {
    if (m[1] && c.sets.clauseStarts.has(fold(m[1]))) marks.push(`, ${m[1]}`);
  }
  if (marks.length === 0) return undefined;
  return {
    rule: 'one-statement',
    words: marks,
    fix: 'Make each statement its own sentence.',
  };
}

function grammar(sentence: string, words: readonly string[], c: Compiled): Breach[] {
  const breaches: Breach[] = [];
  const auxiliaries = inSet(words, c.sets.auxiliaries);
  const participles = words.filter((w) => isParticiple(w, c));
  // `worden` (not `geworden`) only ever forms the passive perfect: `ist verabreicht worden`.
  const perfect = auxiliaries.filter((w) => fold(w) === 'worden');
  if (perfect.length > 0 || (auxiliaries.length > 0 && participles.length > 0)) {
    breaches.push({
      rule: 'passive',
      words: [...auxiliaries, ...participles],
      fix: 'Say who does what (active voice).',
    });
  }
  const genitive = inSet(words, c.sets.genitive);
  if (genitive.length > 0) {
    breaches.push({ rule: 'genitive', words: genitive, fix: 'Say it with "von" or in another word order.' });
  }
  const subjunctive = inSet(words, c.sets.subjunctive);
  if (subjunctive.length > 0) {
    breaches.push({
      rule: 'subjunctive',
      words: subjunctive,
      fix: 'Say what is (indicative), or "vielleicht" for what may be.',
    });
  }
  const negations = inSet(words, c.sets.negations);
  if (negations.length > 0) {
    breaches.push({ rule: 'negation', words: negations, fix: 'Say the positive fact where you can.' });
  }
  const compounds = longCompounds(sentence, c);
  if (compounds.length > 0) {
    breaches.push({
      rule: 'long-compound',
      words: compounds.map((x) => x.word),
      fix: `Write ${compounds.map((x) => `"${x.hyphen}" or "${x.middleDot}"`).join(', ')}.`,
    });
  }
  return breaches;
}

function longCompounds(sentence: string, c: Compiled) {
  const found: { word: string; hyphen: string; middleDot: string }[] = [];
  for (const raw of sentence.split(/\s+/)) {
    // Each piece between hyphens or middle dots stands alone: `Hausarzt-Praxis` is split already.
    for (const piece of raw.split(/[-‐‑·‧]/u)) {
      const word = piece.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
      if (word.length < c.minLetters || /[^\p{L}]/u.test(word)) continue;
      const pieces = splitCompound(fold(word), c.parts);
      if (pieces) found.push({ word, ...splitSpellings(word, pieces) });
    }
  }
  return found;
}

/**
 * The rules a sentence breaks. Every language gets the language-neutral rules (with its own number words when its
 * list names them); the grammar rules run only for a language whose list has a `grammar` section (German).
 */
export function easyBreaches(sentence: string, lists: EasyLanguageLists = NO_LISTS): Breach[] {
  const c = compile(lists);
  const words = tokens(sentence);
  const max = lists.maxWords;
  const breaches: Breach[] = [];
  if (words.length > max) {
    breaches.push({
      rule: 'sentence-length',
      words: [],
      detail: `${words.length} words, at most ${max}`,
      fix: 'Split it into shorter sentences.',
    });
  }
  const statement = statements(sentence, c);
  if (statement) breaches.push(statement);
  const numbers = c.numbers.flatMap((p) => findPhrase(p, sentence).map((m) => m.text));
  if (numbers.length > 0) {
    breaches.push({ rule: 'numbers-as-digits', words: numbers, fix: 'Write numbers as digits.' });
  }
  if (lists.grammar) breaches.push(...grammar(sentence, words, c));
  return breaches;
}
