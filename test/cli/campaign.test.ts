// `klartext campaign …` against a recording stand-in API: what each command sends, prints and exits with.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { campaignWatch, type CampaignState } from '../../cli/commands/campaign-status.ts';
import { serveForCli, type CliApi } from '../support/cli-api.ts';
import { klartextIn } from './run.ts';

interface Call {
  method: string;
  path: string;
  body: unknown;
  auth: string | undefined;
}

let api: CliApi;
const calls: Call[] = [];
/** What successive `GET /api/campaigns/c-1` answer; the last one repeats. */
let states: (CampaignState | 'unavailable')[] = [];

const state = (workflowStatus: string, statuses: string[], extra: Partial<CampaignState> = {}): CampaignState => ({
  campaignId: 'c-1',
  status: workflowStatus === 'RUNNING' ? 'RUNNING' : 'COMPLETED',
  workflowStatus,
  segments: statuses.map((status, i) => ({ segmentId: `seg-${i + 1}`, label: `Segment ${i + 1}`, status })),
  ...extra,
});

beforeAll(async () => {
  const app = new Hono();
  app.all('*', async (c) => {
    const body = c.req.method === 'POST' ? await c.req.json() : undefined;
    // The path as sent (still percent-encoded): ids must reach the API encoded.
    calls.push({ method: c.req.method, path: new URL(c.req.url).pathname, body, auth: c.req.header('authorization') });
    if (c.req.method === 'GET' && c.req.path === '/api/campaigns/c-1') {
      const next = states.length > 1 ? states.shift() : states[0];
      // A restarting server: the poll answers 503, as the API does while no worker or Temporal answers.
      if (next === 'unavailable') return c.json({ error: { code: 'ServiceUnavailable', message: 'No worker.' } }, 503);
      return c.json(next);
    }
    if (c.req.path === '/api/campaigns/secret') {
      return c.json({ error: { code: 'ApiError', message: 'No campaign secret.' } }, 404);
    }
    if (c.req.path === '/api/campaigns/c-1/budget') {
      return c.json({ campaignId: 'c-1', budgetSeconds: 600, previousBudgetSeconds: 300, usedSeconds: 120 });
    }
    if (c.req.path === '/api/campaigns/c-1/channels') return c.json({ linked: ['late'], backfilled: 3 });
    if (c.req.path === '/api/campaigns/gone/pause') {
      return c.json({ error: { code: 'ApiError', message: 'No campaign gone.' } }, 404);
    }
    return c.json({ workflowId: 'wf-1', campaignId: 'c-1', paused: c.req.path.endsWith('/pause') }, 202);
  });
  api = await serveForCli(app, 'tok-manager');
});
afterAll(() => api?.close());
beforeEach(() => {
  calls.length = 0;
});

const campaign = (argv: string[]) => klartextIn(['campaign', ...argv]);

describe('klartext campaign steering', () => {
  it('pauses with a reason and resumes, through the campaign routes', async () => {
    const paused = await campaign(['pause', 'c-1', '--reason', 'waiting for new guidance']);
    expect(paused.code).toBe(0);
    expect(paused.stdout).toMatch(/^Paused c-1: no new segment starts .* `klartext campaign resume c-1`\.$/);
    const resumed = await campaign(['resume', 'c-1']);
    expect(resumed.stdout).toBe('Resumed c-1: it goes on where it stopped.');
    expect(calls.map(({ method, path, body, auth }) => [method, path, body, auth])).toEqual([
      ['POST', '/api/campaigns/c-1/pause', { reason: 'waiting for new guidance' }, 'Bearer tok-manager'],
      ['POST', '/api/campaigns/c-1/resume', {}, 'Bearer tok-manager'],
    ]);
  });

  it("refuses a pause without a reason before asking the API, and reports the API's refusal in its words", async () => {
    expect((await campaign(['pause', 'c-1'])).code).toBe(2);
    expect(calls).toEqual([]);
    await expect(campaign(['pause', 'gone', '--reason', 'test'])).rejects.toThrow('No campaign gone.');
  });

  it('raises the budget with a reason and says what was and what is used', async () => {
    const r = await campaign(['budget', 'c-1', '--seconds', '600', '--reason', 'two more regions']);
    expect(r.stdout).toBe('Budget of c-1: 600 s of generated footage (was 300 s); 120 s used so far.');
    expect(calls.map((c) => [c.path, c.body])).toEqual([
      ['/api/campaigns/c-1/budget', { budgetSeconds: 600, reason: 'two more regions' }],
    ]);
    expect((await campaign(['budget', 'c-1', '--seconds', '-5', '--reason', 'x y z'])).code).toBe(2);
  });

  it('cancels, retracts chosen segments and replaces one segment', async () => {
    await campaign(['cancel', 'c-1', '--reason', 'guidance withdrawn']);
    const retracted = await campaign([
      'retract',
      'c-1',
      '--segment',
      'seg-1',
      '--segment',
      'seg-2',
      '--reason',
      'x y z',
    ]);
    expect(retracted.stdout).toBe('Retracting segments seg-1, seg-2 of c-1 on every channel (workflow wf-1).');
    await campaign(['retract', 'c-1', '--reason', 'all of it']);
    const replaced = await campaign(['replace', 'c-1', 'seg 3']);
    expect(replaced.stdout).toMatch(/^Replacing the video of seg 3 \(workflow wf-1\)/);
    expect(calls.map(({ path, body }) => [path, body])).toEqual([
      ['/api/campaigns/c-1/cancel', { reason: 'guidance withdrawn' }],
      ['/api/campaigns/c-1/retract', { reason: 'x y z', segmentIds: ['seg-1', 'seg-2'] }],
      ['/api/campaigns/c-1/retract', { reason: 'all of it' }],
      ['/api/campaigns/c-1/segments/seg%203/replace', {}],
    ]);
  });

  it('links late channels with backfill and says how many videos were sent', async () => {
    const linked = await campaign(['channels', 'link', 'c-1', 'late', 'other', '--backfill']);
    expect(linked.stdout.split('\n')).toEqual([
      'Linked late, other to c-1.',
      'Backfilled 3 published videos to the new channels.',
    ]);
    const json = await campaign(['channels', 'link', 'c-1', 'late', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({ linked: ['late'], backfilled: 3 });
    expect(calls.map((c) => c.body)).toEqual([
      { channelIds: ['late', 'other'], backfill: true },
      { channelIds: ['late'], backfill: false },
    ]);
  });

  it('refuses to launch files with problems, naming every one, before asking the API anything', async () => {
    const dir = await mkdtemp(join(inject('tmpRoot'), 'campaign-launch-'));
    await writeFile(join(dir, 'campaign.yaml'), 'name: Not An Id\nsegments: segments.csv\nclaims: claims.yaml\n');
    await writeFile(join(dir, 'segments.csv'), 'segment_id,label\n');
    await writeFile(join(dir, 'claims.yaml'), 'claims: []\n');
    const refused = campaign(['launch', join(dir, 'campaign.yaml')]);
    await expect(refused).rejects.toThrow(new RegExp(`^${join(dir, 'campaign.yaml')}:1:\\d+: `));
    const message = await refused.catch((err: Error) => err.message);
    expect(message).toMatch(new RegExp(`\\n${join(dir, 'segments.csv')}:\\d+:\\d+: `));
    expect(calls).toEqual([]);
  });

  it('keeps `campaigns` as another name for the group', async () => {
    const r = await klartextIn(['campaigns', 'pause', 'c-1', '--reason', 'same thing']);
    expect(r.code).toBe(0);
    expect(calls.map((c) => c.path)).toEqual(['/api/campaigns/c-1/pause']);
  });
});

describe('klartext campaign status and watch', () => {
  it('prints one table per stage in pipeline order with a progress bar', async () => {
    states = [state('RUNNING', ['PUBLISHED', 'IN_REVIEW', 'DRAFTING', 'IN_REVIEW'], { paused: true })];
    const r = await campaign(['status', 'c-1']);
    expect(r.stdout.split('\n')).toEqual([
      'Campaign c-1: RUNNING (paused), workflow RUNNING',
      `[${'█'.repeat(8)}${'░'.repeat(22)}] 1/4 segments finished`,
      '',
      'DRAFTING (1)',
      '  seg-3    Segment 3',
      '',
      'IN_REVIEW (2)',
      '  seg-2    Segment 2',
      '  seg-4    Segment 4',
      '',
      'PUBLISHED (1)',
      '  seg-1    Segment 1',
    ]);
    expect(JSON.parse((await campaign(['status', 'c-1', '--json'])).stdout)).toEqual(states[0]);
  });

  it('prints one line per change when not on a terminal and ends with the campaign', async () => {
    states = [
      state('RUNNING', ['DRAFTING', 'DRAFTING']),
      state('RUNNING', ['DRAFTING', 'DRAFTING']),
      state('RUNNING', ['IN_REVIEW', 'DRAFTING']),
      state('COMPLETED', ['PUBLISHED', 'REJECTED']),
    ];
    const r = await campaign(['watch', 'c-1', '--interval', '0.05']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n').map((l) => l.replace(/^\d\d:\d\d:\d\d {2}/, ''));
    expect(lines).toEqual([
      'c-1 RUNNING: DRAFTING 2 (0/2 finished)',
      'c-1 RUNNING: DRAFTING 1 · IN_REVIEW 1 (0/2 finished)',
      'c-1 COMPLETED: PUBLISHED 1 · REJECTED 1 (2/2 finished)',
      'The campaign workflow ended COMPLETED; the campaign is COMPLETED.',
    ]);
  });

  it('redraws the whole status in place on a terminal', async () => {
    states = [state('RUNNING', ['DRAFTING']), state('COMPLETED', ['PUBLISHED'])];
    const printed: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void printed.push(line));
    try {
      expect(await campaignWatch('c-1', { interval: 0.05, tty: true }, { env: process.env })).toBe(0);
    } finally {
      log.mockRestore();
    }
    expect(printed).toHaveLength(3);
    expect(printed[0]).toBe(
      `\x1b[H\x1b[2JCampaign c-1: RUNNING, workflow RUNNING\n[${'░'.repeat(30)}] 0/1 segments finished\n\nDRAFTING (1)\n  seg-1    Segment 1`,
    );
    expect(printed[1]).toBe(
      `\x1b[H\x1b[2JCampaign c-1: COMPLETED, workflow COMPLETED\n[${'█'.repeat(30)}] 1/1 segments finished\n\nPUBLISHED (1)\n  seg-1    Segment 1`,
    );
  });

  it('waits out an API that does not answer, saying so once, and stops at a refusal', async () => {
    states = [state('RUNNING', ['DRAFTING']), 'unavailable', 'unavailable', state('COMPLETED', ['PUBLISHED'])];
    const r = await campaign(['watch', 'c-1', '--interval', '0.05']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('klartext: No worker; trying again.');
    expect(r.stdout).toMatch(/COMPLETED: PUBLISHED 1 \(1\/1 finished\)\n.*ended COMPLETED/);
    await expect(campaign(['watch', 'secret', '--interval', '0.05'])).rejects.toThrow('No campaign secret.');
  });

  it('exits 1 when the campaign workflow ends otherwise than completed or cancelled', async () => {
    states = [{ ...state('TERMINATED', ['FAILED']), status: 'RUNNING' }];
    const r = await campaign(['watch', 'c-1', '--interval', '0.05']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/ended TERMINATED; the campaign is RUNNING\.$/);
  });

  it('refuses an interval that is not a number of seconds', async () => {
    const r = await campaign(['watch', 'c-1', '--interval', 'soon']);
    expect(r.code).toBe(2);
    expect(calls).toEqual([]);
  });
});
