// Small shared pieces of the per-row path: status codes, reject reasons and a bounded memo for cell classifiers.
import { canonicalCode } from './spec.ts';
import type { UnknownPolicy } from './spec-types.ts';

export type { UnknownPolicy };

/** Why a row was rejected. Rejected rows are counted by reason, never echoed. */
export type RejectReason = 'missing-dimension' | 'out-of-band' | 'unknown-code' | 'bad-weight';

/** Every reject reason, in report order. */
export const REJECT_REASONS: readonly RejectReason[] = [
  'missing-dimension',
  'out-of-band',
  'unknown-code',
  'bad-weight',
];

/** Status codes a classifier returns instead of a label position or answer (all negative). */
export const MISSING = -1;
export const OUT_OF_BAND = -2;
export const UNKNOWN_CODE = -3;
export const BAD_WEIGHT = -5;
/** The row does not meet the spec's filter: counted as filtered, not rejected. */
export const FILTERED = -6;

/** The reject reason of a negative status code. */
export function reasonOf(status: number): RejectReason {
  if (status === MISSING) return 'missing-dimension';
  if (status === OUT_OF_BAND) return 'out-of-band';
  if (status === BAD_WEIGHT) return 'bad-weight';
  return 'unknown-code';
}

// Columns hold few distinct strings (codes, birth years), so classifying each distinct string once makes the per-row
// cost one Map lookup. The bound keeps memory flat when a column turns out to be continuous.
const MEMO_LIMIT = 1 << 16;

/** Wraps a pure classifier of cell strings in a bounded cache. */
export function memo<T>(classify: (cell: string) => T): (cell: string) => T {
  const cache = new Map<string, T>();
  return (cell) => {
    let value = cache.get(cell);
    if (value === undefined) {
      value = classify(cell);
      if (cache.size < MEMO_LIMIT) cache.set(cell, value);
    }
    return value;
  };
}

/** A predicate for "this cell means no answer": empty, or one of `codes` (compared as canonical codes). */
export function missingTest(codes: readonly string[]): (cell: string) => boolean {
  const set = new Set(codes.map(canonicalCode));
  return (cell) => {
    const trimmed = cell.trim();
    return trimmed === '' || set.has(canonicalCode(trimmed));
  };
}

/** How many lines are kept per reject reason and per unknown code, so a report can point at examples. */
export const FIRST_LINES = 5;
/** Distinct unknown codes kept per spec key and column; further ones are counted under one "other values" entry. */
const CODES_PER_COLUMN = 20;

/** A code the spec does not list, where it first occurs and how many rows carry it. */
export interface UnknownCode {
  /** The spec key the code belongs in, e.g. `dimensions.intent.map`. */
  key: string;
  /** What to add it to, in words: e.g. `add it to dimensions.intent.map`. */
  fix: string;
  column: string;
  /** The code as a spec would write it; null for a cell that is not code-like (cell text is never echoed). */
  code: string | null;
  policy: UnknownPolicy;
  rows: number;
  /** Line and column of the first occurrence (the column counted from the row's cells). */
  first: { line: number; column: number };
  /** The first lines that carry it. */
  lines: number[];
}

// Privacy: a numeric or one- to two-character code is a spec code (e.g. `5`); anything longer may be free text
// typed into the wrong column, so it is never shown.
const SHOWN_CODE = /^[+-]?\d{1,9}(?:\.\d{1,6})?$|^[\p{L}\d]{1,2}$/u;

/** The code to show for a cell, or null when it is not code-like. */
export function shownCode(cell: string): string | null {
  const trimmed = cell.trim();
  return SHOWN_CODE.test(trimmed) ? canonicalCode(trimmed) : null;
}

/** Character column (1-based) of cell `index` in a row, counted from its cells (quotes are not counted). */
export function cellColumn(cells: readonly string[], index: number): number {
  let column = 1;
  for (let i = 0; i < index; i++) column += (cells[i]?.length ?? 0) + 1;
  return column;
}

/** Collects, in one pass, the first lines of rejected rows per reason and every unknown code with its count. */
export interface RowIssues {
  /** First {@link FIRST_LINES} lines per reject reason. */
  rejectedLines: Record<RejectReason, number[]>;
  unknownCodes(): UnknownCode[];
  /** Records a rejected row. */
  rejected(reason: RejectReason, line: number): void;
  /** Records an unknown code and returns what the row does with it: {@link UNKNOWN_CODE} (reject) or {@link MISSING}. */
  unknown(
    where: { key: string; fix: string; column: string; policy: UnknownPolicy },
    cells: readonly string[],
    index: number,
    cell: string,
    line: number,
  ): number;
}

/** Creates an empty {@link RowIssues}; memory stays bounded whatever the file holds. */
export function createRowIssues(): RowIssues {
  const rejectedLines = Object.fromEntries(REJECT_REASONS.map((r) => [r, [] as number[]])) as Record<
    RejectReason,
    number[]
  >;
  const codes = new Map<string, UnknownCode>();
  const perColumn = new Map<string, number>();
  return {
    rejectedLines,
    unknownCodes: () => [...codes.values()],
    rejected(reason, line) {
      const lines = rejectedLines[reason];
      if (lines.length < FIRST_LINES && lines[lines.length - 1] !== line) lines.push(line);
    },
    unknown(where, cells, index, cell, line) {
      const place = `${where.key}\u0000${where.column}`;
      let code = shownCode(cell);
      let id = `${place}\u0000${code ?? ''}`;
      let entry = codes.get(id);
      if (entry === undefined) {
        const distinct = perColumn.get(place) ?? 0;
        if (distinct >= CODES_PER_COLUMN) [code, id] = [null, `${place}\u0000`];
        entry = codes.get(id);
        if (entry === undefined) {
          perColumn.set(place, distinct + 1);
          entry = { ...where, code, rows: 0, first: { line, column: cellColumn(cells, index) }, lines: [] };
          codes.set(id, entry);
        }
      }
      if (entry.lines[entry.lines.length - 1] !== line) {
        entry.rows++;
        if (entry.lines.length < FIRST_LINES) entry.lines.push(line);
      }
      return where.policy === 'missing' ? MISSING : UNKNOWN_CODE;
    },
  };
}
