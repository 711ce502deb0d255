// A webhook receiver that misbehaves on purpose on a schedule (errors, 429s, hangs, accept-then-fail, slow bodies),
// verifies every request with the official standardwebhooks library and de-duplicates by webhook-id.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { verifyAsymmetricSignature } from '../../channels/signing.ts';

/** What the receiver does with one signature-verified request. */
export type Misbehaviour =
  | { kind: 'ok' }
  /** Answers `status` (500, 503, 408, …) without processing. */
  | { kind: 'error'; status: number }
  /** Answers 429 with this `Retry-After` value, without processing. */
  | { kind: 'rate-limit'; retryAfter: string }
  /** Processes nothing and holds the request open for `ms` (longer than the sender's timeout). */
  | { kind: 'hang'; ms: number }
  /** Processes the delivery, then answers 500: the sender retries what was already done (duplicate acceptance). */
  | { kind: 'accept-then-fail' }
  /** Processes the delivery, answers 200 and trickles the body for `ms` (longer than the sender's timeout). */
  | { kind: 'slow-body'; ms: number };

/** Which request this is: the `attempt`th (from 1) for this webhook-id, the `request`th overall. */
export interface AttemptContext {
  id: string;
  attempt: number;
  request: number;
}

/** Options for {@link startMisbehavingReceiver}. Give `secret` (whsec_, v1) or `publicKey` (whpk_, v1a). */
export interface MisbehavingReceiverOptions {
  secret?: string;
  publicKey?: string;
  /** Decides each verified request's fate; {@link defaultSchedule} when absent. */
  schedule?: (context: AttemptContext) => Misbehaviour;
}

/** A running receiver and what it has seen. */
export interface MisbehavingReceiver {
  readonly url: string;
  /** webhook-id → how many times it was processed (each must end at exactly 1). */
  readonly processed: ReadonlyMap<string, number>;
  /** webhook-id → verified requests received (attempts, duplicates included). */
  readonly attempts: ReadonlyMap<string, number>;
  /** Verified requests for an id already processed, acknowledged without processing again. */
  readonly duplicates: number;
  /**
   * Verified requests for an id whose earlier request was answered 2xx in full: sent again though it was delivered.
   * Retries after an error, a hang or a body cut off by the sender's timeout are not counted.
   */
  readonly repeatsAfterSuccess: number;
  /** Requests refused with 401 because the signature did not verify. */
  readonly unauthorised: number;
  close(): Promise<void>;
}

const HOLD_MS = 1_000;

/**
 * The default schedule: about four in five ids meet trouble on their first attempt (one kind each, rotating by a
 * hash of the id), a few also on their second; every id is accepted by its third attempt.
 */
export function defaultSchedule({ id, attempt }: AttemptContext): Misbehaviour {
  const pick = [...id].reduce((sum, char) => (sum * 31 + char.charCodeAt(0)) % 997, 7);
  const trouble: Misbehaviour[] = [
    { kind: 'error', status: 500 },
    { kind: 'rate-limit', retryAfter: '1' },
    { kind: 'hang', ms: HOLD_MS },
    { kind: 'accept-then-fail' },
    { kind: 'slow-body', ms: HOLD_MS },
    { kind: 'error', status: 503 },
    { kind: 'ok' },
  ];
  if (attempt === 1) return trouble[pick % trouble.length]!;
  if (attempt === 2 && pick % 5 === 0) return { kind: 'error', status: 502 };
  return { kind: 'ok' };
}

/** Starts the receiver on 127.0.0.1 (a real HTTP server); the URL path is `/webhooks`. */
export async function startMisbehavingReceiver(options: MisbehavingReceiverOptions): Promise<MisbehavingReceiver> {
  const verifier = options.secret ? new Webhook(options.secret) : undefined;
  const schedule = options.schedule ?? defaultSchedule;
  const processed = new Map<string, number>();
  const attempts = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  let requests = 0;
  let duplicates = 0;
  let repeatsAfterSuccess = 0;
  const acknowledged = new Set<string>();
  let unauthorised = 0;

  const later = (ms: number, action: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      action();
    }, ms);
    timers.add(timer);
  };

  function process(id: string): void {
    if (processed.has(id)) duplicates += 1;
    else processed.set(id, 1);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
    const body = Buffer.concat(chunks).toString('utf8');
    const headers = Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, String(value)]));
    if (!verify(body, headers)) {
      unauthorised += 1;
      return void res.writeHead(401).end('signature verification failed');
    }
    const id = headers['webhook-id']!;
    const attempt = (attempts.get(id) ?? 0) + 1;
    attempts.set(id, attempt);
    if (acknowledged.has(id)) repeatsAfterSuccess += 1;
    // Delivered is what the sender got in full: a 2xx whose body was still trickling when the sender gave up is not.
    res.on('finish', () => {
      if (res.statusCode >= 200 && res.statusCode < 300) acknowledged.add(id);
    });
    requests += 1;
    const behaviour = schedule({ id, attempt, request: requests });
    switch (behaviour.kind) {
      case 'error':
        return void res.writeHead(behaviour.status).end(`failing on purpose (${behaviour.status})`);
      case 'rate-limit':
        return void res.writeHead(429, { 'retry-after': behaviour.retryAfter }).end('slow down');
      case 'hang':
        return later(behaviour.ms, () => res.writeHead(503).end('too late'));
      case 'accept-then-fail':
        process(id);
        return void res.writeHead(500).end('processed, but answering 500');
      case 'slow-body':
        process(id);
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('o');
        return later(behaviour.ms, () => res.end('k'));
      case 'ok':
        process(id);
        return void res.writeHead(200).end('ok');
    }
  }

  function verify(body: string, headers: Record<string, string>): boolean {
    try {
      if (verifier) return verifier.verify(body, headers) !== null;
      const timestamp = Number(headers['webhook-timestamp']);
      if (Math.abs(Date.now() / 1000 - timestamp) > 300) return false;
      return verifyAsymmetricSignature(options.publicKey ?? '', {
        msgId: headers['webhook-id'] ?? '',
        timestamp,
        body,
        signatureHeader: headers['webhook-signature'] ?? '',
      });
    } catch {
      return false;
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroyed || res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    processed,
    attempts,
    get duplicates() {
      return duplicates;
    },
    get repeatsAfterSuccess() {
      return repeatsAfterSuccess;
    },
    get unauthorised() {
      return unauthorised;
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
