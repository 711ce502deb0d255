// Chooses which approved claims a segment's script narrates: current, in its language, for its concerns and audience.
import { concernsAnswered, fitsAudience, isClaimCurrent, isForSegment } from '../shared/claims.ts';
import type { CampaignBrief, Claim, Segment } from '../shared/types.ts';

/** The most claims one script narrates; keeps videos short (30–90 s). */
export const MAX_CLAIM_SCENES = 4;

/** A chosen claim and the segment concern it was chosen for. */
export interface SelectedClaim {
  claim: Claim;
  concern: string;
  /** The claim is the concern's myth correction: its scene follows the truth sandwich. */
  myth?: boolean;
}

export { concernsAnswered, fitsAudience, isForSegment };

/** True when the claim carries its myth and the explanation in the language (both are needed for the sandwich). */
export function hasMyth(claim: Claim, language: string): boolean {
  return Boolean(claim.myth?.text[language]?.trim() && claim.myth.whyWrong[language]?.trim());
}

/**
 * Picks up to {@link MAX_CLAIM_SCENES} distinct claims round-robin over the segment's concerns (most pressing first),
 * so several concerns get answered before any gets a second claim. A concern's myth claim (`concerns.<c>.myth`)
 * comes first for it; among other candidates a claim that answers more of the segment's concerns wins; ties keep the
 * claims file's order. Only claims for the segment ({@link isForSegment}) are candidates. Deterministic.
 */
export function selectClaims(
  segment: Segment,
  claims: readonly Claim[],
  today: string,
  brief: Pick<CampaignBrief, 'concerns'> = {},
): SelectedClaim[] {
  const lang = segment.language;
  const overlap = (c: Claim) => concernsAnswered(c, segment).length;
  const usable = claims.filter(
    (c) => isClaimCurrent(c, today) && Boolean(c.text[lang]?.trim()) && isForSegment(c, segment),
  );
  const mythOf = (concern: string) => {
    const id = brief.concerns?.[concern]?.myth;
    return usable.find((c) => c.id === id && c.topics.includes(concern) && hasMyth(c, lang));
  };
  // A myth correction is kept for its own concern, so it is told as a truth sandwich, not as a plain fact elsewhere.
  const mythClaims = new Map(segment.concerns.flatMap((c) => (mythOf(c) ? [[mythOf(c)!, c] as const] : [])));
  const candidates = new Map(
    segment.concerns.map((concern) => [
      concern,
      usable
        .map((claim, order) => ({ claim, order, score: claim === mythOf(concern) ? Infinity : overlap(claim) }))
        .filter(({ claim }) => claim.topics.includes(concern) && (mythClaims.get(claim) ?? concern) === concern)
        .sort((a, b) => b.score - a.score || a.order - b.order)
        .map(({ claim }) => claim),
    ]),
  );
  const chosen: SelectedClaim[] = [];
  const used = new Set<string>();
  let progress = true;
  while (chosen.length < MAX_CLAIM_SCENES && progress) {
    progress = false;
    for (const concern of segment.concerns) {
      if (chosen.length >= MAX_CLAIM_SCENES) break;
      const claim = candidates.get(concern)?.find((c) => !used.has(c.id));
      if (!claim) continue;
      chosen.push({ claim, concern, ...(claim === mythOf(concern) ? { myth: true } : {}) });
      used.add(claim.id);
      progress = true;
    }
  }
  return chosen;
}
