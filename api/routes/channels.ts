// Channel routes: create or update channels (secrets encrypted, shown once when generated), list, disable, enable,
// link to campaigns, send a signed test ping; and the pull feed for feed channels, authenticated by its own token.
import { MANAGER_ROLES } from '../../shared/roles.ts';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import { decodeCursor, encodeCursor, MAX_FEED_PAGE } from '../../channels/feed.ts';
import { generateWebhookKeyPair, generateWebhookSecret } from '../../channels/signing.ts';
import { appendAudit } from '../../db/audit-repo.ts';
import {
  disableChannel,
  enableChannel,
  feedTokenSha256,
  getChannel,
  getChannelWithSecret,
  listChannels,
  upsertChannel,
} from '../../db/channel-repo.ts';
import { readFeedPage } from '../../db/feed-repo.ts';
import { requireRole, type AuthEnv } from '../auth.ts';
import type { AppDeps } from '../deps.ts';
import { ApiError } from '../errors.ts';
import { ConfigError } from '../../shared/errors.ts';
import { requireCampaignAccess } from '../ownership.ts';
import {
  checkChannelSecret,
  checkChannelTargetAt,
  feedTokenSha256Of,
  folderRootsOf,
  requireSecrets,
} from '../../services/launch.ts';
import { channelRequestSchema, longText } from '../schemas.ts';
import { linkChannels, previewBackfill } from '../../services/backfill.ts';
import { testChannel } from './channel-test.ts';

const disableBody = z.strictObject({ reason: z.string().trim().min(1).max(500).optional() });
const linkBody = z.strictObject({
  channelIds: z.array(z.string().min(1)).min(1),
  backfill: z.boolean().optional(),
  reason: longText(2_000).trim().min(1).optional(),
});

/** The Temporal client; linking channels to a running campaign tells its workflow. */
function requireTemporal(deps: Partial<Pick<AppDeps, 'temporal'>>): AppDeps['temporal'] {
  if (!deps.temporal) throw new ConfigError('This API server has no Temporal client, so it cannot link channels.');
  return deps.temporal;
}

async function parse<T>(schema: z.ZodType<T>, req: { json(): Promise<unknown> }, empty?: T): Promise<T> {
  const raw = await req.json().catch(() => empty);
  const body = schema.safeParse(raw);
  if (body.success) return body.data;
  const first = body.error.issues[0];
  throw new ApiError(400, `Invalid request at ${first?.path.join('.') || '(body)'}: ${first?.message}`);
}

/** `/api/channels…`, `POST /api/campaigns/:id/channels` and `GET /api/feeds/:channelId`. */
export function channelRoutes(
  deps: Pick<AppDeps, 'pool' | 'secrets' | 'allowHttpLoopback' | 'folderChannelRoots'> &
    Partial<Pick<AppDeps, 'temporal' | 'taskQueuePrefix'>> & { outDir?: string },
) {
  const { pool } = deps;
  const app = new Hono<AuthEnv>();
  const managers = requireRole(pool, MANAGER_ROLES);

  app.get('/api/channels', managers, async (c) => c.json({ channels: await listChannels(pool) }));

  app.post('/api/channels', managers, async (c) => {
    const body = await parse(channelRequestSchema, c.req);
    if (body.secret) checkChannelSecret(body.secret, 'secret');
    const url =
      body.url === undefined
        ? undefined
        : await checkChannelTargetAt(deps, 'webhook', body.url, 'url', body.allowCidrs);
    const directory =
      body.directory === undefined
        ? undefined
        : await checkChannelTargetAt(deps, 'folder', body.directory, 'directory');
    const existing = await getChannel(pool, body.id);
    // Generated credentials go back in this response only; the database keeps the secret encrypted, the token hashed.
    const pair = body.generateSecret === 'v1a' ? generateWebhookKeyPair() : undefined;
    const secret = body.generateSecret === 'v1' ? generateWebhookSecret() : (pair?.privateKey ?? body.secret);
    const wantsToken = body.kind === 'feed' && (body.generateToken || !existing?.hasFeedToken);
    const feedToken = wantsToken ? `kft_${randomBytes(32).toString('base64url')}` : undefined;
    const { channel, created } = await upsertChannel(
      pool,
      secret === undefined ? deps.secrets : requireSecrets(deps.secrets),
      {
        id: body.id,
        name: body.name,
        kind: body.kind,
        target: url ?? directory,
        route: { languages: body.languages, regions: body.regions, tags: body.tags },
        allowCidrs: body.allowCidrs,
        renditions: body.renditions,
        secret,
        feedTokenSha256: feedToken && feedTokenSha256Of(feedToken),
        createdBy: c.var.user.id,
      },
    );
    const details = { kind: channel.kind, created, secretChanged: secret !== undefined, tokenIssued: !!feedToken };
    await appendAudit(pool, {
      actor: c.var.user.id,
      action: 'channel.saved',
      subject: `channel/${channel.id}`,
      details,
    });
    const shownOnce = {
      ...(secret !== undefined && body.generateSecret ? { secret } : {}),
      ...(pair ? { publicKey: pair.publicKey } : {}),
      ...(feedToken ? { feedToken } : {}),
    };
    return c.json({ channel, created, ...shownOnce }, created ? 201 : 200);
  });

  app.post('/api/channels/:id/disable', managers, async (c) => {
    const id = c.req.param('id');
    const { reason } = await parse(disableBody, c.req, {});
    const why = reason ?? `disabled by ${c.var.user.id}`;
    if (!(await disableChannel(pool, id, why))) throw new ApiError(404, `No channel ${id}.`);
    await appendAudit(pool, {
      actor: c.var.user.id,
      action: 'channel.disabled',
      subject: `channel/${id}`,
      details: { reason: why },
    });
    return c.json({ channel: await getChannel(pool, id) });
  });

  app.post('/api/channels/:id/enable', managers, async (c) => {
    const id = c.req.param('id');
    if (!(await enableChannel(pool, id))) throw new ApiError(404, `No channel ${id}.`);
    await appendAudit(pool, { actor: c.var.user.id, action: 'channel.enabled', subject: `channel/${id}` });
    return c.json({ channel: await getChannel(pool, id) });
  });

  app.post('/api/channels/:id/test', managers, async (c) => {
    const id = c.req.param('id');
    const channel = await getChannelWithSecret(pool, requireSecrets(deps.secrets), id);
    if (!channel) throw new ApiError(404, `No channel ${id}.`);
    const result = await testChannel(channel, {
      pool,
      allowHttpLoopback: deps.allowHttpLoopback ?? false,
      folderRoots: folderRootsOf(deps),
    });
    const details = { ok: result.ok, statusCode: result.statusCode, latencyMs: result.latencyMs, error: result.error };
    await appendAudit(pool, { actor: c.var.user.id, action: 'channel.tested', subject: `channel/${id}`, details });
    return c.json(result);
  });

  app.post('/api/campaigns/:id/channels', managers, async (c) => {
    const campaignId = c.req.param('id');
    const { channelIds, backfill, reason } = await parse(linkBody, c.req);
    await requireCampaignAccess(pool, c.var.user, campaignId);
    // The deployment's prefix: a backfill runs on this deployment's orchestration queue.
    const services = { pool, temporal: requireTemporal(deps), taskQueuePrefix: deps.taskQueuePrefix };
    return c.json(await linkChannels(services, campaignId, channelIds, c.var.user, { backfill, reason }));
  });

  app.get('/api/campaigns/:id/channels/:channelId/backfill', managers, async (c) => {
    const campaignId = c.req.param('id');
    await requireCampaignAccess(pool, c.var.user, campaignId);
    return c.json(await previewBackfill(deps, campaignId, c.req.param('channelId')));
  });

  app.get('/api/feeds/:channelId', async (c) => {
    const channelId = c.req.param('channelId');
    const token = /^Bearer (.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const stored = await feedTokenSha256(pool, channelId);
    // One answer for an unknown feed and a wrong token, compared in constant time: the feed's existence stays private.
    const given = Buffer.from(feedTokenSha256Of(token ?? ''), 'hex');
    const expected = Buffer.from(stored ?? '0'.repeat(64), 'hex');
    if (!token || !stored || !timingSafeEqual(given, expected)) {
      throw new ApiError(401, 'Unknown feed or wrong token: send the feed token as `Authorization: Bearer <token>`.');
    }
    const afterSeq = decodeCursor(c.req.query('cursor'));
    const limit = Number(c.req.query('limit') ?? 100);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_FEED_PAGE) {
      throw new ApiError(400, `limit must be a whole number from 1 to ${MAX_FEED_PAGE}.`);
    }
    const page = await readFeedPage(pool, channelId, { afterSeq, limit });
    return c.json({ entries: page.entries, nextCursor: encodeCursor(page.lastSeq), hasMore: page.hasMore });
  });

  return app;
}
