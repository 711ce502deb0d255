// One drafting round: draft, run the pre-review checks, redraft automatically while blocking findings remain.
import { isCancellation, patched } from '@temporalio/workflow';
import type { SignOffRequirement } from '../shared/reader-sign-offs.ts';
import type { ScriptEdit } from '../shared/types.ts';
import { bookkeepingStore, llm } from './activities.ts';

export interface DraftRoundInput {
  campaignId: string;
  segmentId: string;
  round: number;
  reviewerComments: string[];
  /** The reviewers' edits of `previousSha256`; applied in the first draft of the round only. */
  edits?: ScriptEdit[];
  /** The version the reviewers last saw; a revision is drafted from it. */
  previousSha256?: string;
  maxAutoRedrafts: number;
}

export interface DraftRoundResult {
  scriptSha256: string;
  claimSetSha256: string;
  /** The claims the version cites (absent from activities recorded before it was returned). */
  claimIds?: string[];
  /** The segment's language (absent from activities recorded before it was returned). */
  language?: string;
  blocking: number;
  warnings: number;
  autoRedrafts: number;
  /** The reader sign-offs the campaign requires (absent from activities recorded before it was returned). */
  signOffs?: SignOffRequirement;
}

/**
 * Reviewers' time is the scarcest resource: a script with blocking findings is redrafted (findings fed back) up to
 * `maxAutoRedrafts` times before it reaches them; one still failing goes to review with its findings shown first.
 */
export async function draftRound(input: DraftRoundInput): Promise<DraftRoundResult> {
  const { campaignId, segmentId, round, reviewerComments } = input;
  let draft = await llm.draftScript({
    campaignId,
    segmentId,
    round,
    reviewerComments,
    ...(input.edits?.length ? { edits: input.edits } : {}),
    previousSha256: input.previousSha256,
  });
  let check = await bookkeepingStore().checkScript({ campaignId, segmentId, scriptSha256: draft.scriptSha256 });
  let autoRedrafts = 0;
  while (check.blocking > 0 && autoRedrafts < input.maxAutoRedrafts) {
    autoRedrafts += 1;
    const next = await llm.draftScript({
      campaignId,
      segmentId,
      round,
      reviewerComments,
      previousSha256: draft.scriptSha256,
      fixFindings: true,
    });
    // A provider that cannot act on findings (the deterministic local composer) returns the same version: stop.
    if (next.scriptSha256 === draft.scriptSha256) break;
    draft = next;
    check = await bookkeepingStore().checkScript({ campaignId, segmentId, scriptSha256: draft.scriptSha256 });
  }
  if (patched('back-translation')) await backTranslate({ campaignId, segmentId, scriptSha256: draft.scriptSha256 });
  return {
    scriptSha256: draft.scriptSha256,
    claimSetSha256: draft.claimSetSha256,
    ...(draft.claimIds ? { claimIds: draft.claimIds } : {}),
    ...(draft.language ? { language: draft.language } : {}),
    blocking: check.blocking,
    warnings: check.warnings,
    autoRedrafts,
    ...(check.signOffs ? { signOffs: check.signOffs } : {}),
  };
}

/**
 * Renders the version going to review in its reviewers' languages (activities/back-translation.ts). A provider that
 * stays unavailable past its retries does not hold the review up: the page shows those sentences "not
 * back-translated" and the sign-off form says so.
 */
async function backTranslate(input: { campaignId: string; segmentId: string; scriptSha256: string }): Promise<void> {
  try {
    await llm.backTranslateScript(input);
  } catch (err) {
    if (isCancellation(err)) throw err;
  }
}
