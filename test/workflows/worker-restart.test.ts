// Durability: a worker process killed mid-campaign and started again still yields one video and one delivery each.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CampaignSummary } from '../../services/summary.ts';
import { campaignWorkflowId } from '../../shared/task-queues.ts';
import { createHarness, eventually, TEST_PASSWORD, type Harness } from '../support/harness.ts';

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

// A delivery is sent until the receiver answers it 2xx, and never again after that (counted per test).
let repeatsBefore = 0;
beforeEach(() => void (repeatsBefore = h.receiver.repeatsAfterSuccess));
afterEach(() => expect(h.receiver.repeatsAfterSuccess - repeatsBefore).toBe(0));

describe('worker restart', () => {
  it('completes a campaign with exactly one video and one delivery per segment after a kill -9', async () => {
    const campaign = await h.example({ segments: 3 });
    const campaignId = await h.launch(campaign);
    let worker = h.spawnWorker();

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
            worker = h.spawnWorker();
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
