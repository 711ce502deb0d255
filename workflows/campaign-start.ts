// Starting one segment of a campaign: a child workflow that outlives the campaign run that started it, told at once of
// any steering that changed while it was starting.
import { CancellationScope, ParentClosePolicy, startChild, workflowInfo } from '@temporalio/workflow';
import { segmentWorkflowId, TASK_QUEUES, taskQueueName, taskQueuePrefixOf } from '../shared/task-queues.ts';
import type { CampaignWorkflowInput } from './campaign.ts';
import type { SteeringState } from './campaign-steering.ts';
import { budgetRaisedSignal, campaignPausedSignal, channelsLinkedSignal } from './messages.ts';
import { segmentWorkflow } from './segment.ts';
import type { VariantSchedule } from './variant-schedule.ts';

/** Starts the segment's workflow; false when it could not be started (its id is held by a run still going). */
export async function startSegmentWorkflow(
  input: CampaignWorkflowInput,
  segmentId: string,
  steering: SteeringState,
  /** Script variants split by schedule: when this segment's video may go out. */
  schedule?: VariantSchedule,
): Promise<boolean> {
  const told = { paused: steering.paused, budget: steering.budgetSeconds, channels: steering.channelIds.length };
  let child;
  try {
    // Not cancellable: a cancelled campaign cancels its open segments itself, all alike (workflows/campaign.ts).
    child = await CancellationScope.nonCancellable(() =>
      startChild(segmentWorkflow, {
        workflowId: segmentWorkflowId(input.campaignId, segmentId),
        // The segment runs in this campaign's deployment, on its (possibly prefixed) orchestration queue.
        taskQueue: taskQueueName(TASK_QUEUES.orchestration, taskQueuePrefixOf(workflowInfo().taskQueue)),
        args: [
          {
            campaignId: input.campaignId,
            segmentId,
            approvalsRequired: input.approvalsRequired,
            maxAutoRedrafts: input.maxAutoRedrafts,
            channelIds: [...steering.channelIds],
            reviewPolicy: input.reviewPolicy,
            conflictedUserIds: input.conflictedUserIds,
            paused: told.paused,
            ...(schedule ? { schedule } : {}),
          },
        ],
        // The segment outlives this run: the campaign continues as new without waiting for it.
        parentClosePolicy: ParentClosePolicy.ABANDON,
      }),
    );
  } catch {
    return false;
  }
  // Steering that changed while the segment was starting did not reach it (the fan-out missed it): tell it now.
  const late = [
    steering.paused !== told.paused && child.signal(campaignPausedSignal, { paused: steering.paused }),
    steering.budgetSeconds !== told.budget &&
      child.signal(budgetRaisedSignal, { budgetSeconds: steering.budgetSeconds ?? 0 }),
    steering.channelIds.length > told.channels &&
      child.signal(channelsLinkedSignal, { channelIds: steering.channelIds.slice(told.channels) }),
  ];
  // A segment that has closed meanwhile cannot hear it and needs nothing.
  await Promise.all(late.map((sent) => sent && sent.catch(() => undefined)));
  return true;
}
