// The segment workflow end to end with real workers, the real HTTP API and a verifying webhook receiver.
import { appendFile, readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CampaignSummary } from '../../services/summary.ts';
import { ApiRequestError, type ApiClient } from '../../cli/api-client.ts';
import { ffmpegInfo, probe, resolveFfmpeg } from '../../video/render/ffmpeg.ts';
import { campaignWorkflowId } from '../../shared/task-queues.ts';
import { SIGNATURE_MEANING, VIDEO_SIGNATURE_MEANING } from '../../review/subjects.ts';
import { verifyAudit } from '../../db/audit-repo.ts';
import { run as klartext } from '../../cli/program.ts';
import { getCampaign } from '../../db/campaign-repo.ts';
import { listSignatures } from '../../db/signature-repo.ts';
import { changeRole } from '../../db/user-repo.ts';
import { createHarness, eventually, TEST_PASSWORD, type Harness } from '../support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.startWorkers();
});
afterAll(() => h?.close());

interface ReviewItem {
  state: { status: string; scriptSha256: string; round: number };
  script?: { scenes: { sentences: { claimIds: string[] }[] }[] };
}

async function waitForReview(campaignId: string, segmentId: string, round = 1): Promise<ReviewItem> {
  return eventually(
    async () => {
      const item = await h.reviewer.get<ReviewItem>(`/api/reviews/${campaignId}/${segmentId}`).catch(() => undefined);
      return item?.state.status === 'IN_REVIEW' && item.state.round === round ? item : undefined;
    },
    30_000,
    `${segmentId} in review`,
  );
}

async function decide(as: ApiClient, campaignId: string, segmentId: string, decision: string, body: object) {
  // Approvals are signatures: the harness reviewers re-enter their password unless a test says otherwise.
  const signed = decision === 'approve' ? { password: TEST_PASSWORD, ...body } : body;
  return as.post(`/api/reviews/${campaignId}/${segmentId}/${decision}`, signed);
}

async function refusal(p: Promise<unknown>): Promise<ApiRequestError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiRequestError);
  return err as ApiRequestError;
}

async function finished(campaignId: string): Promise<CampaignSummary> {
  await h.client.workflow.getHandle(campaignWorkflowId(campaignId)).result();
  return h.manager.get<CampaignSummary>(`/api/campaigns/${campaignId}/summary`);
}

// A delivery is sent until the receiver answers it 2xx, and never again after that (counted per test).
let repeatsBefore = 0;
beforeEach(() => void (repeatsBefore = h.receiver.repeatsAfterSuccess));
afterEach(() => expect(h.receiver.repeatsAfterSuccess - repeatsBefore).toBe(0));

describe('segmentWorkflow', () => {
  it('publishes a signed-off, labelled, captioned video to the webhook channel', async () => {
    const campaignId = await h.launch(await h.example({ segments: 1 }));
    const segmentId = (await h.example({ segments: 1 })).segments[0]!.id;
    const item = await waitForReview(campaignId, segmentId);
    expect(item.script?.scenes.some((s) => s.sentences.some((x) => x.claimIds.length > 0))).toBe(true);
    // What a reviewer sees beside the script: the cited claims with sources, and the pre-review findings.
    const view = await h.reviewer.get<{
      current: { sha256: string; provider: string };
      claims: { id: string; source?: { url: string }; usable?: boolean }[];
      findings: { severity: string }[];
    }>(`/api/scripts?segment=${segmentId}&campaign=${campaignId}`);
    expect(view.current).toMatchObject({ sha256: item.state.scriptSha256, provider: 'local' });
    expect(view.claims.length).toBeGreaterThan(0);
    expect(view.claims.every((c) => c.usable === true && c.source?.url.startsWith('https://'))).toBe(true);
    expect(view.findings.filter((f) => f.severity === 'blocking')).toEqual([]);
    await decide(h.reviewer, campaignId, segmentId, 'approve', { scriptSha256: item.state.scriptSha256 });
    await h.acceptVideo(campaignId, segmentId);

    const summary = await finished(campaignId);
    const seg = summary.segments[0]!;
    expect(seg.status).toBe('PUBLISHED');
    expect(seg.scriptSha256).toBe(item.state.scriptSha256);
    expect(seg.review?.decision).toBe('APPROVED');

    const video = await readFile(seg.video!.path);
    expect(createHash('sha256').update(video).digest('hex')).toBe(seg.video!.sha256);
    const info = await probe(resolveFfmpeg().ffprobe, seg.video!.path);
    expect(info).toMatchObject({ videoCodec: 'h264', width: 1280, height: 720 });
    expect(await readFile(seg.captions!.path, 'utf8')).toMatch(/^WEBVTT/);
    const manifest = JSON.parse(await readFile(seg.manifest!.path, 'utf8'));
    expect(manifest).toMatchObject({ aiGenerated: true, campaignId, segmentId, video: { sha256: seg.video!.sha256 } });
    expect(manifest.script.sha256).toBe(item.state.scriptSha256);
    // Which ffmpeg encoded it, as the worker resolved it (its path stays on the machine).
    const { version, source } = ffmpegInfo(resolveFfmpeg());
    expect(manifest.generator.ffmpeg).toEqual({ version, source });
    expect(manifest.signatures).toEqual([
      expect.objectContaining({ meaning: SIGNATURE_MEANING, role: 'medical_reviewer' }),
    ]);
    // A channel or citizen checks the video against the signed manifest and the server's endorsement.
    expect(await klartext(['verify', seg.video!.path, '--server', h.server.url])).toBe(0);
    // The video check is in the signed manifest too, and the companion files are bound by their hashes.
    expect(manifest.videoAcceptances).toEqual([
      expect.objectContaining({ meaning: VIDEO_SIGNATURE_MEANING, role: 'medical_reviewer' }),
    ]);
    expect(Object.keys(manifest.files).sort()).toEqual([
      'captions.vtt',
      'descriptions.vtt',
      'transcript.html',
      'transcript.txt',
    ]);
    await appendFile(seg.captions!.path, '\nNOTE changed after signing\n');
    expect(await klartext(['verify', seg.video!.path, '--server', h.server.url])).toBe(1);

    expect(seg.deliveries).toEqual([
      expect.objectContaining({ channel: 'partner-webhook', status: 'delivered', attempts: 1 }),
    ]);
    const received = h.receiver.received.filter((r) => r.data.campaignId === campaignId);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ id: seg.deliveries[0]!.deliveryId, type: 'video.approved' });
    expect(received[0]!.data).toMatchObject({ segmentId, video: { sha256: seg.video!.sha256 } });
  });

  it('ends a rejected segment without a video or a delivery', async () => {
    const campaign = await h.example({ segments: 1 });
    const campaignId = await h.launch(campaign);
    const segmentId = campaign.segments[0]!.id;
    const item = await waitForReview(campaignId, segmentId);
    await decide(h.reviewer, campaignId, segmentId, 'reject', {
      scriptSha256: item.state.scriptSha256,
      comment: 'Wrong audience.',
    });
    const seg = (await finished(campaignId)).segments[0]!;
    expect(seg).toMatchObject({ status: 'REJECTED', deliveries: [] });
    expect(seg.video).toBeUndefined();
    expect(h.receiver.received.filter((r) => r.data.campaignId === campaignId)).toHaveLength(0);
  });

  it('refuses a stale approval, a non-reviewer and a repeated decision, and counts distinct approvals', async () => {
    const campaign = await h.example({ segments: 1, approvalsRequired: 2 });
    const campaignId = await h.launch(campaign);
    const segmentId = campaign.segments[0]!.id;
    const item = await waitForReview(campaignId, segmentId);

    const stale = await refusal(decide(h.reviewer, campaignId, segmentId, 'approve', { scriptSha256: 'a'.repeat(64) }));
    expect(stale.status).toBe(409);
    expect(stale.code).toBe('ReviewRefusedError');
    expect(stale.message).toMatch(/Stale decision/);

    const manager = await refusal(
      decide(h.manager, campaignId, segmentId, 'approve', { scriptSha256: item.state.scriptSha256 }),
    );
    expect(manager.status).toBe(403);

    await decide(h.reviewer, campaignId, segmentId, 'approve', { scriptSha256: item.state.scriptSha256 });
    const twice = await refusal(
      decide(h.reviewer, campaignId, segmentId, 'approve', { scriptSha256: item.state.scriptSha256 }),
    );
    expect(twice.status).toBe(409);
    expect(twice.message).toMatch(/already decided/);
    const waiting = await h.reviewer.get<ReviewItem>(`/api/reviews/${campaignId}/${segmentId}`);
    expect(waiting.state.status).toBe('IN_REVIEW');

    await decide(h.secondReviewer, campaignId, segmentId, 'approve', { scriptSha256: item.state.scriptSha256 });
    await h.acceptVideo(campaignId, segmentId);
    const seg = (await finished(campaignId)).segments[0]!;
    expect(seg.status).toBe('PUBLISHED');
  });

  it('signs approvals only with the password re-entered, never by the campaign manager, and binds them to the content', async () => {
    const campaign = await h.example({ segments: 1 });
    const campaignId = await h.launch(campaign);
    const segmentId = campaign.segments[0]!.id;
    const item = await waitForReview(campaignId, segmentId);
    const sha = item.state.scriptSha256;

    const unsigned = await refusal(
      h.reviewer.post(`/api/reviews/${campaignId}/${segmentId}/approve`, { scriptSha256: sha }),
    );
    expect(unsigned.status).toBe(400);
    const wrong = await refusal(
      decide(h.reviewer, campaignId, segmentId, 'approve', { scriptSha256: sha, password: 'nope' }),
    );
    expect(wrong.status).toBe(403);
    // The manager who launched the campaign, later made a reviewer, still may not sign it off (four eyes).
    const managerId = (await getCampaign(h.pool, campaignId))!.createdBy!;
    await changeRole(h.pool, managerId, 'medical_reviewer');
    try {
      const own = await refusal(decide(h.manager, campaignId, segmentId, 'approve', { scriptSha256: sha }));
      expect(own.status).toBe(409);
      expect(own.message).toMatch(/manages this campaign/);
    } finally {
      await changeRole(h.pool, managerId, 'campaign_manager');
    }

    await decide(h.reviewer, campaignId, segmentId, 'approve', { scriptSha256: sha });
    await h.acceptVideo(campaignId, segmentId);
    await finished(campaignId);
    const [signature] = await listSignatures(h.pool, campaignId, segmentId);
    expect(signature).toMatchObject({ scriptSha256: sha, meaning: SIGNATURE_MEANING, role: 'medical_reviewer' });
    expect(signature!.claimSetSha256).toMatch(/^[0-9a-f]{64}$/);
    const audit = await h.pool.query(`SELECT action FROM audit_log WHERE subject = $1 ORDER BY seq`, [
      `campaign/${campaignId}/segment/${segmentId}`,
    ]);
    expect(audit.rows.map((r) => r.action)).toEqual([
      'review.decision',
      'review.signature',
      'video.signature',
      'publication',
    ]);
    expect(await verifyAudit(h.pool)).toMatchObject({ ok: true });
  });

  it('drafts a new round after a change request and publishes once approved', async () => {
    const campaign = await h.example({ segments: 1 });
    const campaignId = await h.launch(campaign);
    const segmentId = campaign.segments[0]!.id;
    const first = await waitForReview(campaignId, segmentId, 1);
    const empty = await refusal(
      decide(h.reviewer, campaignId, segmentId, 'request-changes', { scriptSha256: first.state.scriptSha256 }),
    );
    expect(empty.message).toMatch(/needs a comment/);
    await decide(h.reviewer, campaignId, segmentId, 'request-changes', {
      scriptSha256: first.state.scriptSha256,
      sceneComments: { '0': 'Shorter intro, please.' },
    });
    const second = await waitForReview(campaignId, segmentId, 2);
    await decide(h.reviewer, campaignId, segmentId, 'approve', { scriptSha256: second.state.scriptSha256 });
    await h.acceptVideo(campaignId, segmentId);
    expect((await finished(campaignId)).segments[0]!.status).toBe('PUBLISHED');
  });
});
