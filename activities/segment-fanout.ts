// Telling every open segment of a campaign something at once (a steering signal, or cancellation) from one activity:
// the campaign's history holds one activity however many segments are open, not two events per segment.
import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import { segmentWorkflowId } from '../shared/task-queues.ts';

export interface SignalSegmentsInput {
  campaignId: string;
  segmentIds: string[];
  /** The signal's name (as defined in workflows/messages.ts) and its one argument. */
  signal: string;
  arg: unknown;
}

export interface CancelSegmentsInput {
  campaignId: string;
  segmentIds: string[];
}

export interface ClosedSegmentsInput {
  campaignId: string;
}

/** How many segment workflows are signalled or cancelled at once. */
const AT_ONCE = 32;

/**
 * Runs `act` on each segment's workflow through the worker's own client, a few at a time, heartbeating as it goes. A
 * segment that has closed meanwhile cannot hear it and needs nothing; any other error fails the attempt, and the retry
 * tells every segment again (each message is idempotent at the segment).
 */
async function eachSegment(
  { campaignId, segmentIds }: CancelSegmentsInput,
  act: (handle: WorkflowHandle) => Promise<unknown>,
): Promise<{ reached: number }> {
  const context = Context.current();
  let reached = 0;
  for (let i = 0; i < segmentIds.length; i += AT_ONCE) {
    await Promise.all(
      segmentIds.slice(i, i + AT_ONCE).map(async (segmentId) => {
        try {
          await act(context.client.workflow.getHandle(segmentWorkflowId(campaignId, segmentId)));
          reached += 1;
        } catch (err) {
          if (!(err instanceof WorkflowNotFoundError)) throw err;
        }
      }),
    );
    context.heartbeat(i);
  }
  return { reached };
}

/** A string literal of Temporal's list-filter language. */
function quoted(value: string): string {
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** Activities the campaign workflow uses to reach its open segments; they need nothing but the worker's client. */
export function createSegmentFanOutActivities() {
  return {
    /** Sends one signal to each listed segment workflow of a campaign. */
    async signalSegments(input: SignalSegmentsInput): Promise<{ reached: number }> {
      return eachSegment(input, (handle) => handle.signal(input.signal, input.arg));
    },
    /** Asks each listed segment workflow of a campaign to cancel (a cancelled campaign stops its segments). */
    async cancelSegments(input: CancelSegmentsInput): Promise<{ reached: number }> {
      return eachSegment(input, (handle) => handle.cancel());
    },
    /**
     * The campaign's segments whose workflows closed without a chance to report (terminated by an operator, or timed
     * out), from the visibility store in one listing: every other ending reports by signal. The campaign counts them
     * as failed instead of waiting for reports that cannot come.
     */
    async closedSegments({ campaignId }: ClosedSegmentsInput): Promise<{ segmentIds: string[] }> {
      const context = Context.current();
      const prefix = segmentWorkflowId(campaignId, '');
      const query =
        `WorkflowId STARTS_WITH ${quoted(prefix)} AND ` +
        `(ExecutionStatus = "Terminated" OR ExecutionStatus = "TimedOut")`;
      const segmentIds = new Set<string>();
      for await (const run of context.client.workflow.list({ query })) {
        if (run.workflowId.startsWith(prefix)) segmentIds.add(run.workflowId.slice(prefix.length));
        if (segmentIds.size % 100 === 0) context.heartbeat(segmentIds.size);
      }
      return { segmentIds: [...segmentIds] };
    },
  };
}
