// Keyset pagination: the sort key of a page's last row as an opaque cursor, and the page size a request may ask for.
import { InputError } from '../shared/errors.ts';

/** A row's sort key: microseconds since the epoch (exact, unlike a JS Date) and text ids. */
export type SortKey = readonly (string | number)[];

/** The cursor naming the row after which the next page starts. */
export function encodeCursor(key: SortKey): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/**
 * The sort key a cursor names, checked against the shape (`'n'` number, `'s'` string per position) the list uses.
 * @throws InputError when the cursor was not made by this list (edited, truncated, or from another list).
 */
export function decodeCursor(cursor: string, shape: readonly ('n' | 's')[]): SortKey {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  const fits =
    Array.isArray(key) &&
    key.length === shape.length &&
    key.every((v, i) => (shape[i] === 'n' ? Number.isSafeInteger(v) : typeof v === 'string' && v.length <= 500));
  if (!fits) {
    throw new InputError(
      `The cursor "${cursor.slice(0, 40)}" is not one this list gave out: follow the "next" link as given, ` +
        'or start again from the first page without cursor.',
    );
  }
  return key as SortKey;
}

/** The largest page any list serves; more items are reached by following the next link. */
export const MAX_PAGE = 500;

/**
 * The page size of a request: `fallback` when absent.
 * @throws InputError when `raw` is not a whole number from 1 to MAX_PAGE.
 */
export function pageLimit(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE) {
    throw new InputError(`limit must be a whole number from 1 to ${MAX_PAGE} (got "${raw.slice(0, 20)}").`);
  }
  return n;
}
