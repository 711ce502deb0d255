// Small shared pieces of the per-row path: status codes, reject reasons and a bounded memo for cell classifiers.
import { canonicalCode } from './spec.ts';

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
/** An unknown code in a dimension whose spec says `unknown: error`: the build stops at the row's line. */
export const UNKNOWN_FATAL = -4;
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
