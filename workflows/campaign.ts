// campaignWorkflow: runs one segmentWorkflow per segment in a sliding window, continuing-as-new as it goes.
import { ParentClosePolicy, condition, continueAsNew, executeChild, setHandler } from '@temporalio/workflow';
import { segmentWorkflowId, TASK_QUEUES } from '../shared/task-queues.ts';
import { store } from './activities.ts';
import { campaignProgressQuery, type CampaignProgress } from './messages.ts';
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
  const progress = (): CampaignProgress => ({
    total: input.segmentIds.length,
    started: next,
    finished: Object.values(counts).reduce((a, b) => a + b, 0),
    counts,
  });
  setHandler(campaignProgressQuery, progress);

  const runSegment = async (segmentId: string): Promise<void> => {
    let status: string = 'FAILED';
    try {
      const result = await executeChild(segmentWorkflow, {
        workflowId: segmentWorkflowId(input.campaignId, segmentId),
        taskQueue: TASK_QUEUES.orchestration,
        args: [
          {
            campaignId: input.campaignId,
            segmentId,
            approvalsRequired: input.approvalsRequired,
            maxAutoRedrafts: input.maxAutoRedrafts,
            channelIds: input.channelIds,
            reviewPolicy: input.reviewPolicy,
            conflictedUserIds: input.conflictedUserIds,
          },
        ],
        // Cancelling the campaign cancels its segments; we drain the window before continue-as-new.
        parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
      });
      status = result.status;
    } catch {
      // A failed segment is counted, not fatal: the other segments of the campaign go on.
    } finally {
      counts[status] = (counts[status] ?? 0) + 1;
      active -= 1;
    }
  };

  const inFlight: Promise<void>[] = [];
  while (next < input.segmentIds.length && next - runStart < (input.segmentsPerRun ?? 500)) {
    await condition(() => active < window);
    active += 1;
    inFlight.push(runSegment(input.segmentIds[next]!));
    next += 1;
  }
  await Promise.all(inFlight);

  if (next < input.segmentIds.length) {
    await continueAsNew<typeof campaignWorkflow>({ ...input, nextIndex: next, counts });
  }
  await store.finishCampaign({ campaignId: input.campaignId, counts });
  return { campaignId: input.campaignId, counts };
}
