// Routes for when guidance changes: cancel, retract, withdraw a claim, replace a video; the delivery ledger, redeliver.
// A campaign manager acts on, and sees the deliveries of, only the campaigns they manage (api/ownership.ts). Claims
// are a shared library: withdrawing one retracts it wherever it is cited, as its curators intend.
import { MANAGER_ROLES } from '../../shared/roles.ts';
import { Hono } from 'hono';
import { z } from 'zod';
import { guardedText, longText } from '../schemas.ts';
import { findDeliveries } from '../../db/delivery-repo.ts';
import { requireRole, type AuthEnv } from '../auth.ts';
import type { AppDeps } from '../deps.ts';
import { ApiError } from '../errors.ts';
import { campaignFilter, requireCampaignAccess } from '../ownership.ts';
import { claimWithdrawalStatus, withdrawClaim } from '../../services/claim-withdrawal.ts';
import { cancelCampaign, redeliver, replaceSegmentVideo, startRevocation } from '../../services/revocation.ts';

const reasonSchema = z.strictObject({
  reason: longText(2_000).trim().min(3, 'say why (at least 3 characters): channels and citizens are shown it'),
  segmentIds: z.array(guardedText('name', 200).min(1)).min(1).max(10_000).optional(),
});
const replaceSchema = z.strictObject({ reason: reasonSchema.shape.reason.optional() });
const replaySchema = z.strictObject({ since: z.iso.datetime({ offset: true }) });

async function body<T extends z.ZodType>(schema: T, raw: Promise<unknown>, empty?: unknown): Promise<z.infer<T>> {
  // `empty`: what a request without a body counts as, for routes whose body is optional.
  const parsed = schema.safeParse(await raw.catch(() => empty));
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new ApiError(400, `Invalid request at ${first?.path.join('.') || '(body)'}: ${first?.message}`);
  }
  return parsed.data;
}

export function revocationRoutes(deps: AppDeps) {
  const app = new Hono<AuthEnv>();
  const managers = requireRole(deps.pool, MANAGER_ROLES);

  app.post('/api/campaigns/:id/cancel', managers, async (c) => {
    const { reason } = await body(reasonSchema, c.req.json());
    await requireCampaignAccess(deps.pool, c.var.user, c.req.param('id'));
    return c.json(await cancelCampaign(deps, c.req.param('id'), c.get('user'), reason), 202);
  });

  app.post('/api/campaigns/:id/retract', managers, async (c) => {
    const { reason, segmentIds } = await body(reasonSchema, c.req.json());
    const campaignId = c.req.param('id');
    await requireCampaignAccess(deps.pool, c.var.user, campaignId);
    const started = await startRevocation(deps, {
      campaignId,
      ...(segmentIds ? { segmentIds } : {}),
      reason,
      actor: c.get('user').id,
    });
    return c.json(started, 202);
  });

  app.post('/api/campaigns/:id/segments/:segmentId/replace', managers, async (c) => {
    const { id, segmentId } = c.req.param();
    const { reason } = await body(replaceSchema, c.req.json(), {});
    await requireCampaignAccess(deps.pool, c.var.user, id);
    const by = reason === undefined ? undefined : { user: c.get('user'), reason };
    return c.json(await replaceSegmentVideo(deps, id, segmentId, by), 202);
  });

  app.post('/api/claims/:id/withdraw', managers, async (c) => {
    const { reason } = await body(reasonSchema, c.req.json());
    // With the cascade's outcome when it finished while we waited; `status: RUNNING` otherwise (read it back below).
    return c.json(await withdrawClaim(deps, c.req.param('id'), c.get('user'), reason), 202);
  });

  app.get('/api/claims/:id/withdrawal', managers, async (c) => {
    return c.json(await claimWithdrawalStatus(deps.pool, c.req.param('id')));
  });

  app.get('/api/deliveries', managers, async (c) => {
    const { campaign, channel } = c.req.query();
    if (!campaign && !channel) throw new ApiError(400, 'Name a campaign (?campaign=) or a channel (?channel=).');
    if (campaign) await requireCampaignAccess(deps.pool, c.var.user, campaign);
    const mine = await campaignFilter(deps.pool, c.var.user);
    const rows = await findDeliveries(deps.pool, { campaignId: campaign, channelId: channel });
    return c.json({ deliveries: rows.filter((r) => mine(r.campaignId)) });
  });

  app.post('/api/deliveries/:id/redeliver', managers, async (c) => {
    const id = c.req.param('id');
    const mine = await campaignFilter(deps.pool, c.var.user);
    // Another manager's delivery is "no matching deliveries", as an unknown one is.
    const rows = (await findDeliveries(deps.pool, { id })).filter((r) => mine(r.campaignId));
    if (rows[0]?.status === 'delivered') {
      throw new ApiError(409, `Delivery ${id} was delivered; to send it again anyway, replay the channel.`);
    }
    return c.json(await redeliver(deps, rows, id), 202);
  });

  app.post('/api/channels/:id/replay', managers, async (c) => {
    const { since } = await body(replaySchema, c.req.json());
    const channelId = c.req.param('id');
    const mine = await campaignFilter(deps.pool, c.var.user);
    // Channels are shared; a campaign manager replays only their own campaigns' deliveries through one.
    const rows = (await findDeliveries(deps.pool, { channelId, since: new Date(since) })).filter((r) =>
      mine(r.campaignId),
    );
    return c.json(await redeliver(deps, rows.reverse(), `${channelId}/${since}`), 202);
  });

  return app;
}
