// Low-level CSV text helpers for the segment table: delimiter detection and the position of every cell.
import type { Position } from './yaml-source.ts';

/** Delimiters a segment table may use, in order of preference when counts tie. */
export const DELIMITERS = [',', ';', '\t'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/** Picks the delimiter occurring most often outside quotes in the header line (`,` when none occurs). */
export function detectDelimiter(text: string): Delimiter {
  const end = text.indexOf('\n');
  const header = end === -1 ? text : text.slice(0, end);
  const counts = new Map<Delimiter, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of header) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch as Delimiter))
      counts.set(ch as Delimiter, (counts.get(ch as Delimiter) ?? 0) + 1);
  }
  let best: Delimiter = ',';
  for (const d of DELIMITERS) if ((counts.get(d) ?? 0) > (counts.get(best) ?? 0)) best = d;
  return best;
}

/** Offsets at which each line starts; index 0 is line 1. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

/**
 * Positions of the first `count` cells of the record starting at `line`, honouring quotes (a quoted cell may span
 * lines). A cell's position is its first non-blank character.
 */
export function cellPositions(
  text: string,
  starts: readonly number[],
  line: number,
  delimiter: Delimiter,
  count: number,
): Position[] {
  const positions: Position[] = [];
  let offset = starts[line - 1] ?? 0;
  let [row, column] = [line, 1];
  let quoted = false;
  let atCellStart = true;
  while (positions.length < count && offset <= text.length) {
    const ch = text[offset];
    if (atCellStart && (ch === ' ' || (ch === '\t' && delimiter !== '\t'))) {
      [offset, column] = [offset + 1, column + 1];
      continue;
    }
    if (atCellStart) positions.push({ line: row, column });
    atCellStart = false;
    if (ch === undefined || (!quoted && (ch === '\n' || ch === '\r'))) break;
    if (ch === '"') quoted = !quoted;
    else if (ch === delimiter && !quoted) atCellStart = true;
    if (ch === '\n') [row, column] = [row + 1, 0];
    [offset, column] = [offset + 1, column + 1];
  }
  return positions;
}
