// `klartext readability <file|-> --lang de|en|tr|uk [--level …] [--json]`: readability scores for any text.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { checksData } from '../../prompts/checks/data.ts';
import { scoreReadability, type ScoreName } from '../../prompts/checks/readability.ts';
import { describeCheck, evaluateTargets, scoreLabel } from '../../prompts/checks/targets.ts';
import { KlartextError } from '../../shared/errors.ts';
import type { ReadingLevel } from '../../shared/types.ts';

const LEVELS: readonly ReadingLevel[] = ['plain', 'standard', 'professional'];
const USAGE = 'klartext readability <file|-> --lang de|en|tr|uk [--level plain|standard|professional] [--json]';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

async function readText(source: string): Promise<string> {
  if (source !== '-') return readFile(source, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Scores a text (a file, or stdin for `-`) and says whether it meets each reading level's target, or only the one
 * given with `--level`. Prints a table, or JSON with `--json`. Returns 0; unmet targets are reported, not failed.
 * @throws KlartextError on a usage error or an unreadable file.
 */
export async function runReadability(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { lang: { type: 'string' }, level: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const [source] = positionals;
  const { languages, targets } = checksData();
  const lang = values.lang;
  if (!source || !lang) throw new KlartextError(`Usage: ${USAGE}`);
  if (!languages.includes(lang))
    throw new KlartextError(`--lang must be one of ${languages.join(', ')}; got '${lang}'.`);
  const level = values.level as ReadingLevel | undefined;
  if (level !== undefined && !LEVELS.includes(level)) {
    throw new KlartextError(`--level must be one of ${LEVELS.join(', ')}; got '${String(level)}'.`);
  }
  let text: string;
  try {
    text = await readText(source);
  } catch (err) {
    throw new KlartextError(`cannot read ${source} (${(err as NodeJS.ErrnoException).code}); check the path.`, {
      cause: err,
    });
  }
  const result = scoreReadability(text, lang);
  const verdicts = (level ? [level] : LEVELS).map((l) => {
    const checks = evaluateTargets(result, targets.languages[lang]?.[l] ?? {});
    return { level: l, met: checks.every((c) => c.met), checks };
  });
  if (values.json) {
    console.log(JSON.stringify({ ...result, targets: verdicts }, null, 2));
    return 0;
  }
  if (result.words === 0) {
    console.log('No words to score.');
    return 0;
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
  return 0;
}
