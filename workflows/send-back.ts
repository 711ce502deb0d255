// A withdrawn claim inside the segment workflow: the version citing it is sent back to drafting, or the segment blocks.
import { setHandler } from '@temporalio/workflow';
import { sentBackMessage } from '../shared/withdrawal.ts';
import { store } from './activities.ts';
import { claimWithdrawnSignal, type ReviewState, type SentBack } from './messages.ts';

/** Where a withdrawal still stops the segment; once publishing, its video is retracted instead. */
const REACHABLE: ReadonlySet<string> = new Set(['DRAFTING', 'IN_REVIEW', 'RENDERING', 'VIDEO_REVIEW']);

/**
 * Registers the withdrawal signal. A withdrawal of a claim the current version does not cite (it was redrafted
 * already, or a repeated cascade) changes nothing, so the signal is safe to deliver twice.
 */
export function setWithdrawalHandler(state: ReviewState): void {
  setHandler(claimWithdrawnSignal, (w) => {
    if (!REACHABLE.has(state.status)) return;
    // Unknown citations (a version drafted before they were recorded): the cascade found the claim cited, so act.
    if (state.claimIds && !state.claimIds.includes(w.claimId)) return;
    if (state.withdrawals?.some((p) => p.claimId === w.claimId)) return;
    (state.withdrawals ??= []).push(w);
  });
}

/** True while a withdrawal waits to be acted on: every wait of the segment wakes up for it. */
export function withdrawalPending(state: ReviewState): boolean {
  return (state.withdrawals?.length ?? 0) > 0;
}

/** After a draft: a withdrawal the new version no longer cites (it was drafted without the claim) is settled. */
export function settleWithdrawals(state: ReviewState): void {
  if (state.claimIds && state.withdrawals) {
    state.withdrawals = state.withdrawals.filter((w) => state.claimIds!.includes(w.claimId));
  }
}

/**
 * Sends the current version back: its round's sign-offs and its video decisions are void (marked, in the workflow and
 * in the record), its reviewers are notified, and the record says whether a redraft can still answer every concern.
 */
export async function sendBack(state: ReviewState, ids: { campaignId: string; segmentId: string }): Promise<SentBack> {
  const withdrawals = state.withdrawals ?? [];
  state.withdrawals = [];
  const claimIds = withdrawals.map((w) => w.claimId);
  const reason = withdrawals.map((w) => `Claim ${w.claimId} was withdrawn: ${w.reason}`).join('\n');
  for (const d of state.decisions) if (d.round === state.round && !d.voided) d.voided = reason;
  for (const d of state.videoDecisions ?? []) if (!d.voided) d.voided = reason;
  const scriptSha256 = state.scriptSha256!;
  const { blocked } = await store.sendBackSegment({ ...ids, round: state.round, scriptSha256, claimIds, reason });
  delete state.video;
  state.sentBack = {
    claimIds,
    round: state.round,
    scriptSha256,
    reason,
    at: new Date(Date.now()).toISOString(),
    message: sentBackMessage(blocked?.claimId ?? claimIds.join(', '), blocked?.concern),
    ...(blocked ? { blocked } : {}),
  };
  return state.sentBack;
}
