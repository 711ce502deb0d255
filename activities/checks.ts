// checkScript: the pre-review checks on a stored version; findings are stored with it for the reviewer.
import { getCampaign, getSegment, listCampaignClaims } from '../db/campaign-repo.ts';
import { getScriptVersion, setScriptFindings } from '../db/script-repo.ts';
import { runChecks } from '../scripts/checks/index.ts';
import { InputError } from '../shared/errors.ts';
import { resolveSignOffs, type SignOffRequirement } from '../shared/reader-sign-offs.ts';
import { withLibraryWithdrawals } from '../db/withdrawal-repo.ts';
import { briefForSegment } from '../shared/variants.ts';
import type { ActivityDeps } from './deps.ts';

export interface CheckScriptInput {
  campaignId: string;
  segmentId: string;
  scriptSha256: string;
}

export function createCheckActivities({ pool }: ActivityDeps) {
  return {
    /** Also resolves the reader sign-offs the campaign's policy requires for the segment's language and level. */
    async checkScript(
      input: CheckScriptInput,
    ): Promise<{ blocking: number; warnings: number; signOffs?: SignOffRequirement }> {
      const key = { campaignId: input.campaignId, segmentId: input.segmentId, sha256: input.scriptSha256 };
      const [version, campaign, segment] = await Promise.all([
        getScriptVersion(pool, key),
        getCampaign(pool, input.campaignId),
        getSegment(pool, input.campaignId, input.segmentId),
      ]);
      if (!version || !campaign || !segment) throw new InputError(`Script ${input.scriptSha256} is not stored.`);
      const findings = runChecks({
        script: version.script,
        segmentLanguage: segment.language,
        readingLevel: segment.readingLevel,
        // All of the campaign's claims: a citation of a withdrawn or expired one must be found, not hidden, even when
        // the library withdrew it after launch.
        claims: await withLibraryWithdrawals(pool, await listCampaignClaims(pool, input.campaignId)),
        today: new Date().toISOString().slice(0, 10),
        // Variant B of a segment has its own call to action where the variant gives one.
        callToAction: briefForSegment(campaign.brief, segment.id).callToAction[segment.language],
        segment,
      });
      await setScriptFindings(pool, key, findings);
      return {
        blocking: findings.filter((f) => f.severity === 'blocking').length,
        warnings: findings.filter((f) => f.severity === 'warning').length,
        signOffs: resolveSignOffs(campaign.brief.review.signOffs, segment.language, segment.readingLevel),
      };
    },
  };
}
