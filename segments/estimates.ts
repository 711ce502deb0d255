// Summed stats → published estimates under the protection rule: sizes, concern shares, 5C means, outcome measures.
//
// Counts (a segment's size, a question's base) are published perturbed by the cell key method (cell-key.ts) unless the
// spec sets `protection: { method: none }`. Weighted totals are scaled by the same factor as their unweighted count
// (W' = W · n'/n), so a weighted total and its base stay consistent; shares are ratios of weighted sums over the same
// rows and are published unperturbed (the factor cancels). A share is published when its base has at least k
// respondents. Only under `method: none` does the older rule apply as well: a share is withheld when 1…k−1 of the
// segment were not asked, since the exact size minus the exact base would reveal that small count.
import { STAT_N, STAT_WEIGHT, concernOffset, fiveCOffset } from './aggregate.ts';
import type { StatLayout } from './aggregate.ts';
import { cellKey } from './cell-key.ts';
import type { PerturbationTable } from './cell-key.ts';
import type { FiveCDimension, Scale } from './spec-types.ts';

/** Why a share or measure is not published. */
export type WithheldReason = 'small-denominator' | 'small-not-asked' | 'unanimous';

/** A concern in one segment. The denominator is the segment's respondents who were asked (see the result's basis). */
export interface ConcernShare {
  label: string;
  /** Weighted share (0–1) of those asked who hold the concern; null when withheld. */
  share: number | null;
  /** Weighted count of those asked who hold it (population estimate, consistent with the published base). */
  weightedYes: number | null;
  /** Weighted count of those asked: the denominator of `share` (scaled with the perturbed base). */
  weightedDenominator: number | null;
  /** Respondents asked (unweighted; perturbed under the cell key method). */
  denominator: number | null;
  /** `small-denominator`: fewer than k were asked. `small-not-asked`: only with `protection: none` (see README). */
  withheld?: WithheldReason;
}

/** A 5C dimension's weighted mean in one segment, on the item's scale; null when fewer than k answered. */
export interface FiveCMean {
  mean: number | null;
  scale: Scale;
}

/** One level of an outcome measure. */
export interface MeasureLevelEstimate {
  label: string;
  /** Weighted share (0–1) of the measure's base on this level; null when the measure is withheld. */
  share: number | null;
  /** Weighted count on this level (population estimate, consistent with the published base). */
  weighted: number | null;
}

/** An outcome measure (e.g. vaccinated, intent) in one segment or total. Not a concern. */
export interface MeasureEstimate {
  label: string;
  /** Respondents in the measure's base (unweighted; perturbed under the cell key method); null when withheld. */
  base: number | null;
  /** Weighted base (population estimate). */
  weightedBase: number | null;
  /** Level id → estimate, in spec order. */
  levels: Record<string, MeasureLevelEstimate>;
  /** `small-denominator`: fewer than k in the base; `unanimous`: the whole base is on one level (ℓ-diversity). */
  withheld?: WithheldReason;
}

/** How counts are published. */
export interface Protection {
  /** The perturbation table, or null for exact counts (`protection: none`). */
  table: PerturbationTable | null;
  k: number;
  l: number;
}

/** What shaping stats needs to know about the spec. */
export interface EstimateContext {
  layout: StatLayout;
  concernIds: readonly string[];
  concernLabels: readonly string[];
  fiveC: readonly { dimension: FiveCDimension; scale: Scale }[];
  measureIds: readonly string[];
  measureLabels: readonly string[];
  levelIds: readonly (readonly string[])[];
  levelLabels: readonly (readonly string[])[];
  protection: Protection;
}

/** Stats shaped for publication. */
export interface Estimates {
  size: number;
  population: number;
  concerns: Record<string, ConcernShare>;
  fiveC: Partial<Record<FiveCDimension, FiveCMean>>;
  measures: Record<string, MeasureEstimate>;
  /** Concern shares withheld. */
  withheld: number;
  /** Whether the concern most widely held (by the unprotected shares) is published; null without concerns asked. */
  mainConcernPublished: boolean | null;
}

// Rounded so that float summation order (row order) can never show in the output.
export const round = (x: number, digits: number): number => Number(x.toFixed(digits));

/** The published value of a count `n` whose rows have record-key sum `keySum`. */
export function publishedCount(n: number, keySum: number, protection: Protection): number {
  return protection.table ? protection.table.perturb(n, cellKey(keySum)) : n;
}

/** Shapes summed stats (a segment, or a total) into published estimates. */
export function estimate(s: Float64Array, ctx: EstimateContext): Estimates {
  const { layout, protection } = ctx;
  const { k, l } = protection;
  const strict = protection.table === null;
  const n = s[STAT_N] as number;
  const size = publishedCount(n, s[layout.keyOffset] as number, protection);
  const scale = (weighted: number, count: number, published: number) =>
    count > 0 ? (weighted * published) / count : 0;
  let withheld = 0;
  let main = -1;
  let mainShare = -1;
  const concerns: Record<string, ConcernShare> = {};
  ctx.concernIds.forEach((id, c) => {
    const o = concernOffset(c);
    const label = ctx.concernLabels[c] as string;
    const [asked, askedWeight, yesWeight] = [s[o] as number, s[o + 1] as number, s[o + 3] as number];
    if (asked > 0 && yesWeight / askedWeight > mainShare) [main, mainShare] = [c, yesWeight / askedWeight];
    const reason: WithheldReason | undefined =
      asked < k ? 'small-denominator' : strict && n !== asked && n - asked < k ? 'small-not-asked' : undefined;
    if (reason) {
      withheld++;
      const none = { share: null, weightedYes: null, weightedDenominator: null, denominator: null };
      concerns[id] = { label, ...none, withheld: reason };
      return;
    }
    const base = publishedCount(asked, s[layout.keyOffset + 1 + c] as number, protection);
    const share = yesWeight / askedWeight;
    const weightedBase = scale(askedWeight, asked, base);
    concerns[id] = {
      label,
      share: round(share, 6),
      weightedYes: round(share * weightedBase, 2),
      weightedDenominator: round(weightedBase, 2),
      denominator: base,
    };
  });
  const fiveC: Partial<Record<FiveCDimension, FiveCMean>> = {};
  ctx.fiveC.forEach(({ dimension, scale: itemScale }, f) => {
    const o = fiveCOffset(ctx.concernIds.length, f);
    const answered = s[o] as number;
    // Means publish no count, so the not-answered count is not derivable: only k answering is required.
    const enough = answered >= k && (!strict || answered === n || n - answered >= k);
    fiveC[dimension] = {
      mean: enough ? round((s[o + 2] as number) / (s[o + 1] as number), 4) : null,
      scale: itemScale,
    };
  });
  const measures: Record<string, MeasureEstimate> = {};
  ctx.measureIds.forEach((id, m) => {
    const o = layout.measureOffsets[m] as number;
    const [inBase, baseWeight] = [s[o] as number, s[o + 1] as number];
    const ids = ctx.levelIds[m] as readonly string[];
    const labels = ctx.levelLabels[m] as readonly string[];
    const counts = ids.map((_, i) => s[o + 2 + 2 * i] as number);
    const reason: WithheldReason | undefined =
      inBase < k
        ? 'small-denominator'
        : strict && n !== inBase && n - inBase < k
          ? 'small-not-asked'
          : l >= 2 && counts.some((c) => c === inBase)
            ? 'unanimous'
            : undefined;
    const base = reason
      ? null
      : publishedCount(inBase, s[layout.keyOffset + 1 + ctx.concernIds.length + m] as number, protection);
    const weightedBase = base === null ? null : scale(baseWeight, inBase, base);
    const levels: Record<string, MeasureLevelEstimate> = {};
    ids.forEach((levelId, i) => {
      const share = (s[o + 3 + 2 * i] as number) / baseWeight;
      levels[levelId] =
        weightedBase === null
          ? { label: labels[i] as string, share: null, weighted: null }
          : { label: labels[i] as string, share: round(share, 6), weighted: round(share * weightedBase, 2) };
    });
    measures[id] = {
      label: ctx.measureLabels[m] as string,
      base,
      weightedBase: weightedBase === null ? null : round(weightedBase, 2),
      levels,
      ...(reason ? { withheld: reason } : {}),
    };
  });
  return {
    size,
    population: round(scale(s[STAT_WEIGHT] as number, n, size), 2),
    concerns,
    fiveC,
    measures,
    withheld,
    mainConcernPublished: main === -1 ? null : concerns[ctx.concernIds[main] as string]?.share !== null,
  };
}
