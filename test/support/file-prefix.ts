// Runs before every test file (vitest `setupFiles`): each file is its own deployment on the suite's one Temporal
// server, with a task-queue prefix of its own, so files run in parallel without one file's worker picking up another
// file's tasks. Processes a test spawns inherit the variable, as a deployment's processes share it.
import { randomBytes } from 'node:crypto';
import { TASK_QUEUES, taskQueueName, type TaskQueueName } from '../../shared/task-queues.ts';

process.env.KLARTEXT_TASK_QUEUE_PREFIX = `t${randomBytes(4).toString('hex')}-`;

/** This test file's task-queue prefix. */
export function fileTaskQueuePrefix(): string {
  return process.env.KLARTEXT_TASK_QUEUE_PREFIX ?? '';
}

/** The name this test file's workers poll for `queue`. */
export function fileQueue(queue: TaskQueueName): string {
  return taskQueueName(queue, fileTaskQueuePrefix());
}

export { TASK_QUEUES };
