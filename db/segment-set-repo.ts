// Segmentation per campaign: the spec uploads are built with, and each built segment set as a new version.
import { inTransaction, type Pool, type Queryable } from './pool.ts';
import { insertSegments } from './campaign-repo.ts';
import type { Segment } from '../shared/types.ts';

export interface CampaignSegmentation {
  specText: string;
  specSha256: string;
  strategyText?: string;
}

export interface SegmentSetSummary {
  version: number;
  sourceName: string;
  sourceSha256: string;
  specSha256: string;
  createdBy: string;
  createdAt: string;
  result: unknown;
}

export async function setSegmentation(db: Queryable, campaignId: string, s: CampaignSegmentation): Promise<void> {
  await db.query(`UPDATE campaigns SET segmentation = $2 WHERE id = $1`, [campaignId, JSON.stringify(s)]);
}

export async function getSegmentation(db: Queryable, campaignId: string): Promise<CampaignSegmentation | undefined> {
  const r = await db.query(`SELECT segmentation FROM campaigns WHERE id = $1`, [campaignId]);
  return r.rows[0]?.segmentation ?? undefined;
}

/**
 * Stores a built segment set as the campaign's next version and makes its segments the campaign's segments, in one
 * transaction. Only a DRAFT campaign's segments may change: a running campaign keeps what it was launched with.
 * Returns the new version, or undefined when the campaign is not a draft.
 */
export async function saveSegmentSet(
  pool: Pool,
  input: {
    campaignId: string;
    sourceName: string;
    sourceSha256: string;
    specSha256: string;
    spec: unknown;
    result: unknown;
    createdBy: string;
    segments: readonly (Segment & { profile: unknown })[];
  },
): Promise<number | undefined> {
  return inTransaction(pool, async (tx) => {
    const campaign = await tx.query(`SELECT status FROM campaigns WHERE id = $1 FOR UPDATE`, [input.campaignId]);
    if (campaign.rows[0]?.status !== 'DRAFT') return undefined;
    const next = await tx.query(`SELECT coalesce(max(version), 0) + 1 AS v FROM segment_sets WHERE campaign_id = $1`, [
      input.campaignId,
    ]);
    const version = next.rows[0].v as number;
    await tx.query(
      `INSERT INTO segment_sets (campaign_id, version, source_name, source_sha256, spec_sha256, spec, result, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        input.campaignId,
        version,
        input.sourceName,
        input.sourceSha256,
        input.specSha256,
        JSON.stringify(input.spec),
        JSON.stringify(input.result),
        input.createdBy,
      ],
    );
    await tx.query(`DELETE FROM segments WHERE campaign_id = $1`, [input.campaignId]);
    await insertSegments(tx, input.campaignId, input.segments, version);
    return version;
  });
}

/** Every segment set of a campaign, newest first. */
export async function listSegmentSets(db: Queryable, campaignId: string): Promise<SegmentSetSummary[]> {
  const r = await db.query(`SELECT * FROM segment_sets WHERE campaign_id = $1 ORDER BY version DESC`, [campaignId]);
  return r.rows.map((row) => ({
    version: row.version,
    sourceName: row.source_name,
    sourceSha256: row.source_sha256,
    specSha256: row.spec_sha256,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at).toISOString(),
    result: row.result,
  }));
}
