// Turns guarded cells into published audience segments: labels, stable ids, weighted shares, 5C means, notes.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../shared/hash.ts';
import { STAT_WEIGHT, concernOffset, fiveCOffset } from './aggregate.ts';
import { concernPublishable } from './anonymity.ts';
import type { GuardedSegment } from './anonymity.ts';
import type { Hierarchy } from './ladder.ts';
import type { FiveCDimension, Scale } from './spec.ts';

/** A concern in one segment. The denominator is the segment's respondents who were asked (see the result's basis). */
export interface ConcernShare {
  label: string;
  /** Weighted share (0–1) of those asked who hold the concern; null when withheld. */
  share: number | null;
  /** Weighted count of those asked who hold it (population estimate). */
  weightedYes: number | null;
  /** Weighted count of those asked: the denominator of `share`. */
  weightedDenominator: number | null;
  /** Unweighted respondents asked. */
  denominator: number | null;
  /** Set when fewer than k were asked, or 1..k−1 of the segment were not: small counts are never published. */
  withheld?: 'small-denominator';
}

/** A 5C dimension's weighted mean in one segment, on the item's scale; null when fewer than k answered. */
export interface FiveCMean {
  mean: number | null;
  scale: Scale;
}

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
  /** Unweighted respondents (k-anonymity counts these). */
  size: number;
  /** Weighted population estimate (equals `size` without a weight column). */
  population: number;
  /** Concern id → share, in vocabulary order. */
  concerns: Record<string, ConcernShare>;
  fiveC: Partial<Record<FiveCDimension, FiveCMean>>;
  /** Human-readable: `generalised age four-bands → two-bands; region census-region → national`. */
  generalisation: string;
  /** `homogeneous:<concern>` when every asked member holds the concern and no merge could change that. */
  flags: string[];
}

/** What shaping needs besides the guarded segments. */
export interface OutputContext {
  hierarchies: readonly Hierarchy[];
  concernIds: readonly string[];
  concernLabels: readonly string[];
  fiveC: readonly { dimension: FiveCDimension; scale: Scale }[];
  k: number;
}

// Rounded so that float summation order (row order) can never show in the output.
const round = (x: number, digits: number) => Number(x.toFixed(digits));

/** The stable id of a segment with these labels and levels. */
export function segmentId(dimensions: Record<string, string>, levels: Record<string, string>): string {
  return `seg_${createHash('sha256').update(canonicalJson({ dimensions, levels })).digest('hex').slice(0, 16)}`;
}

/** Shapes one guarded segment; also returns how many of its concern shares were withheld. */
export function toAudienceSegment(
  g: GuardedSegment,
  ctx: OutputContext,
): { segment: AudienceSegment; withheld: number } {
  const { hierarchies: hs, k } = ctx;
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
  const s = g.stats;
  const size = s[0] as number;
  let withheld = 0;
  const concerns: Record<string, ConcernShare> = {};
  ctx.concernIds.forEach((id, c) => {
    const o = concernOffset(c);
    const label = ctx.concernLabels[c] as string;
    if (!concernPublishable(s, c, k)) {
      withheld++;
      const none = { share: null, weightedYes: null, weightedDenominator: null, denominator: null };
      concerns[id] = { label, ...none, withheld: 'small-denominator' };
      return;
    }
    const [asked, askedWeight, yesWeight] = [s[o] as number, s[o + 1] as number, s[o + 3] as number];
    concerns[id] = {
      label,
      share: round(yesWeight / askedWeight, 6),
      weightedYes: round(yesWeight, 2),
      weightedDenominator: round(askedWeight, 2),
      denominator: asked,
    };
  });
  const fiveC: Partial<Record<FiveCDimension, FiveCMean>> = {};
  ctx.fiveC.forEach(({ dimension, scale }, f) => {
    const o = fiveCOffset(ctx.concernIds.length, f);
    const answered = s[o] as number;
    const enough = answered >= k && (answered === size || size - answered >= k);
    fiveC[dimension] = { mean: enough ? round((s[o + 2] as number) / (s[o + 1] as number), 4) : null, scale };
  });
  const segment: AudienceSegment = {
    id: segmentId(dimensions, levels),
    label: shown.length > 0 ? shown.join(', ') : 'everyone',
    dimensions,
    levels,
    size,
    population: round(s[STAT_WEIGHT] as number, 2),
    concerns,
    fiveC,
    generalisation: notes.length > 0 ? `generalised ${notes.join('; ')}` : 'not generalised',
    flags: g.homogeneous.map((c) => `homogeneous:${ctx.concernIds[c]}`),
  };
  return { segment, withheld };
}
