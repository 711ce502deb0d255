// The audit log: an append-only hash chain of who did what, and its verification.
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { canonicalJson } from '../shared/hash.ts';
import { inTransaction, type Pool, type Queryable } from './pool.ts';

/** Every kind of event the audit log records. */
export const AUDIT_ACTIONS = [
  'login',
  'login.failed',
  'logout',
  'user.created',
  'user.disabled',
  'role.changed',
  'token.created',
  'review.decision',
  'review.signature',
  'review.reminder',
  'review.escalated',
  'review.expired',
  'video.decision',
  'video.signature',
  'video.retracted',
  'campaign.cancelled',
  'campaign.manager.added',
  'campaign.manager.removed',
  'claim.withdrawn',
  'publication',
  'channel.saved',
  'channel.disabled',
  'channel.enabled',
  'channel.linked',
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

export interface AuditEntry {
  seq: number;
  at: Date;
  actor: string;
  action: AuditAction;
  subject: string;
  details: Record<string, unknown>;
  prevHash: string | null;
  hash: string;
}

/** Why verification stopped. For `gap`, `seq` is the first missing sequence number. */
export type AuditBreak = { seq: number; reason: 'hash-mismatch' | 'prev-hash-mismatch' | 'gap' };
/** `entries` counts the intact entries (before the break, if any); `head` is the last one, to anchor elsewhere. */
export type AuditVerification =
  | { ok: true; entries: number; head: { seq: number; hash: string } | null }
  | { ok: false; entries: number; firstBroken: AuditBreak };

// Any constant distinct from the migration lock; every process appending to the same database uses it.
const AUDIT_LOCK_KEY = 4_711_2027;
const COLUMNS = 'seq, at, actor, action, subject, details, prev_hash, hash';

/** SHA-256 over the canonical JSON of an entry's content and its predecessor's hash. */
export function auditHash(e: Omit<AuditEntry, 'hash'>): string {
  const content = { seq: e.seq, at: e.at.toISOString(), actor: e.actor, action: e.action, subject: e.subject };
  return createHash('sha256')
    .update(canonicalJson({ ...content, details: e.details, prevHash: e.prevHash }))
    .digest('hex');
}

/**
 * Appends an entry inside the caller's transaction (so it commits or rolls back with the change it records).
 * `tx` must be inside BEGIN: the advisory lock is held until commit, which keeps concurrent appends in one line.
 */
export async function appendAuditIn(tx: pg.PoolClient, input: AuditInput): Promise<AuditEntry> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK_KEY]);
  const last = await tx.query(`SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`);
  // The database clock, truncated to what a JS Date holds, so the hashed time is exactly the stored time.
  const now = await tx.query(`SELECT date_trunc('milliseconds', clock_timestamp()) AS at`);
  const entry: Omit<AuditEntry, 'hash'> = {
    seq: (last.rows[0]?.seq ?? 0) + 1,
    at: now.rows[0].at,
    actor: input.actor,
    action: input.action,
    subject: input.subject,
    // Hash what jsonb will give back: undefined members dropped, dates as strings.
    details: JSON.parse(JSON.stringify(input.details ?? {})),
    prevHash: last.rows[0]?.hash ?? null,
  };
  const hash = auditHash(entry);
  await tx.query(`INSERT INTO audit_log (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
    entry.seq,
    entry.at,
    entry.actor,
    entry.action,
    entry.subject,
    JSON.stringify(entry.details),
    entry.prevHash,
    hash,
  ]);
  return { ...entry, hash };
}

/** Appends an entry in its own transaction. */
export function appendAudit(pool: Pool, input: AuditInput): Promise<AuditEntry> {
  return inTransaction(pool, (tx) => appendAuditIn(tx, input));
}

const toEntry = (row: Record<string, unknown>): AuditEntry => ({
  seq: row.seq as number,
  at: row.at as Date,
  actor: row.actor as string,
  action: row.action as AuditAction,
  subject: row.subject as string,
  details: row.details as Record<string, unknown>,
  prevHash: row.prev_hash as string | null,
  hash: row.hash as string,
});

/** Entries with seq greater than `after`, oldest first, at most `limit`. */
export async function listAudit(db: Queryable, after = 0, limit = 100): Promise<AuditEntry[]> {
  const r = await db.query(`SELECT ${COLUMNS} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`, [after, limit]);
  return r.rows.map(toEntry);
}

/**
 * Recomputes the chain up to the entry that was last when verification began, a page at a time. A modified row
 * shows as `hash-mismatch` at its seq; a deleted row as a `gap` (or, if later rows were renumbered, a mismatch);
 * a row rewritten with a recomputed hash as `prev-hash-mismatch` on the row after it.
 */
export async function verifyAudit(db: Queryable, pageSize = 1000): Promise<AuditVerification> {
  const headRow = await db.query(`SELECT max(seq) AS seq FROM audit_log`);
  const end: number = headRow.rows[0]?.seq ?? 0;
  let prev: { seq: number; hash: string } | null = null;
  let entries = 0;
  for (;;) {
    const page: AuditEntry[] = (await listAudit(db, prev?.seq ?? 0, pageSize)).filter((e) => e.seq <= end);
    for (const e of page) {
      const expectedSeq = (prev?.seq ?? 0) + 1;
      const broken: AuditBreak['reason'] | undefined =
        e.seq !== expectedSeq
          ? 'gap'
          : e.prevHash !== (prev?.hash ?? null)
            ? 'prev-hash-mismatch'
            : e.hash !== auditHash(e)
              ? 'hash-mismatch'
              : undefined;
      if (broken)
        return { ok: false, entries, firstBroken: { seq: broken === 'gap' ? expectedSeq : e.seq, reason: broken } };
      prev = { seq: e.seq, hash: e.hash };
      entries++;
    }
    if (page.length < pageSize) return { ok: true, entries, head: prev };
  }
}
