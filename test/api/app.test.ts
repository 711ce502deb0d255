// The HTTP API in-process (app.request): authentication, launch validation, nothing stored on bad input.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { getCampaign } from '../../db/campaign-repo.ts';
import { upsertUserWithToken } from '../../db/user-repo.ts';
import { createHarness, type Harness } from '../support/harness.ts';

let h: Harness;
let app: ReturnType<typeof createApp>;
let managerToken: string;
let reviewerToken: string;
beforeAll(async () => {
  h = await createHarness();
  // The example's receiver is plain http on loopback: refused at creation unless allowed, as deliveries would refuse it.
  app = createApp({ pool: h.pool, temporal: h.client, outDir: h.outDir, secrets: h.secrets, allowHttpLoopback: true });
  const suffix = randomBytes(3).toString('hex');
  managerToken = await upsertUserWithToken(h.pool, { id: `m-${suffix}`, displayName: 'M', role: 'campaign_manager' });
  reviewerToken = await upsertUserWithToken(h.pool, { id: `r-${suffix}`, displayName: 'R', role: 'medical_reviewer' });
});
afterAll(() => h?.close());

const post = (path: string, token: string | undefined, body: unknown) =>
  app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

describe('HTTP API', () => {
  it('reports health of database and Temporal', async () => {
    const res = await app.request('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', db: 'ok', temporal: 'ok' });
  });

  it('refuses a launch without a token, or by a reviewer', async () => {
    const campaign = await h.example({ segments: 1 });
    expect((await post('/api/campaigns', undefined, campaign)).status).toBe(401);
    const res = await post('/api/campaigns', reviewerToken, campaign);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/campaign_manager/);
  });

  it('refuses an invalid launch naming the field, and stores nothing', async () => {
    const campaign = await h.example({ segments: 2 });
    const campaignId = `bad-${randomBytes(3).toString('hex')}`;
    const broken = { ...campaign, campaignId, segments: campaign.segments.map((s) => ({ ...s, size: 1 })) };
    const res = await post('/api/campaigns', managerToken, broken);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/segments\.0\.size/);
    expect(await getCampaign(h.pool, campaignId)).toBeUndefined();
  });

  it('stores the brief as the campaign files were parsed, with channel ids in place of their secrets', async () => {
    const campaign = await h.example({ segments: 1 });
    const campaignId = `rt-${randomBytes(3).toString('hex')}`;
    const res = await post('/api/campaigns', managerToken, { ...campaign, campaignId });
    expect(res.status).toBe(201);
    const channels = [{ ref: 'partner-webhook' }];
    expect((await getCampaign(h.pool, campaignId))?.brief).toEqual({ ...campaign.brief, channels });
    await h.client.workflow.getHandle(`campaign/${campaignId}`).terminate('test done');
  });

  it('serves only fixed asset names inside the asset store', async () => {
    expect((await app.request('/assets/x/y/secret.txt')).status).toBe(404);
    expect((await app.request('/assets/..%2F..%2Fetc/y/video.mp4')).status).toBe(404);
  });
});
