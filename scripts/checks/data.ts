// Loads the checks' data files (wording, medical terms, readability targets, speech rates) once, validated by zod.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isNode, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { InputError } from '../../shared/errors.ts';
import { READING_LEVELS } from '../../shared/types.ts';
import { compilePhrase } from './match.ts';

/** Where the shipped data files live. */
export const DATA_DIR = join(import.meta.dirname, 'data');

const SCORES = ['fre', 'wstf', 'fkGrade', 'avgSentenceLength', 'avgWordLength'] as const;
const phrases = z.array(z.string().trim().min(1)).min(1);

const wordingSchema = z.strictObject({
  entries: z
    .array(
      z.strictObject({
        phrase: z.string().trim().min(1),
        category: z.enum(['absolute-safety', 'fear-appeal', 'stigmatising']),
        suggestion: z.string().trim().min(1),
        /** Honest phrasings that contain the phrase and are fine (`nicht garantiert`). */
        except: z.array(z.string().trim().min(1)).optional(),
      }),
    )
    .min(1),
});

const medicalSchema = z.strictObject({
  terms: phrases,
  riskStatements: phrases,
  numberWords: phrases,
  audienceAges: z.array(z.string().trim().min(1)).default([]),
});

const limit = z.strictObject({ min: z.number().optional(), max: z.number().optional() });
const levelTargets = z.partialRecord(z.enum(SCORES), limit);
const targetsSchema = z.strictObject({
  blockingMargin: z.record(z.enum(SCORES), z.number().positive()),
  languages: z.record(z.string(), z.record(z.enum(READING_LEVELS), levelTargets)),
});

const rate = z.number().positive();
const speechSchema = z.strictObject({
  tolerance: z.number().min(1),
  totalSeconds: z.strictObject({ min: z.number().positive(), max: z.number().positive() }),
  wordsPerSecond: z.record(z.string(), z.record(z.enum(READING_LEVELS), rate)),
});

const words = z.array(z.string().trim().min(1));
const easyLanguageSchema = z.strictObject({
  maxWords: z.int().positive(),
  numberWords: words.default([]),
  /** German only: the Leichte Sprache grammar rules are defined for German. */
  grammar: z
    .strictObject({
      clauseStarts: words,
      passiveAuxiliaries: words,
      participles: words,
      notParticiples: words,
      genitiveWords: words,
      genitivePrepositions: words,
      subjunctiveForms: words,
      negations: words,
      compounds: z.strictObject({ minLetters: z.int().min(4), parts: words.min(1) }),
    })
    .optional(),
});

/** The easy-language (Leichte Sprache) word lists of one language, as read from `easy-language/<lang>.yaml`. */
export type EasyLanguageLists = z.infer<typeof easyLanguageSchema>;

/** A banned or absolute phrase with its category and what to say instead. */
export interface WordingEntry {
  phrase: string;
  category: WordingCategory;
  suggestion: string;
  pattern: RegExp;
  /** A match inside a match of one of these is not reported. */
  exceptions: RegExp[];
}

export type WordingCategory = 'absolute-safety' | 'fear-appeal' | 'stigmatising';

/** The phrase lists grounding looks for in one language, compiled (see `compilePhrase` for the syntax). */
export interface GroundingLists {
  terms: RegExp[];
  riskStatements: RegExp[];
  numberWords: RegExp[];
  audienceAges: RegExp[];
}

export type ReadabilityTargets = z.infer<typeof targetsSchema>;
export type SpeechRates = z.infer<typeof speechSchema>;

/** Everything the checks read from data files. */
export interface ChecksData {
  /** Languages with both a wording list and a medical-term list. */
  languages: string[];
  wording: Record<string, WordingEntry[]>;
  grounding: Record<string, GroundingLists>;
  targets: ReadabilityTargets;
  speech: SpeechRates;
  /** Easy-language word lists by language; a language without a file gets only the rules that need no lists. */
  easy: Record<string, EasyLanguageLists>;
}

/**
 * Parses and validates one YAML data file.
 * @throws InputError naming `file:line:column` of the first syntax error or invalid value.
 */
function readData<T>(file: string, schema: z.ZodType<T>): T {
  const lines = new LineCounter();
  const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter: lines, prettyErrors: false });
  const at = (offset: number) => {
    const { line, col } = lines.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  const syntax = doc.errors[0];
  if (syntax) throw new InputError(`${at(syntax.pos[0])}: YAML syntax error: ${syntax.message}`, { cause: syntax });
  const result = schema.safeParse(doc.toJS());
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  // The deepest existing node on the issue's path: a missing key points at its parent.
  let node: unknown;
  for (let depth = issue.path.length; depth >= 0 && !isNode(node); depth--) {
    node = doc.getIn(issue.path.slice(0, depth), true);
  }
  const offset = isNode(node) && node.range ? node.range[0] : 0;
  const path = issue.path.map(String).join('.') || '(top level)';
  throw new InputError(`${at(offset)}: ${path}: ${issue.message}; fix this data file`, { cause: result.error });
}

const compileAll = (list: readonly string[]) => list.map(compilePhrase);

/**
 * Reads every data file below `dir`: `wording/<lang>.yaml`, `medical-terms/<lang>.yaml`,
 * `readability-targets.yaml`, `speech-rates.yaml` and `easy-language/<lang>.yaml`.
 * @throws InputError with file:line:column when a file is invalid, or naming the file that is missing.
 */
export function loadChecksData(dir: string = DATA_DIR): ChecksData {
  const languages = readdirSync(join(dir, 'wording'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
  const wording: ChecksData['wording'] = {};
  const grounding: ChecksData['grounding'] = {};
  for (const lang of languages) {
    const words = readData(join(dir, 'wording', `${lang}.yaml`), wordingSchema);
    wording[lang] = words.entries.map(({ except, ...e }) => ({
      ...e,
      pattern: compilePhrase(e.phrase),
      exceptions: compileAll(except ?? []),
    }));
    const medicalFile = join(dir, 'medical-terms', `${lang}.yaml`);
    let medical: z.infer<typeof medicalSchema>;
    try {
      medical = readData(medicalFile, medicalSchema);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      throw new InputError(`${medicalFile}:1:1: missing; every language with a wording list needs medical terms`);
    }
    grounding[lang] = {
      terms: compileAll(medical.terms),
      riskStatements: compileAll(medical.riskStatements),
      numberWords: compileAll(medical.numberWords),
      audienceAges: compileAll(medical.audienceAges),
    };
  }
  const targets = readData(join(dir, 'readability-targets.yaml'), targetsSchema);
  const speech = readData(join(dir, 'speech-rates.yaml'), speechSchema);
  const easyDir = join(dir, 'easy-language');
  const easy = Object.fromEntries(
    readdirSync(easyDir)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => [f.slice(0, -'.yaml'.length), readData(join(easyDir, f), easyLanguageSchema)]),
  );
  return { languages, wording, grounding, targets, speech, easy };
}

let shipped: ChecksData | undefined;

/** The shipped data files, read and validated on first use and then kept. */
export function checksData(): ChecksData {
  shipped ??= loadChecksData();
  return shipped;
}
