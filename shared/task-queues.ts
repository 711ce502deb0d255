// Task-queue names and workflow-id builders: the one place these strings live (they are part of Temporal history).

/** Every task queue klartext's workers poll. One worker process hosts all of them by default. */
export const TASK_QUEUES = {
  orchestration: 'orchestration',
  llm: 'llm',
  video: 'video',
  publish: 'publish',
} as const;

export type TaskQueueName = (typeof TASK_QUEUES)[keyof typeof TASK_QUEUES];

/**
 * The name a deployment's workers poll for `queue`: the deployment's prefix (KLARTEXT_TASK_QUEUE_PREFIX, empty by
 * default) put before the base name, so several deployments can share one Temporal namespace.
 */
export function taskQueueName(queue: TaskQueueName, prefix = ''): string {
  return `${prefix}${queue}`;
}

/**
 * The prefix of the deployment a workflow runs in, read from the workflow's own task queue: workflow code cannot read
 * the environment, and klartext starts every workflow on `<prefix>orchestration`, so the queue name is the record.
 * A workflow on any other queue (a test's own) runs in an unprefixed deployment.
 */
export function taskQueuePrefixOf(workflowTaskQueue: string): string {
  const base = TASK_QUEUES.orchestration;
  return workflowTaskQueue.endsWith(base) ? workflowTaskQueue.slice(0, -base.length) : '';
}

/** Business key of a campaign workflow: one running campaign per campaign id. */
export function campaignWorkflowId(campaignId: string): string {
  return `campaign/${campaignId}`;
}

/** Business key of a segment workflow, so a retried launch never creates a second one. */
export function segmentWorkflowId(campaignId: string, segmentId: string): string {
  return `campaign/${campaignId}/segment/${segmentId}`;
}

/** Business key of a revocation: `key` names what is retracted (the whole campaign, a claim, a segment list). */
export function revocationWorkflowId(campaignId: string, key: string): string {
  return `campaign/${campaignId}/revocation/${key}`;
}

/**
 * Business key of a claim withdrawal's cascade: one per withdrawn claim version (its content hash, and the moment it
 * became current, so a claim approved again and withdrawn a second time gets a cascade of its own).
 */
export function claimWithdrawalWorkflowId(claimId: string, withdrawnSha256: string, since: number): string {
  return `claim/${claimId}/withdrawal/${withdrawnSha256.slice(0, 16)}-${since}`;
}

/** Business key of a late channel's backfill: `key` names the videos sent, so a repeated request joins the running one. */
export function backfillWorkflowId(campaignId: string, channelId: string, key: string): string {
  return `campaign/${campaignId}/backfill/${channelId}/${key}`;
}

/** Business key of the segmentation of one uploaded respondent file. */
export function segmentUploadWorkflowId(campaignId: string, uploadId: string): string {
  return `campaign/${campaignId}/segment-upload/${uploadId}`;
}
