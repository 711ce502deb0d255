// Totals beside the segments: every respondent used, and each label of each dimension (finest level), estimated
// under the same disclosure rules as a segment (k respondents at least, perturbed counts, bases of k or more).
import type { GuardCell } from './anonymity.ts';
import { estimate } from './estimates.ts';
import type { ConcernShare, EstimateContext, FiveCMean, MeasureEstimate } from './estimates.ts';
import type { Hierarchy } from './ladder.ts';
import type { FiveCDimension } from './spec-types.ts';

/** A total: the same estimates as a segment, or withheld when fewer than k respondents are in it. */
export interface TotalEstimate {
  /** Respondents (perturbed like a segment's size); null when withheld. */
  size: number | null;
  population: number | null;
  concerns: Record<string, ConcernShare>;
  fiveC: Partial<Record<FiveCDimension, FiveCMean>>;
  measures: Record<string, MeasureEstimate>;
  /** Set when the group has fewer than k respondents: nothing about it is published. */
  withheld?: 'small-group';
}

/** The overall total and, per dimension, one total per finest label (in ladder order). */
export interface Totals {
  overall: TotalEstimate;
  byDimension: Record<string, Record<string, TotalEstimate>>;
}

function sum(cells: readonly GuardCell[], width: number, wanted: (c: GuardCell) => boolean): Float64Array {
  const total = new Float64Array(width);
  for (const c of cells) {
    if (!wanted(c)) continue;
    for (let i = 0; i < width; i++) total[i] = (total[i] as number) + (c.stats[i] as number);
  }
  return total;
}

function shape(stats: Float64Array, ctx: EstimateContext): TotalEstimate {
  if ((stats[0] as number) < ctx.protection.k) {
    return { size: null, population: null, concerns: {}, fiveC: {}, measures: {}, withheld: 'small-group' };
  }
  const e = estimate(stats, ctx);
  // ℓ-diversity: a total cannot be merged further, so a concern every asked member holds is withheld, not flagged.
  const concerns = Object.fromEntries(
    Object.entries(e.concerns).map(([id, c]): [string, ConcernShare] =>
      ctx.protection.l >= 2 && c.share === 1
        ? [
            id,
            {
              label: c.label,
              share: null,
              weightedYes: null,
              weightedDenominator: null,
              denominator: null,
              withheld: 'unanimous',
            },
          ]
        : [id, c],
    ),
  );
  return { size: e.size, population: e.population, concerns, fiveC: e.fiveC, measures: e.measures };
}

/** Totals over finest cells (level 0 on every dimension, as aggregated). */
export function computeTotals(
  cells: readonly GuardCell[],
  ctx: EstimateContext & { hierarchies: readonly Hierarchy[] },
): Totals {
  const width = ctx.layout.width;
  const byDimension: Record<string, Record<string, TotalEstimate>> = {};
  ctx.hierarchies.forEach((h, d) => {
    const labels: Record<string, TotalEstimate> = {};
    h.labels.forEach((label, pos) => {
      const stats = sum(cells, width, (c) => c.groups[d] === pos);
      if ((stats[0] as number) > 0) labels[label] = shape(stats, ctx);
    });
    byDimension[h.name] = labels;
  });
  return {
    overall: shape(
      sum(cells, width, () => true),
      ctx,
    ),
    byDimension,
  };
}
