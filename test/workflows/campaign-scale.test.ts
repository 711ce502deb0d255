// campaignWorkflow at scale (typed activity stubs): every script reaches review before anyone decides, each segment is
// published once, duplicate reports count once, every run's history stays bounded across continue-as-new, and a
// cancel reaches segments that earlier runs started.
// 200 segments in the normal suite; KLARTEXT_SLOW_TESTS=1 (the slow lane) runs 2,000 with the product's defaults.
import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Activities } from '../../activities/index.ts';
import { createSegmentFanOutActivities } from '../../activities/segment-fanout.ts';
import { installSdkLogger } from '../../config/logging.ts';
import { campaignWorkflowId, segmentWorkflowId, TASK_QUEUES, taskQueueName } from '../../shared/task-queues.ts';
import { campaignWorkflow, type CampaignWorkflowInput } from '../../workflows/campaign.ts';
import {
  acceptVideoUpdate,
  approveUpdate,
  campaignProgressQuery,
  segmentFinishedSignal,
} from '../../workflows/messages.ts';

installSdkLogger();

const SLOW = process.env.KLARTEXT_SLOW_TESTS === '1';
const N = SLOW ? 2_000 : 200;
/** The normal lane forces many runs (small runs) to cross continue-as-new often; the slow lane uses the defaults. */
const RUNS: Partial<CampaignWorkflowInput> = SLOW ? {} : { segmentsPerRun: 40, eventsPerRun: 600 };
/** The most events any run may hold: the goal at scale, and twice the forced size in the normal lane. */
const HISTORY_LIMIT = SLOW ? 10_000 : 1_200;
const queue = (q: (typeof TASK_QUEUES)[keyof typeof TASK_QUEUES]) =>
  taskQueueName(q, process.env.KLARTEXT_TASK_QUEUE_PREFIX ?? '');

let connection: NativeConnection;
let clientConnection: Connection;
let client: Client;
/** Each segment's latest status, as the workflow stored it. */
const latest = new Map<string, string>();
const deliveries = new Map<string, number>();
let finished: Record<string, number> | undefined;

const stubs: Partial<Activities> = {
  ...createSegmentFanOutActivities(),
  draftScript: async ({ segmentId }) => ({
    scriptSha256: segmentId.padEnd(64, '0'),
    claimSetSha256: 'c'.repeat(64),
  }),
  checkScript: async () => ({ blocking: 0, warnings: 0 }),
  // No translation provider: the drafting round's back-translation step records nothing to render.
  backTranslateScript: async () => ({ translated: [], failed: [], skipped: 'no-provider' }),
  setSegmentStatus: async ({ segmentId, status }) => void latest.set(segmentId, status),
  recordReviewDecision: async () => undefined,
  recordVideoDecision: async () => undefined,
  notifyReview: async () => undefined,
  renderVideo: async ({ segmentId }) => ({
    generationKey: `g-${segmentId}`,
    videoSha256: 'v'.repeat(64),
    durationSeconds: 8,
  }),
  writeManifest: async () => undefined as never,
  deliverToChannel: async ({ segmentId }) => {
    deliveries.set(segmentId, (deliveries.get(segmentId) ?? 0) + 1);
    return { deliveryId: `d-${segmentId}`, status: 'delivered' } as never;
  },
  finishCampaign: async ({ counts }) => void (finished = counts),
};

const reviewer = { id: 'scale-reviewer', displayName: 'Reviewer', role: 'medical_reviewer' };
const signature = { meaning: 'I approve this' };

/** Polls until `check` holds; fails after `ms`. */
async function until(what: string, check: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  for (let waited = 0; !(await check()); waited += 100) {
    if (waited > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Runs `fn` over `items`, `atOnce` at a time. */
async function each<T>(items: readonly T[], atOnce: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += atOnce) await Promise.all(items.slice(i, i + atOnce).map(fn));
}

/** Event counts of every run of a workflow, following the continue-as-new chain from its first run. */
async function runHistories(workflowId: string, firstRunId: string): Promise<number[]> {
  const lengths: number[] = [];
  let runId: string | null | undefined = firstRunId;
  while (runId) {
    const history: Awaited<ReturnType<ReturnType<Client['workflow']['getHandle']>['fetchHistory']>> =
      await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const events = history.events ?? [];
    lengths.push(events.length);
    runId = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
  }
  return lengths;
}

/** Workers for every queue with the stubs, on this file's queues. */
async function startStubWorkers() {
  const workers = await Promise.all(
    [TASK_QUEUES.orchestration, TASK_QUEUES.llm, TASK_QUEUES.video, TASK_QUEUES.publish].map((q) =>
      Worker.create({
        connection,
        taskQueue: queue(q),
        activities: stubs,
        ...(q === TASK_QUEUES.orchestration ? { workflowBundle: { code: inject('workflowBundleCode') } } : {}),
      }),
    ),
  );
  return { workers, running: Promise.all(workers.map((w) => w.run())) };
}

beforeAll(async () => {
  connection = await NativeConnection.connect({ address: inject('temporalAddress') });
  clientConnection = await Connection.connect({ address: inject('temporalAddress') });
  client = new Client({ connection: clientConnection });
});
afterAll(async () => {
  await clientConnection?.close();
  await connection?.close();
});

describe('campaignWorkflow at scale', () => {
  it(
    `puts all ${N} scripts in review before anyone decides, then publishes each once with bounded run histories`,
    { timeout: SLOW ? 1_800_000 : 300_000 },
    async () => {
      const { workers, running } = await startStubWorkers();
      const campaignId = `scale-${randomBytes(3).toString('hex')}`;
      const segmentIds = Array.from({ length: N }, (_, i) => `s${String(i).padStart(5, '0')}`);
      const campaign = await client.workflow.start(campaignWorkflow, {
        workflowId: campaignWorkflowId(campaignId),
        taskQueue: queue(TASK_QUEUES.orchestration),
        args: [
          {
            campaignId,
            segmentIds,
            approvalsRequired: 1,
            channelIds: ['ch-1'],
            reviewPolicy: { reminderAfterMs: 3_600_000, escalateAfterMs: 7_200_000, expireAfterMs: 86_400_000 },
            ...RUNS,
          },
        ],
      });
      const segment = (id: string) => client.workflow.getHandle(segmentWorkflowId(campaignId, id));
      const inState = (status: string) => segmentIds.filter((id) => latest.get(id) === status);
      try {
        // Nobody decides until every script waits in the queue: the campaign holds no slot for a waiting segment.
        await until('every script in review', () => inState('IN_REVIEW').length === N, SLOW ? 1_200_000 : 240_000);
        const progress = await client.workflow.getHandle(campaignWorkflowId(campaignId)).query(campaignProgressQuery);
        expect(progress).toMatchObject({ total: N, started: N, finished: 0, open: N });

        await each(segmentIds, 25, (id) =>
          segment(id).executeUpdate(approveUpdate, {
            args: [{ reviewer, scriptSha256: id.padEnd(64, '0'), signature }],
          }),
        );
        await until('every video in review', () => inState('VIDEO_REVIEW').length === N, 240_000);
        const [first, ...rest] = segmentIds;
        await segment(first!).executeUpdate(acceptVideoUpdate, {
          args: [{ reviewer, videoSha256: 'v'.repeat(64), signature }],
        });
        await until(`${first} published`, () => latest.get(first!) === 'PUBLISHED', 60_000);
        // A report repeated (a retried signal) or about a segment the campaign never started counts for nothing.
        const handle = client.workflow.getHandle(campaignWorkflowId(campaignId));
        await handle.signal(segmentFinishedSignal, { segmentId: first!, status: 'PUBLISHED' });
        await handle.signal(segmentFinishedSignal, { segmentId: 'no-such-segment', status: 'FAILED' });
        await each(rest, 25, (id) =>
          segment(id).executeUpdate(acceptVideoUpdate, {
            args: [{ reviewer, videoSha256: 'v'.repeat(64), signature }],
          }),
        );

        const latestRun = client.workflow.getHandle(campaignWorkflowId(campaignId));
        expect((await latestRun.result()).counts).toEqual({ PUBLISHED: N });
        expect(finished).toEqual({ PUBLISHED: N });
        expect(segmentIds.filter((id) => deliveries.get(id) !== 1)).toEqual([]);

        const runs = await runHistories(campaignWorkflowId(campaignId), campaign.firstExecutionRunId);
        // Several runs: the campaign continued as new while it started segments and while it waited for them.
        expect(runs.length).toBeGreaterThanOrEqual(SLOW ? 4 : 5);
        expect(Math.max(...runs)).toBeLessThan(HISTORY_LIMIT);
      } finally {
        await client.workflow
          .getHandle(campaignWorkflowId(campaignId))
          .terminate('test finished')
          .catch(() => undefined);
        for (const w of workers) w.shutdown();
        await running;
      }
    },
  );

  it('cancels every open segment when the campaign is cancelled, also those an earlier run started', async () => {
    const { workers, running } = await startStubWorkers();
    const campaignId = `scale-cancel-${randomBytes(3).toString('hex')}`;
    const segmentIds = ['c1', 'c2', 'c3', 'c4', 'c5'];
    const campaign = await client.workflow.start(campaignWorkflow, {
      workflowId: campaignWorkflowId(campaignId),
      taskQueue: queue(TASK_QUEUES.orchestration),
      args: [
        {
          campaignId,
          segmentIds,
          approvalsRequired: 1,
          channelIds: [],
          segmentsPerRun: 2,
          reviewPolicy: { reminderAfterMs: 3_600_000, escalateAfterMs: 7_200_000, expireAfterMs: 86_400_000 },
        },
      ],
    });
    const handle = client.workflow.getHandle(campaignWorkflowId(campaignId));
    try {
      await until('every script in review', () => segmentIds.every((id) => latest.get(id) === 'IN_REVIEW'), 60_000);
      // Three runs started them: the first two runs' segments outlived them and are still open.
      expect((await handle.describe()).runId).not.toBe(campaign.firstExecutionRunId);
      await handle.cancel();
      await expect(handle.result()).rejects.toThrow();
      await until('every segment cancelled', () => segmentIds.every((id) => latest.get(id) === 'CANCELLED'), 60_000);
      // The record says CANCELLED a moment before the workflow closes (it reports to the campaign first).
      const closed = async (id: string) =>
        (await client.workflow.getHandle(segmentWorkflowId(campaignId, id)).describe()).status.name;
      for (const id of segmentIds) await until(`${id} closed`, async () => (await closed(id)) !== 'RUNNING', 30_000);
      expect(await Promise.all(segmentIds.map(closed))).toEqual(segmentIds.map(() => 'CANCELLED'));
    } finally {
      await handle.terminate('test finished').catch(() => undefined);
      for (const w of workers) w.shutdown();
      await running;
    }
  });

  it('counts a segment an operator terminated in review as failed, takes it off the queue, and completes', async () => {
    const { workers, running } = await startStubWorkers();
    const campaignId = `scale-terminated-${randomBytes(3).toString('hex')}`;
    const segmentIds = ['t1', 't2', 't3'];
    const handle = client.workflow.getHandle(campaignWorkflowId(campaignId));
    await client.workflow.start(campaignWorkflow, {
      workflowId: campaignWorkflowId(campaignId),
      taskQueue: queue(TASK_QUEUES.orchestration),
      args: [
        {
          campaignId,
          segmentIds,
          approvalsRequired: 1,
          channelIds: [],
          reconcileEverySeconds: 1,
          reviewPolicy: { reminderAfterMs: 3_600_000, escalateAfterMs: 7_200_000, expireAfterMs: 86_400_000 },
        },
      ],
    });
    const segment = (id: string) => client.workflow.getHandle(segmentWorkflowId(campaignId, id));
    try {
      await until('every script in review', () => segmentIds.every((id) => latest.get(id) === 'IN_REVIEW'), 60_000);
      await segment('t2').terminate('stuck: an operator ended it');
      for (const id of ['t1', 't3']) {
        await segment(id).executeUpdate(approveUpdate, {
          args: [{ reviewer, scriptSha256: id.padEnd(64, '0'), signature }],
        });
        await until(`${id} video in review`, () => latest.get(id) === 'VIDEO_REVIEW', 30_000);
        await segment(id).executeUpdate(acceptVideoUpdate, {
          args: [{ reviewer, videoSha256: 'v'.repeat(64), signature }],
        });
      }
      // The terminated segment never reports; the campaign finds it closed, records it failed and completes.
      expect((await handle.result()).counts).toEqual({ PUBLISHED: 2, FAILED: 1 });
      expect(latest.get('t2')).toBe('FAILED');
    } finally {
      await handle.terminate('test finished').catch(() => undefined);
      for (const w of workers) w.shutdown();
      await running;
    }
  });
});
