// What the services need, passed in by the server entry point (or a test): they construct no clients themselves.
import type { Client } from '@temporalio/client';
import type { Pool } from '../db/pool.ts';
import type { SecretBox } from '../db/secrets.ts';
import { TASK_QUEUES, taskQueueName } from '../shared/task-queues.ts';

export interface ServiceDeps {
  pool: Pool;
  temporal: Client;
  /** Encrypts channel secrets at rest; without it, channels with secrets cannot be stored or tested. */
  secrets?: SecretBox;
  /** Prefix of this deployment's task queues (KLARTEXT_TASK_QUEUE_PREFIX); none when absent. */
  taskQueuePrefix?: string;
  /** How long a claim withdrawal request waits for its cascade's outcome before answering RUNNING (default 15 s). */
  cascadeWaitMs?: number;
}

/** The queue workflows are started on in this deployment: its orchestration queue, prefixed. */
export function orchestrationQueue(deps: Pick<ServiceDeps, 'taskQueuePrefix'>): string {
  return taskQueueName(TASK_QUEUES.orchestration, deps.taskQueuePrefix);
}
