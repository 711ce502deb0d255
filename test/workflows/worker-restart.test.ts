// Durability: a worker process killed mid-campaign and started again still yields one video and one delivery each.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { CampaignSummary } from '../../api/summary.ts';
import { SIGNING_KEY_FILE } from '../../activities/provenance/keys.ts';
import { SECRETS_KEY_FILE } from '../../db/secrets.ts';
import { campaignWorkflowId } from '../../shared/task-queues.ts';
import { createHarness, eventually, suiteDatabaseUrl, TEST_PASSWORD, type Harness } from '../support/harness.ts';

const CLI = join(import.meta.dirname, '..', '..', 'cli', 'main.ts');
let h: Harness;
const children: ChildProcess[] = [];

function startWorkerProcess(): ChildProcess {
  const child = spawn(process.execPath, [CLI, 'worker'], {
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      DATABASE_URL: suiteDatabaseUrl(),
      KLARTEXT_OUT_DIR: h.outDir,
      KLARTEXT_API_URL: h.server.url,
      KLARTEXT_ALLOW_HTTP_LOOPBACK: 'true',
      // The same provenance key as the harness's API (it keeps it in the out dir).
      KLARTEXT_SIGNING_KEY_FILE: join(h.outDir, SIGNING_KEY_FILE),
      // And the same secrets key, to decrypt the channel secrets the API stored.
      KLARTEXT_SECRETS_KEY_FILE: join(h.outDir, SECRETS_KEY_FILE),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  return child;
}

beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await h?.close();
});

describe('worker restart', () => {
  it('completes a campaign with exactly one video and one delivery per segment after a kill -9', async () => {
    const campaign = await h.example({ segments: 3 });
    const campaignId = await h.launch(campaign);
    let worker = startWorkerProcess();

    const approved = new Set<string>();
    let killed = false;
    await eventually(
      async () => {
        for (const s of campaign.segments) {
          if (approved.has(s.id)) continue;
          const item = await h.reviewer
            .get<{ state: { status: string; scriptSha256: string } }>(`/api/reviews/${campaignId}/${s.id}`)
            .catch(() => undefined);
          if (item?.state.status !== 'IN_REVIEW') continue;
          await h.reviewer.post(`/api/reviews/${campaignId}/${s.id}/approve`, {
            password: TEST_PASSWORD,
            scriptSha256: item.state.scriptSha256,
          });
          approved.add(s.id);
          if (!killed) {
            // Kill right after the first sign-off: its render starts now, the work that costs most to repeat,
            // while the other segments are still being drafted or reviewed.
            await new Promise((r) => setTimeout(r, 300));
            worker.kill('SIGKILL');
            killed = true;
            worker = startWorkerProcess();
          }
        }
        return approved.size === campaign.segments.length && killed ? true : undefined;
      },
      90_000,
      'all segments approved and the worker killed once',
    );

    // The renders resume on the new worker; each is accepted once it waits for the video check.
    for (const s of campaign.segments) await h.acceptVideo(campaignId, s.id);
    await h.client.workflow.getHandle(campaignWorkflowId(campaignId)).result();
    const summary = await h.manager.get<CampaignSummary>(`/api/campaigns/${campaignId}/summary`);
    expect(summary.segments.map((s) => s.status)).toEqual(['PUBLISHED', 'PUBLISHED', 'PUBLISHED']);
    const videos = await h.pool.query(
      'SELECT segment_id, count(*)::int AS n FROM videos WHERE campaign_id = $1 GROUP BY 1',
      [campaignId],
    );
    expect(videos.rows.map((r) => r.n)).toEqual([1, 1, 1]);
    const deliveries = await h.pool.query(
      `SELECT segment_id, count(*)::int AS n FROM deliveries WHERE campaign_id = $1 AND status = 'delivered' GROUP BY 1`,
      [campaignId],
    );
    expect(deliveries.rows.map((r) => r.n)).toEqual([1, 1, 1]);
    const received = new Set(h.receiver.received.filter((r) => r.data.campaignId === campaignId).map((r) => r.id));
    expect(received.size).toBe(3);
  }, 180_000);
});
