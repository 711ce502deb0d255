// What the dashboard reads: campaigns with their segment counts, a page at a time.
import { decodeCursor, encodeCursor } from './keyset.ts';
import type { Queryable } from './pool.ts';

/** SQL true when campaign `c` is managed by the user in parameter `$n`, or when that parameter is NULL (everyone). */
const managedBy = (n: number) =>
  `($${n}::text IS NULL OR EXISTS (SELECT 1 FROM campaign_managers m WHERE m.campaign_id = c.id AND m.user_id = $${n}))`;

/** A campaign with its segment counts per status. */
export interface CampaignCounts {
  id: string;
  title: string;
  status: string;
  createdAt: Date;
  counts: Record<string, number>;
}

/**
 * One page of campaigns with segment counts per status, newest first (ties by id), after `cursor`; only those
 * `managerId` manages when given. One query: the page's campaigns, then their counts as the segments' trigger keeps them
 * (migration 017), so a campaign of 10,000 segments costs no more than one of ten.
 */
export async function listCampaignCountsPage(
  db: Queryable,
  managerId: string | undefined,
  page: { cursor?: string; limit: number },
): Promise<{ items: CampaignCounts[]; next?: string }> {
  const [afterUs, afterId] = page.cursor ? decodeCursor(page.cursor, ['n', 's']) : [null, null];
  const r = await db.query(
    `WITH page AS (
       SELECT c.id, c.title, c.status, c.created_at, (extract(epoch FROM c.created_at) * 1000000)::bigint AS created_us
         FROM campaigns c
        WHERE ${managedBy(1)}
          AND ($2::bigint IS NULL OR (c.created_at, c.id) < (timestamptz 'epoch' + $2::bigint * interval '1 microsecond', $3::text))
        ORDER BY c.created_at DESC, c.id DESC
        LIMIT $4
     )
     SELECT p.id, p.title, p.status, p.created_at, p.created_us, k.status AS segment_status, k.n
       FROM page p LEFT JOIN segment_status_counts k ON k.campaign_id = p.id AND k.n > 0
      ORDER BY p.created_at DESC, p.id DESC`,
    [managerId ?? null, afterUs, afterId, page.limit + 1],
  );
  type Keyed = CampaignCounts & { key: [number, string] };
  const byId = new Map<string, Keyed>();
  for (const row of r.rows) {
    const entry: Keyed = byId.get(row.id) ?? {
      id: row.id,
      title: row.title,
      status: row.status,
      createdAt: new Date(row.created_at),
      counts: {},
      key: [Number(row.created_us), row.id],
    };
    if (row.segment_status) entry.counts[row.segment_status] = row.n;
    byId.set(row.id, entry);
  }
  const all = [...byId.values()];
  const items = all.slice(0, page.limit).map(({ key: _key, ...c }) => c);
  const last = all[page.limit - 1];
  return { items, ...(all.length > page.limit && last ? { next: encodeCursor(last.key) } : {}) };
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
