// Reading the review queue a page at a time: one query for the page, one (two with a waiting-time filter) for totals.
import { decodeCursor, encodeCursor } from './keyset.ts';
import type { Queryable } from './pool.ts';

/** Who reads the queue, and so which rows they may see. */
export interface QueueViewer {
  id: string;
  /** Bound to the campaigns this user manages (campaign managers); undefined: every campaign. */
  managerId?: string;
  /** Set for reviewers: campaigns they created or manage are left out, as they may not decide on them (four eyes). */
  reviewerId?: string;
}

/** The queue's filters; all optional. */
export interface QueueFilter {
  campaign?: string;
  language?: string;
  /** Waiting at least this many hours. */
  minHours?: number;
  escalated?: boolean;
}

/** One waiting item, as the queue lists it. */
export interface QueueEntry {
  campaignId: string;
  campaignTitle: string;
  segmentId: string;
  label: string;
  language: string;
  stage: 'script' | 'video';
  since: Date;
  round: number;
  scriptSha256?: string;
  blocking: number;
  warnings: number;
  videoSha256?: string;
  videoAttempt?: number;
  escalated: boolean;
  approvalsRequired: number;
  /** The viewer's own decision on this round or render, when they made one. */
  mine?: string;
}

const CURSOR_SHAPE = ['n', 's', 's'] as const;

/** Who may see rows of campaign `<a>.campaign_id` (joined to `campaigns c`): $1 manager, $2 reviewer. */
const visible = (a: string) => `($1::text IS NULL OR EXISTS (SELECT 1 FROM campaign_managers m
                                                WHERE m.campaign_id = ${a}.campaign_id AND m.user_id = $1))
   AND ($2::text IS NULL OR (c.created_by IS DISTINCT FROM $2 AND NOT EXISTS
         (SELECT 1 FROM campaign_managers m WHERE m.campaign_id = ${a}.campaign_id AND m.user_id = $2)))`;
/**
 * The filters ($3–$6) over rows of `<a>` (campaign_id, language, escalated, waiting_since). Over the counts, which
 * have no waiting time, a waiting-time filter ($5) keeps nothing: the caller counts the rows then.
 */
const filtered = (a: string, rows = true) => `($3::text IS NULL OR ${a}.campaign_id = $3)
   AND ($4::text IS NULL OR ${a}.language = $4) AND (NOT $6::boolean OR ${a}.escalated)
   AND ($5::float8 IS NULL OR ${rows ? `${a}.waiting_since <= now() - $5::float8 * interval '1 hour'` : 'false'})`;

const params = (viewer: QueueViewer, f: QueueFilter) => [
  viewer.managerId ?? null,
  viewer.reviewerId ?? null,
  f.campaign ?? null,
  f.language ?? null,
  f.minHours ?? null,
  f.escalated === true,
];

/**
 * One page of the queue, oldest waiting first (ties by campaign and segment id, so the order is total): the rows after
 * `cursor`, and the cursor of the next page when there is one. Items that start waiting while someone pages sort
 * after every earlier one, so paging on loses and repeats nothing.
 */
export async function listQueuePage(
  db: Queryable,
  viewer: QueueViewer,
  filter: QueueFilter,
  page: { cursor?: string; limit: number },
): Promise<{ items: QueueEntry[]; next?: string }> {
  const after = page.cursor ? decodeCursor(page.cursor, CURSOR_SHAPE) : [null, null, null];
  const r = await db.query(
    `SELECT q.*, c.title, s.label, (extract(epoch FROM q.waiting_since) * 1000000)::bigint AS since_us,
            CASE q.stage
              WHEN 'script' THEN (SELECT d.decision FROM review_decisions d
                                   WHERE d.campaign_id = q.campaign_id AND d.segment_id = q.segment_id
                                     AND d.round = q.round AND d.reviewer_id = $7)
              ELSE (SELECT r.decision FROM video_reviews r
                     WHERE r.campaign_id = q.campaign_id AND r.segment_id = q.segment_id
                       AND r.attempt = q.video_attempt AND r.reviewer_id = $7)
            END AS mine
       FROM review_queue q
       JOIN campaigns c ON c.id = q.campaign_id
       JOIN segments s ON s.campaign_id = q.campaign_id AND s.id = q.segment_id
      WHERE ${visible('q')} AND ${filtered('q')}
        AND ($8::bigint IS NULL OR (q.waiting_since, q.campaign_id, q.segment_id) >
             (timestamptz 'epoch' + $8::bigint * interval '1 microsecond', $9::text, $10::text))
      ORDER BY q.waiting_since, q.campaign_id, q.segment_id
      LIMIT $11`,
    [...params(viewer, filter), viewer.id, ...after, page.limit + 1],
  );
  const rows = r.rows.slice(0, page.limit);
  const last = rows.at(-1);
  return {
    items: rows.map(toEntry),
    ...(r.rows.length > page.limit && last
      ? { next: encodeCursor([Number(last.since_us), last.campaign_id, last.segment_id]) }
      : {}),
  };
}

function toEntry(row: Record<string, unknown>): QueueEntry {
  const optional = (v: unknown) => (v === null || v === undefined ? undefined : v);
  return {
    campaignId: row.campaign_id as string,
    campaignTitle: row.title as string,
    segmentId: row.segment_id as string,
    label: row.label as string,
    language: row.language as string,
    stage: row.stage as QueueEntry['stage'],
    since: new Date(row.waiting_since as string),
    round: row.round as number,
    scriptSha256: optional(row.script_sha256) as string | undefined,
    blocking: row.blocking as number,
    warnings: row.warnings as number,
    videoSha256: optional(row.video_sha256) as string | undefined,
    videoAttempt: optional(row.video_attempt) as number | undefined,
    escalated: row.escalated as boolean,
    approvalsRequired: row.approvals_required as number,
    mine: optional(row.mine) as string | undefined,
  };
}

/** The queue's totals and filter choices for a viewer: everything they may see, and how much of it the filter keeps. */
export interface QueueFacets {
  total: number;
  matching: number;
  campaigns: { id: string; title: string }[];
  languages: string[];
}

/**
 * Totals and filter choices from the counts the queue's trigger keeps per campaign, language and escalation (migration
 * 017): a few rows however long the queue. Only a waiting-time filter needs the rows themselves, counted then.
 */
export async function queueFacets(db: Queryable, viewer: QueueViewer, filter: QueueFilter): Promise<QueueFacets> {
  const r = await db.query(
    `SELECT k.campaign_id, c.title, k.language, sum(k.n)::int AS n,
            (coalesce(sum(k.n) FILTER (WHERE ${filtered('k', false)}), 0))::int AS kept
       FROM review_queue_counts k JOIN campaigns c ON c.id = k.campaign_id
      WHERE k.n > 0 AND ${visible('k')}
      GROUP BY k.campaign_id, c.title, k.language`,
    params(viewer, filter),
  );
  const campaigns = new Map<string, string>(r.rows.map((row) => [row.campaign_id, row.title]));
  return {
    total: r.rows.reduce((sum, row) => sum + row.n, 0),
    matching:
      filter.minHours === undefined
        ? r.rows.reduce((sum, row) => sum + row.kept, 0)
        : await countMatching(db, viewer, filter),
    campaigns: [...campaigns].map(([id, title]) => ({ id, title })).sort((a, b) => a.title.localeCompare(b.title)),
    languages: [...new Set(r.rows.map((row) => row.language as string))].sort(),
  };
}

/** Items the filter keeps, counted from the rows (for a waiting-time filter, which no kept count can answer). */
async function countMatching(db: Queryable, viewer: QueueViewer, filter: QueueFilter): Promise<number> {
  const r = await db.query(
    `SELECT count(*)::int AS n FROM review_queue q JOIN campaigns c ON c.id = q.campaign_id
      WHERE ${visible('q')} AND ${filtered('q')}`,
    params(viewer, filter),
  );
  return r.rows[0].n;
}
