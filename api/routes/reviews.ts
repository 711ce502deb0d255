// Review routes: the queue, one item with its script, and decisions sent to the segment workflow as Updates.
import { Hono } from 'hono';
import type { z } from 'zod';
import { listSegmentsInReview } from '../../db/campaign-repo.ts';
import { getScriptVersion } from '../../db/script-repo.ts';
import { segmentsWithDecidedRender } from '../../db/video-review-repo.ts';
import { sendBacksBeforeCurrent } from '../../db/withdrawal-repo.ts';
import { STAFF_ROLES } from '../../shared/roles.ts';
import { sentBackMessage } from '../../shared/withdrawal.ts';
import { segmentWorkflowId } from '../../shared/task-queues.ts';
import { reviewStateQuery } from '../../workflows/messages.ts';
import { requireRole, type AuthEnv } from '../auth.ts';
import type { AppDeps } from '../deps.ts';
import { ApiError } from '../errors.ts';
import { decide, decideVideo, signatureCheck, VIDEO_DECISIONS } from '../decide.ts';
import { refuseWithdrawnCitations } from '../../services/claim-withdrawal.ts';
import { previewEdits, type EditTarget } from '../../services/script-edits.ts';
import type { ScriptEdit } from '../../shared/types.ts';
import { decisionSchema, videoDecisionSchema } from '../schemas.ts';
import { campaignFilter, requireCampaignAccess } from '../ownership.ts';

export function reviewRoutes({ pool, temporal }: AppDeps) {
  const app = new Hono<AuthEnv>();
  // Managers may read the queue; only reviewers decide (the workflow's validator checks the role again).
  app.use('*', requireRole(pool, STAFF_ROLES));

  app.get('/', async (c) => {
    // Reviewers see every campaign's queue; a campaign manager only their own campaigns' segments.
    const mine = await campaignFilter(pool, c.var.user);
    const inReview = (await listSegmentsInReview(pool)).filter((s) => mine(s.campaignId));
    // A video accepted a moment ago is past review though its row still says VIDEO_REVIEW until the manifest is written.
    const videos = inReview.filter((s) => s.status === 'VIDEO_REVIEW').map((s) => ({ ...s, segmentId: s.id }));
    const decided = await segmentsWithDecidedRender(pool, videos);
    const waiting = inReview.filter((s) => !(s.status === 'VIDEO_REVIEW' && decided.has(`${s.campaignId}/${s.id}`)));
    // A version redrafted because a claim its predecessor cited was withdrawn says so to the reviewers who had it.
    const sentBack = await sendBacksBeforeCurrent(pool);
    return c.json({
      items: waiting.map((s) => {
        const back = sentBack.get(`${s.campaignId}/${s.id}`);
        return {
          campaignId: s.campaignId,
          segmentId: s.id,
          label: s.label,
          language: s.language,
          stage: s.status === 'VIDEO_REVIEW' ? 'video' : 'script',
          ...(back
            ? { sentBack: { claimIds: back.claimIds, message: sentBackMessage(back.claimIds.join(', ')) } }
            : {}),
        };
      }),
    });
  });

  app.get('/:campaignId/:segmentId', async (c) => {
    const { campaignId, segmentId } = c.req.param();
    await requireCampaignAccess(pool, c.var.user, campaignId);
    const state = await temporal.workflow.getHandle(segmentWorkflowId(campaignId, segmentId)).query(reviewStateQuery);
    const version = state.scriptSha256
      ? await getScriptVersion(pool, { campaignId, segmentId, sha256: state.scriptSha256 })
      : undefined;
    return c.json({ campaignId, segmentId, state, script: version?.script });
  });

  app.post('/:campaignId/:segmentId/:decision', async (c) => {
    const { campaignId, segmentId, decision } = c.req.param();
    await requireCampaignAccess(pool, c.var.user, campaignId);
    const deps = {
      temporal,
      verifyPassword: signatureCheck(pool),
      checkEdits: (target: EditTarget, edits: readonly ScriptEdit[]) => previewEdits(pool, target, edits),
      checkClaims: (target: EditTarget) => refuseWithdrawnCitations(pool, target),
    };
    const body: unknown = await c.req.json().catch(() => undefined);
    const common = { campaignId, segmentId, decision, user: c.get('user') };
    const state = Object.hasOwn(VIDEO_DECISIONS, decision)
      ? await decideVideo(deps, { ...common, ...parsed(videoDecisionSchema, body, 'Invalid video decision') })
      : await decide(deps, { ...common, ...parsed(decisionSchema, body, 'Invalid decision') });
    return c.json({ campaignId, segmentId, state });
  });

  return app;
}

function parsed<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const result = schema.safeParse(body);
  const first = result.error?.issues[0];
  if (!result.success) throw new ApiError(400, `${what} at ${first?.path.join('.') || '(body)'}: ${first?.message}`);
  return result.data;
}
