// Drift between a sentence and its back-translation: what a reviewer must look at because meaning may have moved.
import type { Finding } from '../checks/findings.ts';
import { splitSentences } from '../../shared/text.ts';

// Number words a back-translation into a workspace language (and a script in one) may use instead of digits.
const NUMBER_WORDS: Record<string, string[]> = {
  de: [
    'null',
    'eins|ein|eine|einen|einem|einer',
    'zwei',
    'drei',
    'vier',
    'fünf',
    'sechs',
    'sieben',
    'acht',
    'neun',
    'zehn',
    'elf',
    'zwölf',
  ],
  en: ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'],
};
// Only number words of two and more count: "ein"/"one" are as often articles and pronouns as numbers.
const FIRST_COUNTED = 2;

/** One written number as a plain decimal string: grouping dropped, the language's decimal mark made a point. */
function plainNumber(raw: string, lang: string): string {
  // English writes 1,000.5; the other script and workspace languages here write 1.000,5 (or group with a thin space).
  const [group, mark] = lang === 'en' ? [',', '.'] : ['.', ','];
  const ungrouped = raw.replace(new RegExp(`[${group}\\u202f\\u00a0](?=\\d{3}(?!\\d))`, 'g'), '');
  return ungrouped.replace(mark, '.').replace(/^0+(?=\d)/, '');
}

/**
 * The numbers a text states, as plain decimal strings (`1.000` in German and `1,000` in English are both `1000`),
 * sorted. A numeric date counts as its day and year (its month is the date check's), as a date written out does.
 */
export function numbersIn(text: string, lang: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/\d+(?:[.,\u202f\u00a0]\d+)*/g)) {
    const date = /^(\d{1,2})[./](\d{1,2})[./](\d{2,4})$/.exec(m[0]);
    if (date) found.push(...[date[1]!, date[3]!].map((n) => n.replace(/^0+(?=\d)/, '')));
    else found.push(plainNumber(m[0], lang));
  }
  const words = NUMBER_WORDS[lang];
  if (words) {
    words.forEach((forms, n) => {
      if (n < FIRST_COUNTED) return;
      for (const _ of text.matchAll(new RegExp(`(?<![\\p{L}])(?:${forms})(?![\\p{L}])`, 'giu'))) found.push(String(n));
    });
  }
  return found.sort();
}

// Month names (or their stems) per language; the index is the month.
const MONTHS: Record<string, string[]> = {
  de: ['jan', 'feb', 'märz|maerz', 'apr', 'mai', 'juni', 'juli', 'aug', 'sep', 'okt', 'nov', 'dez'],
  en: ['jan', 'feb', 'mar', 'apr', 'may', 'june', 'july', 'aug', 'sep', 'oct', 'nov', 'dec'],
  tr: ['ocak', 'şubat', 'mart', 'nisan', 'mayıs', 'haziran', 'temmuz', 'ağustos', 'eylül', 'ekim', 'kasım', 'aralık'],
  ru: ['январ', 'феврал', 'март', 'апрел', 'ма[йя]', 'июн', 'июл', 'август', 'сентябр', 'октябр', 'ноябр', 'декабр'],
  uk: ['січ', 'лют', 'берез', 'квіт', 'трав', 'черв', 'лип', 'серп', 'верес', 'жовт', 'листопад', 'груд'],
  ar: ['يناير', 'فبراير', 'مارس', 'أبريل', 'مايو', 'يونيو', 'يوليو', 'أغسطس', 'سبتمبر', 'أكتوبر', 'نوفمبر', 'ديسمبر'],
};

/** The months a text's dates name (by name, or as `1.10.2026`, `2026-10-01`), sorted; undefined: language unknown. */
export function monthsIn(text: string, lang: string): number[] | undefined {
  const names = MONTHS[lang];
  if (!names) return undefined;
  const found: number[] = [];
  names.forEach((stem, k) => {
    const re = new RegExp(`(?<![\\p{L}])(?:${stem})\\p{L}*`, 'giu');
    for (const _ of text.matchAll(re)) found.push(k + 1);
  });
  for (const m of text.matchAll(/\b\d{4}-(\d{2})-\d{2}\b|\b\d{1,2}[./](\d{1,2})[./]\d{2,4}\b/g)) {
    found.push(Number(m[1] ?? m[2]));
  }
  return found.sort((a, b) => a - b);
}

// Words and particles that negate, per language. Turkish negates mostly inside the verb (-mA-), so only its free
// words and the unambiguous negative forms (-mIyor, -mAz) are known; a miss there is a missed warning, not a false one.
const NEGATIONS: Record<string, RegExp> = {
  de: /(?<![\p{L}])(?:nicht|kein\p{L}*|nie|niemals|nichts|niemand|ohne|weder)(?![\p{L}])/giu,
  en: /(?<![\p{L}])(?:not|no|never|none|nothing|nobody|without|neither|nor)(?![\p{L}])|n't\b/giu,
  tr: /(?<![\p{L}])(?:değil\p{L}*|yok\p{L}*|hiç\p{L}*|asla|hayır)(?![\p{L}])|\p{L}+m[ıiuü]yor\p{L}*|\p{L}+m[ae]z(?:lar|ler)?(?![\p{L}])/giu,
  ru: /(?<![\p{L}])(?:не|нет|ни|никогда|ничего|никто|без)(?![\p{L}])/giu,
  uk: /(?<![\p{L}])(?:не|ні|немає|ніколи|нічого|ніхто|без)(?![\p{L}])/giu,
  ar: /(?<![\p{L}])(?:لا|لن|لم|ليس|ليست|غير|بدون|دون)(?![\p{L}])/gu,
};

/** How many negations a text holds; undefined when the language's negations are not known here. */
export function negationsIn(text: string, lang: string): number | undefined {
  const re = NEGATIONS[lang];
  return re ? [...text.matchAll(re)].length : undefined;
}

export interface DriftInput {
  scene: number;
  sentence: number;
  source: { text: string; lang: string };
  back: { text: string; lang: string };
  /** Ids of every claim in the campaign: a sentence naming one in its text has a model's marker left in it. */
  claimIds: readonly string[];
  /** The approved wordings, in the back-translation's language, of the claims the sentence cites. */
  citedWordings: readonly string[];
}

const same = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((x, k) => x === b[k]);
const list = (xs: readonly unknown[]) => (xs.length === 0 ? 'none' : xs.join(', '));

/**
 * Warnings where a back-translation says something else than its sentence: numbers, months, negation, claim ids
 * present on one side only, figures of a cited claim missing, or one sentence become several. Messages name the
 * sentence (by its place, as people count: 2.3) and the language, and quote only script text.
 */
export function driftFindings(input: DriftInput): Finding[] {
  const { source, back } = input;
  const place = `Sentence ${input.scene + 1}.${input.sentence + 1}`;
  const into = `the back-translation into '${back.lang}'`;
  const at = { scene: input.scene, sentence: input.sentence, severity: 'warning' as const };
  const findings: Finding[] = [];
  const ours = numbersIn(source.text, source.lang);
  const theirs = numbersIn(back.text, back.lang);
  if (!same(ours, theirs)) {
    findings.push({
      ...at,
      code: 'drift-number',
      message: `${place}: the script says the numbers ${list(ours)}, ${into} says ${list(theirs)}.`,
      suggestion: 'Check the figure in the script against its claim; a wrong number must not reach the video.',
    });
  }
  const months = [monthsIn(source.text, source.lang), monthsIn(back.text, back.lang)];
  if (months[0] && months[1] && !same(months[0], months[1])) {
    findings.push({
      ...at,
      code: 'drift-date',
      message: `${place}: the script names month(s) ${list(months[0])}, ${into} month(s) ${list(months[1])}.`,
    });
  }
  const negations = [negationsIn(source.text, source.lang), negationsIn(back.text, back.lang)];
  if (negations[0] !== undefined && negations[1] !== undefined && negations[0] > 0 !== negations[1] > 0) {
    findings.push({
      ...at,
      code: 'drift-negation',
      message: `${place}: ${negations[0] > 0 ? 'the script negates, ' + into + ' does not' : into + ' negates, the script does not'}.`,
      suggestion: 'A lost or added "not" turns a statement round: read the sentence with a language reviewer.',
    });
  }
  const named = (text: string) => input.claimIds.filter((id) => text.includes(id));
  const [inSource, inBack] = [named(source.text), named(back.text)];
  if (!same(inSource, inBack)) {
    findings.push({
      ...at,
      code: 'drift-claim',
      message: `${place}: claim ids named in the script: ${list(inSource)}; in ${into}: ${list(inBack)}.`,
    });
  }
  const figures = [...new Set(input.citedWordings.flatMap((w) => numbersIn(w, back.lang)))];
  const missing = figures.filter((n) => !theirs.includes(n));
  if (missing.length > 0) {
    findings.push({
      ...at,
      code: 'drift-claim',
      message: `${place} cites a claim whose approved '${back.lang}' wording says ${list(missing)}; ${into} does not.`,
    });
  }
  // A full stop after a number is a German ordinal or a date ("am 15. Oktober"), not a sentence's end.
  const parts = splitSentences(back.text).filter((part, k, all) => k === 0 || !/\d\.$/.test(all[k - 1]!)).length;
  if (parts > 1) {
    findings.push({ ...at, code: 'drift-sentence-count', message: `${place}: ${into} is ${parts} sentences.` });
  }
  return findings;
}
