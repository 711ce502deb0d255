// A deployment with a task-queue prefix: `klartext worker` polls only the prefixed queues, and the workflows schedule
// their children and every activity on the prefixed queues too, so a campaign completes with no unprefixed worker.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignWorkflowId, segmentWorkflowId, TASK_QUEUES } from '../../shared/task-queues.ts';
import { withOwnChannel } from '../promises/own-channel.ts';
import { createHarness, type Harness } from '../support/harness.ts';

const prefix = `it-${randomBytes(3).toString('hex')}-`;
let h: Harness;
beforeAll(async () => {
  h = await createHarness({ taskQueuePrefix: prefix });
});
afterAll(() => h?.close());

/** The task queues a workflow's history scheduled activities on. */
async function activityQueues(workflowId: string): Promise<Set<string>> {
  const history = await h.client.workflow.getHandle(workflowId).fetchHistory();
  return new Set(
    (history.events ?? []).flatMap((e) => {
      const name = e.activityTaskScheduledEventAttributes?.taskQueue?.name;
      return name ? [name] : [];
    }),
  );
}

describe('task-queue prefix', () => {
  it('runs a campaign to publication on prefixed queues only, with a spawned klartext worker', async () => {
    h.spawnWorker();
    const campaign = withOwnChannel(await h.example({ segments: 1 }));
    const campaignId = await h.launch(campaign);
    const segmentId = campaign.segments[0]!.id;
    await h.signOff(campaignId, segmentId);
    const result = await h.client.workflow.getHandle(campaignWorkflowId(campaignId)).result();
    expect(result.counts).toEqual({ PUBLISHED: 1 });

    const campaignRun = await h.client.workflow.getHandle(campaignWorkflowId(campaignId)).describe();
    const segmentRun = await h.client.workflow.getHandle(segmentWorkflowId(campaignId, segmentId)).describe();
    expect(campaignRun.taskQueue).toBe(`${prefix}${TASK_QUEUES.orchestration}`);
    expect(segmentRun.taskQueue).toBe(`${prefix}${TASK_QUEUES.orchestration}`);
    const queues = await activityQueues(segmentWorkflowId(campaignId, segmentId));
    expect([...queues].sort()).toEqual(
      [TASK_QUEUES.llm, TASK_QUEUES.orchestration, TASK_QUEUES.publish, TASK_QUEUES.video].map((q) => prefix + q),
    );
  }, 300_000);
});
