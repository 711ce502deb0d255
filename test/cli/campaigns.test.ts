// `klartext campaigns managers list|add|remove` against the delegation API on the suite database.
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { managerRoutes } from '../../api/routes/managers.ts';
import { createCampaign } from '../../db/campaign-repo.ts';
import { isManager } from '../../db/manager-repo.ts';
import { createPool, type Pool } from '../../db/pool.ts';
import { upsertUserWithToken } from '../../db/user-repo.ts';
import { serveForCli, type CliApi } from '../support/cli-api.ts';
import { klartextIn } from './run.ts';
import { testBrief } from '../support/fixtures.ts';

const uid = () => randomBytes(3).toString('hex');
const brief = testBrief({ name: 'cli-managers', title: 'CLI managers', topic: 'test', callToAction: { de: 'C' } });

let pool: Pool;
let api: CliApi;
let owner: string;
let colleague: string;
let campaignId: string;

beforeAll(async () => {
  pool = createPool(inject('postgresUrl') ?? inject('pgliteUrl'), 3);
  owner = `cli-owner-${uid()}`;
  colleague = `cli-colleague-${uid()}`;
  const token = await upsertUserWithToken(pool, { id: owner, displayName: 'Owner', role: 'campaign_manager' });
  await upsertUserWithToken(pool, { id: colleague, displayName: 'Colleague', role: 'campaign_manager' });
  campaignId = `cli-campaign-${uid()}`;
  await createCampaign(pool, { id: campaignId, brief, segments: [], claims: [], createdBy: owner });
  api = await serveForCli(new Hono().route('/api/campaigns', managerRoutes({ pool })), token);
});

afterAll(async () => {
  await api?.close();
  await pool?.end();
});

const managers = (argv: string[]) => klartextIn(['campaigns', 'managers', ...argv]);

describe('klartext campaigns managers', () => {
  it('lists the creator as the first manager, as a table and as JSON', async () => {
    const table = await managers(['list', campaignId]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(new RegExp(`^${owner} +active +granted by ${owner} .+ Owner$`, 'm'));
    const json = await managers(['list', campaignId, '--json']);
    expect(JSON.parse(json.stdout)).toEqual([expect.objectContaining({ userId: owner, grantedBy: owner })]);
  });

  it('adds a co-manager and removes them again', async () => {
    const added = await managers(['add', campaignId, colleague]);
    expect([added.code, added.stdout]).toEqual([0, `${colleague} now manages campaign ${campaignId}.`]);
    expect(await isManager(pool, campaignId, colleague)).toBe(true);
    const removed = await managers(['remove', campaignId, colleague]);
    expect([removed.code, removed.stdout]).toEqual([0, `${colleague} no longer manages campaign ${campaignId}.`]);
    expect(await isManager(pool, campaignId, colleague)).toBe(false);
  });

  it("refuses to remove the campaign's last manager with the API's reason", async () => {
    await expect(managers(['remove', campaignId, owner])).rejects.toMatchObject({
      status: 409,
      message: expect.stringMatching(/last manager of campaign .*add another manager first/),
    });
    expect(await isManager(pool, campaignId, owner)).toBe(true);
  });

  it('refuses a missing user in one line before asking the API, exit 2', async () => {
    const r = await managers(['add', campaignId]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing required argument 'user'/);
  });
});
