// `klartext campaign variants` against the API on the suite database: a flu-vaccination campaign whose segment runs a
// second script on one channel, compared as a table and as JSON, with no winner named.
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { outcomeRoutes } from '../../api/routes/outcomes.ts';
import { createCampaign } from '../../db/campaign-repo.ts';
import { upsertChannel } from '../../db/channel-repo.ts';
import { createPool, type Pool } from '../../db/pool.ts';
import { upsertUserWithToken } from '../../db/user-repo.ts';
import { serveForCli, type CliApi } from '../support/cli-api.ts';
import { testBrief, testSegment } from '../support/fixtures.ts';
import { seedDeliveredOutcome } from '../support/outcome-seed.ts';
import { klartextIn } from './run.ts';

const uid = () => randomBytes(3).toString('hex');
let pool: Pool;
let api: CliApi;
let campaignId: string;
let plain: string;
const cms = `cli-var-cms-${uid()}`;
const app = `cli-var-app-${uid()}`;

beforeAll(async () => {
  pool = createPool(inject('postgresUrl') ?? inject('pgliteUrl'), 3);
  const owner = `cli-variants-${uid()}`;
  const token = await upsertUserWithToken(pool, { id: owner, displayName: 'Owner', role: 'campaign_manager' });
  campaignId = `flu-shot-${uid()}`;
  plain = `flu-shot-plain-${uid()}`;
  const variants = { split: 'channel' as const, channels: [app], b: { name: 'myth-first' } };
  // The repository adds variant B's row (`pl-workers.b`) from the brief.
  const segments = [testSegment('pl-workers', { language: 'pl' })];
  await createCampaign(pool, {
    id: campaignId,
    brief: testBrief({ variants }),
    segments,
    claims: [],
    createdBy: owner,
  });
  await createCampaign(pool, { id: plain, brief: testBrief(), segments: [], claims: [], createdBy: owner });
  for (const id of [cms, app]) await upsertChannel(pool, undefined, { id, kind: 'folder', target: '/srv/cms' });
  const counts = [
    ['pl-workers', cms, 500, 210],
    ['pl-workers', app, 30, 4],
    ['pl-workers.b', app, 480, 260],
  ] as const;
  for (const [segmentId, channelId, views, completions] of counts) {
    await seedDeliveredOutcome(pool, { campaignId, segmentId, channelId, views, completions });
  }
  api = await serveForCli(new Hono().route('/', outcomeRoutes({ pool })), token);
});

afterAll(async () => {
  await api?.close();
  await pool?.end();
});

describe('klartext campaign variants', () => {
  it('prints A and B per varied segment with rates, 95 % intervals and the rows left out below k', async () => {
    const out = await klartextIn(['campaign', 'variants', campaignId]);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain(`B "myth-first", split by channel`);
    expect(out.stdout).toMatch(/a row with a count below 11 is left out/);
    const sorted = [app, cms].sort().join(', ');
    expect(out.stdout).toMatch(
      new RegExp(`^pl-workers +A +${sorted} +500 +210 +42\\.0 % +37\\.8 % – 46\\.4 % +1$`, 'm'),
    );
    expect(out.stdout).toMatch(
      new RegExp(`^pl-workers.b +B +${app} +480 +260 +54\\.2 % +49\\.7 % – 58\\.6 % +0$`, 'm'),
    );
    expect(out.stdout).not.toMatch(/winner|better|significant/i);
  });

  it('prints the JSON answer, and says when a campaign runs no variants', async () => {
    const json = JSON.parse((await klartextIn(['campaign', 'variants', campaignId, '--json'])).stdout);
    expect(json).toMatchObject({
      k: 11,
      b: { name: 'myth-first', split: 'channel' },
      variants: [{ segmentId: 'pl-workers', a: { views: 500 }, b: { views: 480, withheldRows: 0 } }],
    });
    expect((await klartextIn(['campaign', 'variants', plain])).stdout).toBe(
      `Campaign ${plain} runs no script variants.`,
    );
  });
});
