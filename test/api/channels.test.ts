// Channel API in-process: roles, validation, secrets shown once and never again, signed pings, campaign links, feeds.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { appendFeedEntry } from '../../db/feed-repo.ts';
import { listCampaignChannels } from '../../db/channel-repo.ts';
import { upsertUserWithToken } from '../../db/user-repo.ts';
import { createHarness, type Harness } from '../support/harness.ts';

let h: Harness;
let app: ReturnType<typeof createApp>;
let manager: string;
let reviewer: string;
beforeAll(async () => {
  h = await createHarness();
  app = createApp({ pool: h.pool, temporal: h.client, outDir: h.outDir, secrets: h.secrets, allowHttpLoopback: true });
  const suffix = randomBytes(3).toString('hex');
  manager = await upsertUserWithToken(h.pool, { id: `cm-${suffix}`, displayName: 'M', role: 'campaign_manager' });
  reviewer = await upsertUserWithToken(h.pool, { id: `cr-${suffix}`, displayName: 'R', role: 'medical_reviewer' });
});
afterAll(() => h?.close());

const uid = () => randomBytes(3).toString('hex');

/** The fields of the API's answers these tests read. */
interface Reply {
  error: { message: string };
  channel: { status: string; statusReason?: string };
  channels: { id: string; hasSecret: boolean }[];
  secret?: string;
  publicKey?: string;
  feedToken: string;
  ok: boolean;
  deliveryId: string;
  entries: { id: string; type: string }[];
  nextCursor: string;
}
const call = async (method: string, path: string, token: string | undefined, body?: unknown) => {
  const res = await app.request(path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text, json: JSON.parse(text) as Reply };
};

describe('channel API', () => {
  it('lets campaign managers add channels, and refuses reviewers and callers without a token', async () => {
    const body = { id: `f-${uid()}`, kind: 'folder', directory: join(h.outDir, 'cms-import') };
    expect((await call('POST', '/api/channels', undefined, body)).status).toBe(401);
    expect((await call('POST', '/api/channels', reviewer, body)).status).toBe(403);
    expect((await call('GET', '/api/channels', reviewer)).status).toBe(403);
    const created = await call('POST', '/api/channels', manager, body);
    expect(created.status).toBe(201);
    expect(created.json.channel).toMatchObject({
      id: body.id,
      kind: 'folder',
      target: join(h.outDir, 'cms-import'),
      status: 'active',
    });
  });

  it('names the field and what to do when a channel is invalid', async () => {
    const noUrl = await call('POST', '/api/channels', manager, { id: `w-${uid()}`, kind: 'webhook' });
    expect(noUrl).toMatchObject({ status: 400, json: { error: { message: /url: a webhook channel needs an https/ } } });
    const relative = await call('POST', '/api/channels', manager, { id: `f-${uid()}`, kind: 'folder', directory: 'x' });
    expect(relative.json.error.message).toMatch(/directory: must be an absolute directory path/);
    const short = { id: `w-${uid()}`, kind: 'webhook', url: 'https://a.example/h', secret: 'whsec_dGVzdA==' };
    const weak = await call('POST', '/api/channels', manager, short);
    expect(weak.status).toBe(400);
    expect(weak.json.error.message).toMatch(/^secret: .*at least 24/);
    expect(weak.text).not.toContain('dGVzdA');
  });

  it('stores the renditions a channel takes, drops them when an update leaves them out, and names an unknown one', async () => {
    const id = `f-${uid()}`;
    const body = { id, kind: 'folder', directory: join(h.outDir, 'cms-import') };
    const created = await call('POST', '/api/channels', manager, { ...body, renditions: ['portrait-open-captions'] });
    expect(created.json.channel).toMatchObject({ id, renditions: ['portrait-open-captions'] });
    const listed = (await call('GET', '/api/channels', manager)).json.channels.find((c) => c.id === id);
    expect(listed).toMatchObject({ renditions: ['portrait-open-captions'] });
    expect((await call('POST', '/api/channels', manager, body)).json.channel).not.toHaveProperty('renditions');
    const unknown = await call('POST', '/api/channels', manager, { ...body, renditions: ['vertical'] });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.message).toMatch(/renditions\.0: .*portrait-open-captions/);
    const twice = await call('POST', '/api/channels', manager, { ...body, renditions: ['square', 'square'] });
    expect(twice.json.error.message).toMatch(/renditions: must name each rendition once/);
  });

  it('returns a generated secret once, never in later answers, and pings the receiver signed with it', async () => {
    const id = `w-${uid()}`;
    const created = await call('POST', '/api/channels', manager, {
      id,
      kind: 'webhook',
      url: h.receiver.url,
      generateSecret: 'v1',
    });
    const secret = created.json.secret ?? '';
    expect(secret).toMatch(/^whsec_/);
    const listed = await call('GET', '/api/channels', manager);
    expect(listed.json.channels.find((c) => c.id === id)).toMatchObject({ hasSecret: true });
    expect(listed.text).not.toContain(secret.slice(6));
    // The receiver verifies with its own secret: the ping is refused until the channel signs with that one.
    const refused = await call('POST', `/api/channels/${id}/test`, manager);
    expect(refused.json).toMatchObject({ ok: false, statusCode: 401 });
    const updated = await call('POST', '/api/channels', manager, {
      id,
      kind: 'webhook',
      url: h.receiver.url,
      secret: h.receiver.secret,
    });
    expect(updated.status).toBe(200);
    expect(updated.text).not.toContain(h.receiver.secret.slice(6));
    const ping = await call('POST', `/api/channels/${id}/test`, manager);
    expect(ping.json).toMatchObject({ ok: true, statusCode: 200 });
    expect(h.receiver.received.find((r) => r.id === ping.json.deliveryId)?.type).toBe('ping');
    const audit = await h.pool.query(`SELECT details::text FROM audit_log WHERE subject = $1`, [`channel/${id}`]);
    expect(audit.rows.length).toBeGreaterThanOrEqual(4);
    for (const row of audit.rows) expect(row.details ?? '').not.toContain(h.receiver.secret.slice(6));
  });

  it('pings a folder channel by writing a sidecar, and a feed channel by appending a ping entry', async () => {
    const dir = await mkdtemp(join(h.outDir, 'drop-'));
    const folder = `f-${uid()}`;
    await call('POST', '/api/channels', manager, { id: folder, kind: 'folder', directory: dir });
    const filed = await call('POST', `/api/channels/${folder}/test`, manager);
    expect(filed.json).toMatchObject({ ok: true, statusCode: 201 });
    expect(await readdir(join(dir, 'klartext-test', 'ping'))).toContain(`${filed.json.deliveryId}.json`);
    const feed = `feed-${uid()}`;
    const token = (await call('POST', '/api/channels', manager, { id: feed, kind: 'feed' })).json.feedToken;
    const pinged = await call('POST', `/api/channels/${feed}/test`, manager);
    expect(pinged.json).toMatchObject({ ok: true, statusCode: 201 });
    const entries = (await call('GET', `/api/feeds/${feed}`, token)).json.entries;
    expect(entries).toEqual([expect.objectContaining({ id: pinged.json.deliveryId, type: 'ping' })]);
  });

  it('generates an Ed25519 key pair for v1a and hands out the public half', async () => {
    const res = await call('POST', '/api/channels', manager, {
      id: `w-${uid()}`,
      kind: 'webhook',
      url: 'https://partner.example/hooks',
      generateSecret: 'v1a',
    });
    expect(res.json).toMatchObject({
      secret: expect.stringMatching(/^whsk_/),
      publicKey: expect.stringMatching(/^whpk_/),
    });
  });

  it('disables and enables a channel with the reason shown', async () => {
    const id = `f-${uid()}`;
    await call('POST', '/api/channels', manager, { id, kind: 'folder', directory: join(h.outDir, 'x') });
    const off = await call('POST', `/api/channels/${id}/disable`, manager, { reason: 'CMS migration' });
    expect(off.json.channel).toMatchObject({ status: 'disabled', statusReason: 'CMS migration' });
    expect((await call('POST', `/api/channels/${id}/enable`, manager)).json.channel.status).toBe('active');
    expect((await call('POST', `/api/channels/nope-${uid()}/disable`, manager, {})).status).toBe(404);
  });

  it('links existing channels to a campaign and refuses unknown ones', async () => {
    const campaign = await h.example({ segments: 1 });
    const campaignId = `ch-${uid()}`;
    await call('POST', '/api/campaigns', manager, { ...campaign, campaignId, launch: false });
    const id = `f-${uid()}`;
    await call('POST', '/api/channels', manager, { id, kind: 'folder', directory: join(h.outDir, 'y') });
    expect((await call('POST', `/api/campaigns/${campaignId}/channels`, manager, { channelIds: [id] })).status).toBe(
      200,
    );
    const unknown = await call('POST', `/api/campaigns/${campaignId}/channels`, manager, { channelIds: ['nope'] });
    expect(unknown).toMatchObject({ status: 400, json: { error: { message: /klartext channels add nope/ } } });
    const linked = (await listCampaignChannels(h.pool, campaignId)).map((c) => c.id).sort();
    expect(linked).toEqual(['partner-webhook', id].sort());
  });
});

describe('feed endpoint', () => {
  it('serves entries and tombstones in pages to the bearer of the feed token only', async () => {
    const id = `feed-${uid()}`;
    const created = await call('POST', '/api/channels', manager, { id, kind: 'feed', languages: ['de'] });
    const token = created.json.feedToken;
    expect(token).toMatch(/^kft_/);
    const at = new Date('2026-10-01T08:00:00Z');
    await appendFeedEntry(h.pool, id, { deliveryId: 'msg_a', type: 'video.approved', timestamp: at, data: { n: 1 } });
    await appendFeedEntry(h.pool, id, { deliveryId: 'msg_b', type: 'video.approved', timestamp: at, data: { n: 2 } });
    await appendFeedEntry(h.pool, id, { deliveryId: 'msg_c', type: 'video.retracted', timestamp: at, data: { n: 1 } });

    expect((await call('GET', `/api/feeds/${id}`, undefined)).status).toBe(401);
    expect((await call('GET', `/api/feeds/${id}`, `kft_${'x'.repeat(43)}`)).status).toBe(401);
    expect((await call('GET', `/api/feeds/${id}`, manager)).status).toBe(401);
    expect((await call('GET', `/api/feeds/nope-${uid()}`, token)).status).toBe(401);

    const first = await call('GET', `/api/feeds/${id}?limit=2`, token);
    expect(first.json.entries).toEqual([
      { id: 'msg_a', type: 'video.approved', timestamp: at.toISOString(), data: { n: 1 } },
      { id: 'msg_b', type: 'video.approved', timestamp: at.toISOString(), data: { n: 2 } },
    ]);
    const second = await call('GET', `/api/feeds/${id}?limit=2&cursor=${first.json.nextCursor}`, token);
    expect(second.json.entries.map((e) => [e.id, e.type])).toEqual([['msg_c', 'video.retracted']]);
    const caughtUp = await call('GET', `/api/feeds/${id}?cursor=${second.json.nextCursor}`, token);
    expect(caughtUp.json).toEqual({ entries: [], nextCursor: second.json.nextCursor, hasMore: false });
    expect((await call('GET', `/api/feeds/${id}?cursor=garbage`, token)).status).toBe(400);
    expect((await call('GET', `/api/feeds/${id}?limit=0`, token)).status).toBe(400);
  });

  it('keeps the feed token on an update unless a new one is asked for', async () => {
    const id = `feed-${uid()}`;
    const first = await call('POST', '/api/channels', manager, { id, kind: 'feed' });
    const again = await call('POST', '/api/channels', manager, { id, kind: 'feed', tags: ['parents'] });
    expect(again.json.feedToken).toBeUndefined();
    expect((await call('GET', `/api/feeds/${id}`, first.json.feedToken)).status).toBe(200);
    const rotated = await call('POST', '/api/channels', manager, { id, kind: 'feed', generateToken: true });
    expect((await call('GET', `/api/feeds/${id}`, first.json.feedToken)).status).toBe(401);
    expect((await call('GET', `/api/feeds/${id}`, rotated.json.feedToken)).status).toBe(200);
  });
});
