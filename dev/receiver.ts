// Local webhook receiver for the demo and tests: verifies Standard Webhooks signatures, dedupes by webhook-id,
// and can misbehave on purpose to show retries.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Webhook } from 'standardwebhooks';
import { verifyAsymmetricSignature } from '../channels/signing.ts';

const MAX_BODY_BYTES = 1024 * 1024;

/** A delivery the receiver verified and recorded (each webhook-id once). */
export interface ReceivedWebhook {
  id: string;
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
  headers: Record<string, string>;
}

/** Deliberate misbehaviour, applied to signature-verified requests only; counts run down as requests arrive. */
export interface ReceiverBehaviour {
  /** Answer the next `count` requests with `status` (and `Retry-After`, when given) without recording them. */
  fail?: { count: number; status: number; retryAfter?: string; body?: string };
  /** Record the next `count` requests, then hold each response for `ms`: a slow receiver that did the work. */
  delay?: { count: number; ms: number };
}

/** Options for {@link startWebhookReceiver}. */
export interface WebhookReceiverOptions {
  /** The channel's `whsec_` secret, or the `whpk_` public key of a `v1a` channel; every request must verify. */
  secret: string;
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  behaviour?: ReceiverBehaviour;
  /** Called once per newly recorded delivery, e.g. to print it in the demo. */
  onReceive?: (webhook: ReceivedWebhook) => void;
}

/** A running receiver. `received` grows as deliveries arrive. */
export interface WebhookReceiver {
  /** The URL to configure as the channel (`http://127.0.0.1:<port>/webhooks`). */
  readonly url: string;
  readonly received: ReceivedWebhook[];
  /** Verified requests whose webhook-id was already recorded: acknowledged, not recorded again. */
  readonly duplicates: number;
  /** Requests answered 401 because their signature did not verify. */
  readonly unauthorised: number;
  setBehaviour(behaviour: ReceiverBehaviour): void;
  close(): Promise<void>;
}

/** Starts a receiver on loopback (a real HTTP server); it answers 401 to anything the official library rejects. */
export async function startWebhookReceiver(options: WebhookReceiverOptions): Promise<WebhookReceiver> {
  const verifier = options.secret.startsWith('whpk_') ? v1aVerifier(options.secret) : new Webhook(options.secret);
  const received: ReceivedWebhook[] = [];
  const seen = new Set<string>();
  let behaviour: ReceiverBehaviour = structuredClone(options.behaviour ?? {});
  let duplicates = 0;
  let unauthorised = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST' || req.url !== '/webhooks') return answer(res, 404, 'not found');
    const body = await readBody(req);
    if (body === undefined) return answer(res, 413, 'body too large');
    const headers = flattenHeaders(req);
    let payload: unknown;
    try {
      // The raw body as received: re-serialised JSON would not match the signature.
      payload = verifier.verify(body, headers);
    } catch {
      unauthorised += 1;
      return answer(res, 401, 'signature verification failed');
    }
    if (!isWebhookPayload(payload)) return answer(res, 400, 'expected {type, timestamp, data}');
    const { fail, delay } = behaviour;
    if (fail && fail.count > 0) {
      fail.count -= 1;
      if (fail.retryAfter !== undefined) res.setHeader('retry-after', fail.retryAfter);
      return answer(res, fail.status, fail.body ?? `failing on purpose (${fail.status})`);
    }
    const id = headers['webhook-id'] ?? '';
    if (seen.has(id)) {
      duplicates += 1;
    } else {
      seen.add(id);
      const webhook = { id, type: payload.type, timestamp: payload.timestamp, data: payload.data, headers };
      received.push(webhook);
      options.onReceive?.(webhook);
    }
    if (delay && delay.count > 0) {
      delay.count -= 1;
      await sleep(delay.ms);
    }
    answer(res, 200, 'ok');
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => answer(res, 500, 'receiver error'));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}/webhooks`,
    received,
    get duplicates() {
      return duplicates;
    },
    get unauthorised() {
      return unauthorised;
    },
    setBehaviour(next) {
      behaviour = structuredClone(next);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets and held (delayed) responses would otherwise keep close() waiting.
        server.closeAllConnections();
      }),
  };
}

/** Answers a plain-text status, unless the response already went out or the client left. */
export function answer(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(text);
}

/** The request body as text, or undefined beyond MAX_BODY_BYTES (1 MiB). */
export async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function isWebhookPayload(value: unknown): value is Omit<ReceivedWebhook, 'id' | 'headers'> {
  if (typeof value !== 'object' || value === null) return false;
  const { type, timestamp, data } = value as Record<string, unknown>;
  return typeof type === 'string' && typeof timestamp === 'string' && typeof data === 'object' && data !== null;
}

/** The official library verifies only `v1`; for a `whpk_` key, Ed25519 (`v1a`) with the spec's 5-minute tolerance. */
function v1aVerifier(publicKey: string): { verify(body: string, headers: Record<string, string>): unknown } {
  return {
    verify(body, headers) {
      const timestamp = Number(headers['webhook-timestamp']);
      const fresh = Number.isSafeInteger(timestamp) && Math.abs(Date.now() / 1000 - timestamp) <= 300;
      const input = {
        msgId: headers['webhook-id'] ?? '',
        timestamp,
        body,
        signatureHeader: headers['webhook-signature'] ?? '',
      };
      if (!fresh || !verifyAsymmetricSignature(publicKey, input)) throw new Error('v1a signature verification failed');
      return JSON.parse(body) as unknown;
    },
  };
}
