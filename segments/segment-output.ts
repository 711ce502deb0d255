// Turns guarded cells into published audience segments: labels, stable ids, weighted shares, 5C means, notes.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../shared/hash.ts';
import type { GuardedSegment } from './anonymity.ts';
import { estimate } from './estimates.ts';
import type { ConcernShare, EstimateContext, FiveCMean, MeasureEstimate } from './estimates.ts';
import type { Hierarchy } from './ladder.ts';
import type { FiveCDimension } from './spec.ts';

export type { ConcernShare, FiveCMean, MeasureEstimate, MeasureLevelEstimate } from './estimates.ts';

/** A published audience segment: aggregates over at least k respondents, nothing else. */
export interface AudienceSegment {
  /** `seg_` + 16 hex digits of SHA-256 over the canonical JSON of `dimensions` and `levels`: stable across runs. */
  id: string;
  /** The non-`any` labels, joined: e.g. `18-29, female, northeast`. */
  label: string;
  /** Dimension → published label. */
  dimensions: Record<string, string>;
  /** Dimension → ladder level name of that label. */
  levels: Record<string, string>;
  /**
   * Unweighted respondents, as published: perturbed by the cell key method (never below k), exact with
   * `protection: none`. k-anonymity is decided on the true count.
   */
  size: number;
  /** Weighted population estimate, scaled with `size` (equals `size` without a weight column). */
  population: number;
  /** Concern id → share, in vocabulary order. */
  concerns: Record<string, ConcernShare>;
  fiveC: Partial<Record<FiveCDimension, FiveCMean>>;
  /** Outcome measure id → estimate, in spec order (only when the spec declares measures). Not concerns. */
  measures?: Record<string, MeasureEstimate>;
  /** Human-readable: `generalised age four-bands → two-bands; region census-region → national`. */
  generalisation: string;
  /** `homogeneous:<concern>` when every asked member holds the concern and no merge could change that. */
  flags: string[];
}

/** What shaping needs besides the guarded segments. */
export interface OutputContext extends EstimateContext {
  hierarchies: readonly Hierarchy[];
  k: number;
}

/** The stable id of a segment with these labels and levels. */
export function segmentId(dimensions: Record<string, string>, levels: Record<string, string>): string {
  return `seg_${createHash('sha256').update(canonicalJson({ dimensions, levels })).digest('hex').slice(0, 16)}`;
}

/** Shapes one guarded segment; also returns how many of its concern shares were withheld. */
export function toAudienceSegment(
  g: GuardedSegment,
  ctx: OutputContext,
): { segment: AudienceSegment; withheld: number; mainConcernPublished: boolean | null } {
  const { hierarchies: hs } = ctx;
  const dimensions: Record<string, string> = {};
  const levels: Record<string, string> = {};
  const notes: string[] = [];
  const shown: string[] = [];
  hs.forEach((h, d) => {
    const level = h.levels[g.levels[d] as number];
    const label = level?.labels[g.groups[d] as number] as string;
    dimensions[h.name] = label;
    levels[h.name] = level?.name as string;
    if ((g.levels[d] as number) > 0) notes.push(`${h.name} ${h.levels[0]?.name} → ${level?.name}`);
    if ((g.levels[d] as number) < h.levels.length - 1) shown.push(label);
  });
  const e = estimate(g.stats, ctx);
  const segment: AudienceSegment = {
    id: segmentId(dimensions, levels),
    label: shown.length > 0 ? shown.join(', ') : 'everyone',
    dimensions,
    levels,
    size: e.size,
    population: e.population,
    concerns: e.concerns,
    fiveC: e.fiveC,
    ...(ctx.measureIds.length > 0 ? { measures: e.measures } : {}),
    generalisation: notes.length > 0 ? `generalised ${notes.join('; ')}` : 'not generalised',
    flags: g.homogeneous.map((c) => `homogeneous:${ctx.concernIds[c]}`),
  };
  return { segment, withheld: e.withheld, mainConcernPublished: e.mainConcernPublished };
}
