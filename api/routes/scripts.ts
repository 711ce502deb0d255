// A segment's current script with what a reviewer needs beside it: cited claims and sources, findings, diff, versions.
import { Hono } from 'hono';
import { listCampaignClaims } from '../../db/campaign-repo.ts';
import type { Queryable } from '../../db/pool.ts';
import { listScriptVersions } from '../../db/script-repo.ts';
import { isClaimCurrent } from '../../shared/claims.ts';
import { segmentWorkflowId } from '../../shared/task-queues.ts';
import { scriptClaimIds } from '../../shared/text.ts';
import { reviewStateQuery } from '../../workflows/messages.ts';
import { requireRole, type AuthEnv } from '../auth.ts';
import type { AppDeps } from '../deps.ts';
import { ApiError } from '../errors.ts';

/** The newest campaign that has this segment id, when the caller did not name one. */
async function latestCampaignWith(db: Queryable, segmentId: string): Promise<string | undefined> {
  const r = await db.query(
    `SELECT s.campaign_id FROM segments s JOIN campaigns c ON c.id = s.campaign_id
      WHERE s.id = $1 ORDER BY c.created_at DESC LIMIT 1`,
    [segmentId],
  );
  return r.rows[0]?.campaign_id;
}

export function scriptRoutes({ pool, temporal }: AppDeps) {
  const app = new Hono<AuthEnv>();
  const staff = requireRole(pool, ['campaign_manager', 'medical_reviewer', 'lead_reviewer', 'admin']);

  app.get('/', staff, async (c) => {
    const segmentId = c.req.query('segment');
    if (!segmentId) throw new ApiError(400, 'Name the segment: /api/scripts?segment=<id>[&campaign=<id>].');
    const campaignId = c.req.query('campaign') ?? (await latestCampaignWith(pool, segmentId));
    const versions = campaignId ? await listScriptVersions(pool, campaignId, segmentId) : [];
    if (!campaignId || versions.length === 0) throw new ApiError(404, `No script for segment ${segmentId} yet.`);
    // The workflow knows which version is under review; without a running workflow the newest version is current.
    const state = await temporal.workflow
      .getHandle(segmentWorkflowId(campaignId, segmentId))
      .query(reviewStateQuery)
      .catch(() => undefined);
    const current = versions.find((v) => v.sha256 === state?.scriptSha256) ?? versions.at(-1)!;
    const claims = await listCampaignClaims(pool, campaignId);
    const today = new Date().toISOString().slice(0, 10);
    const lang = current.script.language;
    const cited = scriptClaimIds(current.script).map((id) => {
      const claim = claims.find((cl) => cl.id === id);
      return claim
        ? {
            id,
            text: claim.text[lang],
            source: claim.source,
            status: claim.status,
            usable: isClaimCurrent(claim, today),
          }
        : { id, missing: true };
    });
    return c.json({
      campaignId,
      segmentId,
      review: state,
      current,
      claims: cited,
      findings: current.findings,
      versions: versions.map((v) => ({
        sha256: v.sha256,
        round: v.round,
        provider: v.provider,
        createdAt: v.createdAt,
      })),
    });
  });
  return app;
}
