// Task-queue names of a prefixed deployment, and the prefix a workflow reads back from the queue it runs on.
import { describe, expect, it } from 'vitest';
import { TASK_QUEUES, taskQueueName, taskQueuePrefixOf } from '../../shared/task-queues.ts';

describe('task-queue prefix', () => {
  it('puts the prefix before the base name, and none by default', () => {
    expect(taskQueueName(TASK_QUEUES.video, 'agency-a-')).toBe('agency-a-video');
    expect(taskQueueName(TASK_QUEUES.video)).toBe('video');
  });

  it('reads the prefix back from an orchestration queue, and no prefix from any other queue', () => {
    expect(taskQueuePrefixOf('agency-a-orchestration')).toBe('agency-a-');
    expect(taskQueuePrefixOf('orchestration')).toBe('');
    expect(taskQueuePrefixOf('matrix-no-worker-1a2b')).toBe('');
  });
});
