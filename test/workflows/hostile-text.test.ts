// Text the database cannot store never wedges a workflow or half-applies an action: it is refused up front.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getUser } from '../../db/user-repo.ts';
import { cancelCampaign } from '../../services/revocation.ts';
import { campaignWorkflowId, segmentWorkflowId } from '../../shared/task-queues.ts';
import { requestChangesUpdate } from '../../workflows/messages.ts';
import { createHarness, eventually, type Harness } from '../support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.startWorkers();
});
afterAll(() => h?.close());

const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: { status?: number; message?: string }) => e,
  );

// A delivery is sent until the receiver answers it 2xx, and never again after that (counted per test).
let repeatsBefore = 0;
beforeEach(() => void (repeatsBefore = h.receiver.repeatsAfterSuccess));
afterEach(() => expect(h.receiver.repeatsAfterSuccess - repeatsBefore).toBe(0));

describe('hostile text in decisions and actions', () => {
  it('refuses a change request with a NUL in its comment, and the segment still completes after a clean decision', async () => {
    const campaignId = await h.launch(await h.example({ segments: 1 }));
    const segmentId = (await h.example({ segments: 1 })).segments[0]!.id;
    const path = `/api/reviews/${campaignId}/${segmentId}`;
    const item = await eventually(async () => {
      const r = await h.reviewer.get<{ state: { status: string; scriptSha256: string } }>(path).catch(() => undefined);
      return r?.state.status === 'IN_REVIEW' ? r : undefined;
    }, 60_000);
    const { scriptSha256 } = item.state;

    const refused = await failure(h.reviewer.post(`${path}/request-changes`, { scriptSha256, comment: 'bad\u0000x' }));
    expect(refused?.status).toBe(400);
    expect(refused?.message).toMatch(/comment/);
    const scene = await failure(
      h.reviewer.post(`${path}/request-changes`, { scriptSha256, sceneComments: { '0': 'bad\u0000x' } }),
    );
    expect(scene?.status).toBe(400);
    expect(scene?.message).toMatch(/sceneComments\.0/);

    // The workflow's own validator refuses it too, for a caller that bypasses the API's schema.
    const me = await h.reviewer.get<{ id: string; displayName: string; role: string }>('/api/me');
    const handle = h.client.workflow.getHandle(segmentWorkflowId(campaignId, segmentId));
    const direct = await failure(
      handle.executeUpdate(requestChangesUpdate, {
        args: [
          { reviewer: { id: me.id, displayName: me.displayName, role: me.role }, scriptSha256, comment: 'a\u0000' },
        ],
      }),
    );
    expect(direct).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((direct as WorkflowUpdateFailedError).cause?.message).toMatch(/^The decision's comment contains a control/);

    await h.signOff(campaignId, segmentId);
    const result = await h.client.workflow.getHandle(campaignWorkflowId(campaignId)).result();
    expect(result).toMatchObject({ campaignId });
    const status = await h.manager.get<{ status: string }>(`/api/campaigns/${campaignId}`);
    expect(status.status).toBe('COMPLETED');
  }, 180_000);

  it('refuses a cancel with a NUL in its reason and leaves the campaign running; a clean retry cancels it', async () => {
    const campaignId = await h.launch(await h.example({ segments: 1 }));
    const handle = h.client.workflow.getHandle(campaignWorkflowId(campaignId));

    const refused = await failure(h.manager.post(`/api/campaigns/${campaignId}/cancel`, { reason: 'stop\u0000now' }));
    expect(refused?.status).toBe(400);
    expect(refused?.message).toMatch(/reason/);
    expect((await handle.describe()).status.name).toBe('RUNNING');
    expect((await h.manager.get<{ status: string }>(`/api/campaigns/${campaignId}`)).status).not.toBe('CANCELLED');
    const audit = await h.pool.query(`SELECT 1 FROM audit_log WHERE subject = $1 AND action = 'campaign.cancelled'`, [
      `campaign/${campaignId}`,
    ]);
    expect(audit.rowCount).toBe(0);

    const cancelled = await h.manager.post<{ workflowId: string }>(`/api/campaigns/${campaignId}/cancel`, {
      reason: 'The campaign is withdrawn pending new guidance.',
    });
    await h.client.workflow.getHandle(cancelled.workflowId).result();
    expect((await h.manager.get<{ status: string }>(`/api/campaigns/${campaignId}`)).status).toBe('CANCELLED');
    expect((await handle.describe()).status.name).toBe('CANCELLED');
  }, 180_000);

  it('records the cancel and its audit entry before touching the workflow: a failed record cancels nothing', async () => {
    const campaignId = await h.launch(await h.example({ segments: 1 }));
    const handle = h.client.workflow.getHandle(campaignWorkflowId(campaignId));
    const owner = await h.pool.query(`SELECT created_by FROM campaigns WHERE id = $1`, [campaignId]);
    const user = (await getUser(h.pool, owner.rows[0].created_by))!;
    // Past the API's schema, so the database itself refuses the audit entry.
    await expect(cancelCampaign({ pool: h.pool, temporal: h.client }, campaignId, user, 'a\u0000b')).rejects.toThrow();
    expect((await handle.describe()).status.name).toBe('RUNNING');
    expect((await h.manager.get<{ status: string }>(`/api/campaigns/${campaignId}`)).status).not.toBe('CANCELLED');
    await cancelCampaign({ pool: h.pool, temporal: h.client }, campaignId, user, 'a clean reason');
    expect((await handle.describe()).status.name).toBe('CANCELLED');
  }, 180_000);
});
