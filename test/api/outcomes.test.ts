// Outcomes from channels in-process: Standard Webhooks verification (valid, forged, replayed, stale), feed tokens,
// out-of-order totals, unknown deliveries, body limits, and the suppressed per-segment view and CSV on two campaigns.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono } from 'hono';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { errorResponse, notFoundResponse } from '../../api/errors.ts';
import { outcomeRoutes } from '../../api/routes/outcomes.ts';
import { createCampaign } from '../../db/campaign-repo.ts';
import { upsertChannel } from '../../db/channel-repo.ts';
import { ensureDelivery, finishAttempt, startAttempt } from '../../db/delivery-repo.ts';
import { createPool } from '../../db/pool.ts';
import { createSecretBox } from '../../db/secrets.ts';
import { createSite } from '../../server/site.ts';
import { upsertUserWithToken } from '../../db/user-repo.ts';
import { deliveryId } from '../../activities/publish.ts';
import { signPayload } from '../../channels/signing.ts';
import { addChannelOutcomeGauge, createMetrics, scrape } from '../../config/metrics.ts';
import { outcomeTotalsByChannelKind } from '../../db/outcome-repo.ts';
import { feedTokenSha256Of } from '../../services/launch.ts';
import { parseSegmentTableWithLines } from '../../segments/segment-table.ts';
import { testBrief } from '../support/fixtures.ts';

const pool = createPool(inject('postgresUrl') ?? inject('pgliteUrl'), 2);
afterAll(() => pool.end());
const secrets = createSecretBox([randomBytes(32)]);
const app = new Hono().route('/', outcomeRoutes({ pool, secrets })).notFound(notFoundResponse).onError(errorResponse);
const uid = () => randomBytes(3).toString('hex');
const SECRET = `whsec_${randomBytes(32).toString('base64')}`;
const FEED_TOKEN = `kft_${randomBytes(32).toString('base64url')}`;
const EXAMPLES = join(import.meta.dirname, '../../examples');

let managerId: string;
let manager: string;
let hook: string;
let feed: string;

/** A campaign from an example's segments table (its first `n` segments), each video delivered to both channels. */
async function seed(example: string, n = 2) {
  const text = await readFile(join(EXAMPLES, example, 'segments.csv'), 'utf8');
  const segments = parseSegmentTableWithLines(text, 'segments.csv').segments.slice(0, n);
  const campaignId = `outcomes-${example}-${uid()}`;
  await createCampaign(pool, {
    id: campaignId,
    brief: testBrief({ name: campaignId }),
    segments,
    claims: [],
    createdBy: managerId,
  });
  const deliveries: Record<string, Record<string, string>> = {};
  for (const s of segments) {
    deliveries[s.id] = {};
    for (const channelId of [hook, feed]) {
      const parts = {
        campaignId,
        segmentId: s.id,
        channelId,
        eventType: 'video.approved',
        videoSha256: randomBytes(32).toString('hex'),
      };
      const id = deliveryId(parts);
      await ensureDelivery(pool, { id, ...parts });
      const attempt = await startAttempt(pool, id);
      await finishAttempt(pool, { id, attempt, statusCode: 200, latencyMs: 5, status: 'delivered' });
      deliveries[s.id]![channelId] = id;
    }
  }
  return { campaignId, segments, deliveries };
}

beforeAll(async () => {
  managerId = `om-${uid()}`;
  manager = await upsertUserWithToken(pool, { id: managerId, displayName: 'M', role: 'campaign_manager' });
  hook = `hook-${uid()}`;
  feed = `feed-${uid()}`;
  await upsertChannel(pool, secrets, {
    id: hook,
    kind: 'webhook',
    target: 'https://cms.example/hooks',
    secret: SECRET,
  });
  await upsertChannel(pool, secrets, { id: feed, kind: 'feed', feedTokenSha256: feedTokenSha256Of(FEED_TOKEN) });
});

interface Report {
  deliveryId: string;
  observedAt: string;
  views: number;
  completions: number;
  ctaClicks: number;
}
const message = (outcomes: Report[]) =>
  JSON.stringify({ type: 'video.outcomes', timestamp: new Date().toISOString(), data: { outcomes } });

/** Posts a message signed with the official library, as a channel would; `secret` and `at` forge or age it. */
async function post(
  channelId: string,
  body: string,
  opts: { id?: string; secret?: string; at?: Date; signature?: string; headers?: Record<string, string> } = {},
) {
  const id = opts.id ?? `msg_${uid()}${uid()}`;
  const at = opts.at ?? new Date();
  const signature = opts.signature ?? new Webhook(opts.secret ?? SECRET).sign(id, at, body);
  const res = await app.request(`/api/channels/${channelId}/outcomes`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': signature,
      ...opts.headers,
    },
    body,
  });
  const text = await res.text();
  return {
    status: res.status,
    text,
    json: JSON.parse(text) as Record<string, unknown> & { error: { message: string } },
  };
}

const outcomesOf = async (campaignId: string) => {
  const res = await app.request(`/api/campaigns/${campaignId}/outcomes`, {
    headers: { authorization: `Bearer ${manager}` },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { k: number; outcomes: (Report & { segmentId: string; channelId: string })[] };
};
const report = (deliveryId: string, views: number, completions: number, observedAt = new Date(), ctaClicks = 0) => ({
  deliveryId,
  observedAt: observedAt.toISOString(),
  views,
  completions,
  ctaClicks,
});
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

describe('inbound outcome messages', () => {
  it('takes in a message signed with the channel secret and stores its totals per segment and channel', async () => {
    const { campaignId, segments, deliveries } = await seed('autumn-vaccination-2026');
    const seg = segments[0]!.id;
    const res = await post(hook, message([report(deliveries[seg]![hook]!, 120, 80, minutesAgo(1), 14)]));
    expect(res).toMatchObject({ status: 202, json: { status: 'accepted', applied: 1, superseded: 0 } });
    const { outcomes } = await outcomesOf(campaignId);
    expect(outcomes).toEqual([
      expect.objectContaining({ segmentId: seg, channelId: hook, views: 120, completions: 80, ctaClicks: 14 }),
    ]);
  });

  it('accepts a header with several signatures when one of them is right', async () => {
    const { deliveries, segments } = await seed('measles-catch-up', 1);
    const body = message([report(deliveries[segments[0]!.id]![hook]!, 30, 20)]);
    const id = `msg_${uid()}${uid()}`;
    const at = new Date();
    const good = new Webhook(SECRET).sign(id, at, body);
    const wrong = new Webhook(`whsec_${randomBytes(32).toString('base64')}`).sign(id, at, body);
    const res = await post(hook, body, { id, at, signature: `${wrong} v1a,${'A'.repeat(86)}== ${good}` });
    expect(res.status).toBe(202);
  });

  it('refuses a forged message (wrong secret, altered body, no signature) with 401 and counts nothing', async () => {
    const { campaignId, segments, deliveries } = await seed('measles-catch-up', 1);
    const d = deliveries[segments[0]!.id]![hook]!;
    const otherSecret = `whsec_${randomBytes(32).toString('base64')}`;
    const wrongSecret = await post(hook, message([report(d, 500, 400)]), { secret: otherSecret });
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.json.error.message).toMatch(/does not verify: sign it with the channel's whsec_ secret/);
    const id = `msg_${uid()}${uid()}`;
    const at = new Date();
    const signed = new Webhook(SECRET).sign(id, at, message([report(d, 12, 11)]));
    const altered = await post(hook, message([report(d, 900, 800)]), { id, at, signature: signed });
    expect(altered.status).toBe(401);
    expect((await post(hook, message([report(d, 50, 40)]), { signature: '' })).status).toBe(401);
    // The feed's token does not open the webhook channel, nor a wrong token the feed.
    const token = { headers: { authorization: `Bearer ${FEED_TOKEN}` } };
    expect((await post(hook, message([report(d, 50, 40)]), token)).status).toBe(401);
    expect((await outcomesOf(campaignId)).outcomes).toEqual([]);
  });

  it('answers an unknown channel exactly as a wrong signature, so channel ids stay private', async () => {
    const unknown = await post(`nope-${uid()}`, message([report(`msg_${'0'.repeat(32)}`, 1, 1)]));
    const forged = await post(hook, message([report(`msg_${'0'.repeat(32)}`, 1, 1)]), {
      secret: `whsec_${randomBytes(32).toString('base64')}`,
    });
    expect(unknown.status).toBe(401);
    expect(unknown.json).toEqual(forged.json);
  });

  it('acknowledges a replay (same webhook-id and body) without counting it twice, and refuses an id reused', async () => {
    const { campaignId, segments, deliveries } = await seed('autumn-vaccination-2026', 1);
    const d = deliveries[segments[0]!.id]![hook]!;
    const id = `msg_${uid()}${uid()}`;
    const body = message([report(d, 40, 30, minutesAgo(2))]);
    expect((await post(hook, body, { id })).status).toBe(202);
    const replay = await post(hook, body, { id });
    expect(replay).toMatchObject({ status: 200, json: { status: 'replayed' } });
    const reused = await post(hook, message([report(d, 99, 90, minutesAgo(1))]), { id });
    expect(reused.status).toBe(409);
    expect(reused.json.error.message).toMatch(/used before for another body; give each message its own id/);
    expect((await outcomesOf(campaignId)).outcomes[0]).toMatchObject({ views: 40, completions: 30 });
  });

  it('refuses a stale or far-future timestamp with 401 and a malformed header with 400', async () => {
    const { deliveries, segments } = await seed('measles-catch-up', 1);
    const body = message([report(deliveries[segments[0]!.id]![hook]!, 20, 10)]);
    const stale = await post(hook, body, { at: minutesAgo(6) });
    expect(stale.status).toBe(401);
    expect(stale.json.error.message).toMatch(/in the past; messages are taken within 300 s/);
    expect((await post(hook, body, { at: minutesAgo(-6) })).json.error.message).toMatch(/in the future/);
    const noId = await post(hook, body, { headers: { 'webhook-id': '' } });
    expect(noId.status).toBe(400);
    expect(noId.json.error.message).toMatch(/webhook-id is missing/);
    expect((await post(hook, body, { headers: { 'webhook-timestamp': '12.5' } })).status).toBe(400);
  });

  it('keeps the newest totals whatever order the messages arrive in (cumulative, observed-at wins)', async () => {
    const { campaignId, segments, deliveries } = await seed('autumn-vaccination-2026', 2);
    const [a, b] = segments.map((s) => deliveries[s.id]![hook]!);
    const older = (d: string) => message([report(d, 30, 12, minutesAgo(30))]);
    const newer = (d: string) => message([report(d, 45, 20, minutesAgo(10))]);
    // In order for segment a, newest first for segment b: both end at the newer totals.
    expect((await post(hook, older(a!))).json).toMatchObject({ applied: 1 });
    expect((await post(hook, newer(a!))).json).toMatchObject({ applied: 1 });
    expect((await post(hook, newer(b!))).json).toMatchObject({ applied: 1 });
    const late = await post(hook, older(b!));
    expect(late).toMatchObject({ status: 202, json: { status: 'accepted', applied: 0, superseded: 1 } });
    const rows = (await outcomesOf(campaignId)).outcomes;
    expect(rows.map((r) => [r.segmentId, r.views, r.completions])).toEqual(
      segments.map((s) => [s.id, 45, 20]).sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    );
  });

  it('lets a feed channel report with its bearer token', async () => {
    const { campaignId, segments, deliveries } = await seed('measles-catch-up', 1);
    const body = message([report(deliveries[segments[0]!.id]![feed]!, 25, 15)]);
    const headers = { authorization: `Bearer ${FEED_TOKEN}` };
    expect((await post(feed, body, { signature: '', headers })).status).toBe(202);
    expect((await post(feed, body, { signature: '', headers: { authorization: 'Bearer kft_wrong' } })).status).toBe(
      401,
    );
    expect((await outcomesOf(campaignId)).outcomes).toEqual([expect.objectContaining({ channelId: feed, views: 25 })]);
  });

  it('refuses a delivery the channel was not sent with 404, storing none of the message', async () => {
    const { campaignId, segments, deliveries } = await seed('autumn-vaccination-2026', 1);
    const own = deliveries[segments[0]!.id]![hook]!;
    const othersChannel = deliveries[segments[0]!.id]![feed]!;
    const res = await post(hook, message([report(own, 50, 40), report(othersChannel, 50, 40)]));
    expect(res.status).toBe(404);
    expect(res.json.error.message).toMatch(
      new RegExp(`Channel ${hook} was sent no video under delivery id ${othersChannel}`),
    );
    expect((await outcomesOf(campaignId)).outcomes).toEqual([]);
  });

  it('names the field of an invalid report and never stores a half-valid message', async () => {
    const { deliveries, segments } = await seed('measles-catch-up', 1);
    const d = deliveries[segments[0]!.id]![hook]!;
    const cases: [unknown, RegExp][] = [
      [report(d, 10, 11), /data\.outcomes\.0\.completions: must not exceed views/],
      [report(d, -1, 0), /data\.outcomes\.0\.views: must be 0 or more/],
      [report(d, 1.5, 0), /views: must be a whole number/],
      [{ ...report(d, 5, 1), observedAt: 'yesterday' }, /observedAt: must be an ISO 8601 time/],
      [report(d, 5, 1, minutesAgo(-60)), /observedAt: lies in the future/],
      [{ ...report(d, 5, 1), extra: 1 }, /data\.outcomes\.0/],
    ];
    for (const [bad, why] of cases) {
      const res = await post(hook, message([bad as Report]));
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.json.error.message).toMatch(why);
    }
    const twice = await post(hook, message([report(d, 5, 1), report(d, 6, 1)]));
    expect(twice.json.error.message).toMatch(/reported twice in one message/);
    expect((await post(hook, 'not json')).json.error.message).toMatch(/not UTF-8 JSON/);
    expect((await post(hook, '{"type":"video.approved"}')).json.error.message).toMatch(
      /at type: must be "video.outcomes"/,
    );
  });

  it('answers hostile bodies, even correctly signed, with a 400 that repeats none of them', async () => {
    const hostile = [
      '['.repeat(10_000) + ']'.repeat(10_000),
      message([{ ...report(`msg_${'0'.repeat(32)}`, 1, 1), deliveryId: 'msg_\u0000bad' }]),
      JSON.stringify({ type: 'video.outcomes', timestamp: 'x\uD800', data: { outcomes: [] } }),
    ];
    for (const body of hostile) {
      const res = await post(hook, body);
      expect(res.status).toBe(400);
      expect(res.text).not.toMatch(/\\u0000|\uD800|\[\[\[/);
    }
    const bytes = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
    const id = `msg_${uid()}${uid()}`;
    const at = new Date();
    const res = await app.request(`/api/channels/${hook}/outcomes`, {
      method: 'POST',
      headers: {
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        // The official library signs text; these bytes are not, so they are signed as bytes.
        'webhook-signature': signPayload({
          secret: SECRET,
          msgId: id,
          timestamp: Math.floor(at.getTime() / 1000),
          body: bytes,
        }),
      },
      body: bytes,
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/not UTF-8 JSON/);
  });

  it('is served by the whole site without a session or CSRF token (nothing Temporal is asked)', async () => {
    const site = createSite({ pool, secrets, temporal: undefined as never, outDir: inject('tmpRoot') });
    const { segments, deliveries } = await seed('measles-catch-up', 1);
    const body = message([report(deliveries[segments[0]!.id]![hook]!, 13, 12)]);
    const id = `msg_${uid()}${uid()}`;
    const at = new Date();
    const res = await site.request(`/api/channels/${hook}/outcomes`, {
      method: 'POST',
      headers: {
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': new Webhook(SECRET).sign(id, at, body),
      },
      body,
    });
    expect([res.status, await res.json()]).toEqual([202, { status: 'accepted', applied: 1, superseded: 0 }]);
    const huge = await site.request(`/api/channels/${hook}/outcomes`, { method: 'POST', body: 'x'.repeat(70 * 1024) });
    expect(huge.status).toBe(413);
  });

  it('refuses a body over 64 KiB with 413 before reading it all', async () => {
    const big = JSON.stringify({ type: 'video.outcomes', padding: 'x'.repeat(70 * 1024) });
    const res = await post(hook, big);
    expect(res.status).toBe(413);
    expect(res.json.error.message).toMatch(/over 64 KiB; split its reports/);
  });
});

describe.each(['autumn-vaccination-2026', 'measles-catch-up'])('campaign outcomes of %s', (example) => {
  it('suppresses counts below k as {below: k} and leaves out the rate they would reveal', async () => {
    const { campaignId, segments, deliveries } = await seed(example, 2);
    const [a, b] = segments.map((s) => s.id);
    await post(hook, message([report(deliveries[a!]![hook]!, 200, 150, minutesAgo(5), 11)]));
    await post(hook, message([report(deliveries[b!]![hook]!, 40, 7, minutesAgo(5), 0)]));
    const { k, outcomes } = await outcomesOf(campaignId);
    expect(k).toBe(11);
    expect(outcomes.find((o) => o.segmentId === a)).toMatchObject({
      views: 200,
      completions: 150,
      ctaClicks: 11,
      completionRate: 0.75,
    });
    const small = outcomes.find((o) => o.segmentId === b)!;
    expect(small).toMatchObject({ views: 40, completions: { below: 11 }, ctaClicks: 0 });
    expect(small).not.toHaveProperty('completionRate');
  });

  it('pages the JSON rows with a next link that the last page leaves out, and refuses a forged cursor', async () => {
    const { campaignId, segments, deliveries } = await seed(example, 3);
    const ids = segments.map((s) => s.id);
    await post(hook, message(ids.map((id, i) => report(deliveries[id]![hook]!, 100 + i, 50, minutesAgo(5)))));
    const get = async (path: string) => {
      const res = await app.request(path, { headers: { authorization: `Bearer ${manager}` } });
      return { status: res.status, body: (await res.json()) as { outcomes: { segmentId: string }[]; next?: string } };
    };
    const first = await get(`/api/campaigns/${campaignId}/outcomes?limit=2`);
    expect(first.body.outcomes.map((o) => o.segmentId)).toEqual([...ids].sort().slice(0, 2));
    expect(first.body.next).toMatch(new RegExp(`^/api/campaigns/${campaignId}/outcomes\\?limit=2&cursor=`));
    const second = await get(first.body.next!);
    expect(second.body.outcomes.map((o) => o.segmentId)).toEqual([...ids].sort().slice(2));
    expect(second.body).not.toHaveProperty('next');
    expect((await get(`/api/campaigns/${campaignId}/outcomes?cursor=bm90LWEtY3Vyc29y`)).status).toBe(400);
    expect((await get(`/api/campaigns/${campaignId}/outcomes?limit=0`)).status).toBe(400);
  });

  it('exports the same suppressed rows as CSV', async () => {
    const { campaignId, segments, deliveries } = await seed(example, 2);
    const [a, b] = segments.map((s) => s.id);
    await post(hook, message([report(deliveries[a!]![hook]!, 120, 60, minutesAgo(5), 3)]));
    await post(feed, message([report(deliveries[b!]![feed]!, 9, 2, minutesAgo(5))]), {
      signature: '',
      headers: { authorization: `Bearer ${FEED_TOKEN}` },
    });
    const res = await app.request(`/api/campaigns/${campaignId}/outcomes.csv`, {
      headers: { authorization: `Bearer ${manager}` },
    });
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'segment_id,channel_id,video_sha256,views,completions,cta_clicks,completion_rate,observed_at',
    );
    const cells = lines.slice(1).map((l) => l.split(','));
    expect(
      cells
        .find((c) => c[0] === a)
        ?.slice(1, 7)
        .filter((_, i) => i !== 1),
    ).toEqual([hook, '120', '60', '<11', '0.5000']);
    expect(cells.find((c) => c[0] === b)?.slice(3, 7)).toEqual(['<11', '<11', '0', '']);
  });
});

describe('campaign outcome reads', () => {
  it('are for the campaign managers only', async () => {
    const { campaignId } = await seed('measles-catch-up', 1);
    const other = await upsertUserWithToken(pool, { id: `om2-${uid()}`, displayName: 'O', role: 'campaign_manager' });
    const reviewer = await upsertUserWithToken(pool, { id: `or-${uid()}`, displayName: 'R', role: 'medical_reviewer' });
    const get = (token?: string) =>
      app.request(`/api/campaigns/${campaignId}/outcomes.csv`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
    expect((await get()).status).toBe(401);
    expect((await get(reviewer)).status).toBe(403);
    expect((await get(other)).status).toBe(404);
  });
});

describe('klartext_channel_outcomes', () => {
  it('adds what channels report to the totals by channel kind at the next scrape', async () => {
    const metrics = createMetrics({ processMetrics: false });
    addChannelOutcomeGauge(metrics, () => outcomeTotalsByChannelKind(pool));
    const value = (text: string, series: string) =>
      Number(
        text
          .split('\n')
          .find((l) => l.startsWith(`${series} `))
          ?.split(' ')[1] ?? 0,
      );
    const views = 'klartext_channel_outcomes{channel_kind="webhook",measure="views"}';
    const clicks = 'klartext_channel_outcomes{channel_kind="webhook",measure="cta_clicks"}';
    const before = await scrape(metrics);
    const { segments, deliveries } = await seed('measles-catch-up', 1);
    await post(hook, message([report(deliveries[segments[0]!.id]![hook]!, 321, 100, minutesAgo(1), 17)]));
    const after = await scrape(metrics);
    expect(value(after, views) - value(before, views)).toBe(321);
    expect(value(after, clicks) - value(before, clicks)).toBe(17);
  });
});
