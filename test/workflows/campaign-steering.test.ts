// Steering a running campaignWorkflow (typed activity stubs): pause and resume across continue-as-new, the pause
// gates before drafting and rendering, and a render stopped by the video budget going on once the budget is raised.
import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Activities } from '../../activities/index.ts';
import { createSegmentFanOutActivities } from '../../activities/segment-fanout.ts';
import { installSdkLogger } from '../../config/logging.ts';
import { BudgetExceededError } from '../../shared/errors.ts';
import { campaignWorkflowId, segmentWorkflowId, TASK_QUEUES } from '../../shared/task-queues.ts';
import { campaignWorkflow } from '../../workflows/campaign.ts';
import {
  acceptVideoUpdate,
  approveUpdate,
  campaignProgressQuery,
  pauseCampaignUpdate,
  raiseBudgetUpdate,
  rejectUpdate,
  requestChangesUpdate,
  resumeCampaignUpdate,
  reviewStateQuery,
} from '../../workflows/messages.ts';
import { fileQueue } from '../support/file-prefix.ts';

installSdkLogger();

let connection: NativeConnection;
let clientConnection: Connection;
let client: Client;
const statuses: string[] = [];
const drafts: string[] = [];
const renders: string[] = [];
let finished: Record<string, number> | undefined;
let budgetLeft = 0;

const stubs: Partial<Activities> = {
  // Pause, resume and a budget raise reach the open segments through the real fan-out (the worker's client).
  ...createSegmentFanOutActivities(),
  draftScript: async ({ segmentId, round }) => {
    drafts.push(`${segmentId}:${round}`);
    return { scriptSha256: `${segmentId}r${round}`.padEnd(64, '0'), claimSetSha256: 'c'.repeat(64) };
  },
  checkScript: async () => ({ blocking: 0, warnings: 0 }),
  // No translation provider: the drafting round's back-translation step records nothing to render.
  backTranslateScript: async () => ({ translated: [], failed: [], skipped: 'no-provider' }),
  setSegmentStatus: async ({ segmentId, status }) => void statuses.push(`${segmentId}:${status}`),
  recordReviewDecision: async () => undefined,
  recordVideoDecision: async () => undefined,
  notifyReview: async () => undefined,
  renderVideo: async ({ segmentId, attempt }) => {
    renders.push(`${segmentId}:${attempt ?? 1}`);
    if (budgetLeft < 8) throw new BudgetExceededError(`Campaign cannot generate 8 s more video for ${segmentId}.`);
    return { generationKey: `g-${segmentId}`, videoSha256: 'v'.repeat(64), durationSeconds: 8 };
  },
  writeManifest: async () => undefined as never,
  finishCampaign: async ({ counts }) => void (finished = counts),
};

const reviewer = { id: 'steer-reviewer', displayName: 'Reviewer', role: 'medical_reviewer' };
const signature = { meaning: 'I approve this' };

/** Polls until `check` holds (the workflow moves on its own time); fails after 20 s. */
async function until(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  for (let waited = 0; !(await check()); waited += 50) {
    if (waited > 20_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Gives the workflow time to do what it must not do. */
const settle = () => new Promise((r) => setTimeout(r, 1_500));

beforeAll(async () => {
  connection = await NativeConnection.connect({ address: inject('temporalAddress') });
  clientConnection = await Connection.connect({ address: inject('temporalAddress') });
  client = new Client({ connection: clientConnection });
});
afterAll(async () => {
  await clientConnection?.close();
  await connection?.close();
});

describe('campaignWorkflow steering', () => {
  it('pauses and resumes across continue-as-new, holds drafts and renders while paused, and renders again after a budget raise', async () => {
    const workers = await Promise.all(
      [TASK_QUEUES.orchestration, TASK_QUEUES.llm, TASK_QUEUES.video].map((taskQueue) =>
        Worker.create({
          connection,
          taskQueue: fileQueue(taskQueue),
          activities: stubs,
          ...(taskQueue === TASK_QUEUES.orchestration
            ? { workflowBundle: { code: inject('workflowBundleCode') } }
            : {}),
        }),
      ),
    );
    const running = Promise.all(workers.map((w) => w.run()));
    const campaignId = `steer-${randomBytes(3).toString('hex')}`;
    const first = await client.workflow.start(campaignWorkflow, {
      workflowId: campaignWorkflowId(campaignId),
      taskQueue: fileQueue(TASK_QUEUES.orchestration),
      args: [
        {
          campaignId,
          segmentIds: ['s1', 's2', 's3'],
          approvalsRequired: 1,
          channelIds: [],
          maxInReview: 2,
          segmentsPerRun: 2,
          reviewPolicy: { reminderAfterMs: 600_000, escalateAfterMs: 600_000, expireAfterMs: 600_000 },
        },
      ],
    });
    const campaign = client.workflow.getHandle(campaignWorkflowId(campaignId));
    const segment = (id: string) => client.workflow.getHandle(segmentWorkflowId(campaignId, id));
    const sha = async (id: string) => (await segment(id).query(reviewStateQuery)).scriptSha256!;
    const inReview = (id: string) => until(`${id} in review`, () => statuses.at(-1) === `${id}:IN_REVIEW`);
    const steer = { actor: 'steer-manager', reason: 'waiting for new guidance' };
    try {
      await until('s1 and s2 in review', () => statuses.includes('s1:IN_REVIEW') && statuses.includes('s2:IN_REVIEW'));

      // Paused: the reviews in progress go on, but the segment after them does not start, even in the next run.
      expect((await campaign.executeUpdate(pauseCampaignUpdate, { args: [steer] })).paused).toBe(true);
      for (const id of ['s1', 's2']) {
        await segment(id).executeUpdate(rejectUpdate, {
          args: [{ reviewer, scriptSha256: await sha(id), comment: 'not for this audience' }],
        });
      }
      await until('continue-as-new', async () => (await campaign.describe()).runId !== first.firstExecutionRunId);
      await settle();
      expect(drafts.filter((d) => d.startsWith('s3'))).toEqual([]);
      expect(await campaign.query(campaignProgressQuery)).toMatchObject({ paused: true, started: 2, finished: 2 });

      await campaign.executeUpdate(resumeCampaignUpdate, { args: [{ actor: 'steer-manager' }] });
      await inReview('s3');

      // A change request while paused: the segment waits before drafting again.
      await campaign.executeUpdate(pauseCampaignUpdate, { args: [steer] });
      await segment('s3').executeUpdate(requestChangesUpdate, {
        args: [{ reviewer, scriptSha256: await sha('s3'), comment: 'shorter, please' }],
      });
      await settle();
      expect(drafts.filter((d) => d.startsWith('s3'))).toEqual(['s3:1']);
      expect((await segment('s3').query(reviewStateQuery)).held).toBe('paused');
      await campaign.executeUpdate(resumeCampaignUpdate, { args: [{ actor: 'steer-manager' }] });
      await inReview('s3');
      expect(drafts.filter((d) => d.startsWith('s3'))).toEqual(['s3:1', 's3:2']);

      // An approval while paused: the segment waits before rendering.
      await campaign.executeUpdate(pauseCampaignUpdate, { args: [steer] });
      await segment('s3').executeUpdate(approveUpdate, {
        args: [{ reviewer, scriptSha256: await sha('s3'), signature }],
      });
      await settle();
      expect(renders).toEqual([]);
      await campaign.executeUpdate(resumeCampaignUpdate, { args: [{ actor: 'steer-manager' }] });

      // Out of budget: the render stops, the segment waits, and renders again once the budget is raised.
      await until('a render refused for budget', () => renders.length === 1);
      await settle();
      expect(renders).toEqual(['s3:1']);
      expect((await segment('s3').query(reviewStateQuery)).held).toBe('budget');
      budgetLeft = 8;
      const raised = await campaign.executeUpdate(raiseBudgetUpdate, { args: [{ ...steer, budgetSeconds: 16 }] });
      expect(raised.budgetSeconds).toBe(16);
      await until('video review', () => statuses.at(-1) === 's3:VIDEO_REVIEW');
      expect(renders).toEqual(['s3:1', 's3:1']);
      expect((await segment('s3').query(reviewStateQuery)).held).toBeUndefined();
      await segment('s3').executeUpdate(acceptVideoUpdate, {
        args: [{ reviewer, videoSha256: 'v'.repeat(64), signature }],
      });
      expect((await campaign.result()).counts).toEqual({ REJECTED: 2, PUBLISHED: 1 });
      expect(finished).toEqual({ REJECTED: 2, PUBLISHED: 1 });
    } finally {
      await campaign.terminate('test finished').catch(() => undefined);
      for (const w of workers) w.shutdown();
      await running;
    }
  });
});
