// Console routes of the channels page: list, add or update (credentials shown once), test, disable and enable.
import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { generateWebhookKeyPair, generateWebhookSecret } from '../../channels/signing.ts';
import type { AppDeps } from '../../api/deps.ts';
import { channelRequestSchema } from '../../api/schemas.ts';
import { testChannel } from '../../api/routes/channel-test.ts';
import type { WebEnv } from '../../api/session.ts';
import { appendAudit } from '../../db/audit-repo.ts';
import {
  disableChannel,
  enableChannel,
  getChannel,
  getChannelWithSecret,
  listChannels,
  upsertChannel,
  type ChannelRecord,
} from '../../db/channel-repo.ts';
import { mapError } from '../../services/errors.ts';
import {
  checkChannelSecret,
  checkChannelTargetAt,
  feedTokenSha256Of,
  folderRootsOf,
  requireSecrets,
} from '../../services/launch.ts';
import { LIBRARY } from '../i18n/console-library.ts';
import { localeOf, translator } from '../i18n.ts';
import {
  channelsBody,
  type ChannelDraft,
  type ChannelsPageInput,
  type LibraryText,
} from '../views/console-channels.ts';
import { sendFramed } from './web-page.ts';
import type { Guards } from './console-shared.ts';

export const libraryText = (c: Context<WebEnv>): LibraryText => {
  const locale = localeOf(c);
  return { locale, t: translator(LIBRARY, locale) };
};

const list = (value: string | undefined) =>
  value
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** The add form as the API's request body: empty fields left out, lists split at commas. */
function requestOf(draft: ChannelDraft, generate: boolean) {
  const some = (v: string[] | undefined) => (v?.length ? v : undefined);
  return {
    id: draft.id ?? '',
    ...(draft.name ? { name: draft.name } : {}),
    kind: draft.kind ?? 'webhook',
    ...(draft.kind === 'webhook' && draft.url ? { url: draft.url } : {}),
    ...(draft.kind === 'folder' && draft.directory ? { directory: draft.directory } : {}),
    ...(generate && draft.kind === 'webhook' ? { generateSecret: 'v1' } : {}),
    languages: some(list(draft.languages)),
    regions: some(list(draft.regions)),
    tags: some(list(draft.tags)),
    ...(draft.kind === 'webhook' ? { allowCidrs: some(list(draft.allowCidrs)) } : {}),
    renditions: some(list(draft.renditions)),
  };
}

/** A stored channel as the form shows it (never its secret). */
function draftOf(ch: ChannelRecord): ChannelDraft {
  return {
    id: ch.id,
    name: ch.name === ch.id ? '' : ch.name,
    kind: ch.kind,
    ...(ch.kind === 'webhook' ? { url: ch.target ?? '' } : ch.kind === 'folder' ? { directory: ch.target ?? '' } : {}),
    languages: ch.route.languages?.join(', ') ?? '',
    regions: ch.route.regions?.join(', ') ?? '',
    tags: ch.route.tags?.join(', ') ?? '',
    allowCidrs: ch.allowCidrs?.join(', ') ?? '',
    renditions: ch.renditions?.join(', ') ?? '',
  };
}

export function channelConsoleRoutes(deps: AppDeps, { managers }: Guards) {
  const { pool } = deps;
  const app = new Hono<WebEnv>();

  const page = async (c: Context<WebEnv>, extra: Partial<ChannelsPageInput> = {}, status: 200 | 201 | 400 = 200) => {
    const text = libraryText(c);
    const input = { channels: await listChannels(pool), csrfToken: c.var.session.csrfToken, ...extra };
    return sendFramed(c, { title: text.t('channels'), current: '/channels', body: channelsBody(text, input) }, status);
  };

  app.get('/channels', ...managers, async (c) => {
    // `?edit=<id>` fills the form with that channel, to change its target, route or networks.
    const editing = c.req.query('edit') ? await getChannel(pool, c.req.query('edit') ?? '') : undefined;
    return page(c, editing ? { draft: draftOf(editing) } : {});
  });

  app.post('/channels', ...managers, async (c) => {
    const { t } = libraryText(c);
    const form = await c.req.parseBody();
    const fields = [
      'id',
      'name',
      'kind',
      'url',
      'directory',
      'languages',
      'regions',
      'tags',
      'allowCidrs',
      'renditions',
    ] as const;
    const draft: ChannelDraft = Object.fromEntries(
      fields.map((f) => [f, typeof form[f] === 'string' ? (form[f] as string).trim() : '']),
    );
    const parsed = channelRequestSchema.safeParse(requestOf(draft, form.generateSecret === 'v1'));
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const error = t('invalidField', { field: first?.path.join('.') || 'id', message: first?.message ?? '' });
      return page(c, { draft, error }, 400);
    }
    const body = parsed.data;
    try {
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
      const pair = body.generateSecret === 'v1a' ? generateWebhookKeyPair() : undefined;
      const secret = body.generateSecret === 'v1' ? generateWebhookSecret() : pair?.privateKey;
      const wantsToken = body.kind === 'feed' && !existing?.hasFeedToken;
      const feedToken = wantsToken ? `kft_${randomBytes(32).toString('base64url')}` : undefined;
      const { channel, created } = await upsertChannel(pool, secret ? requireSecrets(deps.secrets) : deps.secrets, {
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
      });
      const details = { kind: channel.kind, created, secretChanged: secret !== undefined, tokenIssued: !!feedToken };
      await appendAudit(pool, {
        actor: c.var.user.id,
        action: 'channel.saved',
        subject: `channel/${channel.id}`,
        details,
      });
      const shownOnce = { secret, publicKey: pair?.publicKey, feedToken };
      return page(c, { flash: t('saved', { id: channel.id }), shownOnce }, created ? 201 : 200);
    } catch (err) {
      const { status, message } = mapError(err);
      if (status >= 500) throw err;
      return page(c, { draft, error: message }, 400);
    }
  });

  app.post('/channels/:id/test', ...managers, async (c) => {
    const { t } = libraryText(c);
    const id = c.req.param('id');
    const channel = await getChannelWithSecret(pool, requireSecrets(deps.secrets), id);
    if (!channel) return page(c, { error: t('channelNotFound', { id }) }, 400);
    const result = await testChannel(channel, {
      pool,
      allowHttpLoopback: deps.allowHttpLoopback ?? false,
      folderRoots: folderRootsOf(deps),
    });
    const details = { ok: result.ok, statusCode: result.statusCode, latencyMs: result.latencyMs, error: result.error };
    await appendAudit(pool, { actor: c.var.user.id, action: 'channel.tested', subject: `channel/${id}`, details });
    return result.ok
      ? page(c, { flash: t('tested', { id, status: result.statusCode ?? '—', ms: result.latencyMs }) })
      : page(c, { error: t('testFailed', { id, error: result.error ?? String(result.statusCode ?? '') }) });
  });

  app.post('/channels/:id/disable', ...managers, async (c) => {
    const { t } = libraryText(c);
    const id = c.req.param('id');
    const why = `disabled by ${c.var.user.id}`;
    if (!(await disableChannel(pool, id, why))) return page(c, { error: t('channelNotFound', { id }) }, 400);
    await appendAudit(pool, {
      actor: c.var.user.id,
      action: 'channel.disabled',
      subject: `channel/${id}`,
      details: { reason: why },
    });
    return page(c, { flash: t('channelDisabled', { id }) });
  });

  app.post('/channels/:id/enable', ...managers, async (c) => {
    const { t } = libraryText(c);
    const id = c.req.param('id');
    if (!(await enableChannel(pool, id))) return page(c, { error: t('channelNotFound', { id }) }, 400);
    await appendAudit(pool, { actor: c.var.user.id, action: 'channel.enabled', subject: `channel/${id}` });
    return page(c, { flash: t('channelEnabled', { id }) });
  });

  return app;
}
