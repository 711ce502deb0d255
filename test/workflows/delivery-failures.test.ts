// Deliveries through Temporal to receivers that misbehave: 100 channels end delivered exactly once each; a 400 fails
// visibly without retries; a 410 disables its channel so later campaigns do not attempt it.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateWebhookSecret } from '../../channels/signing.ts';
import type { CampaignSummary } from '../../services/summary.ts';
import { campaignBody } from '../../web/views/dashboard.ts';
import { getChannel } from '../../db/channel-repo.ts';
import { startMisbehavingReceiver, type MisbehavingReceiver } from '../fakes/misbehaving-receiver.ts';
import { createHarness, type Harness } from '../support/harness.ts';

let h: Harness;
const receivers: MisbehavingReceiver[] = [];
beforeAll(async () => {
  h = await createHarness();
  await h.startWorkers();
});
afterAll(async () => {
  for (const r of receivers) await r.close();
  await h?.close();
});

interface LedgerEntry {
  id: string;
  channelId: string;
  status: string;
  attempts: number;
  lastStatusCode?: number;
  lastError?: string;
}

/** Launches one segment of the example to `channels`, signs it off and waits for the campaign to close. */
async function publishTo(channels: { id: string; kind: 'webhook'; url: string; secret: string }[]) {
  const example = await h.example({ segments: 1 });
  const campaignId = await h.launch({ ...example, brief: { ...example.brief, channels } });
  const segmentId = example.segments[0]!.id;
  await h.signOff(campaignId, segmentId);
  await h.client.workflow.getHandle(`campaign/${campaignId}`).result();
  const { deliveries } = await h.manager.get<{ deliveries: LedgerEntry[] }>(`/api/deliveries?campaign=${campaignId}`);
  return deliveries;
}

describe('deliveries to misbehaving receivers', () => {
  it('delivers to 100 channels exactly once each despite errors, 429s, hangs and duplicate acceptance', async () => {
    const secret = generateWebhookSecret();
    const receiver = await startMisbehavingReceiver({ secret });
    receivers.push(receiver);
    const run = randomBytes(3).toString('hex');
    const channels = Array.from({ length: 100 }, (_, i) => ({
      id: `flaky-${run}-${i}`,
      kind: 'webhook' as const,
      url: receiver.url,
      secret,
    }));

    const deliveries = await publishTo(channels);
    expect(deliveries).toHaveLength(100);
    expect(deliveries.every((d) => d.status === 'delivered')).toBe(true);
    // Each delivery id was processed once by the de-duplicating receiver, whatever happened on the wire.
    expect(receiver.processed.size).toBe(100);
    expect([...receiver.processed.values()].every((n) => n === 1)).toBe(true);
    expect(receiver.unauthorised).toBe(0);
    for (const d of deliveries) {
      // Every request the receiver saw was an attempt in our ledger (a timed-out one may never have arrived).
      expect(d.attempts).toBeGreaterThanOrEqual(receiver.attempts.get(d.id) ?? 0);
    }
    expect(deliveries.some((d) => d.attempts > 1)).toBe(true);
    expect(receiver.duplicates).toBeGreaterThan(0);
    // Those duplicates are retries of unanswered or failed requests: nothing was sent again after a 2xx.
    expect(receiver.repeatsAfterSuccess).toBe(0);
  }, 240_000);

  it('fails a 400 at once and visibly, and disables a channel that answers 410', async () => {
    const secret = generateWebhookSecret();
    const refusing = await startMisbehavingReceiver({ secret, schedule: () => ({ kind: 'error', status: 400 }) });
    const gone = await startMisbehavingReceiver({ secret, schedule: () => ({ kind: 'error', status: 410 }) });
    receivers.push(refusing, gone);
    const run = randomBytes(3).toString('hex');
    const channels = [
      { id: `refusing-${run}`, kind: 'webhook' as const, url: refusing.url, secret },
      { id: `gone-${run}`, kind: 'webhook' as const, url: gone.url, secret },
    ];

    const first = await publishTo(channels);
    const refused = first.find((d) => d.channelId === `refusing-${run}`);
    expect(refused).toMatchObject({ status: 'failed', attempts: 1, lastStatusCode: 400 });
    expect(refused?.lastError).toMatch(/400/);
    expect(first.find((d) => d.channelId === `gone-${run}`)).toMatchObject({ status: 'disabled', attempts: 1 });
    expect(await getChannel(h.pool, `gone-${run}`)).toMatchObject({ status: 'disabled' });

    // The campaign manager sees both on the campaign page, with the receiver's answer.
    const campaignId = (await h.pool.query(`SELECT campaign_id FROM deliveries WHERE id = $1`, [refused!.id])).rows[0]
      .campaign_id as string;
    const summary = await h.manager.get<CampaignSummary>(`/api/campaigns/${campaignId}/summary`);
    const page = String(campaignBody(summary));
    expect(page).toContain('Deliveries needing attention');
    expect(page).toMatch(/refusing-[0-9a-f]+<\/td>[\s\S]*failed[\s\S]*400 · /);
    // A redelivery (after the receiver is fixed) tries again under the same id; this one still refuses.
    const again = await h.manager.post<{ workflowId: string }>(`/api/deliveries/${refused!.id}/redeliver`, {});
    await h.client.workflow.getHandle(again.workflowId).result();
    const ledger = await h.manager.get<{ deliveries: LedgerEntry[] }>(`/api/deliveries?campaign=${campaignId}`);
    expect(ledger.deliveries.find((d) => d.id === refused!.id)).toMatchObject({ status: 'failed', attempts: 2 });

    // The next campaign with the same channels does not knock on the gone receiver's door again.
    const second = await publishTo(channels);
    expect(second.find((d) => d.channelId === `gone-${run}`)?.attempts ?? 0).toBe(0);
    expect(gone.attempts.size).toBe(1);
  }, 240_000);
});
