// `klartext campaign outcomes` against the outcome API on the suite database: table, CSV and JSON, suppressed alike.
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
let empty: string;
const channelId = `cli-cms-${uid()}`;

beforeAll(async () => {
  pool = createPool(inject('postgresUrl') ?? inject('pgliteUrl'), 3);
  const owner = `cli-outcomes-${uid()}`;
  const token = await upsertUserWithToken(pool, { id: owner, displayName: 'Owner', role: 'campaign_manager' });
  campaignId = `cli-outcomes-${uid()}`;
  empty = `cli-outcomes-empty-${uid()}`;
  const segments = [testSegment('tr-parents', { language: 'tr' }), testSegment('uk-seniors', { language: 'uk' })];
  await createCampaign(pool, { id: campaignId, brief: testBrief(), segments, claims: [], createdBy: owner });
  await createCampaign(pool, { id: empty, brief: testBrief(), segments: [], claims: [], createdBy: owner });
  await upsertChannel(pool, undefined, { id: channelId, kind: 'folder', target: '/srv/cms' });
  const counts = { 'tr-parents': [400, 300, 25], 'uk-seniors': [60, 4, 0] } as const;
  for (const [segmentId, [views, completions, ctaClicks]] of Object.entries(counts)) {
    await seedDeliveredOutcome(pool, { campaignId, segmentId, channelId, views, completions, ctaClicks });
  }
  api = await serveForCli(new Hono().route('/', outcomeRoutes({ pool })), token);
});

afterAll(async () => {
  await api?.close();
  await pool?.end();
});

describe('klartext campaign outcomes', () => {
  it('prints one row per segment, channel and video with counts below k shown as <k', async () => {
    const out = await klartextIn(['campaign', 'outcomes', campaignId]);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/counts from 1 to 10 shown as <11/);
    expect(out.stdout).toMatch(new RegExp(`^tr-parents +${channelId} +c{12} +400 +300 +75\\.0 % +25$`, 'm'));
    expect(out.stdout).toMatch(new RegExp(`^uk-seniors +${channelId} +c{12} +60 +<11 +— +0$`, 'm'));
  });

  it('prints the CSV export and the JSON answer, suppressed the same way', async () => {
    const csv = (await klartextIn(['campaign', 'outcomes', campaignId, '--csv'])).stdout.split('\r\n');
    expect(csv[0]).toBe('segment_id,channel_id,video_sha256,views,completions,cta_clicks,completion_rate,observed_at');
    expect(csv[2]).toBe(`uk-seniors,${channelId},${'c'.repeat(64)},60,<11,0,,2026-12-01T08:00:00.000Z`);
    const json = JSON.parse((await klartextIn(['campaign', 'outcomes', campaignId, '--json'])).stdout);
    expect(json).toMatchObject({ k: 11, outcomes: [{ views: 400 }, { completions: { below: 11 } }] });
  });

  it('says when nothing was reported, and refuses --csv with --json', async () => {
    expect((await klartextIn(['campaign', 'outcomes', empty])).stdout).toBe(
      `No channel has reported outcomes for campaign ${empty} yet.`,
    );
    const both = await klartextIn(['campaign', 'outcomes', empty, '--csv', '--json']).catch((err: unknown) => err);
    expect(String((both as { stderr?: string }).stderr ?? both)).toMatch(/--csv.*cannot be used with.*--json/);
  });
});
