// `GET /api/campaigns/:id/variants` in-process: a hearing-screening campaign whose segment runs variant B on one
// channel, its outcomes stored as channels report them; sums over published rows only, 404s, no winner.
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { deliveryId } from '../../activities/publish.ts';
import { errorResponse, notFoundResponse } from '../../api/errors.ts';
import { outcomeRoutes } from '../../api/routes/outcomes.ts';
import { createCampaign } from '../../db/campaign-repo.ts';
import { upsertChannel } from '../../db/channel-repo.ts';
import { ensureDelivery, finishAttempt, startAttempt } from '../../db/delivery-repo.ts';
import { recordOutcomeMessage } from '../../db/outcome-repo.ts';
import { createPool } from '../../db/pool.ts';
import { upsertUserWithToken } from '../../db/user-repo.ts';
import type { CampaignVariantComparison } from '../../services/variants.ts';
import { testBrief, testSegment } from '../support/fixtures.ts';

const pool = createPool(inject('postgresUrl') ?? inject('pgliteUrl'), 2);
afterAll(() => pool.end());
const app = new Hono().route('/', outcomeRoutes({ pool })).notFound(notFoundResponse).onError(errorResponse);
const uid = () => randomBytes(3).toString('hex');
const cms = `hear-cms-${uid()}`;
const feed = `hear-feed-${uid()}`;
const radio = `hear-radio-${uid()}`;
let manager: string;
let managerId: string;

const VARIANTS = {
  split: 'channel' as const,
  channels: [feed],
  segments: ['older-adults'],
  b: { name: 'question-first', instruction: 'Open with the question listeners ask most.' },
};

/** Delivers `segmentId`'s video to `channelId` and stores what the channel reported for it. */
async function reported(campaignId: string, segmentId: string, channelId: string, views: number, completions: number) {
  const parts = {
    campaignId,
    segmentId,
    channelId,
    eventType: 'video.approved',
    videoSha256: randomBytes(32).toString('hex'),
  };
  const id = deliveryId(parts);
  await ensureDelivery(pool, { id, ...parts });
  await finishAttempt(pool, { id, attempt: await startAttempt(pool, id), latencyMs: 1, status: 'delivered' });
  await recordOutcomeMessage(pool, {
    channelId,
    webhookId: `msg_${uid()}${uid()}`,
    bodySha256: 'e'.repeat(64),
    reports: [{ deliveryId: id, observedAt: new Date('2026-12-05T09:00:00Z'), views, completions, ctaClicks: 0 }],
  });
}

async function hearingCampaign(variants: typeof VARIANTS | null = VARIANTS) {
  const campaignId = `hearing-screening-${uid()}`;
  const segments = [testSegment('older-adults', { size: 120 }), testSegment('carers', { size: 60 })];
  await createCampaign(pool, {
    id: campaignId,
    brief: testBrief({ name: campaignId, title: 'Hörtest ab 60', ...(variants ? { variants } : {}) }),
    // Variant B's row (`older-adults.b`) is added by the repository from the brief's variants.
    segments,
    claims: [],
    createdBy: managerId,
  });
  return campaignId;
}

const variantsOf = async (campaignId: string, token = manager) => {
  const res = await app.request(`/api/campaigns/${campaignId}/variants`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return {
    status: res.status,
    json: (await res.json()) as CampaignVariantComparison & { error?: { message: string } },
  };
};

beforeAll(async () => {
  managerId = `hear-m-${uid()}`;
  manager = await upsertUserWithToken(pool, { id: managerId, displayName: 'M', role: 'campaign_manager' });
  for (const id of [cms, feed, radio]) await upsertChannel(pool, undefined, { id, kind: 'folder', target: '/srv/x' });
});

describe('GET /api/campaigns/:id/variants', () => {
  it('answers A and B per varied segment with rates and 95 % intervals over the published rows', async () => {
    const campaignId = await hearingCampaign();
    await reported(campaignId, 'older-adults', cms, 400, 220);
    await reported(campaignId, 'older-adults', radio, 60, 7); // completions below k: left out whole
    await reported(campaignId, 'older-adults.b', feed, 350, 245);
    await reported(campaignId, 'carers', cms, 90, 40); // not varied: not compared
    const { status, json } = await variantsOf(campaignId);
    expect(status).toBe(200);
    expect(json.k).toBe(11);
    expect(json.b).toEqual({ name: 'question-first', split: 'channel' });
    expect(json.variants).toHaveLength(1);
    const [cmp] = json.variants;
    expect(cmp).toMatchObject({
      segmentId: 'older-adults',
      a: {
        views: 400,
        completions: 220,
        completionRate: 0.55,
        rows: 1,
        withheldRows: 1,
        channels: [cms, radio].sort(),
      },
      b: { segmentId: 'older-adults.b', views: 350, completions: 245, completionRate: 0.7, rows: 1, withheldRows: 0 },
    });
    expect(cmp!.a.interval!.low).toBeCloseTo(0.501, 4);
    expect(cmp!.a.interval!.high).toBeCloseTo(0.598, 4);
    expect(cmp!.b.interval!.low).toBeCloseTo(0.65, 4);
    expect(cmp!.b.interval!.high).toBeCloseTo(0.7456, 4);
    expect(JSON.stringify(json)).not.toMatch(/winner|better|significant/i);
  });

  it('lists a varied segment before any channel reported, without rates', async () => {
    const { json } = await variantsOf(await hearingCampaign());
    expect(json.variants).toEqual([
      expect.objectContaining({
        segmentId: 'older-adults',
        a: expect.objectContaining({ views: 0, completions: 0, rows: 0 }),
        b: expect.objectContaining({ views: 0, completions: 0, rows: 0 }),
      }),
    ]);
    expect(json.variants[0]!.a).not.toHaveProperty('interval');
  });

  it('answers no variants and b null for a campaign without them', async () => {
    const campaignId = await hearingCampaign(null);
    await reported(campaignId, 'older-adults', cms, 100, 50);
    expect((await variantsOf(campaignId)).json).toEqual({ k: 11, variants: [], b: null });
  });

  it('answers 404 for an unknown campaign and for another manager’s, 403 to a reviewer', async () => {
    const admin = await upsertUserWithToken(pool, { id: `hear-a-${uid()}`, displayName: 'A', role: 'admin' });
    const unknown = await variantsOf(`no-such-${uid()}`, admin);
    expect(unknown.status).toBe(404);
    expect(unknown.json.error?.message).toMatch(/^No campaign no-such-/);
    const campaignId = await hearingCampaign();
    const other = await upsertUserWithToken(pool, {
      id: `hear-o-${uid()}`,
      displayName: 'O',
      role: 'campaign_manager',
    });
    expect((await variantsOf(campaignId, other)).status).toBe(404);
    const reviewer = await upsertUserWithToken(pool, {
      id: `hear-r-${uid()}`,
      displayName: 'R',
      role: 'medical_reviewer',
    });
    expect((await variantsOf(campaignId, reviewer)).status).toBe(403);
  });
});
