// A manager's replay and redelivery: the same ids again, so receivers drop what they already have; the ledger shows it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiRequestError } from '../../cli/api-client.ts';
import { createHarness, type Harness } from '../support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.startWorkers();
});
afterAll(() => h?.close());

interface LedgerEntry {
  id: string;
  channelId: string;
  status: string;
  attempts: number;
  attemptLog: { attempt: number; statusCode?: number; latencyMs: number }[];
}

describe('redelivery and replay', () => {
  it('replays a channel under the original delivery ids and refuses to redeliver a delivered one', async () => {
    const since = new Date().toISOString();
    const campaign = await h.example({ segments: 1 });
    const campaignId = await h.launch(campaign);
    const segmentId = campaign.segments[0]!.id;
    await h.signOff(campaignId, segmentId);
    await h.client.workflow.getHandle(`campaign/${campaignId}`).result();

    const { deliveries } = await h.manager.get<{ deliveries: LedgerEntry[] }>(`/api/deliveries?campaign=${campaignId}`);
    expect(deliveries).toEqual([expect.objectContaining({ channelId: 'partner-webhook', status: 'delivered' })]);
    const delivered = deliveries[0]!;
    expect(delivered.attemptLog).toEqual([expect.objectContaining({ attempt: 1, statusCode: 200 })]);

    const refused = await h.manager.post(`/api/deliveries/${delivered.id}/redeliver`, {}).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiRequestError);
    expect((refused as ApiRequestError).status).toBe(409);

    const before = h.receiver.duplicates;
    // Until the replay, every delivery was sent until answered 2xx and not after.
    expect(h.receiver.repeatsAfterSuccess).toBe(0);
    const replay = await h.manager.post<{ workflowId: string; deliveries: number }>(
      '/api/channels/partner-webhook/replay',
      { since },
    );
    expect(replay.deliveries).toBeGreaterThanOrEqual(1);
    await h.client.workflow.getHandle(replay.workflowId).result();
    // The receiver saw the same webhook-id again and dropped it; nothing new was processed for this campaign.
    expect(h.receiver.duplicates).toBeGreaterThan(before);
    // The replay sent each delivered id exactly once more: the only repeats of delivered webhooks.
    expect(h.receiver.repeatsAfterSuccess).toBe(replay.deliveries);
    expect(h.receiver.sends.get(delivered.id)).toBe(2);
    expect(h.receiver.received.filter((r) => r.data.campaignId === campaignId)).toHaveLength(1);
    const after = await h.manager.get<{ deliveries: LedgerEntry[] }>(`/api/deliveries?campaign=${campaignId}`);
    expect(after.deliveries[0]).toMatchObject({ id: delivered.id, status: 'delivered', attempts: 2 });
  }, 180_000);
});
