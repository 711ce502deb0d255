// Review routes: the queue (a page at a time, from the database), one item with its script, and decisions sent to the segment workflow as Updates.
import { Hono } from 'hono';
import type { z } from 'zod';
import { getCampaign } from '../../db/campaign-repo.ts';
import { getScriptVersion } from '../../db/script-repo.ts';
import { variantFor, variantOf } from '../../shared/variants.ts';
import { STAFF_ROLES } from '../../shared/roles.ts';
import { sentBackMessage } from '../../shared/withdrawal.ts';
import { segmentWorkflowId } from '../../shared/task-queues.ts';
import { reviewStateQuery } from '../../workflows/messages.ts';
import { requireRole, type AuthEnv } from '../auth.ts';
import type { AppDeps } from '../deps.ts';
import { ApiError } from '../errors.ts';
import { decide, decideVideo, languagesOf, signatureCheck, VIDEO_DECISIONS } from '../decide.ts';
import { signOff } from '../reader-sign-off.ts';
import { refuseWithdrawnCitations } from '../../services/claim-withdrawal.ts';
import { previewEdits, type EditTarget } from '../../services/script-edits.ts';
import type { ScriptEdit } from '../../shared/types.ts';
import { decisionSchema, readerSignOffSchema, videoDecisionSchema } from '../schemas.ts';
import { requireCampaignAccess } from '../ownership.ts';
import { pageLink } from '../pages.ts';
import { loadQueuePage } from '../queue.ts';

export function reviewRoutes({ pool, temporal }: AppDeps) {
  const app = new Hono<AuthEnv>();
  // Managers may read the queue; only reviewers decide (the workflow's validator checks the role again).
  app.use('*', requireRole(pool, STAFF_ROLES));

  app.get('/', async (c) => {
    // Reviewers see every campaign's queue but those they may not decide on; a campaign manager only their own
    // campaigns' segments. A page at a time, oldest waiting first; `next` is the following page's link.
    const page = await loadQueuePage(pool, c.var.user, c.req.query());
    return c.json({
      items: page.items.map((i) => ({
        campaignId: i.campaignId,
        campaignTitle: i.campaignTitle,
        segmentId: i.segmentId,
        label: i.label,
        language: i.language,
        stage: i.stage,
        since: i.since.toISOString(),
        round: i.round,
        ...(i.stage === 'script' ? { scriptSha256: i.scriptSha256 } : { videoSha256: i.videoSha256 }),
        findings: { blocking: i.blocking, warnings: i.warnings },
        escalated: i.escalated,
        ...(i.mine ? { mine: i.mine } : {}),
        ...(i.sentBack
          ? {
              sentBack: {
                claimIds: i.sentBack.claimIds,
                message: sentBackMessage(i.sentBack.claimIds.join(', '), i.sentBack.blockedConcern),
              },
            }
          : {}),
      })),
      total: page.facets.matching,
      ...(page.next ? { next: pageLink(c.req.url, page.next) } : {}),
    });
  });

  app.get('/:campaignId/:segmentId', async (c) => {
    const { campaignId, segmentId } = c.req.param();
    await requireCampaignAccess(pool, c.var.user, campaignId);
    const state = await temporal.workflow.getHandle(segmentWorkflowId(campaignId, segmentId)).query(reviewStateQuery);
    const version = state.scriptSha256
      ? await getScriptVersion(pool, { campaignId, segmentId, sha256: state.scriptSha256 })
      : undefined;
    // Variant B of a segment says so, with what was asked of it, as the review page does.
    const campaign = await getCampaign(pool, campaignId);
    const variant = campaign && variantFor(campaign.brief, segmentId);
    return c.json({
      campaignId,
      segmentId,
      state,
      script: version?.script,
      ...(variant ? { variant: { ...variant, of: variantOf(segmentId).baseId } } : {}),
    });
  });

  // A language reviewer's or test reader's signature on the version they read; before `:decision`, which it is not.
  app.post('/:campaignId/:segmentId/sign-offs', async (c) => {
    const { campaignId, segmentId } = c.req.param();
    await requireCampaignAccess(pool, c.var.user, campaignId);
    const body = parsed(readerSignOffSchema, await c.req.json().catch(() => undefined), 'Invalid sign-off');
    const deps = { temporal, verifyPassword: signatureCheck(pool), languagesOf: languagesOf(pool) };
    const state = await signOff(deps, { campaignId, segmentId, user: c.get('user'), ...body });
    return c.json({ campaignId, segmentId, state });
  });

  app.post('/:campaignId/:segmentId/:decision', async (c) => {
    const { campaignId, segmentId, decision } = c.req.param();
    await requireCampaignAccess(pool, c.var.user, campaignId);
    const deps = {
      temporal,
      verifyPassword: signatureCheck(pool),
      languagesOf: languagesOf(pool),
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
