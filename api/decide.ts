// A reviewer's decision, from the JSON API or the workspace form alike: checks, signature, then the workflow Update.
import type { UpdateDefinition } from '@temporalio/client';
import { HTTPException } from 'hono/http-exception';
import type { Pool } from '../db/pool.ts';
import { getUserLanguages, type User } from '../db/user-repo.ts';
import { readsLanguages } from '../shared/reader-sign-offs.ts';
import type { SignOffInput } from '../review/sign-off.ts';
import {
  decisionList,
  signingDecision,
  SUBJECTS,
  type ScriptDecisionName,
  type Subject,
  type VideoDecisionName,
} from '../review/subjects.ts';
import { isReviewer } from '../shared/roles.ts';
import { segmentWorkflowId } from '../shared/task-queues.ts';
import {
  acceptVideoUpdate,
  approveUpdate,
  rejectUpdate,
  requestChangesUpdate,
  requestRerenderUpdate,
  type ReviewState,
} from '../workflows/messages.ts';
import type { AppDeps } from './deps.ts';
import { ApiError } from './errors.ts';
import { verifySignature } from '../services/login-guard.ts';
import type { EditTarget } from '../services/script-edits.ts';
import type { ScriptEdit } from '../shared/types.ts';

const DECISIONS = {
  approve: approveUpdate,
  'request-changes': requestChangesUpdate,
  reject: rejectUpdate,
} as const satisfies Record<ScriptDecisionName, unknown>;
export const VIDEO_DECISIONS = {
  'accept-video': acceptVideoUpdate,
  'request-rerender': requestRerenderUpdate,
} as const satisfies Record<VideoDecisionName, unknown>;
// Typed by what every decision carries; `decide` and `decideVideo` bind the subject's own input type.
const UPDATES: Record<Subject, Partial<Record<string, UpdateDefinition<ReviewState, [SignOffInput]>>>> = {
  script: DECISIONS,
  video: VIDEO_DECISIONS,
};

/** Looks up the languages a user reads (shared/reader-sign-offs.ts `readsLanguages`), for decisions and sign-offs. */
export function languagesOf(pool: Pool) {
  return async (user: User): Promise<string[]> => {
    const found = await getUserLanguages(pool, user.id);
    return found ? readsLanguages(found) : [];
  };
}

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

export type DecideDeps = Pick<AppDeps, 'temporal'> & {
  verifyPassword: (user: User, password: string) => Promise<boolean>;
  /** The languages the user reads, sent with the decision: the workflow asks for a language review when needed. */
  languagesOf: (user: User) => Promise<string[]>;
  /** Tries a change request's edits on the version read; throws (400) naming an impossible edit. */
  checkEdits?: (target: EditTarget, edits: readonly ScriptEdit[]) => Promise<unknown>;
  /** Refuses (409) an approval of a version citing a claim withdrawn since, even before its cascade arrives. */
  checkClaims?: (target: EditTarget) => Promise<void>;
};

interface CommonInput {
  campaignId: string;
  segmentId: string;
  decision: string;
  user: User;
  comment?: string;
  /** Re-entered at the moment of signing; an approval or acceptance is a signature and needs it. */
  password?: string;
}
export interface DecideInput extends CommonInput {
  scriptSha256: string;
  sceneComments?: Record<string, string>;
  edits?: ScriptEdit[];
}
export interface DecideVideoInput extends CommonInput {
  videoSha256: string;
}

/**
 * Sends a decision on a script or a video to the segment workflow. A signing decision needs the reviewer's password
 * checked again first (`verifyPassword`). The workflow's validator has the last word (stale hash, repeated decision, …).
 */
export async function decideOn(
  subject: Subject,
  deps: DecideDeps,
  input: CommonInput,
  binding:
    { scriptSha256: string; sceneComments?: Record<string, string>; edits?: ScriptEdit[] } | { videoSha256: string },
): Promise<ReviewState> {
  const words = SUBJECTS[subject];
  const update = Object.hasOwn(UPDATES[subject], input.decision) ? UPDATES[subject][input.decision] : undefined;
  if (!update) throw new ApiError(404, `Unknown decision ${input.decision}; use ${decisionList(subject)}.`);
  const { user } = input;
  if (!isReviewer(user.role)) {
    throw new ApiError(403, `Only medical reviewers decide on ${words.plural}; you are ${user.role}.`);
  }
  const edits = 'edits' in binding ? (binding.edits ?? []) : [];
  if (edits.length > 0 && input.decision !== 'request-changes') {
    throw new ApiError(400, 'Edits belong to a change request; send them with request-changes.');
  }
  if (edits.length > 0 && 'scriptSha256' in binding) {
    await deps.checkEdits?.({ campaignId: input.campaignId, segmentId: input.segmentId, ...binding }, edits);
  }
  if (input.decision === 'approve' && 'scriptSha256' in binding) {
    await deps.checkClaims?.({ campaignId: input.campaignId, segmentId: input.segmentId, ...binding });
  }
  const signing = input.decision === signingDecision(subject);
  if (signing) {
    if (!input.password) throw new ApiError(400, `Signing needs your password: re-enter it to ${words.signVerb}.`);
    if (!(await deps.verifyPassword(user, input.password))) {
      throw new ApiError(403, `The password does not match ${user.id}'s password; ${words.notSigned}.`);
    }
  }
  const updateInput: SignOffInput = {
    reviewer: { id: user.id, displayName: user.displayName, role: user.role, languages: await deps.languagesOf(user) },
    ...binding,
    comment: input.comment,
    signature: signing ? { meaning: words.meaning } : undefined,
  };
  const handle = deps.temporal.workflow.getHandle(segmentWorkflowId(input.campaignId, input.segmentId));
  return handle.executeUpdate(update, { args: [updateInput] });
}

/** A decision on the script version the reviewer read. */
export function decide(deps: DecideDeps, { scriptSha256, sceneComments, edits, ...input }: DecideInput) {
  return decideOn('script', deps, input, { scriptSha256, sceneComments, ...(edits?.length ? { edits } : {}) });
}

/** A decision on the rendered video the reviewer watched. */
export function decideVideo(deps: DecideDeps, { videoSha256, ...input }: DecideVideoInput) {
  return decideOn('video', deps, input, { videoSha256 });
}
