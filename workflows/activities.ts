// Activity proxies per task queue, each typed with only that queue's activities (a call on the wrong queue does not
// compile), with the timeouts and retry policies each kind of work needs.
import {
  patched,
  proxyActivities,
  proxyLocalActivities,
  workflowInfo,
  type ActivityInterfaceFor,
  type ActivityOptions,
} from '@temporalio/workflow';
import type {
  LlmActivities,
  OrchestrationActivities,
  PublishActivities,
  VideoActivities,
} from '../activities/index.ts';
import { NON_RETRYABLE_ERRORS } from '../shared/errors.ts';
import { TASK_QUEUES, taskQueueName, taskQueuePrefixOf, type TaskQueueName } from '../shared/task-queues.ts';

/**
 * A proxy for the activities of `options.taskQueue` (a base name) in the calling workflow's deployment: the queue
 * gets the prefix of the queue the workflow itself runs on, read at each call from workflowInfo(), which is part of
 * the workflow's history and so deterministic on replay. Unprefixed deployments schedule on the base names as before.
 */
function proxyOnQueue<A extends object>(options: QueueOptions): ActivityInterfaceFor<A> {
  return new Proxy({} as ActivityInterfaceFor<A>, {
    get(_, name) {
      const taskQueue = taskQueueName(options.taskQueue, taskQueuePrefixOf(workflowInfo().taskQueue));
      return (proxyActivities<A>({ ...options, taskQueue }) as Record<PropertyKey, unknown>)[name];
    },
  });
}

/** Activity options naming the queue by its base name (`TASK_QUEUES`); the deployment's prefix is added per call. */
type QueueOptions = ActivityOptions & { taskQueue: TaskQueueName };

// Every retry policy has a bound: a failure that never heals (a bug, a model that always refuses, a lost file) must
// end the segment as FAILED with its reason (workflows/segment.ts) rather than retry for ever. Attempts are counted,
// not wall-clock time, so a stopped worker does not use up the bound while nothing runs.

/** Bookkeeping in our own database: fast, retried quickly, for about six hours (a database outage or restore). */
export const STORE_OPTIONS: QueueOptions = {
  taskQueue: TASK_QUEUES.orchestration,
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '1 minute',
    // Seven attempts reach the 1-minute interval; 360 attempts are some six hours of one a minute.
    maximumAttempts: 360,
    nonRetryableErrorTypes: NON_RETRYABLE_ERRORS,
  },
};
export const store = proxyOnQueue<OrchestrationActivities>(STORE_OPTIONS);

/**
 * The same bookkeeping as local activities, run by the worker that runs the workflow (orchestration workers register
 * the store's activities): one marker event each instead of three activity events and a workflow task, and no round
 * trip through the server's task matching — the server's work per segment is what bounds a campaign's throughput.
 */
const bookkeeping = proxyLocalActivities<OrchestrationActivities>({
  startToCloseTimeout: STORE_OPTIONS.startToCloseTimeout,
  retry: STORE_OPTIONS.retry,
  // Retries after the first minute wait on a timer, so a database outage does not hold the workflow task.
  localRetryThreshold: '1 minute',
});

/**
 * The proxy for quick bookkeeping in a workflow's main line (a segment's stage, a script's check): local activities in
 * runs that reach this code, activities in runs recorded before it (their histories replay as they were). Not for
 * Update handlers: a local activity there let the handler's completion and the main line's next commands replay in
 * another order than they ran (a non-determinism error on replay, found by the recorded histories), so decisions are
 * recorded by activities.
 */
export function bookkeepingStore(): Pick<
  ActivityInterfaceFor<OrchestrationActivities>,
  'setSegmentStatus' | 'checkScript'
> {
  return patched('bookkeeping-as-local-activities') ? bookkeeping : store;
}

/**
 * Reaching every open segment of a campaign (steering signals, cancellation): thousands of calls to Temporal in one
 * activity, heartbeating between batches so a dead worker's attempt is retried soon.
 */
export const FAN_OUT_OPTIONS: QueueOptions = {
  taskQueue: TASK_QUEUES.orchestration,
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { maximumInterval: '1 minute', maximumAttempts: 60, nonRetryableErrorTypes: NON_RETRYABLE_ERRORS },
};
export const fanOut = proxyOnQueue<OrchestrationActivities>(FAN_OUT_OPTIONS);

/** Segmenting an uploaded respondent file: one streaming pass over up to 1 GiB, so minutes rather than seconds. */
export const SEGMENTATION_OPTIONS: QueueOptions = {
  taskQueue: TASK_QUEUES.orchestration,
  startToCloseTimeout: '30 minutes',
  // The pass heartbeats (activities/keep-alive.ts), so a worker that dies mid-file is noticed in 20 s, not 30 min.
  heartbeatTimeout: '20 seconds',
  retry: { maximumAttempts: 3, nonRetryableErrorTypes: NON_RETRYABLE_ERRORS },
};
export const segmentation = proxyOnQueue<OrchestrationActivities>(SEGMENTATION_OPTIONS);

/** Script drafting: a model call may be slow; provider SDKs never retry themselves (maxRetries 0). */
export const LLM_OPTIONS: QueueOptions = {
  taskQueue: TASK_QUEUES.llm,
  // A draft may take three model calls (JSON-schema fallback, one repair), each up to two minutes.
  startToCloseTimeout: '7 minutes',
  // The draft heartbeats while its model calls run, so a draft on a dead worker is retried after 20 s, not 7 min.
  heartbeatTimeout: '20 seconds',
  retry: {
    initialInterval: '5 seconds',
    maximumInterval: '5 minutes',
    // Eight attempts wait 5 s, 10 s … 5 min between them: some ten minutes of waiting, an hour at most in all.
    maximumAttempts: 8,
    nonRetryableErrorTypes: NON_RETRYABLE_ERRORS,
  },
};
export const llm = proxyOnQueue<LlmActivities>(LLM_OPTIONS);

/** Rendering heartbeats every 5 s, so a dead worker is noticed within 20 s and the render resumes elsewhere. */
export const VIDEO_OPTIONS: QueueOptions = {
  taskQueue: TASK_QUEUES.video,
  startToCloseTimeout: '60 minutes',
  heartbeatTimeout: '20 seconds',
  retry: {
    initialInterval: '10 seconds',
    maximumInterval: '10 minutes',
    // A worker that dies mid-render costs an attempt too, so a few more than a render should ever need.
    maximumAttempts: 6,
    nonRetryableErrorTypes: NON_RETRYABLE_ERRORS,
  },
};
export const video = proxyOnQueue<VideoActivities>(VIDEO_OPTIONS);

/**
 * Deliveries back off from seconds to hours (close to the Standard Webhooks schedule), giving a receiver about a day
 * to recover before the delivery is marked failed. The delivery activity sets each retry's delay itself, jittered by
 * ±20 % (Temporal's backoff has none) or as the receiver's Retry-After asks; this policy is the fallback.
 */
export const PUBLISH_OPTIONS: QueueOptions = {
  taskQueue: TASK_QUEUES.publish,
  // 15 s HTTP timeout plus ledger writes; short so a dead worker's delivery is retried soon.
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '26 hours',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 4,
    maximumInterval: '5 hours',
    nonRetryableErrorTypes: [...NON_RETRYABLE_ERRORS, 'ChannelGoneError'],
  },
};
export const publish = proxyOnQueue<PublishActivities>(PUBLISH_OPTIONS);
