// Chooses which approved claims a segment's script narrates: current, in its language, answering its concerns.
import { isClaimCurrent } from '../shared/claims.ts';
import type { Claim, Segment } from '../shared/types.ts';

/** The most claim scenes one script carries; keeps videos short (30–90 s). */
export const MAX_CLAIM_SCENES = 4;

/** A chosen claim and the segment concern it was chosen for. */
export interface SelectedClaim {
  claim: Claim;
  concern: string;
}

/**
 * Picks up to {@link MAX_CLAIM_SCENES} distinct claims round-robin over the segment's concerns (most pressing first),
 * so several concerns get answered before any gets a second claim. Among candidates for one concern, a claim that
 * answers more of the segment's concerns wins; ties keep the claims file's order. Deterministic.
 */
export function selectClaims(segment: Segment, claims: readonly Claim[], today: string): SelectedClaim[] {
  const lang = segment.language;
  const overlap = (c: Claim) => c.topics.filter((t) => segment.concerns.includes(t)).length;
  const usable = claims.filter((c) => isClaimCurrent(c, today) && Boolean(c.text[lang]?.trim()));
  const candidates = new Map(
    segment.concerns.map((concern) => [
      concern,
      usable
        .map((claim, order) => ({ claim, order, score: overlap(claim) }))
        .filter(({ claim }) => claim.topics.includes(concern))
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
      chosen.push({ claim, concern });
      used.add(claim.id);
      progress = true;
    }
  }
  return chosen;
}
