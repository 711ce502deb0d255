// Script variants: a campaign may run a second script (variant B) for some or all of its segments, split by channel
// or by schedule, and compare how each was watched. Variant B of a segment is a segment row of its own — same
// audience, same aggregates — whose id is the segment's id followed by `.b` (no segment id may contain `.`), so it
// is drafted, reviewed, signed off, rendered and delivered like any segment, and its outcomes are its own rows.
import type { CampaignBrief, Segment, WordingOverrides } from './types.ts';

/** What makes variant B's script differ from the segment's own (variant A): at least one of these is set. */
export interface VariantSpec {
  /** Short name shown to reviewers, on the campaign page and in exports, e.g. `question-first`. */
  name: string;
  /** What a drafting model is asked to do differently; shown to reviewers beside the script. */
  instruction?: string;
  /** Language → call to action replacing the campaign's in variant B. */
  callToAction?: Record<string, string>;
  /** Language → wording replacing the campaign's (greeting, headings …) in variant B. */
  wording?: Record<string, Partial<WordingOverrides>>;
}

/** `variants` of a campaign brief. */
export interface CampaignVariants {
  /** `channel`: the channels in `channels` get B, every other channel A. `schedule`: A until `switchAt`, then B. */
  split: 'channel' | 'schedule';
  /** Segments that run both variants; absent: every segment. */
  segments?: string[];
  /** split `channel`: the channels (ids or refs) that get variant B. */
  channels?: string[];
  /** split `schedule`: when B replaces A on every channel (ISO 8601 with an offset). */
  switchAt?: string;
  b: VariantSpec;
}

/**
 * Separates a segment id from its variant's letter; segment ids are tokens of [a-z0-9_-], so it never occurs in one,
 * and the result is still a name asset keys, workflow ids and URLs take as it is.
 */
export const VARIANT_SEPARATOR = '.';

/** The id of variant B of segment `baseId`. */
export function variantSegmentId(baseId: string): string {
  return `${baseId}${VARIANT_SEPARATOR}b`;
}

/** The segment and variant a segment id stands for: `s.b` is variant B of `s`; any other id is itself. */
export function variantOf(segmentId: string): { baseId: string; variant: 'a' | 'b' } {
  return segmentId.endsWith(`${VARIANT_SEPARATOR}b`)
    ? { baseId: segmentId.slice(0, -2), variant: 'b' }
    : { baseId: segmentId, variant: 'a' };
}

/** Whether segment `baseId` runs both variants under `variants`. */
export function isVaried(variants: CampaignVariants | undefined, baseId: string): boolean {
  return variants !== undefined && (variants.segments === undefined || variants.segments.includes(baseId));
}

/** The variant B rows of `segments`: copies of each varied segment (same audience and aggregates) under the B id. */
export function variantRows<S extends Segment>(variants: CampaignVariants | undefined, segments: readonly S[]): S[] {
  return segments
    .filter((s) => variantOf(s.id).variant === 'a' && isVaried(variants, s.id))
    .map((s) => ({ ...s, id: variantSegmentId(s.id) }));
}

/**
 * The brief a segment's script is drafted from: variant B's call to action and wording replace the campaign's in the
 * languages it gives; every other segment gets the brief unchanged.
 */
export function briefForSegment(brief: CampaignBrief, segmentId: string): CampaignBrief {
  const spec = brief.variants?.b;
  if (!spec || variantOf(segmentId).variant !== 'b') return brief;
  const wording = { ...brief.wording };
  for (const [lang, w] of Object.entries(spec.wording ?? {})) wording[lang] = { ...wording[lang], ...w };
  return {
    ...brief,
    callToAction: { ...brief.callToAction, ...spec.callToAction },
    ...(spec.wording ? { wording } : {}),
  };
}

/** The variant a segment's script follows, as drafting and review show it; undefined for a segment's own (A). */
export function variantFor(brief: CampaignBrief, segmentId: string): VariantSpec | undefined {
  return variantOf(segmentId).variant === 'b' ? brief.variants?.b : undefined;
}

/** What a delivery tells a channel of a varied segment's video: the segment, the variant's letter and name. */
export function deliveredVariant(
  variants: CampaignVariants | undefined,
  segmentId: string,
): { segmentId: string; letter: 'a' | 'b'; name: string } | undefined {
  const { baseId, variant } = variantOf(segmentId);
  if (!variants || !isVaried(variants, baseId)) return undefined;
  return { segmentId: baseId, letter: variant, name: variant === 'b' ? variants.b.name : 'a' };
}

/**
 * Whether `channelId` takes this segment's video under a channel split: variant B goes to the split's channels only,
 * its segment's own video (A) to every other channel. Without a channel split every routed channel takes it.
 */
export function variantTakesChannel(
  variants: CampaignVariants | undefined,
  segmentId: string,
  channelId: string,
): boolean {
  if (variants?.split !== 'channel') return true;
  const { baseId, variant } = variantOf(segmentId);
  const toB = (variants.channels ?? []).includes(channelId);
  if (variant === 'b') return toB;
  return isVaried(variants, baseId) ? !toB : true;
}

/**
 * Under a schedule split switching at `switchAt`: when this run's video may go out — variant B from `switchAt`,
 * replacing its segment's video; the video of a segment that has a variant B only before it. `hasVariant` says
 * whether the campaign runs variant B of a segment.
 */
export function variantSchedule(
  switchAt: string | undefined,
  segmentId: string,
  hasVariant: (baseId: string) => boolean,
): { deliverFrom?: string; deliverUntil?: string; replacesSegmentId?: string } | undefined {
  if (switchAt === undefined) return undefined;
  const { baseId, variant } = variantOf(segmentId);
  if (variant === 'b') return { deliverFrom: switchAt, replacesSegmentId: baseId };
  return hasVariant(baseId) ? { deliverUntil: switchAt } : undefined;
}

/**
 * Under a schedule split, whether this segment's video is the one channels show at `now` (what a late channel's
 * backfill sends): variant B from the switch, the segment's own video (A) before it, or after it while B has no
 * published video. `published` says whether a segment has one. Without a schedule split every video shows.
 */
export function variantShowing(
  variants: CampaignVariants | undefined,
  segmentId: string,
  now: Date,
  published: (segmentId: string) => boolean,
): boolean {
  if (variants?.split !== 'schedule' || variants.switchAt === undefined) return true;
  const { baseId, variant } = variantOf(segmentId);
  if (!isVaried(variants, baseId)) return true;
  const switched = now.getTime() >= Date.parse(variants.switchAt);
  return variant === 'b' ? switched : !switched || !published(variantSegmentId(baseId));
}

/** A proportion with its Wilson score interval (95 % by default): stays within [0, 1] and is honest for small n. */
export interface RateInterval {
  rate: number;
  low: number;
  high: number;
}

/** Wilson score interval of `successes` out of `trials` (z = 1.96 for 95 %); undefined when there are no trials. */
export function wilsonInterval(successes: number, trials: number, z = 1.96): RateInterval | undefined {
  if (!(trials > 0) || successes < 0 || successes > trials) return undefined;
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  return { rate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
