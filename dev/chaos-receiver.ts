// The chaos run's webhook receiver: verifies every request with the official Standard Webhooks library, then fails
// (500), hangs (no answer until the sender gives up) or rate-limits (429 + Retry-After) at the configured rates, and
// counts what a receiver must never see: bad signatures and a webhook-id processed twice.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { ChaosRates } from './chaos-args.ts';
import { answer, readBody } from './receiver.ts';

export interface ChaosReceiverOptions {
  /** The channel's `whsec_` secret. */
  secret: string;
  host: string;
  rates: ChaosRates;
  retryAfterSeconds: number;
  /** The dice, in [0, 1): seeded by the run so its misbehaviour can be repeated. */
  random: () => number;
}

/** What the receiver saw; `processed` holds each webhook-id it answered 200, with the event's segment. */
export interface ChaosReceiverCounts {
  requests: number;
  failed: number;
  hung: number;
  limited: number;
  badSignatures: number;
  /** Verified requests answered 200 for a webhook-id that had already been answered 200. */
  duplicates: number;
}

export interface ProcessedDelivery {
  id: string;
  type: string;
  campaignId?: string;
  segmentId?: string;
  /** The event's `data` as verified (links, hashes). */
  data?: Record<string, unknown>;
}

export interface ChaosReceiver {
  readonly url: string;
  counts(): ChaosReceiverCounts;
  /** First successful processing of each webhook-id, in arrival order. */
  readonly processed: ProcessedDelivery[];
  close(): Promise<void>;
}

/** What one verified request gets, from one roll of the dice in [0, 1). */
export function chaosOutcome(roll: number, rates: ChaosRates): 'fail' | 'hang' | 'limit' | 'accept' {
  if (roll < rates.fail) return 'fail';
  if (roll < rates.fail + rates.hang) return 'hang';
  if (roll < rates.fail + rates.hang + rates.limit) return 'limit';
  return 'accept';
}

/** Starts the receiver on `host` at a free port, at `/webhooks`. */
export async function startChaosReceiver(options: ChaosReceiverOptions): Promise<ChaosReceiver> {
  const verifier = new Webhook(options.secret);
  const counts: ChaosReceiverCounts = { requests: 0, failed: 0, hung: 0, limited: 0, badSignatures: 0, duplicates: 0 };
  const processed: ProcessedDelivery[] = [];
  const seen = new Set<string>();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST' || req.url !== '/webhooks') return answer(res, 404, 'not found');
    const body = await readBody(req);
    if (body === undefined) return answer(res, 413, 'body too large');
    counts.requests += 1;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    let payload: { type?: unknown; data?: { campaignId?: unknown; segmentId?: unknown; [field: string]: unknown } };
    try {
      // The raw body as received: re-serialised JSON would not match the signature.
      payload = verifier.verify(body, headers) as typeof payload;
    } catch {
      counts.badSignatures += 1;
      return answer(res, 401, 'signature verification failed');
    }
    switch (chaosOutcome(options.random(), options.rates)) {
      case 'fail':
        counts.failed += 1;
        return answer(res, 500, 'failing on purpose');
      case 'hang':
        // No answer at all: the request stays open until the sender's timeout closes the socket.
        counts.hung += 1;
        return;
      case 'limit':
        counts.limited += 1;
        res.setHeader('retry-after', String(options.retryAfterSeconds));
        return answer(res, 429, 'rate limited on purpose');
      case 'accept':
        break;
    }
    const id = headers['webhook-id'] ?? '';
    if (seen.has(id)) {
      counts.duplicates += 1;
    } else {
      seen.add(id);
      const data = payload.data ?? {};
      processed.push({
        id,
        type: typeof payload.type === 'string' ? payload.type : '',
        campaignId: typeof data.campaignId === 'string' ? data.campaignId : undefined,
        segmentId: typeof data.segmentId === 'string' ? data.segmentId : undefined,
        data,
      });
    }
    answer(res, 200, 'ok');
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => answer(res, 500, 'receiver error'));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, options.host, resolve);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/webhooks`,
    counts: () => ({ ...counts }),
    processed,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Hung requests and keep-alive sockets would otherwise keep close() waiting.
        server.closeAllConnections();
      }),
  };
}
