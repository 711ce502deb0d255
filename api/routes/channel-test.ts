// The channel test: one signed `ping` delivery through the channel's own adapter, reported as status and latency.
import { randomBytes } from 'node:crypto';
import { createWebhookChannel } from '../../channels/webhook.ts';
import type { ChannelWithSecret } from '../../db/channel-repo.ts';
import type { Queryable } from '../../db/pool.ts';
import { KlartextError, RemoteServiceError } from '../../shared/errors.ts';

/** What `POST /api/channels/:id/test` answers: never the secret, the receiver's body only as the adapter quotes it. */
export interface ChannelTestResult {
  channelId: string;
  ok: boolean;
  deliveryId: string;
  statusCode?: number;
  latencyMs: number;
  error?: string;
}

/** Sends a `ping` to the channel. Failures are reported, not thrown: the caller wants to see how the channel answers. */
export async function testChannel(
  channel: ChannelWithSecret,
  opts: { pool: Queryable; allowHttpLoopback: boolean },
): Promise<ChannelTestResult> {
  // A fresh id per test: a ping is not an event a receiver should de-duplicate against an earlier one.
  const deliveryId = `ping_${randomBytes(12).toString('hex')}`;
  const started = Date.now();
  const base = { channelId: channel.id, deliveryId };
  try {
    if (channel.kind !== 'webhook' || !channel.target || !channel.secret) {
      throw new KlartextError(`Channel ${channel.id} is a ${channel.kind} channel; only webhooks can be pinged.`);
    }
    const adapter = createWebhookChannel({
      url: channel.target,
      secret: channel.secret,
      allowHttpLoopback: opts.allowHttpLoopback,
    });
    const result = await adapter.deliver({
      deliveryId,
      eventType: 'ping',
      timestamp: new Date(),
      data: { channelId: channel.id, message: 'klartext channel test' },
    });
    return { ...base, ok: true, statusCode: result.statusCode, latencyMs: result.latencyMs };
  } catch (err) {
    const statusCode = err instanceof RemoteServiceError ? err.statusCode : undefined;
    const error = err instanceof KlartextError ? err.message : 'unexpected failure; the server log has details';
    if (!(err instanceof KlartextError)) console.error(err);
    return { ...base, ok: false, statusCode, latencyMs: Date.now() - started, error };
  }
}
