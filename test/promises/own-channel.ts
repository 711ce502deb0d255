// The example campaign with its webhook channel under an id of this test's own: a channel's stored secret is
// encrypted with the key of whichever stack created it last, so a shared database must not see two stacks use one id.
import { randomBytes } from 'node:crypto';
import type { LoadedCampaign } from '../../cli/load-campaign.ts';

export function withOwnChannel(campaign: LoadedCampaign): LoadedCampaign {
  const suffix = randomBytes(4).toString('hex');
  const channels = campaign.brief.channels.map((ch) => ('id' in ch ? { ...ch, id: `${ch.id}-${suffix}` } : ch));
  return { ...campaign, brief: { ...campaign.brief, channels } };
}
