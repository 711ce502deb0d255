// campaignWorkflow orchestration with typed activity stubs: a limit on open segments, continue-as-new, review expiry.
import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Activities } from '../../activities/index.ts';
import { campaignWorkflowId, TASK_QUEUES } from '../../shared/task-queues.ts';
import { campaignWorkflow } from '../../workflows/campaign.ts';
import { installSdkLogger } from '../../config/logging.ts';
import { fileQueue } from '../support/file-prefix.ts';

installSdkLogger();

let connection: NativeConnection;
let clientConnection: Connection;
let client: Client;
const statuses: string[] = [];
let finished: Record<string, number> | undefined;
let inReview = 0;
const drafts: string[] = [];
const notices: string[] = [];
let maxInReview = 0;

// Only what the orchestration needs: a script hash to review, bookkeeping that records what it was told.
const stubs: Partial<Activities> = {
  // The first draft of each segment has a blocking finding; the automatic redraft (fixFindings) fixes it.
  draftScript: async ({ segmentId, fixFindings }) => {
    drafts.push(`${segmentId}:${fixFindings ? 'redraft' : 'draft'}`);
    return { scriptSha256: `${segmentId}${fixFindings ? 'b' : 'a'}`.padEnd(64, '0'), claimSetSha256: 'c'.repeat(64) };
  },
  checkScript: async ({ scriptSha256 }) => ({ blocking: scriptSha256.includes('a0') ? 1 : 0, warnings: 0 }),
  // No translation provider: the drafting round's back-translation step records nothing to render.
  backTranslateScript: async () => ({ translated: [], failed: [], skipped: 'no-provider' }),
  setSegmentStatus: async ({ segmentId, status }) => {
    statuses.push(`${segmentId}:${status}`);
    inReview += status === 'IN_REVIEW' ? 1 : status === 'EXPIRED' ? -1 : 0;
    maxInReview = Math.max(maxInReview, inReview);
  },
  recordReviewDecision: async () => undefined,
  notifyReview: async ({ segmentId, kind }) => void notices.push(`${segmentId}:${kind}`),
  finishCampaign: async ({ counts }) => void (finished = counts),
};

beforeAll(async () => {
  connection = await NativeConnection.connect({ address: inject('temporalAddress') });
  clientConnection = await Connection.connect({ address: inject('temporalAddress') });
  client = new Client({ connection: clientConnection });
});
afterAll(async () => {
  await clientConnection?.close();
  await connection?.close();
});

describe('campaignWorkflow', () => {
  it('runs every segment with at most maxInReview open across continue-as-new, redrafts blocking drafts once, reminds, escalates and expires unanswered reviews', async () => {
    const workers = await Promise.all(
      [TASK_QUEUES.orchestration, TASK_QUEUES.llm].map((taskQueue) =>
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
    const campaignId = `orch-${randomBytes(3).toString('hex')}`;
    const segmentIds = ['s1', 's2', 's3', 's4', 's5'];
    const running = Promise.all(workers.map((w) => w.run()));
    const handle = await client.workflow.start(campaignWorkflow, {
      workflowId: campaignWorkflowId(campaignId),
      taskQueue: fileQueue(TASK_QUEUES.orchestration),
      args: [
        {
          campaignId,
          segmentIds,
          approvalsRequired: 1,
          channelIds: [],
          maxInReview: 2,
          segmentsPerRun: 2,
          // Short SLA instead of days: the timers are durable all the same.
          reviewPolicy: { reminderAfterMs: 300, escalateAfterMs: 600, expireAfterMs: 1000 },
        },
      ],
    });
    const counts = (await handle.result()).counts;
    const latest = await client.workflow.getHandle(campaignWorkflowId(campaignId)).describe();
    for (const w of workers) w.shutdown();
    await running;

    expect(counts).toEqual({ EXPIRED: 5 });
    expect(finished).toEqual({ EXPIRED: 5 });
    // Five segments, two per run: the campaign continued as new twice and the last run finished it.
    expect(latest.runId).not.toBe(handle.firstExecutionRunId);
    for (const id of segmentIds) expect(statuses).toContain(`${id}:EXPIRED`);
    expect(maxInReview).toBe(2);
    // One automatic redraft per segment before review: blocking findings never reach a reviewer needlessly.
    expect(drafts.filter((d) => d.endsWith(':redraft'))).toHaveLength(5);
    expect(drafts).toHaveLength(10);
    // Unanswered reviews: a reminder, then escalation to lead reviewers, then expiry with the manager told.
    for (const id of segmentIds) {
      expect(notices.filter((n) => n.startsWith(`${id}:`))).toEqual([
        `${id}:review.reminder`,
        `${id}:review.escalated`,
        `${id}:review.expired`,
      ]);
    }
  });
});
