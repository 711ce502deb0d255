// Review round bookkeeping for the segment workflow: the synchronous validator and decision recording.
import { ApplicationFailure } from '@temporalio/workflow';
import type { ReviewDecision } from '../shared/types.ts';
import type { RecordedDecision, ReviewDecisionInput, ReviewState } from './messages.ts';

const REVIEWER_ROLES = new Set(['medical_reviewer', 'lead_reviewer']);

function refuse(message: string): never {
  // ApplicationFailure (not Error) so the caller sees the reason and its type; the workflow task is unaffected.
  throw ApplicationFailure.nonRetryable(message, 'ReviewRefusedError');
}

/**
 * Synchronous by design: the SDK does not await validators. A refusal here never enters history,
 * so a stale or unauthorised decision leaves no trace in the workflow.
 */
export function validateDecision(
  state: ReviewState,
  input: ReviewDecisionInput,
  decision: ReviewDecision,
  conflicted: readonly string[] = [],
): void {
  if (!input?.reviewer?.id) refuse('A decision needs an authenticated reviewer.');
  if (!REVIEWER_ROLES.has(input.reviewer.role)) {
    refuse(`User ${input.reviewer.id} has role ${input.reviewer.role}; only medical reviewers can decide.`);
  }
  // Four eyes: whoever runs the campaign or wrote the script cannot also sign it off.
  if (conflicted.includes(input.reviewer.id)) {
    refuse(`User ${input.reviewer.id} manages this campaign or wrote this script and cannot review it.`);
  }
  if (state.status !== 'IN_REVIEW') refuse(`This script is not waiting for review (status ${state.status}).`);
  if (input.scriptSha256 !== state.scriptSha256) {
    refuse(
      `Stale decision: it names script ${input.scriptSha256?.slice(0, 12)}…, but the current version is ` +
        `${state.scriptSha256?.slice(0, 12)}…. Reload the script and review the current version.`,
    );
  }
  if (state.decisions.some((d) => d.round === state.round && d.reviewerId === input.reviewer.id)) {
    refuse(`Reviewer ${input.reviewer.id} has already decided on this version.`);
  }
  if (decision === 'CHANGES_REQUESTED' && !input.comment && !input.sceneComments) {
    refuse('A change request needs a comment saying what to change.');
  }
  if (decision === 'APPROVED' && !input.signature?.meaning) {
    refuse('An approval is a signature: re-enter your password to sign it.');
  }
}

/** Builds the record of an accepted decision; time is workflow time, so it is deterministic on replay. */
export function recordDecision(
  state: ReviewState,
  input: ReviewDecisionInput,
  decision: ReviewDecision,
): RecordedDecision {
  // Keys are scene indexes from 0; reviewers and the video count scenes from 1.
  const sceneNotes = Object.entries(input.sceneComments ?? {}).map(
    ([scene, note]) => `Scene ${Number(scene) + 1}: ${note}`,
  );
  const record: RecordedDecision = {
    reviewerId: input.reviewer.id,
    reviewerName: input.reviewer.displayName,
    role: input.reviewer.role,
    decision,
    comment: [input.comment ?? '', ...sceneNotes].filter(Boolean).join('\n'),
    decidedAt: new Date(Date.now()).toISOString(),
    scriptSha256: input.scriptSha256,
    round: state.round,
    ...(decision === 'APPROVED' ? { signatureMeaning: input.signature?.meaning } : {}),
  };
  state.decisions.push(record);
  return record;
}

/** The round's outcome once enough reviewers decided: any rejection or change request wins over approvals. */
export function roundOutcome(state: ReviewState): ReviewDecision | undefined {
  const current = state.decisions.filter((d) => d.round === state.round);
  if (current.some((d) => d.decision === 'REJECTED')) return 'REJECTED';
  if (current.some((d) => d.decision === 'CHANGES_REQUESTED')) return 'CHANGES_REQUESTED';
  const approvals = current.filter((d) => d.decision === 'APPROVED').length;
  return approvals >= state.approvalsRequired ? 'APPROVED' : undefined;
}
