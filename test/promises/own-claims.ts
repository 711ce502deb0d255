// The example campaign with claim ids of this test's own: withdrawing one then reaches this test's segments and
// videos only, never another test's campaign citing the shared example claims.
import { randomBytes } from 'node:crypto';
import type { LoadedCampaign } from '../../cli/load-campaign.ts';

/** The campaign with every claim id (and every myth reference to one) suffixed; `own(id)` names one of them. */
export function withOwnClaims(campaign: LoadedCampaign): { campaign: LoadedCampaign; own: (id: string) => string } {
  const suffix = randomBytes(4).toString('hex');
  const own = (id: string) => `${id}-${suffix}`;
  const concerns = Object.fromEntries(
    Object.entries(campaign.brief.concerns ?? {}).map(([k, v]) => [k, v.myth ? { ...v, myth: own(v.myth) } : v]),
  );
  return {
    campaign: {
      ...campaign,
      brief: { ...campaign.brief, ...(campaign.brief.concerns ? { concerns } : {}) },
      claims: campaign.claims.map((c) => ({ ...c, id: own(c.id) })),
    },
    own,
  };
}
