// Each task queue's limits from the environment: KLARTEXT_QUEUE_<QUEUE>_CONCURRENCY (worker slots) and
// KLARTEXT_QUEUE_<QUEUE>_ACTIVITIES_PER_SECOND (the queue-wide rate), part of the one config schema.
import { z } from 'zod';
import { TASK_QUEUES, type TaskQueueName } from '../shared/task-queues.ts';

type QueueVariable = `KLARTEXT_QUEUE_${Uppercase<TaskQueueName>}_${'CONCURRENCY' | 'ACTIVITIES_PER_SECOND'}`;

/** The schema's entries for every queue's two variables, all optional. */
export const queueLimitVariables = Object.fromEntries(
  Object.values(TASK_QUEUES).flatMap((q) => [
    [`KLARTEXT_QUEUE_${q.toUpperCase()}_CONCURRENCY`, z.coerce.number().int().min(1).max(10_000).optional()],
    [`KLARTEXT_QUEUE_${q.toUpperCase()}_ACTIVITIES_PER_SECOND`, z.coerce.number().positive().max(100_000).optional()],
  ]),
) as Record<QueueVariable, z.ZodOptional<z.ZodNumber>>;

/** Video rendering is CPU-bound: without a setting, one ffmpeg per core of a small machine. */
export const DEFAULT_CONCURRENCY: Partial<Record<TaskQueueName, number>> = { video: 2 };

/** One task queue's limits: worker slots (`maxConcurrentActivityTaskExecutions`) and the queue-wide rate. */
export interface QueueLimits {
  /** Activities one worker process runs at once on this queue; absent: the SDK's default. */
  concurrency?: number;
  /** `maxTaskQueueActivitiesPerSecond`: the server hands out no more, across every worker (a provider's quota). */
  activitiesPerSecond?: number;
}

/** Each queue's limits from the parsed variables, with the defaults filled in. */
export function queueLimitsFrom(c: Partial<Record<QueueVariable, number>>): Record<TaskQueueName, QueueLimits> {
  const limits = {} as Record<TaskQueueName, QueueLimits>;
  for (const q of Object.values(TASK_QUEUES)) {
    const Q = q.toUpperCase() as Uppercase<TaskQueueName>;
    const concurrency = c[`KLARTEXT_QUEUE_${Q}_CONCURRENCY`] ?? DEFAULT_CONCURRENCY[q];
    const activitiesPerSecond = c[`KLARTEXT_QUEUE_${Q}_ACTIVITIES_PER_SECOND`];
    limits[q] = {
      ...(concurrency !== undefined ? { concurrency } : {}),
      ...(activitiesPerSecond !== undefined ? { activitiesPerSecond } : {}),
    };
  }
  return limits;
}
