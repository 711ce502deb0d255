// The review queue leaves out a video whose acceptance is recorded while the segment's row still says VIDEO_REVIEW.
import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { createCampaign, setSegmentStatus } from '../../db/campaign-repo.ts';
import { createPool, type Pool } from '../../db/pool.ts';
import { upsertUserWithToken, type User } from '../../db/user-repo.ts';
import { saveVideo } from '../../db/video-repo.ts';
import { createStoreActivities } from '../../activities/store.ts';
import type { ActivityDeps } from '../../activities/deps.ts';
import { testBrief, testSegment, suiteDatabases } from '../support/fixtures.ts';

const databases = suiteDatabases();

const brief = testBrief({ name: 'queue-test', title: 'Queue test', topic: 'general' });
const segment = (id: string) => testSegment(id);
const hex = (c: string) => c.repeat(64);

describe.each(databases)('GET /api/reviews on %s', (_name, url) => {
  const pool: Pool = createPool(url, 2);
  afterAll(() => pool.end());

  it('leaves out a render already accepted, keeps an undecided one and a new render after a re-render request', async () => {
    const campaignId = `queue-${randomBytes(4).toString('hex')}`;
    await createCampaign(pool, {
      id: campaignId,
      brief,
      segments: ['accepted', 'waiting', 'rerendered', 'script'].map(segment),
      claims: [],
    });
    const reviewer: User = {
      id: `rev-${randomBytes(3).toString('hex')}`,
      displayName: 'Reviewer',
      role: 'medical_reviewer',
    };
    const token = await upsertUserWithToken(pool, reviewer);

    const render = async (segmentId: string, key: string) => {
      await saveVideo(pool, {
        campaignId,
        segmentId,
        generationKey: `${campaignId}-${key}`,
        scriptSha256: hex('a'),
        videoPath: `/x/${key}.mp4`,
        videoSha256: hex('b'),
        durationSeconds: 30,
        captionsPath: `/x/${key}.vtt`,
      });
      await setSegmentStatus(pool, campaignId, segmentId, 'VIDEO_REVIEW');
    };
    // Through the activity that records it: the decision and the queue row change in one transaction.
    const store = createStoreActivities({ pool } as ActivityDeps);
    const decide = (segmentId: string, key: string, attempt: number, decision: 'ACCEPTED' | 'RERENDER_REQUESTED') =>
      store.recordVideoDecision({
        campaignId,
        segmentId,
        attempt,
        reviewerId: reviewer.id,
        reviewerName: reviewer.displayName,
        role: reviewer.role,
        decision,
        comment: decision === 'ACCEPTED' ? '' : 'The captions are cut off.',
        videoSha256: hex('b'),
        scriptSha256: hex('a'),
        generationKey: `${campaignId}-${key}`,
        decidedAt: new Date().toISOString(),
      });

    // Accepted a moment ago: the workflow is past review, the row not yet (it changes after the manifest).
    await render('accepted', 'a1');
    await decide('accepted', 'a1', 1, 'ACCEPTED');
    await render('waiting', 'w1');
    // A re-render was asked for the first render; the second one waits for review.
    await render('rerendered', 'r1');
    await decide('rerendered', 'r1', 1, 'RERENDER_REQUESTED');
    await render('rerendered', 'r2');
    await setSegmentStatus(pool, campaignId, 'script', 'IN_REVIEW');

    const res = await createApp({ pool, temporal: {} as Client, outDir: '/nonexistent' }).request(
      `/api/reviews?campaign=${campaignId}`,
      {
        headers: { authorization: `Bearer ${token}` },
      },
    );
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: { campaignId: string; segmentId: string; stage: string }[] };
    const mine = items.filter((i) => i.campaignId === campaignId).map((i) => `${i.segmentId}:${i.stage}`);
    expect(mine.sort()).toEqual(['rerendered:video', 'script:script', 'waiting:video']);
  });
});
