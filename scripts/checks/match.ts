// Phrase matching for the word lists: case-insensitive, word-boundary aware, tolerant of spacing, hyphens and `%`.

/** One occurrence of a phrase in a text, with the words as written there. */
export interface PhraseMatch {
  index: number;
  text: string;
}

const APOSTROPHES = /[’ʼ‘`´′]/g;
const SPACES = /[\u00A0\u2007\u2009\u202F]/g;
const HYPHENS = /[\u2010\u2011]/g;

/**
 * Folds text for matching without changing its length, so match positions point into the original: lower case,
 * Turkish dotted and dotless i as plain `i`, typographic apostrophes as `'`, no-break spaces as spaces.
 */
export function fold(text: string): string {
  let out = '';
  for (const ch of text.replace(APOSTROPHES, "'").replace(SPACES, ' ').replace(HYPHENS, '-')) {
    const lower = ch === 'İ' || ch === 'ı' ? 'i' : ch.toLowerCase();
    out += lower.length === ch.length ? lower : ch;
  }
  return out;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function wordSource(word: string): string {
  if (word === '*') return "[\\p{L}\\p{N}'-]+";
  const lead = word.startsWith('*') ? "[\\p{L}']*" : '';
  const trail = word.length > 1 && word.endsWith('*') ? "[\\p{L}']*" : '';
  const core = word.slice(lead ? 1 : 0, trail ? -1 : undefined);
  const parts = core.split(/(\{n\}|%|-)/).map((part) => {
    if (part === '{n}') return '\\p{N}+(?:[.,]\\p{N}+)?';
    if (part === '%') return '\\s*%\\s*';
    if (part === '-') return '[-\\s]?';
    return escape(part);
  });
  return lead + parts.join('') + trail;
}

/**
 * Compiles a list phrase. Words separated by spaces match any run of whitespace; `*` at the start or end of a word
 * matches further letters (a stem: `Verweiger*`, or a compound part: `*schutz*`), `*` alone any one word;
 * `{n}` matches a number; `%` matches with or without spaces around it (`100 %`, `100%`, `%100`); `-` matches a
 * hyphen, a space or nothing (`risk-free`, `risk free`, `riskfree`). Letters, digits or apostrophes may not directly
 * precede or follow a match.
 */
export function compilePhrase(phrase: string): RegExp {
  const words = fold(phrase)
    .replace(/\s*%\s*/g, '%')
    .trim()
    .split(/\s+/);
  // An apostrophe belongs to a word: Ukrainian `сім'я` (family) must not match `сім` (seven).
  return new RegExp(`(?<![\\p{L}\\p{N}'])${words.map(wordSource).join('\\s+')}(?![\\p{L}\\p{N}'])`, 'gu');
}

/** Every match of a compiled phrase in a text, quoting the original words. */
export function findPhrase(pattern: RegExp, text: string): PhraseMatch[] {
  const folded = fold(text);
  return [...folded.matchAll(pattern)].map((m) => ({
    index: m.index,
    text: text.slice(m.index, m.index + m[0].length).trim(),
  }));
}

/** Removes every occurrence of `part` from `text` (compared folded), keeping the rest for further matching. */
export function maskOut(text: string, part: string): string {
  const needle = fold(part).trim();
  if (!needle) return text;
  const folded = fold(text);
  let out = '';
  let from = 0;
  for (let at = folded.indexOf(needle); at >= 0; at = folded.indexOf(needle, at + needle.length)) {
    out += text.slice(from, at) + ' '.repeat(needle.length);
    from = at + needle.length;
  }
  return out + text.slice(from);
}

/** Text compared for containment: folded, one space, uniform dashes and quotes, no closing punctuation. */
export function comparable(text: string): string {
  return fold(text)
    .replace(/[–—]/g, '-')
    .replace(/[„“”«»]/g, '"')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.!?…:;]+$/, '');
}
