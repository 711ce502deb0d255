// POST /api/campaigns/files: the three campaign files as texts — every problem at file:line, or the campaign stored.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { getCampaign } from '../../db/campaign-repo.ts';
import { upsertUserWithToken } from '../../db/user-repo.ts';
import { createHarness, type Harness } from '../support/harness.ts';

let h: Harness;
let app: ReturnType<typeof createApp>;
let manager: string;
beforeAll(async () => {
  h = await createHarness();
  app = createApp({ pool: h.pool, temporal: h.client, outDir: h.outDir });
  const s = randomBytes(3).toString('hex');
  manager = await upsertUserWithToken(h.pool, { id: `mgr-${s}`, displayName: 'Manager', role: 'campaign_manager' });
});
afterAll(() => h?.close());

const example = (file: string) => readFileSync(`examples/measles-catch-up/${file}`, 'utf8');
// The example's folder channel is relative to its own folder, which the server cannot know: send it without channels.
const campaignText = () =>
  example('campaign.yaml').replace(/^channels:\n(?:\s+.*\n)+?(?=segments:)/m, 'channels: []\n');

const send = (body: unknown, contentType = 'application/json') =>
  app.request('/api/campaigns/files', {
    method: 'POST',
    headers: { authorization: `Bearer ${manager}`, 'content-type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

interface Refusal {
  error: { code: string; message: string; problems?: { file: string; line: number; message: string }[] };
}

describe('POST /api/campaigns/files', () => {
  it('stores a draft from the files as written', async () => {
    const campaignId = `measles-files-${randomBytes(3).toString('hex')}`;
    const res = await send({
      campaignId,
      launch: false,
      campaign: { name: 'campaign.yaml', text: campaignText() },
      segments: { name: 'segments.csv', text: example('segments.csv') },
      claims: { name: 'claims.yaml', text: example('claims.yaml') },
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ campaignId, status: 'DRAFT', segments: 4 });
    const stored = await getCampaign(h.pool, campaignId);
    expect(stored?.brief.audiences?.['toddler-families']?.en).toBe('families with toddlers');
    expect(stored?.brief.concerns?.['vaccine-fears']?.myth).toBe('mmr-no-autism');
  });

  it('lists every problem of every file at its line and stores nothing', async () => {
    const campaignId = `measles-broken-${randomBytes(3).toString('hex')}`;
    const res = await send({
      campaignId,
      campaign: { name: 'campaign.yaml', text: campaignText().replace('width: 1280', 'width: wide') },
      segments: { name: 'segments.csv', text: example('segments.csv').replace(',plain,1210,', ',fancy,1210,') },
      claims: { name: 'claims.yaml', text: example('claims.yaml').replace('date: 2019-03-05', 'date: 2019-02-30') },
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as Refusal;
    expect(body.error.code).toBe('CampaignFilesInvalid');
    const files = new Set(body.error.problems?.map((p) => p.file));
    expect(files).toEqual(new Set(['campaign.yaml', 'segments.csv', 'claims.yaml']));
    expect(body.error.problems?.find((p) => p.file === 'segments.csv')?.line).toBe(3);
    expect(await getCampaign(h.pool, campaignId)).toBeUndefined();
  });

  it('answers a YAML body with what to send instead', async () => {
    for (const path of ['/api/campaigns', '/api/campaigns/files']) {
      const res = await app.request(path, {
        method: 'POST',
        headers: { authorization: `Bearer ${manager}`, 'content-type': 'application/yaml' },
        body: campaignText(),
      });
      expect(res.status).toBe(400);
      const { error } = (await res.json()) as Refusal;
      expect(error.message).toContain('klartext campaign launch');
      expect(error.message).toContain('/api/campaigns/files');
    }
  });
});
