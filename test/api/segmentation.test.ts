// Segmentation through the HTTP API: spec, streamed upload of respondent data segmented on a worker, versioned sets,
// launch.
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertUserWithToken } from '../../db/user-repo.ts';
import { parseSegmentationSpec } from '../../segments/spec.ts';
import type { Claim } from '../../shared/types.ts';
import { createHarness, type Harness } from '../support/harness.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const HPS = join(ROOT, 'test', 'fixtures', 'hps_week22_sample', 'hps_week22_vaccine_sample_1in10.csv');
let h: Harness;
let token: string;
let spec: string;
let strategy: string;
let hps: Buffer;

beforeAll(async () => {
  h = await createHarness();
  token = await upsertUserWithToken(h.pool, {
    id: `seg-m-${randomBytes(3).toString('hex')}`,
    displayName: 'M',
    role: 'campaign_manager',
  });
  spec = await readFile(join(ROOT, 'examples', 'hps-week22', 'segmentation.yaml'), 'utf8');
  strategy = await readFile(join(ROOT, 'examples', 'hps-week22', 'strategy.yaml'), 'utf8');
  hps = await readFile(HPS);
  await h.startWorkers();
});
afterAll(() => h?.close());

async function call(method: string, path: string, body?: string | Buffer, type = 'application/json') {
  const res = await fetch(`${h.server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': type },
    body,
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> & { error?: { message: string } } };
}

/** Uploads `hps`, expects 202, and polls the upload until its workflow has finished; returns the final state. */
async function upload(id: string) {
  const started = await call('POST', `/api/campaigns/${id}/segment-sets?name=hps.csv`, hps, 'text/csv');
  expect(started.status).toBe(202);
  for (;;) {
    const state = await call('GET', `/api/campaigns/${id}/segment-sets/uploads/${started.json.uploadId as string}`);
    expect(state.status).toBe(200);
    if (state.json.status !== 'RUNNING') return state.json;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A draft campaign whose one English claim answers every HPS concern, so coverage can pass. */
async function draftCampaign(): Promise<string> {
  const example = await h.example({ segments: 1 });
  const claim: Claim = {
    ...example.claims.find((c) => c.status === 'active')!,
    id: 'hps-any-concern',
    topics: Object.keys(parseSegmentationSpec(spec, 'segmentation.yaml').concerns.vocabulary),
  };
  const campaignId = `seg-${randomBytes(4).toString('hex')}`;
  const r = await call(
    'POST',
    '/api/campaigns',
    JSON.stringify({ campaignId, brief: example.brief, segments: [], claims: [claim], launch: false }),
  );
  expect(r.status).toBe(201);
  return campaignId;
}

describe('segmentation API', () => {
  it('builds an uploaded respondent file into a versioned segment set and launches with it', async () => {
    const id = await draftCampaign();
    expect((await call('PUT', `/api/campaigns/${id}/segmentation`, JSON.stringify({ spec, strategy }))).status).toBe(
      200,
    );
    const up = await upload(id);
    expect(up).toMatchObject({
      status: 'COMPLETED',
      version: 1,
      report: { rowsRead: 6835, rowsUsed: 2438, identifiersDropped: ['SCRAM'] },
    });
    const again = await upload(id);
    expect(again.version).toBe(2);
    // The raw file is gone once its segmentation is over.
    expect(await readdir(join(h.outDir, '.uploads'))).toEqual([]);

    const stored = await h.pool.query('SELECT result::text AS r FROM segment_sets WHERE campaign_id = $1', [id]);
    // Aggregates only: no respondent id, no raw weight from the file is stored.
    for (const row of stored.rows) {
      expect(row.r).not.toContain('V220000001S10011352410113');
      expect(row.r).not.toContain('3285.4016952');
    }
    const segments = await h.pool.query('SELECT language, size, profile FROM segments WHERE campaign_id = $1', [id]);
    expect(segments.rows.length).toBe(up.segments as number);
    expect(segments.rows.every((s) => s.language === 'en' && s.size >= 11 && s.profile.strategy)).toBe(true);

    const launched = await call('POST', `/api/campaigns/${id}/launch`);
    expect(launched.status).toBe(201);
    await h.client.workflow.getHandle(`campaign/${id}`).terminate('test: launched is all we check');
    const late = await call('POST', `/api/campaigns/${id}/segment-sets`, hps, 'text/csv');
    expect(late.status).toBe(409);
  });

  it('refuses an identifier column the spec does not drop, and stores nothing', async () => {
    const id = await draftCampaign();
    const noDrop = spec.replace('drop: [SCRAM]', 'drop: []');
    expect((await call('PUT', `/api/campaigns/${id}/segmentation`, JSON.stringify({ spec: noDrop }))).status).toBe(200);
    const up = await upload(id);
    expect(up).toMatchObject({ status: 'FAILED', error: { code: 'InputError' } });
    const { message } = up.error as { message: string };
    expect(message).toMatch(/hps\.csv:1:\d+: .*SCRAM/);
    expect(message).not.toContain('V2200000');
    expect((await call('GET', `/api/campaigns/${id}/segment-sets`)).json.items).toEqual([]);
  });

  it('refuses a broken spec with its line and column', async () => {
    const id = await draftCampaign();
    const r = await call(
      'PUT',
      `/api/campaigns/${id}/segmentation`,
      JSON.stringify({ spec: spec.replace('k: 11', 'k: 2') }),
    );
    expect(r.status).toBe(400);
    expect(r.json.error?.message).toMatch(/^segmentation\.yaml:\d+:\d+: .*k/);
  });
});
