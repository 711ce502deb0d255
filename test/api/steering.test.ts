// Steering a campaign through the API on a real stack: pause, resume and budget (stored, audited, told to the
// workflow), live per-stage counts, a channel linked while running, and a late channel backfilled through the ledger.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiRequestError } from '../../cli/api-client.ts';
import { getCampaign } from '../../db/campaign-repo.ts';
import { campaignWorkflowId } from '../../shared/task-queues.ts';
import { createHarness, eventually, TEST_PASSWORD, type Harness } from '../support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.startWorkers();
});
afterAll(() => h?.close());

interface CampaignView {
  status: string;
  paused: boolean;
  stages: Record<string, number>;
  progress?: { paused?: boolean };
  workflowStatus?: string;
  budget: { budgetSeconds?: number; spentSeconds: number; reservedSeconds: number };
}
interface LedgerEntry {
  channelId: string;
  segmentId: string;
  status: string;
  eventType?: string;
}

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => (e instanceof ApiRequestError ? e.status : e),
  );

/** A webhook channel to the harness's receiver under a new id: a second destination for the same videos. */
async function webhookChannel(id: string): Promise<string> {
  await h.manager.post('/api/channels', { id, kind: 'webhook', url: h.receiver.url, secret: h.receiver.secret });
  return id;
}

async function auditOf(campaignId: string) {
  const r = await h.pool.query(`SELECT actor, action, details FROM audit_log WHERE subject = $1 ORDER BY seq`, [
    `campaign/${campaignId}`,
  ]);
  return r.rows as { actor: string; action: string; details: Record<string, unknown> }[];
}

describe('campaign steering API', () => {
  it('pauses before rendering, raises the budget, resumes, delivers to a channel linked meanwhile and backfills a late one with only routed, still endorsed videos', async () => {
    const campaign = await h.example({ segments: 1 });
    const campaignId = await h.launch(campaign);
    const segmentId = campaign.segments[0]!.id;
    const view = () => h.manager.get<CampaignView>(`/api/campaigns/${campaignId}`);
    const review = await eventually(
      async () => {
        const r = await h.reviewer
          .get<{ state: { status: string; scriptSha256: string } }>(`/api/reviews/${campaignId}/${segmentId}`)
          .catch(() => undefined);
        return r?.state.status === 'IN_REVIEW' ? r : undefined;
      },
      60_000,
      'script in review',
    );
    expect((await view()).stages).toEqual({ IN_REVIEW: 1 });

    expect(await refusal(h.manager.post(`/api/campaigns/${campaignId}/pause`, {}))).toBe(400);
    const paused = await h.manager.post(`/api/campaigns/${campaignId}/pause`, { reason: 'new guidance expected' });
    expect(paused).toEqual({ campaignId, status: 'PAUSED', paused: true });
    expect(await refusal(h.manager.post(`/api/campaigns/${campaignId}/pause`, { reason: 'again' }))).toBe(409);
    expect(await view()).toMatchObject({ status: 'PAUSED', paused: true, progress: { paused: true } });

    // While paused: reviews go on, the budget may change, channels may be linked; no render is submitted.
    const budget = await h.manager.post(`/api/campaigns/${campaignId}/budget`, {
      budgetSeconds: 600,
      reason: 'two more languages',
    });
    expect(budget).toMatchObject({ campaignId, budgetSeconds: 600, usedSeconds: 0 });
    expect((await getCampaign(h.pool, campaignId))?.brief.video.budgetSeconds).toBe(600);
    expect((await view()).budget).toMatchObject({ budgetSeconds: 600 });
    expect(
      await refusal(h.manager.post(`/api/campaigns/${campaignId}/budget`, { budgetSeconds: -1, reason: 'less' })),
    ).toBe(400);
    const linked = await webhookChannel(`linked-${campaignId}`);
    await h.manager.post(`/api/campaigns/${campaignId}/channels`, { channelIds: [linked] });
    await h.reviewer.post(`/api/reviews/${campaignId}/${segmentId}/approve`, {
      scriptSha256: review.state.scriptSha256,
      password: TEST_PASSWORD,
    });
    await eventually(async () => ((await view()).stages.RENDERING === 1 ? true : undefined), 30_000, 'rendering');
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await view()).stages).toEqual({ RENDERING: 1 });

    expect(await h.manager.post(`/api/campaigns/${campaignId}/resume`, {})).toEqual({
      campaignId,
      status: 'RUNNING',
      paused: false,
    });
    expect(await refusal(h.manager.post(`/api/campaigns/${campaignId}/resume`, {}))).toBe(409);
    await h.acceptVideo(campaignId, segmentId);
    await h.client.workflow.getHandle(campaignWorkflowId(campaignId)).result();
    expect(await view()).toMatchObject({ status: 'COMPLETED', paused: false, stages: { PUBLISHED: 1 } });
    const ledger = async () =>
      (await h.manager.get<{ deliveries: LedgerEntry[] }>(`/api/deliveries?campaign=${campaignId}`)).deliveries;
    expect((await ledger()).find((d) => d.channelId === linked)).toMatchObject({ status: 'delivered' });

    // A channel linked after publication: the preview names the endorsed video, the backfill delivers it once.
    const late = await webhookChannel(`late-${campaignId}`);
    const preview = await h.manager.get<{ items: { segmentId: string }[] }>(
      `/api/campaigns/${campaignId}/channels/${late}/backfill`,
    );
    expect(preview.items.map((i) => i.segmentId)).toEqual([segmentId]);
    const backfill = await h.manager.post<{ backfilled: number; backfills: { workflowId: string }[] }>(
      `/api/campaigns/${campaignId}/channels`,
      { channelIds: [late], backfill: true },
    );
    expect(backfill.backfilled).toBe(1);
    await h.client.workflow.getHandle(backfill.backfills[0]!.workflowId).result();
    expect((await ledger()).filter((d) => d.channelId === late)).toEqual([
      expect.objectContaining({ segmentId, status: 'delivered' }),
    ]);
    const again = await h.manager.post<{ backfilled: number }>(`/api/campaigns/${campaignId}/channels`, {
      channelIds: [late],
      backfill: true,
    });
    expect(again.backfilled).toBe(0);

    // Nothing goes where routing does not send it, nor to a disabled channel, nor once the video is retracted.
    type Preview = { items: unknown[]; skipped: { segmentId: string; reason: string }[] };
    const previewOf = (channelId: string) =>
      h.manager.get<Preview>(`/api/campaigns/${campaignId}/channels/${channelId}/backfill`);
    const elsewhere = `elsewhere-${campaignId}`;
    await h.manager.post('/api/channels', {
      id: elsewhere,
      kind: 'webhook',
      url: h.receiver.url,
      secret: h.receiver.secret,
      languages: ['xx'],
    });
    expect(await previewOf(elsewhere)).toMatchObject({ items: [], skipped: [{ segmentId, reason: 'not-routed' }] });
    const off = await webhookChannel(`off-${campaignId}`);
    await h.manager.post(`/api/channels/${off}/disable`, { reason: 'receiver moving' });
    expect(
      await refusal(h.manager.post(`/api/campaigns/${campaignId}/channels`, { channelIds: [off], backfill: true })),
    ).toBe(409);
    const retraction = await h.manager.post<{ workflowId: string }>(`/api/campaigns/${campaignId}/retract`, {
      reason: 'superseded guidance',
    });
    await h.client.workflow.getHandle(retraction.workflowId).result();
    expect(await previewOf(await webhookChannel(`after-${campaignId}`))).toMatchObject({
      items: [],
      skipped: [{ segmentId, reason: 'no-endorsed-video' }],
    });

    const audit = await auditOf(campaignId);
    const steering = audit.filter((a) => a.action.startsWith('campaign.'));
    expect(steering.map((a) => [a.action, a.details.reason])).toEqual([
      ['campaign.paused', 'new guidance expected'],
      ['campaign.budget.raised', 'two more languages'],
      ['campaign.resumed', undefined],
    ]);
    expect(audit.filter((a) => a.action === 'channel.backfilled')).toHaveLength(1);
  }, 240_000);

  it('shows a draft with its stages and no workflow, and refuses to pause it', async () => {
    const campaign = await h.example({ segments: 2 });
    const campaignId = `draft-${Date.now().toString(36)}`;
    await h.manager.post('/api/campaigns', { ...campaign, campaignId, launch: false });
    const view = await h.manager.get<CampaignView>(`/api/campaigns/${campaignId}`);
    expect(view).toMatchObject({ status: 'DRAFT', paused: false, stages: { PENDING: 2 } });
    expect(view.workflowStatus).toBeUndefined();
    expect(await refusal(h.manager.post(`/api/campaigns/${campaignId}/pause`, { reason: 'not yet' }))).toBe(409);
  });
});
