// One streaming pass over a RowSource into cells keyed by the finest labels: counts and weighted sums, never rows.
import { FILTERED, REJECT_REASONS, reasonOf } from './cell-codes.ts';
import type { RejectReason } from './cell-codes.ts';
import type { CompiledSpec } from './derive.ts';
import type { RowSource, SourceRow } from './rows.ts';
import { recordKey } from './cell-key.ts';
import type { MeasureReader } from './measures.ts';

/** Offsets in a cell's stats: respondents and weight, then 4 slots per concern, then 3 per 5C item. */
export const STAT_N = 0;
export const STAT_WEIGHT = 1;
/** Per concern `c` at `concernOffset(c)`: asked, asked weight, yes, yes weight. */
export const concernOffset = (c: number): number => 2 + 4 * c;
/** Per 5C item `f` at `fiveCOffset(concerns, f)`: respondents answering, their weight, weighted sum of answers. */
export const fiveCOffset = (concerns: number, f: number): number => 2 + 4 * concerns + 3 * f;

/**
 * Where the slots after the 5C items lie: per measure its base (respondents, weight) and per level (respondents,
 * weight); then the record-key sums (cell-key.ts) of the rows, of each concern's asked and of each measure's base.
 */
export interface StatLayout {
  concerns: number;
  items: number;
  /** Per measure, its first slot. */
  measureOffsets: readonly number[];
  measureLevels: readonly number[];
  /** Record-key sum of the cell's rows; then one per concern (asked), then one per measure (base). */
  keyOffset: number;
  width: number;
}

/** The stats layout for a spec's concerns, 5C items and measures (levels per measure). */
export function statLayout(concerns: number, items: number, measureLevels: readonly number[] = []): StatLayout {
  const measureOffsets: number[] = [];
  let at = fiveCOffset(concerns, items);
  for (const levels of measureLevels) {
    measureOffsets.push(at);
    at += 2 + 2 * levels;
  }
  return {
    concerns,
    items,
    measureOffsets,
    measureLevels,
    keyOffset: at,
    width: at + 1 + concerns + measureLevels.length,
  };
}

/** Adds `value` to `array[index]` (small enough for the engine to inline). */
export function add(array: Float64Array, index: number, value: number): void {
  array[index] = (array[index] as number) + value;
}

/** Per-row hooks for the integrator, e.g. the free-text PII guard and the uniqueness probe. */
export interface AggregateHooks {
  /**
   * Sees every row before anything else (filtered rows too) and returns the row to use (e.g. redacted). It may
   * throw to stop the build, e.g. an InputError at the row's line; the row itself must never appear in the message.
   */
  onRow?(row: SourceRow): SourceRow;
  /** Outcome measures read from each used row (see `measures.ts`). */
  measures?: MeasureReader;
  /** The record-key secret (cell key method); without it no record keys are summed (the slots stay 0). */
  keySecret?: string;
}

/** Row counts of one pass. `read = filtered + rejected + used`. */
export interface RowCounts {
  read: number;
  filtered: number;
  used: number;
  rejected: Record<RejectReason, number>;
}

/** The aggregates of one pass: cell key → stats (see the offsets above). */
export interface CellTable {
  width: number;
  layout: StatLayout;
  cells: Map<number, Float64Array>;
  counts: RowCounts;
}

/**
 * Reads every row once and aggregates it into its finest cell. Memory grows with the number of distinct cells, not
 * rows: nothing of a row is kept once its counts are added.
 * @throws InputError from the compiled spec (an unmapped code with `unknown: error`) or from `hooks.onRow`.
 */
export async function aggregate(
  source: RowSource,
  compiled: CompiledSpec,
  hooks: AggregateHooks = {},
): Promise<CellTable> {
  const { asked, yes } = compiled.concerns;
  const values = compiled.fiveC.values;
  const [concernCount, itemCount] = [asked.length, values.length];
  const measures = hooks.measures;
  const layout = statLayout(concernCount, itemCount, measures?.levelIds.map((l) => l.length) ?? []);
  const { width, keyOffset, measureOffsets } = layout;
  const measureCount = measureOffsets.length;
  const secret = hooks.keySecret;
  const cells = new Map<number, Float64Array>();
  const rejected = new Float64Array(REJECT_REASONS.length);
  const onRow = hooks.onRow;
  let [read, filtered, used] = [0, 0, 0];
  // The hot loop: one classification call per row, then additions into a typed array; no per-row allocation here.
  for await (const sourceRow of source.rows) {
    read++;
    const row = onRow ? onRow(sourceRow) : sourceRow;
    const key = compiled.readRow(row.cells, row.line);
    if (key < 0) {
      if (key === FILTERED) filtered++;
      else add(rejected, REJECT_REASONS.indexOf(reasonOf(key)), 1);
      continue;
    }
    used++;
    let stats = cells.get(key);
    if (stats === undefined) {
      stats = new Float64Array(width);
      cells.set(key, stats);
    }
    const weight = compiled.weight;
    const rowKey = secret === undefined ? 0 : recordKey(secret, row.line, row.cells);
    add(stats, STAT_N, 1);
    add(stats, STAT_WEIGHT, weight);
    add(stats, keyOffset, rowKey);
    for (let c = 0, o = 2; c < concernCount; c++, o += 4) {
      if (asked[c] === 0) continue;
      add(stats, o, 1);
      add(stats, o + 1, weight);
      add(stats, keyOffset + 1 + c, rowKey);
      if (yes[c] === 1) {
        add(stats, o + 2, 1);
        add(stats, o + 3, weight);
      }
    }
    for (let f = 0, o = fiveCOffset(concernCount, 0); f < itemCount; f++, o += 3) {
      const value = values[f] as number;
      if (value !== value) continue; // NaN: no answer
      add(stats, o, 1);
      add(stats, o + 1, weight);
      add(stats, o + 2, weight * value);
    }
    if (measures) {
      measures.read(row.cells, row.line);
      for (let m = 0; m < measureCount; m++) {
        const level = measures.level[m] as number;
        if (level < 0) continue;
        const o = measureOffsets[m] as number;
        add(stats, o, 1);
        add(stats, o + 1, weight);
        add(stats, o + 2 + 2 * level, 1);
        add(stats, o + 3 + 2 * level, weight);
        add(stats, keyOffset + 1 + concernCount + m, rowKey);
      }
    }
  }
  const byReason = Object.fromEntries(REJECT_REASONS.map((r, i) => [r, rejected[i]])) as Record<RejectReason, number>;
  return { width, layout, cells, counts: { read, filtered, used, rejected: byReason } };
}

/** The finest label positions (one per dimension) a cell key encodes. */
export function decodeKey(key: number, compiled: Pick<CompiledSpec, 'dimensions' | 'strides'>): number[] {
  return compiled.dimensions.map((h, d) => Math.floor(key / (compiled.strides[d] as number)) % h.labels.length);
}
