// The channel test: one signed `ping` delivery through the channel's own adapter, reported as status and latency.
import { randomBytes } from 'node:crypto';
import { createChannelAdapter } from '../../channels/index.ts';
import type { ChannelWithSecret } from '../../db/channel-repo.ts';
import { createFeedStore } from '../../db/feed-repo.ts';
import type { Queryable } from '../../db/pool.ts';
import { ChannelUnavailableError, KlartextError, RemoteServiceError } from '../../shared/errors.ts';

/** A test answers within this bound whatever the channel does; a hung share or receiver cannot hold the API. */
export const CHANNEL_TEST_TIMEOUT_MS = 15_000;

/** What `POST /api/channels/:id/test` answers: never the secret, the receiver's body only as the adapter quotes it. */
export interface ChannelTestResult {
  channelId: string;
  ok: boolean;
  deliveryId: string;
  statusCode?: number;
  latencyMs: number;
  error?: string;
}

/** Sends a `ping` through the channel's adapter (webhook, folder or feed). Failures are reported, not thrown: the caller wants to see how the channel answers. */
export async function testChannel(
  channel: ChannelWithSecret,
  opts: { pool: Queryable; allowHttpLoopback: boolean; folderRoots: readonly string[]; timeoutMs?: number },
): Promise<ChannelTestResult> {
  // A fresh id per test: a ping is not an event a receiver should de-duplicate against an earlier one.
  const deliveryId = `ping_${randomBytes(12).toString('hex')}`;
  const started = Date.now();
  const base = { channelId: channel.id, deliveryId };
  const timeoutMs = opts.timeoutMs ?? CHANNEL_TEST_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  try {
    const adapter = createChannelAdapter(
      { kind: channel.kind, target: channel.target ?? '', secret: channel.secret, allowCidrs: channel.allowCidrs },
      {
        channelId: channel.id,
        feedStore: createFeedStore(opts.pool),
        allowHttpLoopback: opts.allowHttpLoopback,
        // A folder stored before its roots were enforced is judged again: a test writes only inside a root.
        folderRoots: opts.folderRoots,
      },
    );
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        reject(
          new ChannelUnavailableError(`The channel did not answer within ${timeoutMs / 1000} s; check its target.`),
        );
      }, timeoutMs);
    });
    const delivery = adapter.deliver({
      deliveryId,
      eventType: 'ping',
      timestamp: new Date(),
      // A folder channel files the ping under klartext-test/ping/; feed pullers see it as a `ping` entry.
      data: { channelId: channel.id, campaignId: 'klartext-test', segmentId: 'ping', message: 'klartext channel test' },
    });
    const result = await Promise.race([delivery, timeout]);
    return { ...base, ok: true, statusCode: result.statusCode, latencyMs: result.latencyMs };
  } catch (err) {
    const statusCode = err instanceof RemoteServiceError ? err.statusCode : undefined;
    // Our errors and file-system errors (a folder channel's EACCES, ENOENT) name what failed; anything else is logged.
    const explained = err instanceof KlartextError || typeof (err as NodeJS.ErrnoException).code === 'string';
    const error = explained ? (err as Error).message : 'unexpected failure; the server log has details';
    if (!explained) console.error(err);
    return { ...base, ok: false, statusCode, latencyMs: Date.now() - started, error };
  } finally {
    clearTimeout(timer);
  }
}
