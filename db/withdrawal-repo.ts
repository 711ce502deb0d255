// Claim withdrawal in the database: which claims are withdrawn, the work in flight citing one, voided sign-offs,
// segments sent back, and each withdrawal cascade with its outcome.
import type { ClaimWithdrawalOutcome, InFlightCitation } from '../shared/withdrawal.ts';
import type { Claim } from '../shared/types.ts';
import type { Queryable } from './pool.ts';

/** Of `ids`, those whose current library version is withdrawn (all claims' when `ids` is absent). */
export async function withdrawnClaimIds(db: Queryable, ids?: readonly string[]): Promise<Set<string>> {
  const r = await db.query(
    `SELECT id FROM (SELECT DISTINCT ON (id) id, data->>'status' AS status FROM claim_versions
                      WHERE ($1::text[] IS NULL OR id = ANY($1)) ORDER BY id, imported_at DESC, sha256) c
      WHERE status = 'withdrawn'`,
    [ids ? [...ids] : null],
  );
  return new Set(r.rows.map((row) => row.id as string));
}

/** The library's current version of a claim: its content hash and when it became current; undefined when unknown. */
export async function currentClaimVersion(
  db: Queryable,
  claimId: string,
): Promise<{ sha256: string; importedAt: Date; status: string } | undefined> {
  const r = await db.query(
    `SELECT sha256, imported_at, data->>'status' AS status FROM claim_versions WHERE id = $1
      ORDER BY imported_at DESC, sha256 LIMIT 1`,
    [claimId],
  );
  const row = r.rows[0];
  return row ? { sha256: row.sha256, importedAt: new Date(row.imported_at), status: row.status } : undefined;
}

const CITES = `jsonb_path_exists(v.script, '$.scenes[*].sentences[*].claimIds[*] ? (@ == $id)', jsonb_build_object('id', $1::text))`;

/**
 * Segments still being worked on (drafting, in review, approved and rendering, in video check) whose current script
 * cites the claim, across campaigns.
 */
export async function listInFlightCiting(db: Queryable, claimId: string): Promise<InFlightCitation[]> {
  const r = await db.query(
    `SELECT s.campaign_id, s.id, s.status, s.script_sha256 FROM segments s
       JOIN script_versions v ON v.campaign_id = s.campaign_id AND v.segment_id = s.id AND v.sha256 = s.script_sha256
      WHERE s.status IN ('DRAFTING', 'IN_REVIEW', 'RENDERING', 'VIDEO_REVIEW') AND ${CITES}
      ORDER BY s.campaign_id, s.id`,
    [claimId],
  );
  return r.rows.map((row) => ({
    campaignId: row.campaign_id,
    segmentId: row.id,
    status: row.status,
    scriptSha256: row.script_sha256,
  }));
}

/** Records the script version a segment now works on. */
export async function setSegmentScript(db: Queryable, campaignId: string, segmentId: string, sha256: string) {
  await db.query(`UPDATE segments SET script_sha256 = $3 WHERE campaign_id = $1 AND id = $2`, [
    campaignId,
    segmentId,
    sha256,
  ]);
}

/** Marks a round's script decisions and signatures, and its renders' video decisions, void; returns how many. */
export async function voidSignOffs(
  db: Queryable,
  key: { campaignId: string; segmentId: string; round: number; scriptSha256: string },
  reason: string,
): Promise<number> {
  const params = [key.campaignId, key.segmentId, key.round, reason];
  let voided = 0;
  for (const table of ['review_decisions', 'signatures']) {
    const r = await db.query(
      `UPDATE ${table} SET voided_at = now(), void_reason = $4
        WHERE campaign_id = $1 AND segment_id = $2 AND round = $3 AND voided_at IS NULL`,
      params,
    );
    voided += r.rowCount ?? 0;
  }
  const videos = await db.query(
    `UPDATE video_reviews SET voided_at = now(), void_reason = $4
      WHERE campaign_id = $1 AND segment_id = $2 AND script_sha256 = $3 AND voided_at IS NULL`,
    [key.campaignId, key.segmentId, key.scriptSha256, reason],
  );
  return voided + (videos.rowCount ?? 0);
}

/** Records a round sent back once; false when a retried activity already did. */
export async function recordSendBack(
  db: Queryable,
  s: {
    campaignId: string;
    segmentId: string;
    round: number;
    claimId: string;
    scriptSha256: string;
    reason: string;
    blockedConcern?: string;
  },
): Promise<boolean> {
  const r = await db.query(
    `INSERT INTO segment_send_backs (campaign_id, segment_id, round, claim_id, script_sha256, reason, blocked_concern)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
    [s.campaignId, s.segmentId, s.round, s.claimId, s.scriptSha256, s.reason, s.blockedConcern ?? null],
  );
  return r.rowCount === 1;
}

/** A segment's latest send-back, for the review queue and page; undefined when it was never sent back. */
export async function latestSendBack(
  db: Queryable,
  campaignId: string,
  segmentId: string,
): Promise<{ claimId: string; round: number; reason: string; blockedConcern?: string; at: string } | undefined> {
  const r = await db.query(
    `SELECT claim_id, round, reason, blocked_concern, created_at FROM segment_send_backs
      WHERE campaign_id = $1 AND segment_id = $2 ORDER BY round DESC, created_at DESC LIMIT 1`,
    [campaignId, segmentId],
  );
  const row = r.rows[0];
  if (!row) return undefined;
  return {
    claimId: row.claim_id,
    round: row.round,
    reason: row.reason,
    ...(row.blocked_concern ? { blockedConcern: row.blocked_concern } : {}),
    at: new Date(row.created_at).toISOString(),
  };
}

interface WithdrawalRecord {
  workflowId: string;
  claimId: string;
  claimSha256: string;
  reason: string;
  actor: string;
}

/** Records a cascade as started (with the withdrawal, before it runs), once. */
export async function recordWithdrawalStart(db: Queryable, w: WithdrawalRecord): Promise<void> {
  await db.query(
    `INSERT INTO claim_withdrawals (workflow_id, claim_id, claim_sha256, reason, actor)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
    [w.workflowId, w.claimId, w.claimSha256, w.reason, w.actor],
  );
}

/** Records a cascade's plan once (a retried activity, a repeated run keep the first); true when it is new. */
export async function recordWithdrawalPlan(
  db: Queryable,
  w: WithdrawalRecord & { planned: unknown },
): Promise<boolean> {
  const r = await db.query(
    `INSERT INTO claim_withdrawals (workflow_id, claim_id, claim_sha256, reason, actor, planned)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (workflow_id) DO UPDATE SET planned = EXCLUDED.planned WHERE claim_withdrawals.planned IS NULL`,
    [w.workflowId, w.claimId, w.claimSha256, w.reason, w.actor, JSON.stringify(w.planned)],
  );
  return r.rowCount === 1;
}

/** Records a cascade's outcome once; true when it was not recorded before. */
export async function recordWithdrawalOutcome(
  db: Queryable,
  workflowId: string,
  outcome: ClaimWithdrawalOutcome,
): Promise<boolean> {
  const r = await db.query(
    `UPDATE claim_withdrawals SET outcome = $2, finished_at = now() WHERE workflow_id = $1 AND outcome IS NULL`,
    [workflowId, JSON.stringify(outcome)],
  );
  return r.rowCount === 1;
}

/** The newest withdrawal cascade of a claim, with its outcome once finished. */
export async function latestWithdrawal(db: Queryable, claimId: string) {
  const r = await db.query(
    `SELECT workflow_id, claim_sha256, reason, actor, outcome, started_at, finished_at FROM claim_withdrawals
      WHERE claim_id = $1 ORDER BY started_at DESC LIMIT 1`,
    [claimId],
  );
  const row = r.rows[0];
  if (!row) return undefined;
  return {
    workflowId: row.workflow_id as string,
    claimSha256: row.claim_sha256 as string,
    reason: row.reason as string,
    startedAt: new Date(row.started_at).toISOString(),
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : undefined,
    outcome: (row.outcome as ClaimWithdrawalOutcome | null) ?? undefined,
  };
}

/**
 * A campaign's claims as they stand now: the versions it was launched with, each marked withdrawn when the library
 * has withdrawn it since, so no draft narrates it and no check lets a citation of it pass.
 */
export async function withLibraryWithdrawals(db: Queryable, claims: readonly Claim[]): Promise<Claim[]> {
  const withdrawn = await withdrawnClaimIds(
    db,
    claims.map((c) => c.id),
  );
  return claims.map((c) => (withdrawn.has(c.id) ? { ...c, status: 'withdrawn' } : c));
}

/**
 * Segments waiting for review whose previous round was sent back by a claim withdrawal, by `campaignId/segmentId`:
 * the claims withdrawn and the concern left unanswered, if any.
 */
export async function sendBacksBeforeCurrent(
  db: Queryable,
  only?: readonly { campaignId: string; segmentId: string }[],
): Promise<Map<string, { claimIds: string[]; blockedConcern?: string }>> {
  if (only && only.length === 0) return new Map();
  const r = await db.query(
    `SELECT b.campaign_id, b.segment_id, array_agg(b.claim_id ORDER BY b.claim_id) AS claim_ids,
            max(b.blocked_concern) AS blocked_concern
       FROM segments s
       JOIN script_versions v ON v.campaign_id = s.campaign_id AND v.segment_id = s.id AND v.sha256 = s.script_sha256
       JOIN segment_send_backs b ON b.campaign_id = s.campaign_id AND b.segment_id = s.id AND b.round = v.round - 1
      WHERE s.status IN ('IN_REVIEW', 'VIDEO_REVIEW')
        AND ($1::text[] IS NULL OR (s.campaign_id, s.id) IN (SELECT * FROM unnest($1::text[], $2::text[])))
      GROUP BY b.campaign_id, b.segment_id`,
    [only ? only.map((o) => o.campaignId) : null, only ? only.map((o) => o.segmentId) : null],
  );
  return new Map(
    r.rows.map((row) => [
      `${row.campaign_id}/${row.segment_id}`,
      { claimIds: row.claim_ids, ...(row.blocked_concern ? { blockedConcern: row.blocked_concern } : {}) },
    ]),
  );
}
