// Anchoring the audit chain outside the database: the current head appended to a file (JSON lines) and/or POSTed,
// signed like channel webhooks, to an archive; and reading such a file back to verify every head it recorded.
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { checkSigningSecret, signPayload } from '../channels/signing.ts';
import { readAuditHead, type AuditHead, type ExpectedHead } from '../db/audit-repo.ts';
import type { Queryable } from '../db/pool.ts';
import { ConfigError, InputError } from '../shared/errors.ts';

/** Where heads go (KLARTEXT_AUDIT_HEAD_FILE, _WEBHOOK, _SECRET) and how often the head is looked at. */
export interface AuditHeadSinks {
  file?: string;
  webhook?: { url: string; secret: string };
  /** Seconds between looks at the head; a head is sent only when it changed (KLARTEXT_AUDIT_HEAD_INTERVAL). */
  intervalSeconds: number;
}

/** One line of a heads file: the head and when it was written there. */
export function headLine(head: AuditHead, exportedAt = new Date()): string {
  const { seq, hash, at, scheme } = head;
  return JSON.stringify({ seq, hash, at, scheme, exportedAt: exportedAt.toISOString() }) + '\n';
}

/** Appends the head as one JSON line (one write with O_APPEND, so concurrent writers do not interleave lines). */
export async function appendHeadLine(file: string, head: AuditHead): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await appendFile(file, headLine(head), { mode: 0o600 });
}

/** The webhook event: `{ type: 'audit.head', timestamp, data: head }`, with Standard Webhooks headers. */
export async function postHead(
  webhook: { url: string; secret: string },
  head: AuditHead,
  fetchImpl: typeof fetch = fetch,
): Promise<void> {
  const body = JSON.stringify({ type: 'audit.head', timestamp: new Date().toISOString(), data: head });
  const timestamp = Math.floor(Date.now() / 1000);
  // The same head always has the same id, so a receiver can drop repeats.
  const msgId = `audit-head-${head.seq}-${head.hash.slice(0, 16)}`;
  const target = new URL(webhook.url);
  const where = target.origin + target.pathname; // a query string may carry a token: never in messages
  const res = await fetchImpl(webhook.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': msgId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signPayload({ secret: webhook.secret, msgId, timestamp, body }),
    },
    body,
    signal: AbortSignal.timeout(10_000),
  }).catch((err: unknown) => {
    throw new Error(`audit head webhook ${where} could not be reached (${(err as Error).message})`, { cause: err });
  });
  await res.body?.cancel();
  if (!res.ok) throw new Error(`audit head webhook ${where} answered HTTP ${res.status}`);
}

export interface AuditHeadExport {
  /** Sends the current head to every sink that has not had it yet; failures are logged and retried later. */
  exportNow(): Promise<void>;
  /** Stops the timer after one last export. */
  stop(): Promise<void>;
}

/**
 * Looks at the audit head every `intervalSeconds` (and at start and stop) and sends it to the file and/or webhook
 * when it changed since that sink last took it. Runs in the API process: heads are read after commit, so a head
 * sent is one the chain holds. Does nothing without a sink.
 *
 * @throws ConfigError when the webhook secret is malformed.
 */
export function startAuditHeadExport(
  db: Queryable,
  sinks: AuditHeadSinks,
  opts: { log: (line: string) => void; fetch?: typeof fetch },
): AuditHeadExport {
  const targets: { name: string; send: (head: AuditHead) => Promise<void>; last?: string; failing?: string }[] = [];
  if (sinks.file) {
    const file = sinks.file;
    targets.push({ name: `file ${file}`, send: (head) => appendHeadLine(file, head) });
  }
  if (sinks.webhook) {
    const webhook = sinks.webhook;
    try {
      checkSigningSecret(webhook.secret);
    } catch (err) {
      throw new ConfigError(`KLARTEXT_AUDIT_HEAD_SECRET: ${(err as Error).message}`, { cause: err });
    }
    targets.push({ name: 'webhook', send: (head) => postHead(webhook, head, opts.fetch) });
  }
  if (targets.length === 0) return { exportNow: async () => {}, stop: async () => {} };

  let running: Promise<void> | undefined;
  const once = async () => {
    let head: AuditHead | null;
    try {
      head = await readAuditHead(db);
    } catch (err) {
      opts.log(`audit head export: cannot read the head (${(err as Error).message}); trying again later`);
      return;
    }
    if (!head) return;
    const id = `${head.seq}:${head.hash}`;
    for (const t of targets.filter((t) => t.last !== id)) {
      try {
        await t.send(head);
        t.last = id;
        if (t.failing) opts.log(`audit head export to ${t.name} works again`);
        t.failing = undefined;
      } catch (err) {
        const message = (err as Error).message;
        // Said once per distinct failure, not on every tick.
        if (t.failing !== message) opts.log(`audit head export to ${t.name} failed: ${message}; trying again later`);
        t.failing = message;
      }
    }
  };
  const exportNow = () => (running ??= once().finally(() => (running = undefined)));
  const timer = setInterval(() => void exportNow(), sinks.intervalSeconds * 1000);
  timer.unref();
  void exportNow();
  return {
    exportNow,
    async stop() {
      clearInterval(timer);
      await running;
      await exportNow();
    },
  };
}

/**
 * Reads a heads file (JSON lines with at least `seq` and `hash`, as the export and `klartext audit head
 * --append-to` write them). A last line without its newline is ignored when it does not parse: a write cut short.
 *
 * @throws InputError naming the file and line of anything else that is not a head.
 */
export async function readHeadsFile(path: string): Promise<{ heads: ExpectedHead[]; ignoredPartialLine: boolean }> {
  const text = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new InputError(`Cannot read the heads file ${path} (${err.code}); check the path.`, { cause: err });
  });
  const lines = text.split('\n');
  const heads: ExpectedHead[] = [];
  let ignoredPartialLine = false;
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (!line) continue;
    const head = parseHead(line);
    if (head) {
      heads.push(head);
    } else if (i === lines.length - 1) {
      ignoredPartialLine = true;
    } else {
      throw new InputError(
        `${path}:${i + 1}: not an audit head; each line must be JSON like {"seq": 42, "hash": "<64 hex>"}.`,
      );
    }
  }
  return { heads, ignoredPartialLine };
}

function parseHead(line: string): ExpectedHead | undefined {
  try {
    const v = JSON.parse(line) as { seq?: unknown; hash?: unknown };
    if (Number.isSafeInteger(v.seq) && (v.seq as number) >= 1 && typeof v.hash === 'string') {
      if (/^[0-9a-f]{64}$/.test(v.hash)) return { seq: v.seq as number, hash: v.hash };
    }
  } catch {
    // not JSON: reported by the caller with its line number
  }
  return undefined;
}
