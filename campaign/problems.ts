// One problem found in a campaign's input files, at file:line:column, and how lists of them become an InputError.
import { InputError } from '../shared/errors.ts';

/** What is wrong where; `message` says what to change and never repeats a respondent value. */
export interface Problem {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** Renders a problem the way editors and terminals link it: `file:line:column: message`. */
export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.message}`;
}

/** One `InputError` listing every problem, one per line, in the order given. */
export function problemsError(problems: readonly Problem[], cause?: unknown): InputError {
  return new InputError(problems.map(formatProblem).join('\n'), { cause });
}

const AT = /^(.+?):(\d+):(\d+): ([\s\S]*)$/;

/**
 * Turns an error thrown by a parser that stops at its first problem into problems: each line of an
 * `InputError` written as `file:line:column: message` becomes one; anything else is placed at `file:1:1`.
 */
export function problemsFromError(error: unknown, file: string): Problem[] {
  if (!(error instanceof InputError)) throw error;
  return error.message.split('\n').map((text) => {
    const m = AT.exec(text);
    if (!m) return { file, line: 1, column: 1, message: text };
    return { file: m[1] ?? file, line: Number(m[2]), column: Number(m[3]), message: m[4] ?? '' };
  });
}
