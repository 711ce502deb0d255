// campaignWorkflow: starts one segmentWorkflow per segment and counts their reports, continuing as new as it goes; a
// manager may pause and resume it, raise its video budget and link channels while it runs (campaign-steering.ts).
import {
  allHandlersFinished,
  CancellationScope,
  condition,
  continueAsNew,
  isCancellation,
  patched,
  setHandler,
  workflowInfo,
  type SignalDefinition,
} from '@temporalio/workflow';
import { fanOut, store } from './activities.ts';
import { startSegmentWorkflow } from './campaign-start.ts';
import { setSteeringHandlers, type SteeringState } from './campaign-steering.ts';
import {
  campaignProgressQuery,
  segmentFinishedSignal,
  segmentScheduledSignal,
  type CampaignProgress,
} from './messages.ts';
import type { ReviewPolicy } from './review-wait.ts';
import { setCampaignStatus } from './stage.ts';
import { variantSchedule, variantSegmentId } from '../shared/variants.ts';

export interface CampaignWorkflowInput {
  campaignId: string;
  segmentIds: string[];
  approvalsRequired: number;
  maxAutoRedrafts?: number;
  channelIds: string[];
  /** Most segments open at once (drafted and in review, or being produced); absent: no limit (`review.maxInReview`). */
  maxInReview?: number;
  reviewPolicy?: ReviewPolicy;
  conflictedUserIds?: string[];
  /** Segments started per run before continuing as new (default 500, below Temporal's 2,000 pending children). */
  segmentsPerRun?: number;
  /** History events after which a run continues as new while it waits for reports (default 5,000). */
  eventsPerRun?: number;
  /** How often a waiting run looks for segments closed without a report, e.g. terminated (default 3,600 s). */
  reconcileEverySeconds?: number;
  /** Script variants split by schedule: when every variant B replaces its segment's video (shared/variants.ts). */
  variantSwitchAt?: string;
  /** Carried across continue-as-new: where the next run resumes, what finished, which segments are still open. */
  nextIndex?: number;
  counts?: Record<string, number>;
  /** Indexes into `segmentIds` of segments started and not yet reported back. */
  open?: number[];
  /** Of `open`, segments whose accepted video waits for its schedule: they hold no slot of `maxInReview`. */
  scheduled?: number[];
  /** Carried across continue-as-new: the campaign is paused, its budget was raised, channels were linked late. */
  paused?: boolean;
  budgetSeconds?: number;
  lateChannelIds?: string[];
}

export interface CampaignWorkflowResult {
  campaignId: string;
  counts: Record<string, number>;
}

/**
 * Starts the campaign's segments without waiting on them: each segment workflow outlives the run that started it
 * (ParentClosePolicy ABANDON) and reports its end by signal, so a segment waiting days for its reviewers holds no slot
 * and no history here. Drafting, rendering and delivery are bounded by their task queues' concurrency and rates.
 * Finishes when every segment has reported.
 */
export async function campaignWorkflow(input: CampaignWorkflowInput): Promise<CampaignWorkflowResult> {
  const { campaignId, segmentIds } = input;
  const counts: Record<string, number> = { ...(input.counts ?? {}) };
  const indexOf = new Map(segmentIds.map((id, i) => [id, i]));
  const open = new Set(input.open ?? []);
  const scheduled = new Set(input.scheduled ?? []);
  const runStart = input.nextIndex ?? 0;
  let next = runStart;
  const steering: SteeringState = {
    paused: input.paused ?? false,
    budgetSeconds: input.budgetSeconds,
    channelIds: [...input.channelIds],
    lateChannelIds: [...(input.lateChannelIds ?? [])],
  };
  const openIds = () => [...open].map((i) => segmentIds[i]!);
  const progress = (): CampaignProgress => ({
    total: segmentIds.length,
    started: next,
    finished: Object.values(counts).reduce((a, b) => a + b, 0),
    counts,
    open: open.size,
    paused: steering.paused,
    ...(steering.budgetSeconds === undefined ? {} : { budgetSeconds: steering.budgetSeconds }),
    ...(steering.lateChannelIds.length > 0 ? { lateChannelIds: steering.lateChannelIds } : {}),
  });
  const finish = (i: number, status: string) => {
    // A duplicate or late report (a retried signal, one that crossed continue-as-new) counts once.
    scheduled.delete(i);
    if (!open.delete(i)) return;
    counts[status] = (counts[status] ?? 0) + 1;
  };
  const tellSegments = async <T>(signal: SignalDefinition<[T]>, arg: T) => {
    const ids = openIds();
    if (ids.length > 0) await fanOut.signalSegments({ campaignId, segmentIds: ids, signal: signal.name, arg });
  };
  setHandler(campaignProgressQuery, progress);
  setHandler(segmentFinishedSignal, ({ segmentId, status }) => {
    const i = indexOf.get(segmentId);
    if (i !== undefined) finish(i, status);
  });
  setHandler(segmentScheduledSignal, ({ segmentId }) => {
    const i = indexOf.get(segmentId);
    if (i !== undefined && open.has(i)) scheduled.add(i);
  });
  setSteeringHandlers(steering, tellSegments, progress);

  const startSegment = async (i: number): Promise<void> => {
    open.add(i);
    // Not started (its id is held by a run still going, e.g. a replacement): counted as failed; the others go on.
    const segmentId = segmentIds[i]!;
    const schedule = variantSchedule(input.variantSwitchAt, segmentId, (id) => indexOf.has(variantSegmentId(id)));
    if (!(await startSegmentWorkflow(input, segmentId, steering, schedule))) finish(i, 'FAILED');
  };

  const starts: Promise<void>[] = [];
  const perRun = input.segmentsPerRun ?? 500;
  const historyFull = () =>
    workflowInfo().continueAsNewSuggested || workflowInfo().historyLength >= (input.eventsPerRun ?? 5_000);
  const runFull = () => next - runStart >= perRun || historyFull();
  const hasRoom = () => input.maxInReview === undefined || open.size - scheduled.size < input.maxInReview;
  const done = () => next === segmentIds.length && open.size === 0;

  // A segment terminated by an operator (or timed out) never reports: while it waits, the campaign looks for such
  // segments now and then and counts them as failed, so it neither waits for them forever nor keeps offering them
  // to reviewers. Histories recorded before this check replay without it.
  const reconciles = patched('campaign-counts-closed-segments');
  const countClosedSegments = async () => {
    const { segmentIds: closed } = await fanOut.closedSegments({ campaignId });
    for (const segmentId of closed) {
      const i = indexOf.get(segmentId);
      if (i === undefined || !open.has(i)) continue;
      await store.setSegmentStatus({ campaignId, segmentId, status: 'FAILED' });
      finish(i, 'FAILED');
    }
  };
  const waitFor = async (met: () => boolean) => {
    if (!reconciles) return void (await condition(met));
    // Checked first: a condition with a timeout starts a timer (two history events) even when it already holds.
    while (!met()) {
      if (!(await condition(met, (input.reconcileEverySeconds ?? 3_600) * 1_000))) await countClosedSegments();
    }
  };

  try {
    while (next < segmentIds.length) {
      // Paused: no new segment starts until a manager resumes the campaign.
      await waitFor(() => runFull() || (!steering.paused && hasRoom()));
      if (runFull()) break;
      starts.push(startSegment(next));
      next += 1;
    }
    await Promise.all(starts);
    // A paused campaign does not complete behind its manager's back: it finishes once resumed (or is cancelled).
    if (next === segmentIds.length) await waitFor(() => (done() && !steering.paused) || historyFull());
    // Steering Updates still running finish in this run; the next run starts with what they changed.
    await condition(allHandlersFinished);
  } catch (err) {
    if (isCancellation(err)) {
      setCampaignStatus('CANCELLED');
      // Cancelled: stop every open segment, including those still starting (they are in `open` already).
      await CancellationScope.nonCancellable(async () => {
        await Promise.all(starts);
        await fanOut.cancelSegments({ campaignId, segmentIds: openIds() });
      });
    }
    throw err;
  }

  if (!done() || steering.paused) {
    await continueAsNew<typeof campaignWorkflow>({
      ...input,
      nextIndex: next,
      counts,
      open: [...open],
      ...(scheduled.size > 0 ? { scheduled: [...scheduled] } : {}),
      paused: steering.paused,
      channelIds: steering.channelIds,
      lateChannelIds: steering.lateChannelIds,
      ...(steering.budgetSeconds === undefined ? {} : { budgetSeconds: steering.budgetSeconds }),
    });
  }
  await store.finishCampaign({ campaignId, counts });
  setCampaignStatus('COMPLETED');
  return { campaignId, counts };
}
