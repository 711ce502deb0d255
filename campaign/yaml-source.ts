// Reads YAML input files keeping source positions, so every error can point at file:line:column.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import type { Document, Node } from 'yaml';
import type { z } from 'zod';
import { InputError } from '../shared/errors.ts';
import type { Problem } from './problems.ts';
import { problemsError } from './problems.ts';

/** A 1-based position in an input file. */
export interface Position {
  line: number;
  column: number;
}

/** A parsed YAML file that still knows where each node came from. */
export interface YamlSource {
  path: string;
  text: string;
  doc: Document.Parsed;
  lines: LineCounter;
}

/** Builds an `InputError` whose message starts with `path:line:column: `. */
export function inputErrorAt(path: string, pos: Position, message: string, cause?: unknown): InputError {
  return new InputError(`${path}:${pos.line}:${pos.column}: ${message}`, { cause });
}

/**
 * Parses YAML text with positions.
 * @throws InputError at the first syntax error's line and column.
 */
export function parseYamlSource(text: string, path: string): YamlSource {
  const { source, problems } = readYamlSource(text, path);
  const [first] = problems;
  if (first) throw inputErrorAt(path, first, first.message, source.doc.errors[0]);
  return source;
}

/** Parses YAML text with positions and lists every syntax error (the document is only usable when there is none). */
export function readYamlSource(text: string, path: string): { source: YamlSource; problems: Problem[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const problems = doc.errors.map((error) => ({
    file: path,
    ...positionAt(lines, error.pos[0]),
    message: error.message.includes('multiple documents')
      ? 'the file holds more than one YAML document (a second ---); keep one'
      : `YAML syntax error: ${error.message}. Check the indentation and quoting here.`,
  }));
  return { source: { path, text, doc, lines }, problems };
}

/**
 * The document as plain data. Refuses (as a problem at the top) a document whose aliases would expand beyond the
 * YAML library's limit: a few lines of `*alias` can otherwise stand for gigabytes.
 */
export function plainData(source: YamlSource): { value?: unknown; problem?: Problem } {
  try {
    return { value: source.doc.toJS() };
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    const message = 'uses too many YAML aliases (*name); write the repeated values out instead';
    return { problem: { file: source.path, line: 1, column: 1, message } };
  }
}

function positionAt(lines: LineCounter, offset: number): Position {
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

function startOf(source: YamlSource, node: Node | null | undefined): Position | undefined {
  return node?.range ? positionAt(source.lines, node.range[0]) : undefined;
}

/**
 * Finds the position of the node at `path` (its value, or its key when `key` is set). When the path does not
 * exist, for example a missing required field, falls back to the nearest existing ancestor.
 */
export function locate(source: YamlSource, path: readonly PropertyKey[], key = false): Position {
  let node: Node | null = source.doc.contents;
  let best = startOf(source, node) ?? { line: 1, column: 1 };
  for (const [index, segment] of path.entries()) {
    let next: Node | null | undefined;
    let pos: Position | undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      const keyNode = pair.key as Node;
      const value = pair.value as Node | null;
      // Empty values (`secret:`) and nested blocks read best at their key: that is where a person looks.
      const atKey = (key && index === path.length - 1) || !value || (isScalar(value) && value.value === null);
      next = atKey ? keyNode : value;
      pos = startOf(source, atKey || isMap(value) || isSeq(value) ? keyNode : value);
    } else if (isSeq(node) && typeof segment === 'number') {
      next = node.items[segment] as Node | undefined;
      pos = startOf(source, next);
    }
    if (!next || !pos) break;
    node = next;
    best = pos;
  }
  return best;
}

/** Renders an issue path as `channels[0].secret`. */
export function fieldName(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

/** Every issue of a zod error as a problem at its own file:line:column. */
export function zodProblems(source: YamlSource, error: z.ZodError): Problem[] {
  const at = (path: readonly PropertyKey[], what: string, key = false): Problem => ({
    file: source.path,
    ...locate(source, path, key),
    message: `${fieldName(path) || '(top level)'}: ${what}`,
  });
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const what = 'is not a known field here; check its spelling and indentation, or remove it';
      return issue.keys.map((key) => at([...issue.path, key], what, true));
    }
    // A map key of the wrong form (a language code, a lexicon word): say which rule the key breaks.
    if (issue.code === 'invalid_key') {
      return [at(issue.path, `is not a valid key: ${issue.issues.map((i) => i.message).join('; ')}`, true)];
    }
    const missing = issue.code === 'invalid_type' && issue.message.endsWith('received undefined');
    if (issue.code === 'invalid_type' && issue.path.length === 0) {
      return [at([], 'the file must be a YAML map of fields (`name: value` lines), not empty, a list or plain text')];
    }
    return [at(issue.path, missing ? 'is missing; add it' : issue.message)];
  });
}

/** Turns a zod error into an `InputError` listing up to five issues, each with its own file:line:column. */
export function zodInputError(source: YamlSource, error: z.ZodError): InputError {
  const problems = zodProblems(source, error);
  const shown = problemsError(problems.slice(0, 5)).message;
  const more = problems.length - 5;
  return new InputError(shown + (more > 0 ? `\n(and ${more} more)` : ''), { cause: error });
}

const ENV_REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Replaces `${NAME}` in string values (never keys) with `env.NAME`, in place.
 * @throws InputError at every reference whose variable is unset or empty. Values are never echoed.
 */
export function interpolateEnv(source: YamlSource, env: Readonly<Record<string, string | undefined>>): void {
  const problems = envProblems(source, env);
  if (problems.length > 0) throw problemsError(problems);
}

/**
 * Replaces `${NAME}` in string values (never keys) with `env.NAME`, in place, and lists every reference whose
 * variable is unset or empty (that reference is left as written). Values are never echoed.
 */
export function envProblems(source: YamlSource, env: Readonly<Record<string, string | undefined>>): Problem[] {
  const problems: Problem[] = [];
  visit(source.doc, {
    Scalar(key, node) {
      if (key === 'key' || typeof node.value !== 'string' || !node.value.includes('${')) return;
      node.value = node.value.replace(ENV_REFERENCE, (reference: string, name: string) => {
        const value = env[name];
        if (value !== undefined && value !== '') return value;
        const [start = 0, end = start] = node.range ?? [];
        const at = source.text.slice(start, end).indexOf(reference);
        problems.push({
          file: source.path,
          ...positionAt(source.lines, start + Math.max(at, 0)),
          message: `environment variable ${name} is not set (referenced as ${reference}); set it in the environment, or write the value here`,
        });
        return reference;
      });
    },
  });
  return problems;
}
