// A model video provider through Temporal: the worker is killed with SIGKILL while the provider's jobs are in
// progress, a new worker resumes the recorded jobs, and the provider is paid exactly once per scene.
import { once } from 'node:events';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CampaignSummary } from '../../services/summary.ts';
import { getScriptVersion } from '../../db/script-repo.ts';
import { campaignWorkflowId } from '../../shared/task-queues.ts';
import { startOpenAIVideosServer, type FakeVideosServer } from '../fakes/openai-videos-server.ts';
import { createHarness, eventually, TEST_PASSWORD, type Harness } from '../support/harness.ts';

let h: Harness;
let fake: FakeVideosServer;

beforeAll(async () => {
  h = await createHarness();
  fake = await startOpenAIVideosServer();
});
afterAll(async () => {
  await h?.close();
  await fake?.close();
});

// A delivery is sent until the receiver answers it 2xx, and never again after that (counted per test).
let repeatsBefore = 0;
beforeEach(() => void (repeatsBefore = h.receiver.repeatsAfterSuccess));
afterEach(() => expect(h.receiver.repeatsAfterSuccess - repeatsBefore).toBe(0));

describe('openai-videos provider through Temporal', () => {
  it('submits one job per scene and delivers the video when the worker is killed mid-generation', async () => {
    const campaign = await h.example({ segments: 1 });
    const segmentId = campaign.segments[0]!.id;
    const campaignId = await h.launch(campaign);
    fake.hold(true);
    let worker = h.spawnWorker({
      KLARTEXT_VIDEO_PROVIDER: 'openai-videos',
      OPENAI_VIDEOS_BASE_URL: fake.baseURL,
      OPENAI_VIDEOS_API_KEY: fake.apiKey,
    });

    const path = `/api/reviews/${campaignId}/${segmentId}`;
    const scriptSha256 = await eventually(
      async () => {
        const item = await h.reviewer
          .get<{ state: { status: string; scriptSha256: string } }>(path)
          .catch(() => undefined);
        return item?.state.status === 'IN_REVIEW' ? item.state.scriptSha256 : undefined;
      },
      90_000,
      'the script in review',
    );
    await h.reviewer.post(`${path}/approve`, { password: TEST_PASSWORD, scriptSha256 });
    const version = await getScriptVersion(h.pool, { campaignId, segmentId, sha256: scriptSha256 });
    const scenes = version?.script.scenes.length ?? 0;
    expect(scenes).toBeGreaterThan(0);

    // Every scene's job is submitted and recorded, and the provider holds them in progress: kill the worker now.
    await eventually(
      async () => {
        const r = await h.pool.query(
          `SELECT count(*)::int AS n FROM generation_jobs WHERE campaign_id = $1 AND status = 'submitted'`,
          [campaignId],
        );
        return r.rows[0]?.n === scenes ? true : undefined;
      },
      90_000,
      'all scene jobs submitted',
    );
    expect(fake.submissions).toBe(scenes);
    worker.kill('SIGKILL');
    await once(worker, 'exit');
    worker = h.spawnWorker({
      KLARTEXT_VIDEO_PROVIDER: 'openai-videos',
      OPENAI_VIDEOS_BASE_URL: fake.baseURL,
      OPENAI_VIDEOS_API_KEY: fake.apiKey,
    });
    fake.hold(false);

    await h.acceptVideo(campaignId, segmentId);
    await h.client.workflow.getHandle(campaignWorkflowId(campaignId)).result();
    const summary = await h.manager.get<CampaignSummary>(`/api/campaigns/${campaignId}/summary`);
    expect(summary.segments.map((s) => s.status)).toEqual(['PUBLISHED']);
    expect(fake.submissions).toBe(scenes);
    expect(fake.violations).toEqual([]);
    const jobs = await h.pool.query(
      `SELECT status, count(*)::int AS n FROM generation_jobs WHERE campaign_id = $1 GROUP BY 1`,
      [campaignId],
    );
    expect(jobs.rows).toEqual([{ status: 'completed', n: scenes }]);
    const videos = await h.pool.query(`SELECT video_provider, video_model FROM videos WHERE campaign_id = $1`, [
      campaignId,
    ]);
    expect(videos.rows).toEqual([{ video_provider: 'openai-videos', video_model: 'sora-2' }]);
    const received = h.receiver.received.filter((r) => r.data.campaignId === campaignId);
    expect(new Set(received.map((r) => r.id)).size).toBe(1);
  }, 300_000);
});
