// draftScript: writes (or revises) a segment's script with the configured provider; stores it as an immutable version.
import { claimSetSha256, getCampaign, getSegment, listCampaignClaims } from '../db/campaign-repo.ts';
import { getScriptVersion, saveScriptVersion } from '../db/script-repo.ts';
import { withLibraryWithdrawals } from '../db/withdrawal-repo.ts';
import type { DraftFinding, DraftStrategy } from '../scripts/providers/provider.ts';
import { withConcernIcons } from '../scripts/concern-icons.ts';
import { withKeyFacts } from '../scripts/key-facts.ts';
import { diffScripts } from '../scripts/script-diff.ts';
import { isClaimCurrent } from '../shared/claims.ts';
import { scriptClaimIds } from '../shared/text.ts';
import { InputError } from '../shared/errors.ts';
import { briefForSegment, variantFor } from '../shared/variants.ts';
import type { ScriptEdit } from '../shared/types.ts';
import type { ActivityDeps } from './deps.ts';
import { keepAlive } from './keep-alive.ts';
import { rethrowHonouringRetryAfter } from './retry-after.ts';

export interface DraftScriptInput {
  campaignId: string;
  segmentId: string;
  round: number;
  /** The reviewers' comments on `previousSha256` (a change request). */
  reviewerComments: string[];
  /** The reviewers' edits of `previousSha256` (a change request), applied without rewriting. */
  edits?: ScriptEdit[];
  /** The version to revise: the one reviewers saw, or the one whose findings are to be fixed. */
  previousSha256?: string;
  /** Feed the previous version's pre-review findings back to the provider (an automatic redraft). */
  fixFindings?: boolean;
}

export interface DraftScriptResult {
  scriptSha256: string;
  claimSetSha256: string;
  /** The claims the version cites, so the workflow knows which withdrawals reach it. */
  claimIds?: string[];
  /** The segment's language, for the run's KlartextLanguage search attribute. */
  language?: string;
}

export function createScriptActivities({ pool, scriptProvider }: ActivityDeps) {
  return {
    async draftScript(input: DraftScriptInput): Promise<DraftScriptResult> {
      const { campaignId, segmentId } = input;
      const campaign = await getCampaign(pool, campaignId);
      const segment = await getSegment(pool, campaignId, segmentId);
      if (!campaign || !segment) {
        throw new InputError(`Campaign ${campaignId} or its segment ${segmentId} is not in the database.`);
      }
      const today = new Date().toISOString().slice(0, 10);
      // Expired or withdrawn claims never reach a provider, so no script can cite them; withdrawn counts the library's
      // withdrawals since launch, though the campaign keeps the versions it was launched with.
      const allClaims = await listCampaignClaims(pool, campaignId);
      const current = await withLibraryWithdrawals(pool, allClaims);
      const claims = current.filter((c) => isClaimCurrent(c, today) && Boolean(c.text[segment.language]));
      const previous = input.previousSha256
        ? await getScriptVersion(pool, { campaignId, segmentId, sha256: input.previousSha256 })
        : undefined;
      // A version citing a claim withdrawn since is not revised (edits applied, findings fixed) but drafted afresh:
      // revising keeps its other scenes, the withdrawn claim's among them.
      const usable = new Set(claims.map((c) => c.id));
      const stale = previous !== undefined && scriptClaimIds(previous.script).some((id) => !usable.has(id));
      // Stored findings count scenes and sentences from 0; providers get them as people read them, from 1.
      const findings: DraftFinding[] | undefined =
        input.fixFindings && !stale
          ? previous?.findings.map((f) => ({
              ...f,
              scene: f.scene === undefined ? undefined : f.scene + 1,
              sentence: f.sentence === undefined ? undefined : f.sentence + 1,
            }))
          : undefined;
      const strategy = segment.profile?.strategy as DraftStrategy | undefined;
      // Variant B of a segment is drafted from the brief with its call to action and wording, and its instruction.
      const brief = briefForSegment(campaign.brief, segmentId);
      const variant = variantFor(campaign.brief, segmentId);
      const out = await keepAlive(() =>
        scriptProvider.draft({
          brief,
          ...(variant ? { variant: { name: variant.name, instruction: variant.instruction } } : {}),
          segment,
          claims,
          strategy,
          previous: stale ? undefined : previous?.script,
          reviewerComments: input.reviewerComments.length > 0 ? input.reviewerComments : undefined,
          edits: previous && !stale && input.edits?.length ? input.edits : undefined,
          findings,
          today,
        }),
      ).catch(rethrowHonouringRetryAfter);
      // Every provider's script (and every edited one) shows the short wording of the claims it cites on screen, and
      // the pictograms the campaign chose for the concerns its scenes answer.
      const script = withConcernIcons(withKeyFacts(out.script, claims), { brief, segment, claims });
      const scriptSha256 = await saveScriptVersion(pool, {
        campaignId,
        segmentId,
        script,
        provider: out.provider,
        model: out.model,
        usage: out.usage,
        templateHash: out.templateHash,
        round: input.round,
        previousSha256: previous?.sha256,
        diff: previous ? diffScripts(previous.script, script) : undefined,
      });
      const claimIds = scriptClaimIds(script);
      return {
        scriptSha256,
        claimSetSha256: claimSetSha256(claimIds, allClaims),
        claimIds,
        language: segment.language,
      };
    },
  };
}
