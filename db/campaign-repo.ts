// Campaigns, their segments and the claim versions they use: created together in one transaction.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../shared/hash.ts';
import type { CampaignBrief, Claim, Segment, SegmentStatus } from '../shared/types.ts';
import { variantRows, type CampaignVariants } from '../shared/variants.ts';
import { inTransaction, type Pool, type Queryable } from './pool.ts';
import { moveSegment } from './review-queue-repo.ts';

export interface CampaignRow {
  id: string;
  name: string;
  title: string;
  brief: CampaignBrief;
  status: string;
  createdAt: Date;
  /** The campaign manager who created it: never its reviewer. */
  createdBy?: string;
}

export interface SegmentRow extends Segment {
  campaignId: string;
  status: SegmentStatus | 'PENDING';
  /** Aggregate profile and message strategy, for segments built from survey data. */
  profile?: { strategy?: unknown; [key: string]: unknown };
}

/** SHA-256 of a claim's canonical JSON: a changed claim is a new version. */
export function claimSha256(claim: Claim): string {
  return createHash('sha256').update(canonicalJson(claim)).digest('hex');
}

/** SHA-256 over the versions of the claims a script cites (by id, sorted): what a signature binds to besides the text. */
export function claimSetSha256(citedIds: readonly string[], claims: readonly Claim[]): string {
  const versions = [...new Set(citedIds)].sort().map((id) => {
    const claim = claims.find((c) => c.id === id);
    return { id, sha256: claim ? claimSha256(claim) : null };
  });
  return createHash('sha256').update(canonicalJson(versions)).digest('hex');
}

/**
 * Inserts pipeline segments of a campaign (inside the caller's transaction, after the campaign row); `profile` holds
 * their aggregates. A campaign running script variants gets each varied segment's variant B as a row of its own.
 */
export async function insertSegments(
  tx: Queryable,
  campaignId: string,
  segments: readonly (Segment & { profile?: unknown })[],
  segmentSetVersion?: number,
): Promise<void> {
  const brief = await tx.query(`SELECT brief->'variants' AS variants FROM campaigns WHERE id = $1`, [campaignId]);
  const variants = (brief.rows[0]?.variants ?? undefined) as CampaignVariants | undefined;
  for (const s of [...segments, ...variantRows(variants, segments)]) {
    await tx.query(
      `INSERT INTO segments (campaign_id, id, label, language, reading_level, size, concerns, tags, profile,
         segment_set_version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        campaignId,
        s.id,
        s.label,
        s.language,
        s.readingLevel,
        s.size,
        JSON.stringify(s.concerns),
        JSON.stringify(s.tags),
        s.profile === undefined ? null : JSON.stringify(s.profile),
        segmentSetVersion ?? null,
      ],
    );
  }
}

/**
 * Stores a campaign as a DRAFT (launching is its own step) with its segments and claim versions, atomically;
 * returns false if the id already exists.
 */
export async function createCampaign(
  pool: Pool,
  input: { id: string; brief: CampaignBrief; segments: Segment[]; claims: Claim[]; createdBy?: string },
): Promise<boolean> {
  return inTransaction(pool, async (tx) => {
    const inserted = await tx.query(
      `INSERT INTO campaigns (id, name, title, brief, status, created_by) VALUES ($1, $2, $3, $4, 'DRAFT', $5)
       ON CONFLICT (id) DO NOTHING`,
      [input.id, input.brief.name, input.brief.title, JSON.stringify(input.brief), input.createdBy ?? null],
    );
    if (inserted.rowCount === 0) return false;
    // The creator is the campaign's first manager, in the same transaction: no campaign exists without one.
    if (input.createdBy) {
      await tx.query(
        `INSERT INTO campaign_managers (campaign_id, user_id, granted_by)
         SELECT $1, id, id FROM users WHERE id = $2`,
        [input.id, input.createdBy],
      );
    }
    await insertSegments(tx, input.id, input.segments);
    for (const c of input.claims) {
      const sha = claimSha256(c);
      await tx.query(`INSERT INTO claim_versions (id, sha256, data) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [
        c.id,
        sha,
        JSON.stringify(c),
      ]);
      await tx.query(`INSERT INTO campaign_claims (campaign_id, claim_id, claim_sha256) VALUES ($1, $2, $3)`, [
        input.id,
        c.id,
        sha,
      ]);
    }
    return true;
  });
}

export async function getCampaign(db: Queryable, id: string): Promise<CampaignRow | undefined> {
  const r = await db.query(
    `SELECT id, name, title, brief, status, created_at, created_by FROM campaigns WHERE id = $1`,
    [id],
  );
  const row = r.rows[0];
  return row && { ...row, createdAt: row.created_at, createdBy: row.created_by ?? undefined };
}

/** Moves a campaign from `from` to `to` only if it is in `from`; false when it was not (someone else moved it). */
export async function transitionCampaign(db: Queryable, id: string, from: string, to: string): Promise<boolean> {
  const r = await db.query(`UPDATE campaigns SET status = $3 WHERE id = $1 AND status = $2`, [id, from, to]);
  return r.rowCount === 1;
}

function toSegment(row: Record<string, unknown>): SegmentRow {
  return {
    campaignId: row.campaign_id as string,
    id: row.id as string,
    label: row.label as string,
    language: row.language as string,
    readingLevel: row.reading_level as Segment['readingLevel'],
    size: row.size as number,
    concerns: row.concerns as string[],
    tags: row.tags as string[],
    status: row.status as SegmentRow['status'],
    profile: (row.profile as SegmentRow['profile'] | null) ?? undefined,
  };
}

export async function listSegments(db: Queryable, campaignId: string): Promise<SegmentRow[]> {
  const r = await db.query(`SELECT * FROM segments WHERE campaign_id = $1 ORDER BY id`, [campaignId]);
  return r.rows.map(toSegment);
}

export async function getSegment(
  db: Queryable,
  campaignId: string,
  segmentId: string,
): Promise<SegmentRow | undefined> {
  const r = await db.query(`SELECT * FROM segments WHERE campaign_id = $1 AND id = $2`, [campaignId, segmentId]);
  return r.rows[0] && toSegment(r.rows[0]);
}

/** Moves a segment to `status`; the review queue's row follows in the same statement (db/review-queue-repo.ts). */
export async function setSegmentStatus(db: Queryable, campaignId: string, segmentId: string, status: SegmentStatus) {
  await moveSegment(db, campaignId, segmentId, status);
}

/** The newest campaign that has a segment with this id; only among those `managedBy` manages when given. */
export async function latestCampaignWithSegment(
  db: Queryable,
  segmentId: string,
  managedBy?: string,
): Promise<string | undefined> {
  const r = await db.query(
    `SELECT s.campaign_id FROM segments s JOIN campaigns c ON c.id = s.campaign_id
      WHERE s.id = $1
        AND ($2::text IS NULL OR EXISTS
              (SELECT 1 FROM campaign_managers m WHERE m.campaign_id = c.id AND m.user_id = $2))
      ORDER BY c.created_at DESC LIMIT 1`,
    [segmentId, managedBy ?? null],
  );
  return r.rows[0]?.campaign_id;
}

/** The claims a campaign was launched with, as stored (the versions reviewers see). */
export async function listCampaignClaims(db: Queryable, campaignId: string): Promise<Claim[]> {
  const r = await db.query(
    `SELECT v.data FROM campaign_claims c JOIN claim_versions v ON v.id = c.claim_id AND v.sha256 = c.claim_sha256
     WHERE c.campaign_id = $1 ORDER BY c.claim_id`,
    [campaignId],
  );
  return r.rows.map((row) => row.data as Claim);
}

/** Removes a campaign that never started (its workflow could not be launched), with everything stored for it. */
export async function deleteCampaign(pool: Pool, id: string): Promise<void> {
  await inTransaction(pool, async (tx) => {
    await tx.query(`DELETE FROM campaign_claims WHERE campaign_id = $1`, [id]);
    await tx.query(`DELETE FROM segments WHERE campaign_id = $1`, [id]);
    await tx.query(`DELETE FROM campaigns WHERE id = $1`, [id]);
  });
}

/** How many of a campaign's segments are in each status (PENDING: not started yet). */
export async function countSegmentsByStatus(db: Queryable, campaignId: string): Promise<Record<string, number>> {
  const r = await db.query(
    // Kept by the segments' trigger (migration 017): no count over the campaign's segments per request.
    `SELECT status, n FROM segment_status_counts WHERE campaign_id = $1 AND n > 0 ORDER BY status`,
    [campaignId],
  );
  return Object.fromEntries(r.rows.map((row) => [row.status as string, row.n as number]));
}

/** The campaign's row locked until the caller's transaction ends (as budget reservations lock it); undefined if none. */
export async function lockCampaign(tx: Queryable, id: string): Promise<CampaignRow | undefined> {
  await tx.query(`SELECT 1 FROM campaigns WHERE id = $1 FOR UPDATE`, [id]);
  return getCampaign(tx, id);
}

/** Sets the campaign's `video.budgetSeconds` in its stored brief, which every budget reservation reads. */
export async function setVideoBudget(db: Queryable, id: string, budgetSeconds: number): Promise<void> {
  await db.query(
    `UPDATE campaigns SET brief = jsonb_set(brief, '{video,budgetSeconds}', to_jsonb($2::float8)) WHERE id = $1`,
    [id, budgetSeconds],
  );
}

/**
 * A page of a campaign's segments in id order, after segment `after`, with the campaign's segment count (one query);
 * all of them without a limit, only `segmentId` when given.
 */
export async function listSegmentsPage(
  db: Queryable,
  campaignId: string,
  page: { after?: string; limit?: number; segmentId?: string } = {},
): Promise<{ segments: SegmentRow[]; total: number; more: boolean }> {
  const r = await db.query(
    // The count comes as its own row (id NULL), so an empty page still says how many segments there are.
    `(SELECT NULL::text AS id, coalesce(sum(n), 0)::int AS total, NULL::jsonb AS seg
        FROM segment_status_counts WHERE campaign_id = $1)
     UNION ALL
     (SELECT s.id, NULL, to_jsonb(s) FROM segments s
       WHERE s.campaign_id = $1 AND ($2::text IS NULL OR s.id > $2) AND ($3::text IS NULL OR s.id = $3)
       ORDER BY s.id LIMIT $4)
     ORDER BY id NULLS FIRST`,
    [campaignId, page.after ?? null, page.segmentId ?? null, page.limit === undefined ? null : page.limit + 1],
  );
  const total = (r.rows.find((row) => row.id === null)?.total as number | undefined) ?? 0;
  const all = r.rows.filter((row) => row.id !== null).map((row) => toSegment(row.seg));
  const segments = page.limit === undefined ? all : all.slice(0, page.limit);
  return { segments, total, more: all.length > segments.length };
}
