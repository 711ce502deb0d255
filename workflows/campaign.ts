// campaignWorkflow: runs one segmentWorkflow per segment in a sliding window, continuing-as-new as it goes; a manager
// may pause and resume it, raise its video budget and link channels while it runs (workflows/campaign-steering.ts).
import {
  allHandlersFinished,
  ParentClosePolicy,
  condition,
  continueAsNew,
  setHandler,
  startChild,
  workflowInfo,
  type ChildWorkflowHandle,
} from '@temporalio/workflow';
import { segmentWorkflowId, TASK_QUEUES, taskQueueName, taskQueuePrefixOf } from '../shared/task-queues.ts';
import { store } from './activities.ts';
import { setSteeringHandlers, type SteeringState } from './campaign-steering.ts';
import { campaignPausedSignal, campaignProgressQuery, type CampaignProgress } from './messages.ts';
import type { ReviewPolicy } from './review-wait.ts';
import { segmentWorkflow } from './segment.ts';

export interface CampaignWorkflowInput {
  campaignId: string;
  segmentIds: string[];
  approvalsRequired: number;
  maxAutoRedrafts?: number;
  channelIds: string[];
  /** Segments in flight at once; bounds history size and load on reviewers' queue. */
  window?: number;
  reviewPolicy?: ReviewPolicy;
  conflictedUserIds?: string[];
  /** Children started per run before continuing as new (default 500, far below the history limits). */
  segmentsPerRun?: number;
  /** Carried across continue-as-new: where the next run resumes and what finished before. */
  nextIndex?: number;
  counts?: Record<string, number>;
  /** Carried across continue-as-new: the campaign is paused, its budget was raised, channels were linked late. */
  paused?: boolean;
  budgetSeconds?: number;
  lateChannelIds?: string[];
}

export interface CampaignWorkflowResult {
  campaignId: string;
  counts: Record<string, number>;
}

/** Fans out over the campaign's segments; finishes when every segment workflow has closed. */
export async function campaignWorkflow(input: CampaignWorkflowInput): Promise<CampaignWorkflowResult> {
  const window = Math.max(1, input.window ?? 20);
  const counts: Record<string, number> = { ...(input.counts ?? {}) };
  const runStart = input.nextIndex ?? 0;
  let next = runStart;
  let active = 0;
  const steering: SteeringState = {
    paused: input.paused ?? false,
    budgetSeconds: input.budgetSeconds,
    channelIds: [...input.channelIds],
    lateChannelIds: [...(input.lateChannelIds ?? [])],
  };
  const children = new Map<string, ChildWorkflowHandle<typeof segmentWorkflow>>();
  const progress = (): CampaignProgress => ({
    total: input.segmentIds.length,
    started: next,
    finished: Object.values(counts).reduce((a, b) => a + b, 0),
    counts,
    paused: steering.paused,
    ...(steering.budgetSeconds === undefined ? {} : { budgetSeconds: steering.budgetSeconds }),
    ...(steering.lateChannelIds.length > 0 ? { lateChannelIds: steering.lateChannelIds } : {}),
  });
  setHandler(campaignProgressQuery, progress);
  setSteeringHandlers(steering, children, progress);

  const runSegment = async (segmentId: string): Promise<void> => {
    let status: string = 'FAILED';
    try {
      const child = await startChild(segmentWorkflow, {
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
          },
        ],
        // Cancelling the campaign cancels its segments; we drain the window before continue-as-new.
        parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
      });
      children.set(segmentId, child);
      // Paused while the child was starting: it missed the signal the pause sent to the others.
      if (steering.paused) await child.signal(campaignPausedSignal, { paused: true }).catch(() => undefined);
      status = (await child.result()).status;
    } catch {
      // A failed segment is counted, not fatal: the other segments of the campaign go on.
    } finally {
      children.delete(segmentId);
      counts[status] = (counts[status] ?? 0) + 1;
      active -= 1;
    }
  };

  const inFlight: Promise<void>[] = [];
  while (next < input.segmentIds.length && next - runStart < (input.segmentsPerRun ?? 500)) {
    // Paused: no new segment starts until a manager resumes the campaign.
    await condition(() => active < window && !steering.paused);
    active += 1;
    inFlight.push(runSegment(input.segmentIds[next]!));
    next += 1;
  }
  await Promise.all(inFlight);
  // Steering Updates still running finish in this run; the next run starts with what they changed.
  await condition(allHandlersFinished);

  if (next < input.segmentIds.length) {
    await continueAsNew<typeof campaignWorkflow>({
      ...input,
      nextIndex: next,
      counts,
      paused: steering.paused,
      channelIds: steering.channelIds,
      lateChannelIds: steering.lateChannelIds,
      ...(steering.budgetSeconds === undefined ? {} : { budgetSeconds: steering.budgetSeconds }),
    });
  }
  // A paused campaign does not complete behind its manager's back: it finishes once resumed (or is cancelled).
  await condition(() => !steering.paused && allHandlersFinished());
  await store.finishCampaign({ campaignId: input.campaignId, counts });
  return { campaignId: input.campaignId, counts };
}
