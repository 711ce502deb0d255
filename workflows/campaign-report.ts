// A segment started by a campaign reports its end to it by signal: the campaign does not wait on its segments, so it
// can continue as new while they sit in review for days, and counts them as their reports come in.
import { CancellationScope, getExternalWorkflowHandle, workflowInfo } from '@temporalio/workflow';
import { segmentFinishedSignal, segmentScheduledSignal } from './messages.ts';

/**
 * Tells the campaign workflow that started this segment how it ended. The signal names the campaign's workflow id,
 * not a run, so it reaches whichever run is current; a campaign that has closed (cancelled) cannot hear it and needs
 * nothing. A segment started on its own (a replacement video) has no campaign to tell.
 */
export async function reportToCampaign(segmentId: string, status: string): Promise<void> {
  const parent = workflowInfo().parent;
  if (!parent) return;
  // Also from a cancelled segment: the report must leave even though the segment's own scope is cancelled.
  await CancellationScope.nonCancellable(() =>
    getExternalWorkflowHandle(parent.workflowId).signal(segmentFinishedSignal, { segmentId, status }),
  ).catch(() => undefined);
}

/** Tells the campaign that this segment's accepted video waits for its schedule: it holds no review slot meanwhile. */
export async function reportScheduled(segmentId: string): Promise<void> {
  const parent = workflowInfo().parent;
  if (!parent) return;
  await getExternalWorkflowHandle(parent.workflowId)
    .signal(segmentScheduledSignal, { segmentId })
    .catch(() => undefined);
}
