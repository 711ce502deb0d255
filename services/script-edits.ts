// A reviewer's script edits tried on the version they read, so an impossible edit is refused before the workflow sees it.
import { getSegment, listCampaignClaims } from '../db/campaign-repo.ts';
import type { Pool } from '../db/pool.ts';
import { getScriptVersion } from '../db/script-repo.ts';
import { applyEdits } from '../scripts/apply-edits.ts';
import type { Script, ScriptEdit } from '../shared/types.ts';
import { ApiError } from './errors.ts';

/** Which version the edits apply to. */
export interface EditTarget {
  campaignId: string;
  segmentId: string;
  scriptSha256: string;
}

/**
 * The script as the edits would leave it.
 * @throws InputError (400) naming the first impossible edit; ApiError 404 when the version is not stored.
 */
export async function previewEdits(pool: Pool, target: EditTarget, edits: readonly ScriptEdit[]): Promise<Script> {
  const { campaignId, segmentId, scriptSha256 } = target;
  const [version, segment, claims] = await Promise.all([
    getScriptVersion(pool, { campaignId, segmentId, sha256: scriptSha256 }),
    getSegment(pool, campaignId, segmentId),
    listCampaignClaims(pool, campaignId),
  ]);
  if (!version || !segment) {
    throw new ApiError(404, `No script version ${scriptSha256} of segment ${segmentId}; reload the review.`);
  }
  return applyEdits(version.script, edits, claims, segment.language);
}
