// Video review after sign-off: nothing is published until a reviewer accepts the rendered video, signed.
import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiRequestError } from '../../cli/api-client.ts';
import { VIDEO_SIGNATURE_MEANING } from '../../review/subjects.ts';
import type { CampaignSummary } from '../../services/summary.ts';
import type { SignedManifest } from '../../video/provenance/manifest.ts';
import { listVideoReviews } from '../../db/video-review-repo.ts';
import { campaignWorkflowId } from '../../shared/task-queues.ts';
import { createHarness, eventually, TEST_PASSWORD, type Harness } from '../support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.startWorkers();
});
afterAll(() => h?.close());

interface ReviewItem {
  state: { status: string; scriptSha256: string; video?: { sha256: string; attempt: number } };
}

async function refusal(p: Promise<unknown>): Promise<ApiRequestError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiRequestError);
  return err as ApiRequestError;
}

async function waitFor(path: string, status: string, attempt?: number): Promise<ReviewItem> {
  return eventually(
    async () => {
      const item = await h.reviewer.get<ReviewItem>(path).catch(() => undefined);
      if (item?.state.status !== status) return undefined;
      return attempt === undefined || item.state.video?.attempt === attempt ? item : undefined;
    },
    60_000,
    `${path} ${status}`,
  );
}

// A delivery is sent until the receiver answers it 2xx, and never again after that (counted per test).
let repeatsBefore = 0;
beforeEach(() => void (repeatsBefore = h.receiver.repeatsAfterSuccess));
afterEach(() => expect(h.receiver.repeatsAfterSuccess - repeatsBefore).toBe(0));

describe('video review', () => {
  it('publishes only after a signed acceptance, and re-renders on request', async () => {
    const campaign = await h.example({ segments: 1 });
    const campaignId = await h.launch(campaign);
    const segmentId = campaign.segments[0]!.id;
    const path = `/api/reviews/${campaignId}/${segmentId}`;
    const script = await waitFor(path, 'IN_REVIEW');
    await h.reviewer.post(`${path}/approve`, { scriptSha256: script.state.scriptSha256, password: TEST_PASSWORD });

    const first = await waitFor(path, 'VIDEO_REVIEW', 1);
    const video = first.state.video!;
    expect(video.sha256).toMatch(/^[0-9a-f]{64}$/);
    // The render waits in the queue as a video check, and nothing has gone to any channel yet.
    const queue = await h.reviewer.get<{ items: { segmentId: string; stage: string }[] }>(
      `/api/reviews?campaign=${campaignId}`,
    );
    expect(queue.items).toContainEqual(expect.objectContaining({ segmentId, stage: 'video' }));
    expect(h.receiver.received.filter((r) => r.data.campaignId === campaignId)).toEqual([]);

    const byManager = await refusal(
      h.manager.post(`${path}/accept-video`, { videoSha256: video.sha256, password: TEST_PASSWORD }),
    );
    expect(byManager.status).toBe(403);
    const stale = await refusal(
      h.reviewer.post(`${path}/accept-video`, { videoSha256: 'b'.repeat(64), password: TEST_PASSWORD }),
    );
    expect(stale.message).toMatch(/Stale decision/);
    const unsigned = await refusal(h.reviewer.post(`${path}/accept-video`, { videoSha256: video.sha256 }));
    expect(unsigned.status).toBe(400);
    const silent = await refusal(h.reviewer.post(`${path}/request-rerender`, { videoSha256: video.sha256 }));
    expect(silent.message).toMatch(/needs a comment/);

    await h.reviewer.post(`${path}/request-rerender`, {
      videoSha256: video.sha256,
      comment: 'The end card is cut off on phones.',
    });
    const second = await h.acceptVideo(campaignId, segmentId, h.secondReviewer);
    expect(second.attempt).toBe(2);

    await h.client.workflow.getHandle(campaignWorkflowId(campaignId)).result();
    const status = await h.manager.get<{ segments: { segmentId: string; status: string }[] }>(
      `/api/campaigns/${campaignId}`,
    );
    expect(status.segments).toEqual([expect.objectContaining({ segmentId, status: 'PUBLISHED' })]);
    expect(h.receiver.received.filter((r) => r.data.campaignId === campaignId)).toHaveLength(1);

    // Never silent by accident: the summary and the signed manifest name the engine and voice that spoke.
    const summary = await h.manager.get<CampaignSummary>(`/api/campaigns/${campaignId}/summary`);
    const { narration, manifest: written } = summary.segments[0]!;
    expect(narration?.engine).toMatch(/^espeak-ng-(system|npm)$/);
    expect(narration?.description).toMatch(/^eSpeak NG .*, voice \S+$/);
    const manifest = JSON.parse(await readFile(written!.path, 'utf8')) as SignedManifest;
    const { description: _, ...recorded } = narration!;
    expect(manifest.narration).toEqual(recorded);

    const decisions = await listVideoReviews(h.pool, campaignId, segmentId);
    expect(decisions).toEqual([
      expect.objectContaining({
        attempt: 1,
        decision: 'RERENDER_REQUESTED',
        comment: 'The end card is cut off on phones.',
      }),
      expect.objectContaining({ attempt: 2, decision: 'ACCEPTED', meaning: VIDEO_SIGNATURE_MEANING }),
    ]);
    expect(decisions[0]!.meaning).toBeUndefined();
    expect(decisions[1]!.contentSha256).toMatch(/^[0-9a-f]{64}$/);
    const audit = await h.pool.query(`SELECT action FROM audit_log WHERE subject = $1 ORDER BY seq`, [
      `campaign/${campaignId}/segment/${segmentId}`,
    ]);
    expect(audit.rows.map((r) => r.action)).toEqual([
      'review.decision',
      'review.signature',
      'video.decision',
      'video.signature',
      'publication',
    ]);
  });
});
