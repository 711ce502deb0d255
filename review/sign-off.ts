// The sign-off rules shared by script and video review: who may decide, on what, and what a decision must carry.
import { ApplicationFailure } from '@temporalio/common';
import { isReviewer } from '../shared/roles.ts';
import { textProblem } from '../shared/text-guard.ts';
import type { ReviewDecision, ScriptEdit } from '../shared/types.ts';

/** Who decides: authenticated by the API, which passes the identity it verified. */
export interface ReviewerIdentity {
  id: string;
  displayName: string;
  role: string;
  /** The languages the reviewer reads, as the API found them; absent: none known (a language review is needed). */
  languages?: string[];
}

/** What every decision carries, whatever its subject; the subject adds the hash it binds to. */
export interface SignOffInput {
  reviewer: ReviewerIdentity;
  comment?: string;
  /** Present on a signing decision: the API re-checked the reviewer's password and states what the signature means. */
  signature?: { meaning: string };
}

/** A decision as the workflow accepted it; the subject adds the hash and the round or render it applies to. */
export interface SignedDecision<D extends string> {
  reviewerId: string;
  reviewerName: string;
  role: string;
  decision: D;
  comment: string;
  decidedAt: string;
  /** The signed meaning, for signing decisions (approvals, acceptances). */
  signatureMeaning?: string;
  /** Why the decision no longer counts (a claim it rested on was withdrawn); kept for the record, never removed. */
  voided?: string;
}

/** How one subject (a script version, a rendered video) is checked and worded; the checks and their order are common. */
export interface SignOffRules<S extends { status: string }, I extends SignOffInput, D extends string> {
  /** Ends "only medical reviewers can …". */
  reviewerAction: string;
  /** Ends "… manages this campaign or wrote this script and cannot review …". */
  conflictObject: string;
  waiting: (state: S) => boolean;
  /** Precedes " (status …).", when the subject is not waiting for a decision. */
  notWaiting: string;
  /** The hash the decision names, and the one waiting for review. */
  named: (input: I) => string | undefined;
  current: (state: S) => string | undefined;
  stale: { noun: string; current: string; reload: string };
  decidedBy: (state: S, reviewerId: string) => boolean;
  /** Ends "… has already decided on …". */
  decidedOn: string;
  commentRequired: { decision: D; given: (input: I) => boolean; message: string };
  signatureRequired: { decision: D; message: string };
}

/** Refuses a decision; ApplicationFailure (not Error) so the caller sees the reason and the workflow task is unaffected. */
export function refuse(message: string): never {
  throw ApplicationFailure.nonRetryable(message, 'ReviewRefusedError');
}

/**
 * Synchronous by design, for Update validators (the SDK does not await them): a refusal never enters history,
 * so a stale or unauthorised decision leaves no trace in the workflow.
 */
export function validateSignOff<S extends { status: string }, I extends SignOffInput, D extends string>(
  rules: SignOffRules<S, I, D>,
  state: S,
  input: I,
  decision: D,
  conflicted: readonly string[],
): void {
  if (!input?.reviewer?.id) refuse('A decision needs an authenticated reviewer.');
  const { id, role } = input.reviewer;
  if (!isReviewer(role)) refuse(`User ${id} has role ${role}; only medical reviewers can ${rules.reviewerAction}.`);
  // Four eyes: whoever runs the campaign or wrote the script cannot also sign it off.
  if (conflicted.includes(id)) {
    refuse(`User ${id} manages this campaign or wrote this script and cannot review ${rules.conflictObject}.`);
  }
  refuseUnstorableText(input);
  if (!rules.waiting(state)) refuse(`${rules.notWaiting} (status ${state.status}).`);
  const named = rules.named(input);
  const current = rules.current(state);
  if (named !== current) {
    const { noun, current: currentLabel, reload } = rules.stale;
    refuse(
      `Stale decision: it names ${noun} ${named?.slice(0, 12)}…, but the ${currentLabel} is ` +
        `${current?.slice(0, 12)}…. ${reload}`,
    );
  }
  if (rules.decidedBy(state, id)) refuse(`Reviewer ${id} has already decided on ${rules.decidedOn}.`);
  const { commentRequired, signatureRequired } = rules;
  if (decision === commentRequired.decision && !commentRequired.given(input)) refuse(commentRequired.message);
  if (decision === signatureRequired.decision && !input.signature?.meaning) refuse(signatureRequired.message);
}

/**
 * A decision is recorded in the database after the workflow accepts it, so text the database cannot store (a NUL)
 * or the API would refuse must be refused here: once accepted, a decision must be recordable.
 */
export function refuseUnstorableText(input: SignOffInput & { sceneComments?: Record<string, string> }): void {
  const fields: [string, unknown, number][] = [['comment', input.comment, 10_000]];
  for (const [scene, text] of Object.entries(input.sceneComments ?? {})) {
    fields.push([`sceneComments.${scene.length <= 20 ? scene : '(key)'}`, text, 5_000]);
    if (textProblem(scene, 'name', 200)) refuse('A scene comment key is not plain text; name scenes by number.');
  }
  for (const [field, text, max] of fields) {
    if (text === undefined) continue;
    const problem = typeof text === 'string' ? textProblem(text, 'text', max) : 'is not text';
    if (problem) refuse(`The decision's ${field} ${problem}.`);
  }
}

/**
 * The common part of an accepted decision's record. Inside a workflow `Date.now()` is workflow time, so the record
 * is the same on replay; the signed meaning is kept only for the signing decision.
 */
export function signedDecision<D extends string>(
  input: SignOffInput,
  decision: D,
  signing: D,
  comment: string,
): SignedDecision<D> {
  return {
    reviewerId: input.reviewer.id,
    reviewerName: input.reviewer.displayName,
    role: input.reviewer.role,
    decision,
    comment,
    decidedAt: new Date(Date.now()).toISOString(),
    ...(decision === signing ? { signatureMeaning: input.signature?.meaning } : {}),
  };
}

/** A decision on a script version, as the segment workflow keeps it. */
export interface RecordedDecision extends SignedDecision<ReviewDecision> {
  scriptSha256: string;
  round: number;
  /** A change request's concrete edits of `scriptSha256`, applied in the next version. */
  edits?: ScriptEdit[];
}

export type VideoDecision = 'ACCEPTED' | 'RERENDER_REQUESTED';

/** A verdict of the video check, as the segment workflow keeps it. */
export interface RecordedVideoDecision extends SignedDecision<VideoDecision> {
  videoSha256: string;
  attempt: number;
}
