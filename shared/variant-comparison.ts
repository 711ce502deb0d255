// Two script variants of a segment side by side: their completion rates with 95 % Wilson intervals, from the published
// (already suppressed) outcome rows only. It names no winner: the intervals show how uncertain each rate is.
import type { PublishedOutcome } from './outcomes.ts';
import { variantOf, variantSegmentId, wilsonInterval } from './variants.ts';

/** One variant of a segment, summed over the outcome rows whose views and completions are both published. */
export interface VariantTotals {
  /** The segment row the variant runs as: the segment's own id (A) or `<id>.b` (B). */
  segmentId: string;
  views: number;
  completions: number;
  /** Completions per view; absent without views. */
  completionRate?: number;
  /** 95 % Wilson score interval of the completion rate; absent without views. */
  interval?: { low: number; high: number };
  /** The channels this variant has outcome rows on, withheld rows included, sorted. */
  channels: string[];
  /** Rows summed. */
  rows: number;
  /** Rows left out because their views or completions are suppressed (1 to k − 1). */
  withheldRows: number;
}

/** A segment that runs two variants: A (its own script) and B. */
export interface SegmentVariantComparison {
  /** The segment's own id (A's). */
  segmentId: string;
  a: VariantTotals;
  b: VariantTotals;
}

function totals(segmentId: string, rows: readonly PublishedOutcome[]): VariantTotals {
  let views = 0;
  let completions = 0;
  let summed = 0;
  // Privacy: a row whose views or completions are suppressed (`{ below: k }`) is left out whole, never added with its
  // stored count. Every row summed is one the outcomes table already shows, so the sums reveal nothing it does not:
  // a sum that included a hidden cell, minus the shown rows of the same variant, would give that cell back.
  for (const r of rows) {
    if (typeof r.views !== 'number' || typeof r.completions !== 'number') continue;
    views += r.views;
    completions += r.completions;
    summed += 1;
  }
  const interval = wilsonInterval(completions, views);
  return {
    segmentId,
    views,
    completions,
    ...(interval ? { completionRate: interval.rate, interval: { low: interval.low, high: interval.high } } : {}),
    channels: [...new Set(rows.map((r) => r.channelId))].sort(),
    rows: summed,
    withheldRows: rows.length - summed,
  };
}

/**
 * Per segment that runs two variants, A and B side by side, in segment-id order. A segment is compared when its B
 * row (`<id>.b`) has outcomes, or when `segmentIds` names it or its B row (so a varied segment shows before any channel
 * has reported). `outcomes` must be the published rows: counts below k already suppressed.
 */
export function compareVariants(
  outcomes: readonly PublishedOutcome[],
  segmentIds: readonly string[] = [],
): SegmentVariantComparison[] {
  const byRow = new Map<string, PublishedOutcome[]>();
  for (const o of outcomes) byRow.set(o.segmentId, [...(byRow.get(o.segmentId) ?? []), o]);
  const bases = new Set(segmentIds.map((id) => variantOf(id).baseId));
  for (const id of byRow.keys()) if (variantOf(id).variant === 'b') bases.add(variantOf(id).baseId);
  return [...bases]
    .sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))
    .map((baseId) => {
      const bId = variantSegmentId(baseId);
      return {
        segmentId: baseId,
        a: totals(baseId, byRow.get(baseId) ?? []),
        b: totals(bId, byRow.get(bId) ?? []),
      };
    });
}
