// A webhook is sent until the receiver answers it 2xx, and never after: a worker killed while a delivery is in
// flight sends it again (the answer never came), and nothing is sent once an answer did.
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignWorkflowId } from '../../shared/task-queues.ts';
import { createHarness, eventually, type Harness } from '../support/harness.ts';
import { withOwnChannel } from './own-channel.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h?.close());

describe('a webhook delivered once', () => {
  it('sends again only what was never answered, across a worker killed mid-delivery', async () => {
    const campaign = withOwnChannel(await h.example({ segments: 1 }));
    const campaignId = await h.launch(campaign);
    const segmentId = campaign.segments[0]!.id;
    const first = h.spawnWorker();
    // The receiver takes the first delivery in and holds its answer: the kill lands while the send is in flight.
    h.receiver.delayNext(1, 120_000);
    await h.signOff(campaignId, segmentId);
    const held = await eventually(
      async () => h.receiver.received.find((r) => r.data.campaignId === campaignId),
      90_000,
      'the delivery to arrive',
    );
    expect(h.receiver.sends.get(held.id)).toBe(1);
    first.kill('SIGKILL');
    await once(first, 'exit');

    h.spawnWorker();
    await h.client.workflow.getHandle(campaignWorkflowId(campaignId)).result();
    // One send cut off by the kill, one answered 200 by the new worker's retry, and none after.
    expect(h.receiver.sends.get(held.id)).toBe(2);
    expect(h.receiver.repeatsAfterSuccess).toBe(0);
    expect(h.receiver.received.filter((r) => r.data.campaignId === campaignId)).toHaveLength(1);
    const ledger = await h.pool.query(
      `SELECT id, status, attempts FROM deliveries WHERE campaign_id = $1 AND segment_id = $2`,
      [campaignId, segmentId],
    );
    expect(ledger.rows).toEqual([{ id: held.id, status: 'delivered', attempts: 2 }]);
  }, 300_000);
});
