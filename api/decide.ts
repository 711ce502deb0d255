// A reviewer's decision, from the JSON API or the workspace form alike: checks, signature, then the workflow Update.
import type { User } from '../db/user-repo.ts';
import { segmentWorkflowId } from '../shared/task-queues.ts';
import {
  acceptVideoUpdate,
  approveUpdate,
  requestRerenderUpdate,
  type VideoDecisionInput,
  rejectUpdate,
  requestChangesUpdate,
  type ReviewDecisionInput,
  type ReviewState,
} from '../workflows/messages.ts';
import { HTTPException } from 'hono/http-exception';
import type { Pool } from '../db/pool.ts';
import type { AppDeps } from './deps.ts';
import { verifySignature } from '../services/login-guard.ts';
import { ApiError } from './errors.ts';

export const DECISIONS = {
  approve: approveUpdate,
  'request-changes': requestChangesUpdate,
  reject: rejectUpdate,
} as const;
export type DecisionName = keyof typeof DECISIONS;

/** Re-checks a reviewer's password at the moment of signing; repeated failures are rate-limited like logins (429). */
export function signatureCheck(pool: Pool) {
  return async (user: User, password: string): Promise<boolean> => {
    const result = await verifySignature(pool, user, password);
    if (!result.ok && result.reason === 'rate-limited') {
      const minutes = Math.ceil(result.retryAfterSeconds / 60);
      throw new HTTPException(429, { message: `Too many failed attempts; try again in ${minutes} minutes.` });
    }
    return result.ok;
  };
}

/** What a signature means: the words the reviewer signs, recorded with every approval. */
export const SIGNATURE_MEANING = 'medically accurate and appropriate for this audience';

export interface DecideInput {
  campaignId: string;
  segmentId: string;
  decision: string;
  user: User;
  scriptSha256: string;
  comment?: string;
  sceneComments?: Record<string, string>;
  /** Re-entered at the moment of signing; an approval is a signature and needs it. */
  password?: string;
}

/**
 * Sends a decision to the segment workflow. An approval is a signature: the reviewer's password is checked again
 * first (`verifyPassword`). The workflow's validator has the last word (stale hash, repeated decision, …).
 */
export async function decide(
  deps: Pick<AppDeps, 'temporal'> & { verifyPassword: (user: User, password: string) => Promise<boolean> },
  input: DecideInput,
): Promise<ReviewState> {
  const update = DECISIONS[input.decision as DecisionName];
  if (!update) throw new ApiError(404, `Unknown decision ${input.decision}; use approve, request-changes or reject.`);
  const { user } = input;
  if (user.role !== 'medical_reviewer' && user.role !== 'lead_reviewer') {
    throw new ApiError(403, `Only medical reviewers decide on scripts; you are ${user.role}.`);
  }
  let signed = false;
  if (input.decision === 'approve') {
    if (!input.password) throw new ApiError(400, 'Signing needs your password: re-enter it to approve.');
    if (!(await deps.verifyPassword(user, input.password))) {
      throw new ApiError(403, `The password does not match ${user.id}'s password; the approval was not signed.`);
    }
    signed = true;
  }
  const updateInput: ReviewDecisionInput = {
    reviewer: { id: user.id, displayName: user.displayName, role: user.role },
    scriptSha256: input.scriptSha256,
    comment: input.comment,
    sceneComments: input.sceneComments,
    signature: signed ? { meaning: SIGNATURE_MEANING } : undefined,
  };
  const handle = deps.temporal.workflow.getHandle(segmentWorkflowId(input.campaignId, input.segmentId));
  return handle.executeUpdate(update, { args: [updateInput] });
}

export const VIDEO_DECISIONS = {
  'accept-video': acceptVideoUpdate,
  'request-rerender': requestRerenderUpdate,
} as const;
export type VideoDecisionName = keyof typeof VIDEO_DECISIONS;

/** What accepting a video means: the words the reviewer signs, recorded with every acceptance. */
export const VIDEO_SIGNATURE_MEANING = 'the video faithfully presents the approved script and may be published';

export interface DecideVideoInput {
  campaignId: string;
  segmentId: string;
  decision: string;
  user: User;
  videoSha256: string;
  comment?: string;
  password?: string;
}

/** Sends a video decision to the segment workflow; an acceptance is a signature and needs the password again. */
export async function decideVideo(
  deps: Pick<AppDeps, 'temporal'> & { verifyPassword: (user: User, password: string) => Promise<boolean> },
  input: DecideVideoInput,
): Promise<ReviewState> {
  const update = VIDEO_DECISIONS[input.decision as VideoDecisionName];
  if (!update) throw new ApiError(404, `Unknown decision ${input.decision}; use accept-video or request-rerender.`);
  const { user } = input;
  if (user.role !== 'medical_reviewer' && user.role !== 'lead_reviewer') {
    throw new ApiError(403, `Only medical reviewers decide on videos; you are ${user.role}.`);
  }
  const accepting = input.decision === 'accept-video';
  if (accepting) {
    if (!input.password) throw new ApiError(400, 'Signing needs your password: re-enter it to accept the video.');
    if (!(await deps.verifyPassword(user, input.password))) {
      throw new ApiError(403, `The password does not match ${user.id}'s password; the video was not accepted.`);
    }
  }
  const updateInput: VideoDecisionInput = {
    reviewer: { id: user.id, displayName: user.displayName, role: user.role },
    videoSha256: input.videoSha256,
    comment: input.comment,
    signature: accepting ? { meaning: VIDEO_SIGNATURE_MEANING } : undefined,
  };
  const handle = deps.temporal.workflow.getHandle(segmentWorkflowId(input.campaignId, input.segmentId));
  return handle.executeUpdate(update, { args: [updateInput] });
}
