// Activity retries are bounded: an activity that always fails ends its segment FAILED with a reason, not a hang.
import { randomBytes } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Activities } from '../../activities/index.ts';
import { installSdkLogger } from '../../config/logging.ts';
import { campaignWorkflowId, segmentWorkflowId, TASK_QUEUES } from '../../shared/task-queues.ts';
import * as options from '../../workflows/activities.ts';
import { campaignWorkflow } from '../../workflows/campaign.ts';
import { fileQueue } from '../support/file-prefix.ts';

installSdkLogger();

let connection: NativeConnection;
let clientConnection: Connection;
let client: Client;
beforeAll(async () => {
  connection = await NativeConnection.connect({ address: inject('temporalAddress') });
  clientConnection = await Connection.connect({ address: inject('temporalAddress') });
  client = new Client({ connection: clientConnection });
});
afterAll(async () => {
  await clientConnection?.close();
  await connection?.close();
});

describe('activity retry policies', () => {
  it('bound every proxy by attempts or by time', () => {
    for (const [name, opts] of Object.entries({
      store: options.STORE_OPTIONS,
      segmentation: options.SEGMENTATION_OPTIONS,
      llm: options.LLM_OPTIONS,
      video: options.VIDEO_OPTIONS,
      publish: options.PUBLISH_OPTIONS,
    })) {
      const bounded = (opts.retry?.maximumAttempts ?? 0) > 0 || opts.scheduleToCloseTimeout !== undefined;
      expect(bounded, `${name} retries for ever`).toBe(true);
    }
  });

  it('ends a segment whose drafting always fails as FAILED with the reason, after the llm bound, and the campaign goes on', async () => {
    const statuses: string[] = [];
    let drafts = 0;
    let finished: Record<string, number> | undefined;
    const stubs: Partial<Activities> = {
      draftScript: async () => {
        drafts += 1;
        // A failure that never heals; the short delay stands in for the policy's minutes between attempts.
        throw ApplicationFailure.create({ message: 'the model server answered 503', nextRetryDelay: '20 ms' });
      },
      setSegmentStatus: async ({ segmentId, status }) => void statuses.push(`${segmentId}:${status}`),
      finishCampaign: async ({ counts }) => void (finished = counts),
    };
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
    const running = Promise.all(workers.map((w) => w.run()));
    try {
      const campaignId = `bound-${randomBytes(3).toString('hex')}`;
      const result = await client.workflow.execute(campaignWorkflow, {
        workflowId: campaignWorkflowId(campaignId),
        taskQueue: fileQueue(TASK_QUEUES.orchestration),
        args: [{ campaignId, segmentIds: ['s1'], approvalsRequired: 1, channelIds: [] }],
      });
      expect(result.counts).toEqual({ FAILED: 1 });
      expect(finished).toEqual({ FAILED: 1 });
      expect(drafts).toBe(options.LLM_OPTIONS.retry!.maximumAttempts);
      expect(statuses.at(-1)).toBe('s1:FAILED');

      const failure = await client.workflow
        .getHandle(segmentWorkflowId(campaignId, 's1'))
        .result()
        .then(
          () => undefined,
          (err: unknown) => err,
        );
      expect(failure).toBeInstanceOf(WorkflowFailedError);
      const cause = (failure as WorkflowFailedError).cause as ApplicationFailure;
      expect(cause.type).toBe('SegmentFailed');
      expect(cause.message).toBe(
        'Segment s1 failed: draftScript gave up after its last allowed attempt: the model server answered 503',
      );
    } finally {
      for (const w of workers) w.shutdown();
      await running;
    }
  });
});
