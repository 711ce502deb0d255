// Reader sign-offs in the segment workflow: a language reviewer's or test reader's signature on the current version,
// and the check that makes a medical approval wait for them.
import { setHandler } from '@temporalio/workflow';
import { refuse, refuseUnstorableText } from '../review/sign-off.ts';
import { missingMessage, missingSignOffs, READER_SIGN_OFFS, type ReaderSignOff } from '../shared/reader-sign-offs.ts';
import { store } from './activities.ts';
import {
  readerSignOffUpdate,
  type ReaderSignOffInput,
  type ReviewDecisionInput,
  type ReviewState,
} from './messages.ts';
import { refuseWithdrawn } from './review.ts';

/**
 * The Update validator of a reader sign-off (synchronous: a refusal never enters history). Only the role the kind
 * names, never someone conflicted, only on the version in review, a language reviewer only in a language they read.
 */
export function validateReaderSignOff(
  state: ReviewState,
  input: ReaderSignOffInput,
  conflicted: readonly string[] = [],
): void {
  if (!input?.reviewer?.id) refuse('A sign-off needs an authenticated reader.');
  const { id, role } = input.reviewer;
  const kind = input.kind;
  if (!Object.hasOwn(READER_SIGN_OFFS, kind)) refuse(`Unknown sign-off ${String(kind)}; use language or test-reading.`);
  if (role !== READER_SIGN_OFFS[kind]) {
    refuse(`User ${id} has role ${role}; only a ${READER_SIGN_OFFS[kind]} gives the ${kind} sign-off.`);
  }
  if (conflicted.includes(id)) refuse(`User ${id} manages this campaign or wrote this script and cannot sign it off.`);
  refuseUnstorableText(input);
  refuseWithdrawn(state);
  if (state.status !== 'IN_REVIEW') refuse(`This script is not waiting for review (status ${state.status}).`);
  if (input.scriptSha256 !== state.scriptSha256) {
    refuse(
      `Stale sign-off: it names script ${input.scriptSha256?.slice(0, 12)}…, but the current version is ` +
        `${state.scriptSha256?.slice(0, 12)}…. Reload the script and read the current version.`,
    );
  }
  const required = state.signOffs?.required;
  if (!required) refuse('This version was drafted before reader sign-offs were recorded; it needs none.');
  if (kind === 'language' && !(input.reviewer.languages ?? []).includes(required.language)) {
    const reads = input.reviewer.languages?.length ? input.reviewer.languages.join(', ') : 'no language on record';
    refuse(`The script is in '${required.language}' and you read ${reads}; an admin records the languages you read.`);
  }
  if (kind === 'test-reading' && !required.testReading) {
    refuse(`Scripts at reading level '${required.readingLevel}' need no test reader's sign-off in this campaign.`);
  }
  if (state.signOffs!.given.some((s) => s.kind === kind && s.reviewerId === id)) {
    refuse(`${id} has already signed this version off.`);
  }
  if (!input.signature?.meaning) refuse('A sign-off is a signature: re-enter your password to sign it.');
}

/** Refuses a medical approval while the sign-offs its approver needs are missing on the current version. */
export function refuseMissingSignOffs(state: ReviewState, input: ReviewDecisionInput): void {
  if (!state.signOffs) return;
  const missing = missingSignOffs(state.signOffs.required, input.reviewer.languages, state.signOffs.given);
  if (missing.length > 0) refuse(missingMessage(state.signOffs.required, missing));
}

/** Registers the sign-off Update: the record is kept in state (it counts at once) and mirrored to the database. */
export function setReaderSignOffHandler(
  state: ReviewState,
  ids: { campaignId: string; segmentId: string },
  conflicted: readonly string[],
): void {
  setHandler(
    readerSignOffUpdate,
    async (input: ReaderSignOffInput) => {
      const record: ReaderSignOff = {
        kind: input.kind,
        reviewerId: input.reviewer.id,
        reviewerName: input.reviewer.displayName,
        role: input.reviewer.role,
        language: state.signOffs!.required.language,
        scriptSha256: input.scriptSha256,
        round: state.round,
        meaning: input.signature!.meaning,
        comment: input.comment ?? '',
        // Workflow time: the same on replay.
        signedAt: new Date(Date.now()).toISOString(),
      };
      state.signOffs!.given.push(record);
      await store.recordReaderSignOff({ ...ids, ...record });
      return state;
    },
    { validator: (input: ReaderSignOffInput) => validateReaderSignOff(state, input, conflicted) },
  );
}
