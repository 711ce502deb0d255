// Records a new generation of workflow histories (`npm run histories:record`): runs every workflow type through the
// API on a real stack — a campaign with a change request, pause and resume, signed approvals and video checks, a late
// channel's backfill, a retraction, a segmentation upload, a cancelled campaign, script variants split by schedule —
// and stores each run's history under test/replay/histories/<generation>/. Run it after a deliberate workflow change
// (one that old runs replay against, behind patched()), keep the older generations while runs of them may still be
// open, and commit the new one.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Claim } from '../../shared/types.ts';
import { campaignWorkflowId, segmentWorkflowId } from '../../shared/task-queues.ts';
import { parseSegmentationSpec } from '../../segments/spec.ts';
import { upsertUserWithToken } from '../../db/user-repo.ts';
import { withOwnClaims } from '../promises/own-claims.ts';
import { createHarness, eventually, TEST_PASSWORD, type Harness } from '../support/harness.ts';
import { encodeHistory, fixturePayloadKeys, HISTORIES_DIR, type RecordedRun } from './histories.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const GENERATION = process.env.KLARTEXT_HISTORIES_GENERATION ?? new Date().toISOString().slice(0, 10);

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ payloadKeys: await fixturePayloadKeys() });
  await h.startWorkers();
});
afterAll(() => h?.close());

const scenarios = new Map<string, string>();
type ReviewItem = { state: { status: string; scriptSha256: string; round: number } };

async function inReview(campaignId: string, segmentId: string, round: number) {
  return eventually(
    async () => {
      const item = await h.reviewer.get<ReviewItem>(`/api/reviews/${campaignId}/${segmentId}`).catch(() => undefined);
      return item?.state.status === 'IN_REVIEW' && item.state.round === round ? item : undefined;
    },
    90_000,
    `${segmentId} in review (round ${round})`,
  );
}

async function save(workflowIdPrefix: string): Promise<number> {
  let n = 0;
  for await (const execution of h.client.workflow.list({ query: `WorkflowId STARTS_WITH '${workflowIdPrefix}'` })) {
    const handle = h.client.workflow.getHandle(execution.workflowId, execution.runId);
    const history = await handle.fetchHistory();
    const run: RecordedRun = {
      workflowType: execution.type,
      workflowId: execution.workflowId,
      runId: execution.runId,
      scenario: scenarios.get(execution.workflowId) ?? scenarios.get(workflowIdPrefix) ?? execution.type,
      recordedAt: new Date().toISOString(),
      history: encodeHistory(history),
    };
    const name = `${execution.workflowId.replace(/[^A-Za-z0-9-]+/g, '_')}-${execution.runId.slice(0, 8)}.json`;
    await writeFile(join(HISTORIES_DIR, GENERATION, name), `${JSON.stringify(run)}\n`);
    n++;
  }
  return n;
}

describe('recording workflow histories', () => {
  it('runs every workflow type through the API and stores the histories', async () => {
    await mkdir(join(HISTORIES_DIR, GENERATION), { recursive: true });

    // A campaign of two segments: changes requested then approved; paused and resumed; both videos checked.
    const campaign = await h.example({ segments: 2 });
    const campaignId = await h.launch(campaign);
    const [first, second] = campaign.segments.map((s) => s.id) as [string, string];
    scenarios.set(campaignWorkflowId(campaignId), 'campaign: paused and resumed, two segments published');
    scenarios.set(segmentWorkflowId(campaignId, first), 'segment: changes requested, then approved and published');
    scenarios.set(segmentWorkflowId(campaignId, second), 'segment: approved, video checked, published');
    const round1 = await inReview(campaignId, first, 1);
    await h.reviewer.post(`/api/reviews/${campaignId}/${first}/request-changes`, {
      scriptSha256: round1.state.scriptSha256,
      comment: 'Shorter, please.',
    });
    await h.manager.post(`/api/campaigns/${campaignId}/pause`, { reason: 'recording a pause' });
    await h.manager.post(`/api/campaigns/${campaignId}/resume`, {});
    const round2 = await inReview(campaignId, first, 2);
    await h.reviewer.post(`/api/reviews/${campaignId}/${first}/approve`, {
      scriptSha256: round2.state.scriptSha256,
      password: TEST_PASSWORD,
    });
    await h.acceptVideo(campaignId, first);
    await h.signOff(campaignId, second);
    await h.client.workflow.getHandle(campaignWorkflowId(campaignId)).result();

    // A late channel's backfill (the redelivery workflow), then the whole campaign retracted (revocation).
    const late = `late-${campaignId}`;
    await h.manager.post('/api/channels', {
      id: late,
      kind: 'webhook',
      url: h.receiver.url,
      secret: h.receiver.secret,
    });
    const backfill = await h.manager.post<{ backfills: { workflowId: string }[] }>(
      `/api/campaigns/${campaignId}/channels`,
      { channelIds: [late], backfill: true },
    );
    scenarios.set(backfill.backfills[0]!.workflowId, 'redelivery: a late channel backfilled');
    await h.client.workflow.getHandle(backfill.backfills[0]!.workflowId).result();
    const retraction = await h.manager.post<{ workflowId: string }>(`/api/campaigns/${campaignId}/retract`, {
      reason: 'recording a retraction',
    });
    scenarios.set(retraction.workflowId, 'revocation: a published campaign retracted');
    await h.client.workflow.getHandle(retraction.workflowId).result();
    expect(await save(`campaign/${campaignId}`)).toBeGreaterThanOrEqual(5);

    // A campaign cancelled while its segment waits for review.
    const cancelled = await h.launch(await h.example({ segments: 1 }));
    scenarios.set(`campaign/${cancelled}`, 'campaign cancelled while a segment waits for review');
    await inReview(cancelled, campaign.segments[0]!.id, 1);
    await h.manager.post(`/api/campaigns/${cancelled}/cancel`, { reason: 'recording a cancellation' });
    await h.client.workflow
      .getHandle(campaignWorkflowId(cancelled))
      .result()
      .catch(() => undefined);
    expect(await save(`campaign/${cancelled}`)).toBeGreaterThanOrEqual(2);

    // A claim withdrawn while the script citing it waits for review: the cascade sends the segment back to drafting.
    const { campaign: owned, own } = withOwnClaims(await h.example({ segments: 1 }));
    const withdrawnIn = await h.launch(owned);
    const ownedSegment = owned.segments[0]!.id;
    scenarios.set(`campaign/${withdrawnIn}`, 'campaign whose segment was sent back by a claim withdrawal');
    scenarios.set(segmentWorkflowId(withdrawnIn, ownedSegment), 'segment: sent back by a withdrawal, then published');
    await inReview(withdrawnIn, ownedSegment, 1);
    const claimId = own('covid-booster-60plus');
    await h.manager.post(`/api/claims/${claimId}/withdraw`, { reason: 'recording a withdrawal' });
    await inReview(withdrawnIn, ownedSegment, 2);
    await h.signOff(withdrawnIn, ownedSegment);
    await h.client.workflow.getHandle(campaignWorkflowId(withdrawnIn)).result();
    expect(await save(`campaign/${withdrawnIn}`)).toBeGreaterThanOrEqual(2);
    scenarios.set(`claim/${claimId}/`, 'claim withdrawal: one segment in review sent back');
    expect(await save(`claim/${claimId}/`)).toBeGreaterThanOrEqual(1);

    // Script variants split by schedule: A published at once, B accepted, waiting on its timer, then replacing A.
    const scheduled = await h.example({ segments: 1 });
    const switchAt = new Date(Date.now() + 60_000).toISOString();
    const variants = { split: 'schedule' as const, switchAt, b: { name: 'recorded', instruction: 'Ask first.' } };
    const varied = await h.launch({ ...scheduled, brief: { ...scheduled.brief, variants } });
    const variedSegment = scheduled.segments[0]!.id;
    scenarios.set(`campaign/${varied}`, 'campaign with script variants split by schedule');
    scenarios.set(segmentWorkflowId(varied, variedSegment), 'segment: variant A published before the switch');
    scenarios.set(segmentWorkflowId(varied, `${variedSegment}.b`), 'segment: variant B waited, then replaced A');
    await h.signOff(varied, variedSegment);
    await h.signOff(varied, `${variedSegment}.b`);
    await h.client.workflow.getHandle(campaignWorkflowId(varied)).result();
    expect(await save(`campaign/${varied}`)).toBe(3);

    // A respondent file segmented on a worker (the segment-upload workflow).
    const spec = await readFile(join(ROOT, 'examples', 'hps-week22', 'segmentation.yaml'), 'utf8');
    const claim: Claim = {
      ...campaign.claims.find((c) => c.status === 'active')!,
      id: 'any-concern',
      topics: Object.keys(parseSegmentationSpec(spec, 'segmentation.yaml').concerns.vocabulary),
    };
    const drafted = `upload-${campaignId}`;
    const token = await upsertUserWithToken(h.pool, {
      id: `recorder-${drafted}`,
      displayName: 'Recorder',
      role: 'campaign_manager',
    });
    const call = (method: string, path: string, body: string | Buffer, type = 'application/json') =>
      fetch(`${h.server.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': type },
        body,
      });
    const draft = { campaignId: drafted, brief: campaign.brief, segments: [], claims: [claim], launch: false };
    expect((await call('POST', '/api/campaigns', JSON.stringify(draft))).status).toBe(201);
    expect((await call('PUT', `/api/campaigns/${drafted}/segmentation`, JSON.stringify({ spec }))).status).toBe(200);
    const csv = await readFile(
      join(ROOT, 'test', 'fixtures', 'hps_week22_sample', 'hps_week22_vaccine_sample_1in10.csv'),
    );
    const res = await call('POST', `/api/campaigns/${drafted}/segment-sets?name=hps.csv`, csv, 'text/csv');
    expect(res.status).toBe(202);
    scenarios.set(`campaign/${drafted}`, 'segment-upload: a respondent file segmented');
    const { uploadId } = (await res.json()) as { uploadId: string };
    await eventually(
      async () => {
        const r = await fetch(`${h.server.url}/api/campaigns/${drafted}/segment-sets/uploads/${uploadId}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        const s = (await r.json()) as { status: string };
        return s.status === 'RUNNING' ? undefined : s;
      },
      120_000,
      'segmentation finished',
    );
    expect(await save(`campaign/${drafted}`)).toBe(1);
  }, 900_000);
});
