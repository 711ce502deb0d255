// Activity proxies per task queue, each typed with only that queue's activities (a call on the wrong queue does not
// compile), with the timeouts and retry policies each kind of work needs.
import { proxyActivities } from '@temporalio/workflow';
import type {
  LlmActivities,
  OrchestrationActivities,
  PublishActivities,
  VideoActivities,
} from '../activities/index.ts';
import { NON_RETRYABLE_ERRORS } from '../shared/errors.ts';
import { TASK_QUEUES } from '../shared/task-queues.ts';

/** Bookkeeping in our own database: fast, retried quickly. */
export const store = proxyActivities<OrchestrationActivities>({
  taskQueue: TASK_QUEUES.orchestration,
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: NON_RETRYABLE_ERRORS },
});

/** Segmenting an uploaded respondent file: one streaming pass over up to 1 GiB, so minutes rather than seconds. */
export const segmentation = proxyActivities<OrchestrationActivities>({
  taskQueue: TASK_QUEUES.orchestration,
  startToCloseTimeout: '30 minutes',
  retry: { maximumAttempts: 3, nonRetryableErrorTypes: NON_RETRYABLE_ERRORS },
});

/** Script drafting: a model call may be slow; provider SDKs never retry themselves (maxRetries 0). */
export const llm = proxyActivities<LlmActivities>({
  taskQueue: TASK_QUEUES.llm,
  // A draft may take three model calls (JSON-schema fallback, one repair), each up to two minutes.
  startToCloseTimeout: '7 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes', nonRetryableErrorTypes: NON_RETRYABLE_ERRORS },
});

/** Rendering heartbeats every 5 s, so a dead worker is noticed within 20 s and the render resumes elsewhere. */
export const video = proxyActivities<VideoActivities>({
  taskQueue: TASK_QUEUES.video,
  startToCloseTimeout: '60 minutes',
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '10 seconds', maximumInterval: '10 minutes', nonRetryableErrorTypes: NON_RETRYABLE_ERRORS },
});

/**
 * Deliveries back off from seconds to hours (close to the Standard Webhooks schedule), giving a receiver about a day
 * to recover before the delivery is marked failed. The delivery activity sets each retry's delay itself, jittered by
 * ±20 % (Temporal's backoff has none) or as the receiver's Retry-After asks; this policy is the fallback.
 */
export const publish = proxyActivities<PublishActivities>({
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
});
