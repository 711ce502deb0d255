// `klartext readability <file|-> --lang de|en|tr|uk [--level …] [--json]`: readability scores for any text.
import { readFile } from 'node:fs/promises';
import { checksData } from '../../scripts/checks/data.ts';
import { EASY_RULE_NAMES, easyBreaches } from '../../scripts/checks/easy-rules.ts';
import { scoreReadability, type ScoreName } from '../../scripts/checks/readability.ts';
import { describeCheck, evaluateTargets, scoreLabel } from '../../scripts/checks/targets.ts';
import { KlartextError } from '../../shared/errors.ts';
import { splitSentences } from '../../shared/text.ts';
import type { ReadingLevel } from '../../shared/types.ts';
import { readStdin, UsageError, type Io } from '../context.ts';
import { READING_LEVELS } from '../options.ts';
import { emit } from '../output.ts';

export interface ReadabilityOptions {
  lang: string;
  level?: ReadingLevel;
  json?: boolean;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

async function readText(source: string, stdin: NodeJS.ReadableStream): Promise<string> {
  return source === '-' ? readStdin(stdin) : readFile(source, 'utf8');
}

/** Each sentence's breaches of the easy-language rules (scripts/checks/easy-rules.ts), in text order. */
function easyLanguage(text: string, lang: string) {
  const lists = checksData().easy[lang];
  return splitSentences(text.replace(/\s+/g, ' ').trim()).flatMap((sentence) =>
    easyBreaches(sentence, lists).map(({ rule, words, detail }) => ({
      sentence,
      rule,
      words,
      ...(detail ? { detail } : {}),
    })),
  );
}

/**
 * Scores a text (a file, or stdin for `-`) and says whether it meets each reading level's target, or only the one
 * given with `--level`; `--level easy` lists the easy-language rules each sentence breaks too. Prints a table, or JSON
 * with `--json`. Returns 0; unmet targets and broken rules are reported, not failed.
 * @throws UsageError for a language without data; KlartextError for an unreadable file.
 */
export async function readability(source: string, opts: ReadabilityOptions, io: Pick<Io, 'stdin'>): Promise<number> {
  const { languages, targets } = checksData();
  const { lang, level } = opts;
  // The languages are those with shipped wording data, known only once it is loaded.
  if (!languages.includes(lang)) throw new UsageError(`--lang must be one of ${languages.join(', ')}; got '${lang}'.`);
  let text: string;
  try {
    text = await readText(source, io.stdin);
  } catch (err) {
    throw new KlartextError(`cannot read ${source} (${(err as NodeJS.ErrnoException).code}); check the path.`, {
      cause: err,
    });
  }
  const result = scoreReadability(text, lang);
  const verdicts = (level ? [level] : READING_LEVELS).map((l) => {
    const checks = evaluateTargets(result, targets.languages[lang]?.[l] ?? {});
    return { level: l, met: checks.every((c) => c.met), checks };
  });
  const easy = level === 'easy' ? { easyLanguage: easyLanguage(text, lang) } : {};
  emit(opts.json, { ...result, targets: verdicts, ...easy }, () => {
    printScores(result, verdicts, lang);
    if (easy.easyLanguage) printEasy(easy.easyLanguage);
  });
  return 0;
}

function printScores(
  result: ReturnType<typeof scoreReadability>,
  verdicts: { level: ReadingLevel; met: boolean; checks: ReturnType<typeof evaluateTargets> }[],
  lang: string,
): void {
  if (result.words === 0) {
    console.log('No words to score.');
    return;
  }
  const counts = [plural(result.sentences, 'sentence'), plural(result.words, 'word')];
  if (result.syllables !== undefined) counts.push(plural(result.syllables, 'syllable'));
  console.log(`Readability (${lang}): ${counts.join(', ')}`);
  for (const [name, value] of Object.entries(result.scores)) {
    console.log(`  ${scoreLabel(name as ScoreName, lang).padEnd(30)} ${value}`);
  }
  console.log('Targets');
  for (const { level: l, met, checks } of verdicts) {
    const detail = checks.length === 0 ? 'no limits' : checks.map((c) => describeCheck(c, lang)).join('; ');
    console.log(`  ${l.padEnd(13)} ${met ? 'meets' : 'MISSES'}  (${detail})`);
  }
}

function printEasy(breaches: ReturnType<typeof easyLanguage>): void {
  const n = breaches.length;
  console.log(`Easy-language rules: ${n === 0 ? 'every sentence keeps them' : `${n} broken`}`);
  for (const { sentence, rule, words, detail } of breaches) {
    const what = detail ?? words.map((w) => `"${w}"`).join(', ');
    console.log(`  ${EASY_RULE_NAMES[rule]}: ${what}  in "${sentence}"`);
  }
}
