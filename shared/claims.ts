// Claim validity and fit, one rule for every layer: a withdrawn or expired claim can never be used.
import type { Claim, Segment } from './types.ts';

/** True when a claim is active and `today` (`YYYY-MM-DD`) lies within its optional validity dates, inclusive. */
export function isClaimCurrent(claim: Claim, today: string): boolean {
  if (claim.status !== 'active') return false;
  return (!claim.validFrom || claim.validFrom <= today) && (!claim.validUntil || today <= claim.validUntil);
}

/** The segment concerns a claim answers, most pressing first. */
export function concernsAnswered(claim: Claim, segment: Pick<Segment, 'concerns'>): string[] {
  return segment.concerns.filter((c) => claim.topics.includes(c));
}

/** True when a claim is meant for the segment's audience: it names no audiences, or one of the segment's tags. */
export function fitsAudience(claim: Claim, segment: Pick<Segment, 'tags'>): boolean {
  return !claim.audiences?.length || claim.audiences.some((tag) => segment.tags.includes(tag));
}

/** True when a claim may appear in the segment's script: it answers one of its concerns and fits its audience. */
export function isForSegment(claim: Claim, segment: Pick<Segment, 'concerns' | 'tags'>): boolean {
  return concernsAnswered(claim, segment).length > 0 && fitsAudience(claim, segment);
}

/**
 * The segment's concerns that `withdrawn` answered and no other usable claim (current, in the segment's language,
 * for its audience) answers: a script without the withdrawn claim would leave them unanswered.
 */
export function concernsLeftUnanswered(
  withdrawn: Claim,
  remaining: readonly Claim[],
  segment: Pick<Segment, 'concerns' | 'tags' | 'language'>,
  today: string,
): string[] {
  const usable = remaining.filter(
    (c) =>
      c.id !== withdrawn.id &&
      isClaimCurrent(c, today) &&
      Boolean(c.text[segment.language]?.trim()) &&
      isForSegment(c, segment),
  );
  return concernsAnswered(withdrawn, segment).filter((concern) => !usable.some((c) => c.topics.includes(concern)));
}
