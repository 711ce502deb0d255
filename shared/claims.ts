// Claim validity, one rule for every layer: a withdrawn or expired claim can never be used.
import type { Claim } from './types.ts';

/** True when a claim is active and `today` (`YYYY-MM-DD`) lies within its optional validity dates, inclusive. */
export function isClaimCurrent(claim: Claim, today: string): boolean {
  if (claim.status !== 'active') return false;
  return (!claim.validFrom || claim.validFrom <= today) && (!claim.validUntil || today <= claim.validUntil);
}
