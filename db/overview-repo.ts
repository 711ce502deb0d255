// What the workspace's list pages read: segments waiting for review and campaigns with their segment counts.
import type { Queryable } from './pool.ts';

/** A segment waiting for review with its campaign's title, as the review queue lists it. */
export interface QueueRow {
  campaignId: string;
  campaignTitle: string;
  segmentId: string;
  label: string;
  language: string;
  updatedAt: Date;
}

/** SQL true when campaign `c` is managed by the user in parameter `$n`, or when that parameter is NULL (everyone). */
const managedBy = (n: number) =>
  `($${n}::text IS NULL OR EXISTS (SELECT 1 FROM campaign_managers m WHERE m.campaign_id = c.id AND m.user_id = $${n}))`;

/**
 * Segments in script or video review across campaigns, with their campaign's title, oldest first; only the campaigns
 * `managerId` manages when given.
 */
export async function listReviewQueueRows(db: Queryable, managerId?: string): Promise<QueueRow[]> {
  const r = await db.query(
    `SELECT s.campaign_id, s.id, s.label, s.language, s.updated_at, c.title
       FROM segments s JOIN campaigns c ON c.id = s.campaign_id
      WHERE s.status IN ('IN_REVIEW', 'VIDEO_REVIEW') AND ${managedBy(1)}
      ORDER BY s.updated_at, s.campaign_id, s.id`,
    [managerId ?? null],
  );
  return r.rows.map((row) => ({
    campaignId: row.campaign_id,
    campaignTitle: row.title,
    segmentId: row.id,
    label: row.label,
    language: row.language,
    updatedAt: new Date(row.updated_at),
  }));
}

/** A campaign with its segment counts per status. */
export interface CampaignCounts {
  id: string;
  title: string;
  status: string;
  createdAt: Date;
  counts: Record<string, number>;
}

/** Campaigns with segment counts per status, newest first; only those `managerId` manages when given. */
export async function listCampaignCounts(db: Queryable, managerId: string | undefined): Promise<CampaignCounts[]> {
  const r = await db.query(
    `SELECT c.id, c.title, c.status, c.created_at, s.status AS segment_status, count(s.id)::int AS n
       FROM campaigns c LEFT JOIN segments s ON s.campaign_id = c.id
      WHERE ${managedBy(1)}
      GROUP BY c.id, c.title, c.status, c.created_at, s.status
      ORDER BY c.created_at DESC, c.id`,
    [managerId ?? null],
  );
  const byId = new Map<string, CampaignCounts>();
  for (const row of r.rows) {
    const entry: CampaignCounts = byId.get(row.id) ?? {
      id: row.id,
      title: row.title,
      status: row.status,
      createdAt: new Date(row.created_at),
      counts: {},
    };
    if (row.segment_status) entry.counts[row.segment_status] = row.n;
    byId.set(row.id, entry);
  }
  return [...byId.values()];
}

/** How many segments of running and paused campaigns are at each stage (the `klartext_segments` gauge). */
export async function countSegmentsByStage(db: Queryable): Promise<{ stage: string; count: number }[]> {
  const r = await db.query(
    `SELECT s.status AS stage, count(*)::int AS count
       FROM segments s JOIN campaigns c ON c.id = s.campaign_id
      WHERE c.status IN ('RUNNING', 'PAUSED')
      GROUP BY s.status ORDER BY s.status`,
  );
  return r.rows.map((row: { stage: string; count: number }) => ({ stage: row.stage, count: row.count }));
}
