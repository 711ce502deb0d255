// Script review for the segment workflow: the sign-off rules as they apply to a script version, and its rounds.
import { refuse, signedDecision, validateSignOff, type SignOffRules } from '../review/sign-off.ts';
import { describeEdit } from '../shared/script-edits.ts';
import type { ReviewDecision } from '../shared/types.ts';
import type { RecordedDecision, ReviewDecisionInput, ReviewState } from './messages.ts';

const SCRIPT_RULES: SignOffRules<ReviewState, ReviewDecisionInput, ReviewDecision> = {
  reviewerAction: 'decide',
  conflictObject: 'it',
  waiting: (state) => state.status === 'IN_REVIEW',
  notWaiting: 'This script is not waiting for review',
  named: (input) => input.scriptSha256,
  current: (state) => state.scriptSha256,
  stale: { noun: 'script', current: 'current version', reload: 'Reload the script and review the current version.' },
  decidedBy: (state, id) => state.decisions.some((d) => d.round === state.round && d.reviewerId === id),
  decidedOn: 'this version',
  commentRequired: {
    decision: 'CHANGES_REQUESTED',
    given: (input) => Boolean(input.comment || input.sceneComments || input.edits?.length),
    message: 'A change request needs a comment or an edit saying what to change.',
  },
  signatureRequired: {
    decision: 'APPROVED',
    message: 'An approval is a signature: re-enter your password to sign it.',
  },
};

/** The Update validator of the script decisions (synchronous: a refusal never enters history). */
export function validateDecision(
  state: ReviewState,
  input: ReviewDecisionInput,
  decision: ReviewDecision,
  conflicted: readonly string[] = [],
): void {
  refuseWithdrawn(state);
  validateSignOff(SCRIPT_RULES, state, input, decision, conflicted);
}

/** No decision binds to a version a withdrawn claim is sending back: it is about to be replaced. */
export function refuseWithdrawn(state: ReviewState): void {
  const claims = (state.withdrawals ?? []).map((w) => w.claimId);
  if (claims.length > 0) {
    refuse(
      `Claim ${claims.join(', ')} was withdrawn: this version is being sent back to drafting; review the next one.`,
    );
  }
}

/** Builds and keeps the record of an accepted decision on the current round. */
export function recordDecision(
  state: ReviewState,
  input: ReviewDecisionInput,
  decision: ReviewDecision,
): RecordedDecision {
  // Keys are scene indexes from 0; reviewers and the video count scenes from 1.
  const sceneNotes = Object.entries(input.sceneComments ?? {}).map(
    ([scene, note]) => `Scene ${Number(scene) + 1}: ${note}`,
  );
  // Edits are listed in the comment too, so the review history says what was asked whichever provider redrafts.
  const edits = decision === 'CHANGES_REQUESTED' ? (input.edits ?? []) : [];
  const comment = [input.comment ?? '', ...sceneNotes, ...edits.map(describeEdit)].filter(Boolean).join('\n');
  const record: RecordedDecision = {
    ...signedDecision(input, decision, 'APPROVED', comment),
    scriptSha256: input.scriptSha256,
    round: state.round,
    ...(edits.length > 0 ? { edits } : {}),
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
