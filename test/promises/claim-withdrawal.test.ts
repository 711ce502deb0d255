// A claim withdrawn mid-campaign stops every script that rests on it: a segment in review is sent back (its pending
// sign-off void, its reviewers told) and redrafted without the claim, or blocked when nothing else answers its concern.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiRequestError } from '../../cli/api-client.ts';
import { verifyAudit } from '../../db/audit-repo.ts';
import { upsertUserWithToken } from '../../db/user-repo.ts';
import { getCampaign } from '../../db/campaign-repo.ts';
import { importClaims, listLibraryClaims } from '../../db/claim-repo.ts';
import { campaignWorkflowId, segmentWorkflowId, TASK_QUEUES } from '../../shared/task-queues.ts';
import type { ClaimWithdrawalOutcome } from '../../shared/withdrawal.ts';
import { claimWithdrawalWorkflow } from '../../workflows/claim-withdrawal.ts';
import { klartextIn } from '../cli/run.ts';
import { createHarness, eventually, TEST_PASSWORD, type Harness } from '../support/harness.ts';
import { withOwnChannel } from './own-channel.ts';
import { withOwnClaims } from './own-claims.ts';
import { fileQueue } from '../support/file-prefix.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.startWorkers();
});
afterAll(() => h?.close());

interface ReviewItem {
  state: {
    status: string;
    round: number;
    scriptSha256: string;
    decisions: { round: number; decision: string; voided?: string }[];
    sentBack?: { claimIds: string[]; message: string };
  };
  script?: { scenes: { sentences: { claimIds: string[] }[] }[] };
}
interface Withdrawal {
  workflowId: string;
  status: string;
  outcome?: ClaimWithdrawalOutcome;
}

const cited = (item: ReviewItem) => [
  ...new Set(item.script?.scenes.flatMap((s) => s.sentences.flatMap((x) => x.claimIds)) ?? []),
];

const inReview = (campaignId: string, segmentId: string, round: number) =>
  eventually(
    async () => {
      const item = await h.reviewer.get<ReviewItem>(`/api/reviews/${campaignId}/${segmentId}`).catch(() => undefined);
      return item?.state.status === 'IN_REVIEW' && item.state.round === round ? item : undefined;
    },
    60_000,
    `${segmentId} in review, round ${round}`,
  );

const audited = async (subject: string, action: string) =>
  (await h.pool.query(`SELECT details FROM audit_log WHERE subject = $1 AND action = $2`, [subject, action])).rows;

async function refusal(p: Promise<unknown>): Promise<ApiRequestError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiRequestError);
  return err as ApiRequestError;
}

/** The example campaign's first segment (seniors: eligibility, side effects, co-administration, effectiveness). */
async function launchOne(approvalsRequired = 1) {
  const { campaign, own } = withOwnClaims(withOwnChannel(await h.example({ segments: 1, approvalsRequired })));
  const segmentId = campaign.segments[0]!.id;
  const campaignId = await h.launch(campaign);
  return { campaignId, segmentId, own };
}

describe('a claim withdrawn while its script is in review', () => {
  it('voids the pending approval, tells the reviewers, redrafts without the claim and refuses the old version', async () => {
    const { campaignId, segmentId, own } = await launchOne(2);
    const first = await inReview(campaignId, segmentId, 1);
    // Eligibility has a second claim for this audience, so a redraft can do without the first.
    const claimId = own('covid-booster-60plus');
    expect(cited(first)).toContain(claimId);
    const path = `/api/reviews/${campaignId}/${segmentId}`;
    await h.reviewer.post(`${path}/approve`, { scriptSha256: first.state.scriptSha256, password: TEST_PASSWORD });

    const withdrawn = await h.manager.post<Withdrawal>(`/api/claims/${claimId}/withdraw`, {
      reason: 'Superseded by the new recommendation.',
    });
    expect(withdrawn.status).toBe('COMPLETED');
    expect(withdrawn.outcome).toMatchObject({
      claimId,
      videosRetracted: [],
      segmentsSentBack: [{ campaignId, segmentId, status: 'IN_REVIEW', scriptSha256: first.state.scriptSha256 }],
      segmentsBlocked: [],
    });

    // The second reviewer's approval of the version that cites the withdrawn claim is refused, naming the claim.
    const late = await refusal(
      h.secondReviewer.post(`${path}/approve`, { scriptSha256: first.state.scriptSha256, password: TEST_PASSWORD }),
    );
    expect(late.status).toBe(409);
    expect(late.message).toContain(claimId);

    const second = await inReview(campaignId, segmentId, 2);
    expect(second.state.scriptSha256).not.toBe(first.state.scriptSha256);
    expect(cited(second)).not.toContain(claimId);
    expect(cited(second).length).toBeGreaterThan(0);
    expect(second.state.sentBack?.message).toBe(
      `Sent back: claim ${claimId} withdrawn; the script is redrafted without it.`,
    );
    expect(second.state.decisions).toEqual([
      expect.objectContaining({ round: 1, decision: 'APPROVED', voided: expect.stringContaining(claimId) }),
    ]);

    // The reviewer's queue says why the version they had is gone.
    const queue = await h.reviewer.get<{ items: { campaignId: string; segmentId: string; sentBack?: unknown }[] }>(
      '/api/reviews',
    );
    expect(queue.items.find((i) => i.campaignId === campaignId)).toMatchObject({
      segmentId,
      sentBack: { claimIds: [claimId], message: expect.stringContaining(`claim ${claimId} withdrawn`) },
    });

    // The record: the sign-off is kept, marked void; the reviewers were notified; every step is in the audit chain.
    const key = [campaignId, segmentId];
    const decisions = await h.pool.query(
      `SELECT round, voided_at IS NOT NULL AS void FROM review_decisions WHERE campaign_id = $1 AND segment_id = $2`,
      key,
    );
    expect(decisions.rows).toEqual([{ round: 1, void: true }]);
    const signatures = await h.pool.query(
      `SELECT void_reason FROM signatures WHERE campaign_id = $1 AND segment_id = $2`,
      key,
    );
    expect(signatures.rows).toEqual([{ void_reason: expect.stringContaining(claimId) }]);
    const notified = await h.pool.query(
      `SELECT kind, recipients, round FROM notifications WHERE campaign_id = $1 AND segment_id = $2`,
      key,
    );
    expect(notified.rows).toContainEqual({ kind: 'review.sent-back', recipients: 'medical_reviewer', round: 1 });
    const subject = `campaign/${campaignId}/segment/${segmentId}`;
    expect(await audited(subject, 'segment.sent-back')).toHaveLength(1);
    expect(await audited(subject, 'review.sent-back')).toHaveLength(1);
    expect(await audited(`claim/${claimId}`, 'claim.withdrawn')).toHaveLength(1);
    expect(await audited(`claim/${claimId}`, 'claim.withdrawal.planned')).toHaveLength(1);
    expect(await audited(`claim/${claimId}`, 'claim.withdrawal.completed')).toEqual([
      { details: expect.objectContaining({ workflowId: withdrawn.workflowId, segmentsSentBack: 1 }) },
    ]);

    // Withdrawn again: the same cascade answers, and nothing is done twice.
    const again = await h.manager.post<Withdrawal>(`/api/claims/${claimId}/withdraw`, { reason: 'Once more.' });
    expect(again).toEqual(withdrawn);
    // Run again under another id (as after a lost record): the segment no longer cites the claim, nothing is sent back.
    const rerun = await h.client.workflow.execute(claimWithdrawalWorkflow, {
      workflowId: `${withdrawn.workflowId}-rerun`,
      taskQueue: fileQueue(TASK_QUEUES.orchestration),
      args: [{ claimId, claimSha256: 'f'.repeat(64), reason: 'Rerun.', actor: 'test' }],
    });
    expect(rerun).toMatchObject({ videosRetracted: [], segmentsSentBack: [], segmentsBlocked: [] });
    expect((await inReview(campaignId, segmentId, 2)).state.scriptSha256).toBe(second.state.scriptSha256);
    expect(await audited(subject, 'segment.sent-back')).toHaveLength(1);
    expect(await audited(`claim/${claimId}`, 'claim.withdrawn')).toHaveLength(1);

    const outcome = await h.manager.get<{ status: string; outcome: ClaimWithdrawalOutcome }>(
      `/api/claims/${claimId}/withdrawal`,
    );
    expect(outcome.status).toBe('COMPLETED');

    // The redrafted version is reviewed as any other and goes on to publication.
    for (const reviewer of [h.reviewer, h.secondReviewer]) {
      await reviewer.post(`${path}/approve`, { scriptSha256: second.state.scriptSha256, password: TEST_PASSWORD });
    }
    await h.acceptVideo(campaignId, segmentId);
    const result = await h.client.workflow.getHandle(segmentWorkflowId(campaignId, segmentId)).result();
    expect(result).toMatchObject({ status: 'PUBLISHED', scriptSha256: second.state.scriptSha256 });
    expect(await verifyAudit(h.pool)).toMatchObject({ ok: true });
  }, 240_000);

  it('sends an approved segment back from its video check', async () => {
    const { campaignId, segmentId, own } = await launchOne();
    const first = await inReview(campaignId, segmentId, 1);
    const claimId = own('covid-booster-60plus');
    const path = `/api/reviews/${campaignId}/${segmentId}`;
    await h.reviewer.post(`${path}/approve`, { scriptSha256: first.state.scriptSha256, password: TEST_PASSWORD });
    const video = await eventually(
      async () => {
        const item = await h.reviewer.get<{ state: { status: string; video?: { sha256: string } } }>(path);
        return item.state.status === 'VIDEO_REVIEW' ? item.state.video : undefined;
      },
      90_000,
      'video check',
    );

    const withdrawn = await h.manager.post<Withdrawal>(`/api/claims/${claimId}/withdraw`, { reason: 'Withdrawn.' });
    expect(withdrawn.outcome?.segmentsSentBack).toEqual([
      expect.objectContaining({ campaignId, segmentId, status: 'VIDEO_REVIEW' }),
    ]);
    const second = await inReview(campaignId, segmentId, 2);
    expect(cited(second)).not.toContain(claimId);
    // The rendered video shows the withdrawn claim: nobody may accept it any more.
    const refused = await refusal(
      h.reviewer.post(`${path}/accept-video`, { videoSha256: video.sha256, password: TEST_PASSWORD }),
    );
    expect(refused.status).toBe(409);
    const signatures = await h.pool.query(
      `SELECT round, void_reason FROM signatures WHERE campaign_id = $1 AND segment_id = $2`,
      [campaignId, segmentId],
    );
    expect(signatures.rows).toEqual([{ round: 1, void_reason: expect.stringContaining(claimId) }]);
  }, 180_000);

  it('refuses an approval citing a claim withdrawn before its cascade reached the segment', async () => {
    const { campaignId, segmentId, own } = await launchOne();
    const first = await inReview(campaignId, segmentId, 1);
    const claimId = own('covid-booster-60plus');
    // The library withdraws the claim; no cascade has told the segment yet (the race a withdrawal's cascade closes).
    const claim = (await listLibraryClaims(h.pool)).find((c) => c.claim.id === claimId)!.claim;
    await importClaims(h.pool, [{ ...claim, status: 'withdrawn' }]);
    const path = `/api/reviews/${campaignId}/${segmentId}`;
    const refused = await refusal(
      h.reviewer.post(`${path}/approve`, { scriptSha256: first.state.scriptSha256, password: TEST_PASSWORD }),
    );
    expect(refused.status).toBe(409);
    expect(refused.message).toContain(`Claim ${claimId} was withdrawn`);
    const after = await h.reviewer.get<ReviewItem>(path);
    expect(after.state).toMatchObject({ status: 'IN_REVIEW', round: 1, decisions: [] });
  }, 120_000);

  it('blocks a segment whose only claim for a concern is withdrawn, naming the claim', async () => {
    const { campaignId, segmentId, own } = await launchOne();
    const first = await inReview(campaignId, segmentId, 1);
    // Only this claim answers co-administration for the segment.
    const claimId = own('flu-covid-same-day');
    expect(cited(first)).toContain(claimId);

    // Withdrawn from the command line, which prints the cascade's outcome.
    const token = await upsertUserWithToken(h.pool, {
      id: `withdraw-cli-${campaignId}`,
      displayName: 'CLI manager',
      role: 'campaign_manager',
    });
    const env = { ...process.env, KLARTEXT_API_URL: h.server.url, KLARTEXT_API_TOKEN: token };
    const cli = await klartextIn(['claims', 'withdraw', claimId, '--reason', 'Same-day advice suspended.'], { env });
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain('Segments sent back to drafting: 0');
    expect(cli.stdout).toContain('Segments blocked:              1');
    expect(cli.stdout).toContain(
      `  ${campaignId}/${segmentId}: no approved claim answers 'co-administration' any more`,
    );
    const withdrawn = await h.manager.get<Withdrawal>(`/api/claims/${claimId}/withdrawal`);
    expect(withdrawn.outcome).toMatchObject({
      segmentsSentBack: [],
      segmentsBlocked: [{ campaignId, segmentId, blockedConcern: 'co-administration' }],
    });
    const result = await h.client.workflow.getHandle(segmentWorkflowId(campaignId, segmentId)).result();
    expect(result).toMatchObject({ status: 'BLOCKED' });
    expect(result.reason).toContain(claimId);
    expect(result.reason).toContain('co-administration');
    const status = await h.manager.get<{ segments: { segmentId: string; status: string }[] }>(
      `/api/campaigns/${campaignId}`,
    );
    expect(status.segments.find((s) => s.segmentId === segmentId)?.status).toBe('BLOCKED');
    await h.client.workflow.getHandle(campaignWorkflowId(campaignId)).result();
    expect((await getCampaign(h.pool, campaignId))?.status).toBe('COMPLETED');
    expect(await audited(`campaign/${campaignId}/segment/${segmentId}`, 'segment.blocked')).toEqual([
      { details: { claimId, concern: 'co-administration', round: 1 } },
    ]);
  }, 180_000);
});
