// The audit log: an append-only hash chain of who did what, keyed with an HMAC key kept outside the database,
// and its verification.
import { createHash, createHmac } from 'node:crypto';
import type pg from 'pg';
import { canonicalJson } from '../shared/hash.ts';
import { ConfigError } from '../shared/errors.ts';
import { inTransaction, type Pool, type Queryable } from './pool.ts';
import type { SecretBox } from './secrets.ts';

/** Every kind of event the audit log records. */
export const AUDIT_ACTIONS = [
  'login',
  'login.failed',
  'logout',
  'user.created',
  'user.disabled',
  'role.changed',
  'user.languages.changed',
  'token.created',
  'review.decision',
  'review.signature',
  'review.reader-sign-off',
  'review.reminder',
  'review.escalated',
  'review.expired',
  'video.decision',
  'video.signature',
  'video.retracted',
  'video.replacement.started',
  'campaign.cancelled',
  'campaign.paused',
  'campaign.resumed',
  'campaign.budget.raised',
  'campaign.manager.added',
  'campaign.manager.removed',
  'claim.withdrawn',
  'claim.withdrawal.planned',
  'claim.withdrawal.completed',
  'segment.sent-back',
  'segment.blocked',
  'review.sent-back',
  'publication',
  'channel.saved',
  'channel.disabled',
  'channel.enabled',
  'channel.linked',
  'channel.backfilled',
  'channel.tested',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What a caller records. `actor` is a user id (or `system`, `anonymous`); `subject` e.g. `user/<id>`. */
export interface AuditInput {
  actor: string;
  action: AuditAction;
  subject: string;
  details?: Record<string, unknown>;
}

/** `sha256`: unkeyed (entries from before the audit key); `hmac-sha256:<key id>`: keyed with that audit key. */
export type AuditScheme = 'sha256' | `hmac-sha256:${string}`;

export interface AuditEntry {
  seq: number;
  at: Date;
  actor: string;
  action: AuditAction;
  subject: string;
  details: Record<string, unknown>;
  prevHash: string | null;
  hash: string;
  scheme: AuditScheme;
}

/** The newest entry, as it is kept outside the database to anchor the chain (`klartext audit head`). */
export interface AuditHead {
  seq: number;
  hash: string;
  /** ISO 8601. */
  at: string;
  scheme: AuditScheme;
}

/** A head recorded elsewhere: the chain must hold an entry with this hash (at this seq, when given). */
export interface ExpectedHead {
  seq?: number;
  hash: string;
}

/**
 * Why verification stopped. For `gap`, `seq` is the first missing sequence number; for `head-missing`, the seq the
 * recorded head names (or, for a head given by hash alone, the seq after the last entry).
 */
export type AuditBreak = {
  seq: number;
  reason:
    | 'hash-mismatch'
    | 'prev-hash-mismatch'
    | 'gap'
    | 'unknown-key'
    | 'unkeyed-after-keyed'
    | 'head-mismatch'
    | 'head-missing';
  /** For `unknown-key`: the key id the entry names. */
  keyId?: string;
  /** For `head-mismatch` and `head-missing`: the head recorded elsewhere. */
  expected?: ExpectedHead;
};

/**
 * `entries` counts the intact entries (before the break, if any); `head` is the last of them. `keyed` describes
 * the HMAC part of the chain: `checked` entries had their HMAC recomputed, `unchecked` ones only their links
 * (verified without an audit key). `unkeyed` counts the plain SHA-256 entries, all fully recomputed.
 */
export type AuditVerification = {
  entries: number;
  head: AuditHead | null;
  /** Ids of the audit keys the verification used; `null` when it had none. */
  keyRing: string[] | null;
  unkeyed: number;
  keyed: { checked: number; unchecked: number; firstSeq: number | null; keyIds: string[] };
  /** Heads recorded elsewhere that were given, and how many of them the chain holds. */
  heads: { expected: number; matched: number };
} & ({ ok: true } | { ok: false; firstBroken: AuditBreak });

/** The HMAC keys the audit chain is keyed with: `current` signs new entries, any key in the ring verifies. */
export interface AuditKeyRing {
  readonly current: { id: string; key: Buffer };
  /** Every key id, current first. */
  readonly ids: readonly string[];
  get(id: string): Buffer | undefined;
}

/** What the audit key is derived for from the secrets key (SecretBox.deriveKeys). */
export const AUDIT_KEY_PURPOSE = 'audit-log-hmac';

/** First 16 hex digits of a SHA-256 over the key: recorded with every keyed entry, reveals nothing of the key. */
export function auditKeyId(key: Buffer): string {
  return createHash('sha256').update('klartext-audit-key\n').update(key).digest('hex').slice(0, 16);
}

/** A ring over `keys`; the first signs. */
export function auditKeyRing(keys: readonly Buffer[]): AuditKeyRing {
  if (keys.length === 0) throw new ConfigError('An audit key ring needs at least one key.');
  const ring = new Map(keys.map((k) => [auditKeyId(k), k] as const));
  const [first] = keys as [Buffer];
  return { current: { id: auditKeyId(first), key: first }, ids: [...ring.keys()], get: (id) => ring.get(id) };
}

/** The audit key ring derived from the secrets key ring: rotating the secrets key rotates this one with it. */
export function auditKeysFrom(secrets: Pick<SecretBox, 'deriveKeys'>): AuditKeyRing {
  return auditKeyRing(secrets.deriveKeys(AUDIT_KEY_PURPOSE));
}

// Set once per process at start-up (klartext dev, klartext worker) by the code that loads the secrets key; every
// append and verification in the process uses it unless given a ring of its own.
let processKeys: AuditKeyRing | undefined;

/** Sets the process's audit key ring (undefined: unkeyed, as before the audit key existed). */
export function configureAuditKeys(keys: AuditKeyRing | undefined): void {
  processKeys = keys;
}

/** The ring {@link configureAuditKeys} set, if any. */
export function configuredAuditKeys(): AuditKeyRing | undefined {
  return processKeys;
}

// Any constant distinct from the migration lock; every process appending to the same database uses it.
const AUDIT_LOCK_KEY = 4_711_2027;
const COLUMNS = 'seq, at, actor, action, subject, details, prev_hash, hash, scheme';
const KEYED_PREFIX = 'hmac-sha256:';

const hashedContent = (e: Omit<AuditEntry, 'hash' | 'scheme'>) => ({
  seq: e.seq,
  at: e.at.toISOString(),
  actor: e.actor,
  action: e.action,
  subject: e.subject,
  details: e.details,
  prevHash: e.prevHash,
});

/** SHA-256 over the canonical JSON of an entry's content and its predecessor's hash: the unkeyed scheme. */
export function auditHash(e: Omit<AuditEntry, 'hash' | 'scheme'>): string {
  return createHash('sha256')
    .update(canonicalJson(hashedContent(e)))
    .digest('hex');
}

/** HMAC-SHA256 under `key` over the same content plus the scheme, so the key id cannot be swapped either. */
export function auditHmac(e: Omit<AuditEntry, 'hash'>, key: Buffer): string {
  return createHmac('sha256', key)
    .update(canonicalJson({ ...hashedContent(e), scheme: e.scheme }))
    .digest('hex');
}

const keyIdOf = (scheme: AuditScheme): string | undefined =>
  scheme.startsWith(KEYED_PREFIX) ? scheme.slice(KEYED_PREFIX.length) : undefined;

/**
 * Appends an entry inside the caller's transaction (so it commits or rolls back with the change it records).
 * `tx` must be inside BEGIN: the advisory lock is held until commit, which keeps concurrent appends in one line.
 * The entry is keyed with `keys` (default: the process's ring); without any, it is hashed unkeyed.
 */
export async function appendAuditIn(
  tx: pg.PoolClient,
  input: AuditInput,
  keys: AuditKeyRing | undefined = processKeys,
): Promise<AuditEntry> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK_KEY]);
  const last = await tx.query(`SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`);
  // The database clock, truncated to what a JS Date holds, so the hashed time is exactly the stored time.
  const now = await tx.query(`SELECT date_trunc('milliseconds', clock_timestamp()) AS at`);
  const entry: Omit<AuditEntry, 'hash'> = {
    seq: Number(last.rows[0]?.seq ?? 0) + 1,
    at: now.rows[0].at,
    actor: input.actor,
    action: input.action,
    subject: input.subject,
    // Hash what jsonb will give back: undefined members dropped, dates as strings.
    details: JSON.parse(JSON.stringify(input.details ?? {})),
    prevHash: last.rows[0]?.hash ?? null,
    scheme: keys ? `${KEYED_PREFIX}${keys.current.id}` : 'sha256',
  };
  const hash = keys ? auditHmac(entry, keys.current.key) : auditHash(entry);
  await tx.query(`INSERT INTO audit_log (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, [
    entry.seq,
    entry.at,
    entry.actor,
    entry.action,
    entry.subject,
    JSON.stringify(entry.details),
    entry.prevHash,
    hash,
    entry.scheme,
  ]);
  return { ...entry, hash };
}

/** Appends an entry in its own transaction. */
export function appendAudit(
  pool: Pool,
  input: AuditInput,
  keys: AuditKeyRing | undefined = processKeys,
): Promise<AuditEntry> {
  return inTransaction(pool, (tx) => appendAuditIn(tx, input, keys));
}

const toEntry = (row: Record<string, unknown>): AuditEntry => ({
  seq: Number(row.seq),
  at: row.at as Date,
  actor: row.actor as string,
  action: row.action as AuditAction,
  subject: row.subject as string,
  details: row.details as Record<string, unknown>,
  prevHash: row.prev_hash as string | null,
  hash: row.hash as string,
  scheme: row.scheme as AuditScheme,
});

const toHead = (e: AuditEntry): AuditHead => ({ seq: e.seq, hash: e.hash, at: e.at.toISOString(), scheme: e.scheme });

/** Entries with seq greater than `after`, oldest first, at most `limit`. */
export async function listAudit(db: Queryable, after = 0, limit = 100): Promise<AuditEntry[]> {
  const r = await db.query(`SELECT ${COLUMNS} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`, [after, limit]);
  return r.rows.map(toEntry);
}

/** The newest entry as a head to keep elsewhere; null while the log is empty. */
export async function readAuditHead(db: Queryable): Promise<AuditHead | null> {
  const r = await db.query(`SELECT ${COLUMNS} FROM audit_log ORDER BY seq DESC LIMIT 1`);
  return r.rows[0] ? toHead(toEntry(r.rows[0])) : null;
}

export interface VerifyAuditOptions {
  /** The audit keys to recompute HMACs with (default: the process's ring); `null` checks without any key. */
  keys?: AuditKeyRing | null;
  /** Heads recorded outside the database: each must be in the chain, or verification fails. */
  expectHeads?: readonly ExpectedHead[];
  pageSize?: number;
}

/**
 * Recomputes the chain up to the entry that was last when verification began, a page at a time. A modified row
 * shows as `hash-mismatch` at its seq; a deleted row as a `gap` (or, if later rows were renumbered, a mismatch);
 * a row rewritten with a recomputed hash as `prev-hash-mismatch` on the row after it.
 *
 * With keys, every keyed entry's HMAC is recomputed: someone with only database access cannot forge one, so
 * rewriting a keyed entry shows as `hash-mismatch`, a made-up key id as `unknown-key`, and an unkeyed entry after a
 * keyed one (a downgrade) as `unkeyed-after-keyed`. Without keys, keyed entries are checked for their links only
 * (counted as `keyed.unchecked`). A rewrite of the whole chain, keys stripped, is what `expectHeads` catches: a head
 * recorded elsewhere that the chain no longer holds is `head-mismatch` (or `head-missing` when the chain is shorter).
 */
export async function verifyAudit(db: Queryable, opts: VerifyAuditOptions = {}): Promise<AuditVerification> {
  const keys = opts.keys === undefined ? processKeys : (opts.keys ?? undefined);
  const pageSize = opts.pageSize ?? 1000;
  // Several heads may name one seq (a heads file lists the same head again when nothing was appended).
  const bySeq = new Map<number, ExpectedHead[]>();
  const hashOnly = new Map<string, ExpectedHead>();
  for (const h of opts.expectHeads ?? []) {
    if (h.seq === undefined) hashOnly.set(h.hash, h);
    else bySeq.set(h.seq, [...(bySeq.get(h.seq) ?? []), h]);
  }
  const expected = (opts.expectHeads ?? []).length;
  const headRow = await db.query(`SELECT max(seq) AS seq FROM audit_log`);
  const end = Number(headRow.rows[0]?.seq ?? 0);
  let prev: AuditEntry | null = null;
  let entries = 0;
  let unkeyed = 0;
  let matched = 0;
  const keyed = { checked: 0, unchecked: 0, firstSeq: null as number | null, keyIds: [] as string[] };
  const summary = () => ({
    entries,
    head: prev ? toHead(prev) : null,
    keyRing: keys ? [...keys.ids] : null,
    unkeyed,
    keyed,
    heads: { expected, matched },
  });
  const broken = (b: AuditBreak): AuditVerification => ({ ok: false, ...summary(), firstBroken: b });

  for (;;) {
    const page: AuditEntry[] = (await listAudit(db, prev?.seq ?? 0, pageSize)).filter((e) => e.seq <= end);
    for (const e of page) {
      const expectedSeq = (prev?.seq ?? 0) + 1;
      if (e.seq !== expectedSeq) return broken({ seq: expectedSeq, reason: 'gap' });
      if (e.prevHash !== (prev?.hash ?? null)) return broken({ seq: e.seq, reason: 'prev-hash-mismatch' });
      const keyId = keyIdOf(e.scheme);
      if (keyId === undefined) {
        if (keys && keyed.firstSeq !== null) return broken({ seq: e.seq, reason: 'unkeyed-after-keyed' });
        if (e.hash !== auditHash(e)) return broken({ seq: e.seq, reason: 'hash-mismatch' });
        unkeyed++;
      } else {
        if (keys) {
          const key = keys.get(keyId);
          if (!key) return broken({ seq: e.seq, reason: 'unknown-key', keyId });
          if (e.hash !== auditHmac(e, key)) return broken({ seq: e.seq, reason: 'hash-mismatch' });
          keyed.checked++;
        } else {
          keyed.unchecked++;
        }
        keyed.firstSeq ??= e.seq;
        if (!keyed.keyIds.includes(keyId)) keyed.keyIds.push(keyId);
      }
      for (const h of bySeq.get(e.seq) ?? []) {
        if (h.hash !== e.hash) return broken({ seq: e.seq, reason: 'head-mismatch', expected: h });
        matched++;
      }
      const byHash = hashOnly.get(e.hash);
      if (byHash) {
        hashOnly.delete(e.hash);
        matched++;
      }
      prev = e;
      entries++;
    }
    if (page.length < pageSize) break;
  }
  // Recorded heads the chain does not reach: it was cut short, or rewritten without them.
  const beyond = [...bySeq.keys()].filter((seq) => seq > end).sort((a, b) => a - b)[0];
  if (beyond !== undefined) return broken({ seq: beyond, reason: 'head-missing', expected: bySeq.get(beyond)![0] });
  const [missing] = hashOnly.values();
  if (missing) return broken({ seq: end + 1, reason: 'head-missing', expected: missing });
  return { ok: true, ...summary() };
}
