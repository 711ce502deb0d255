// draftScript: writes a segment's script with the configured provider and stores it as an immutable version.
import { getCampaign, getSegment, listCampaignClaims } from '../db/campaign-repo.ts';
import { saveScriptVersion } from '../db/script-repo.ts';
import { composeScript } from '../prompts/compose.ts';
import { loadTemplates } from '../prompts/templates.ts';
import { InputError } from '../shared/errors.ts';
import type { ActivityDeps } from './deps.ts';

export interface DraftScriptInput {
  campaignId: string;
  segmentId: string;
  round: number;
  /** The reviewers' comments from the previous round; the local composer records them, a model acts on them. */
  reviewerComments: string[];
}

export function createScriptActivities({ pool }: ActivityDeps) {
  return {
    async draftScript(input: DraftScriptInput): Promise<{ scriptSha256: string }> {
      const campaign = await getCampaign(pool, input.campaignId);
      const segment = await getSegment(pool, input.campaignId, input.segmentId);
      if (!campaign || !segment) {
        throw new InputError(`Campaign ${input.campaignId} or its segment ${input.segmentId} is not in the database.`);
      }
      const claims = await listCampaignClaims(pool, input.campaignId);
      const templates = loadTemplates();
      const script = composeScript({ brief: campaign.brief, segment, claims, templates: templates.sources });
      const scriptSha256 = await saveScriptVersion(pool, {
        campaignId: input.campaignId,
        segmentId: input.segmentId,
        script,
        provider: 'local',
        templateHash: templates.templateHash,
      });
      return { scriptSha256 };
    },
  };
}
