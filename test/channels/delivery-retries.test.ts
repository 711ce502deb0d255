// A 100-delivery run against a receiver that misbehaves on purpose: with a plain retry loop standing in for Temporal,
// every delivery id is processed exactly once and every attempt is accounted for.
import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelAdapter, Delivery } from '../../channels/channel.ts';
import { generateWebhookKeyPair, generateWebhookSecret } from '../../channels/signing.ts';
import { createWebhookChannel } from '../../channels/webhook.ts';
import { ChannelUnavailableError } from '../../shared/errors.ts';
import { startMisbehavingReceiver } from '../fakes/misbehaving-receiver.ts';
import type { MisbehavingReceiver } from '../fakes/misbehaving-receiver.ts';

const MAX_ATTEMPTS = 8;
let receiver: MisbehavingReceiver | undefined;

afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

interface Attempt {
  id: string;
  outcome: 'delivered' | 'retryable';
  statusCode?: number;
  retryAfterSeconds?: number;
}

function deliveries(count: number): Delivery[] {
  return Array.from({ length: count }, (_, index) => ({
    deliveryId: `campaign-flu.segment-${String(index).padStart(3, '0')}.channel-cms`,
    eventType: 'video.approved' as const,
    timestamp: new Date('2026-10-01T08:00:00.000Z'),
    data: { videoId: `vid-${index}` },
  }));
}

/** The stand-in for Temporal's retry policy: retry retryable failures, give up on anything else. */
async function deliverAll(adapter: ChannelAdapter, batch: Delivery[], concurrency: number): Promise<Attempt[]> {
  const ledger: Attempt[] = [];
  const queue = [...batch];
  async function worker(): Promise<void> {
    for (let delivery = queue.shift(); delivery; delivery = queue.shift()) {
      for (let attempt = 1; ; attempt += 1) {
        try {
          const result = await adapter.deliver(delivery);
          ledger.push({ id: delivery.deliveryId, outcome: 'delivered', statusCode: result.statusCode });
          break;
        } catch (error) {
          if (!(error instanceof ChannelUnavailableError) || attempt >= MAX_ATTEMPTS) throw error;
          const { statusCode, retryAfterSeconds } = error;
          ledger.push({ id: delivery.deliveryId, outcome: 'retryable', statusCode, retryAfterSeconds });
        }
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return ledger;
}

describe('webhook delivery against a misbehaving receiver', () => {
  it('processes each of 100 delivery ids exactly once and records every attempt', async () => {
    const secret = generateWebhookSecret();
    receiver = await startMisbehavingReceiver({ secret });
    const adapter = createWebhookChannel({ url: receiver.url, secret, allowHttpLoopback: true, timeoutMs: 400 });
    const batch = deliveries(100);

    const ledger = await deliverAll(adapter, batch, 10);

    expect(receiver.unauthorised).toBe(0);
    expect(receiver.processed.size).toBe(100);
    expect([...receiver.processed.values()].every((times) => times === 1)).toBe(true);
    for (const { deliveryId } of batch) {
      const attempts = ledger.filter((attempt) => attempt.id === deliveryId);
      expect(attempts.at(-1)?.outcome).toBe('delivered');
      expect(attempts).toHaveLength(receiver.attempts.get(deliveryId) ?? 0);
    }
    // The schedule really misbehaved: duplicates were absorbed, and each failure class was met.
    expect(receiver.duplicates).toBeGreaterThan(0);
    expect(receiver.repeatsAfterSuccess).toBe(0);
    const retryable = ledger.filter((attempt) => attempt.outcome === 'retryable');
    expect(new Set(retryable.map((attempt) => attempt.statusCode))).toEqual(new Set([500, 502, 503, 429, undefined]));
    expect(retryable.filter((attempt) => attempt.statusCode === 429).every((a) => a.retryAfterSeconds === 1)).toBe(
      true,
    );
  });

  it('processes v1a-signed deliveries once each when the receiver verifies with the public key', async () => {
    const pair = generateWebhookKeyPair();
    receiver = await startMisbehavingReceiver({ publicKey: pair.publicKey });
    const adapter = createWebhookChannel({
      url: receiver.url,
      secret: pair.privateKey,
      allowHttpLoopback: true,
      timeoutMs: 400,
    });

    await deliverAll(adapter, deliveries(12), 4);

    expect(receiver.unauthorised).toBe(0);
    expect(receiver.processed.size).toBe(12);
    expect([...receiver.attempts.values()].some((attempts) => attempts > 1)).toBe(true);
    expect(receiver.repeatsAfterSuccess).toBe(0);
  });
});
