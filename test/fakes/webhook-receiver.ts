// Test receiver: the product's dev receiver (one implementation), plus a generated secret and misbehaviour shorthands,
// behind a thin counting front that sees what the sender sees: every request, and whether its 2xx answer got out.
import { createServer, request as httpRequest } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateWebhookSecret } from '../../channels/signing.ts';
import { startWebhookReceiver as startDevReceiver } from '../../dev/receiver.ts';
import type { ReceivedWebhook, ReceiverBehaviour, WebhookReceiver } from '../../dev/receiver.ts';

export type { ReceivedWebhook, ReceiverBehaviour, WebhookReceiver } from '../../dev/receiver.ts';

/** A receiver for tests: knows its secret and can be told to fail or stall the next requests. */
export interface FakeWebhookReceiver extends WebhookReceiver {
  readonly secret: string;
  /** Answers the next `count` requests with `status` (and `Retry-After`, when given). */
  failNext(count: number, status: number, retryAfter?: string): void;
  /** Records the next `count` requests but holds each response for `ms` (for timeout tests). */
  delayNext(count: number, ms: number): void;
  /** webhook-id → requests that arrived with it: every send, whatever it was answered. */
  readonly sends: ReadonlyMap<string, number>;
  /**
   * Requests for a webhook-id whose earlier request was already answered 2xx in full: a sender that sends again what
   * was delivered. A retry after a timeout, an error or a lost connection is not one; a manager's replay is.
   */
  readonly repeatsAfterSuccess: number;
}

/** Starts the dev receiver on 127.0.0.1 with a fresh secret unless one is given, behind the counting front. */
export async function startWebhookReceiver(
  options: { secret?: string; behaviour?: ReceiverBehaviour } = {},
): Promise<FakeWebhookReceiver> {
  const secret = options.secret ?? generateWebhookSecret();
  const receiver = await startDevReceiver({ secret, behaviour: options.behaviour });
  const sends = new Map<string, number>();
  const acknowledged = new Set<string>();
  let repeatsAfterSuccess = 0;

  // Forwards the request byte for byte (the signature covers the raw body) and relays the answer.
  const forward = (req: IncomingMessage, res: ServerResponse) => {
    const id = req.headers['webhook-id'];
    if (typeof id === 'string') {
      sends.set(id, (sends.get(id) ?? 0) + 1);
      if (acknowledged.has(id)) repeatsAfterSuccess += 1;
    }
    const upstream = httpRequest(receiver.url.replace(/\/webhooks$/, req.url ?? '/'), {
      method: req.method,
      headers: req.headers,
    });
    upstream.on('response', (answer) => {
      const status = answer.statusCode ?? 502;
      // Only an answer the sender received in full counts as delivered; one cut off by a dead sender does not.
      res.on('finish', () => {
        if (typeof id === 'string' && status >= 200 && status < 300) acknowledged.add(id);
      });
      res.writeHead(status, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroyed || res.writeHead(502).end('receiver unreachable'));
    // A sender that goes away mid-request leaves the dev receiver's answer nowhere to go.
    res.on('close', () => res.writableFinished || upstream.destroy());
    req.pipe(upstream);
  };
  const front = createServer(forward);
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  const { port } = front.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    get received(): ReceivedWebhook[] {
      return receiver.received;
    },
    get duplicates() {
      return receiver.duplicates;
    },
    get unauthorised() {
      return receiver.unauthorised;
    },
    setBehaviour: (behaviour) => receiver.setBehaviour(behaviour),
    secret,
    failNext: (count: number, status: number, retryAfter?: string) =>
      receiver.setBehaviour({ fail: { count, status, retryAfter } }),
    delayNext: (count: number, ms: number) => receiver.setBehaviour({ delay: { count, ms } }),
    sends,
    get repeatsAfterSuccess() {
      return repeatsAfterSuccess;
    },
    close: async () => {
      await new Promise<void>((resolve) => {
        front.close(() => resolve());
        front.closeAllConnections();
      });
      await receiver.close();
    },
  };
}
