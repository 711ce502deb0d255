// What the workspace's list pages read: the review queue (database plus each workflow's review state) and counts.
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Queryable } from '../../db/pool.ts';
import type { User } from '../../db/user-repo.ts';
import { segmentWorkflowId } from '../../shared/task-queues.ts';
import { reviewStateQuery, type ReviewState } from '../../workflows/messages.ts';
import type { AppDeps } from '../../api/deps.ts';
import type { CampaignCounts } from '../views/dashboard.ts';
import type { QueueFilters, QueueItem, QueueView } from '../views/queue.ts';

/** Every script waiting for review, oldest first: since it entered review per the workflow, else the row's time. */
export async function loadQueue(
  { pool, temporal }: Pick<AppDeps, 'pool' | 'temporal'>,
  user: User,
): Promise<QueueItem[]> {
  const r = await pool.query(
    `SELECT s.campaign_id, s.id, s.label, s.language, s.updated_at, c.title
       FROM segments s JOIN campaigns c ON c.id = s.campaign_id
      WHERE s.status IN ('IN_REVIEW', 'VIDEO_REVIEW') ORDER BY s.updated_at, s.campaign_id, s.id`,
  );
  const rows = await Promise.all(
    r.rows.map(async (row): Promise<QueueItem | undefined> => {
      let state: ReviewState | undefined;
      try {
        state = await temporal.workflow.getHandle(segmentWorkflowId(row.campaign_id, row.id)).query(reviewStateQuery);
      } catch (err) {
        // No workflow behind the row (closed or from another Temporal deployment): nothing there can be decided.
        if (err instanceof WorkflowNotFoundError) return undefined;
      }
      // The row still says IN_REVIEW while a redraft is written; the workflow knows better.
      if (state && state.status !== 'IN_REVIEW' && state.status !== 'VIDEO_REVIEW') return undefined;
      const stage = state?.status === 'VIDEO_REVIEW' ? 'video' : 'script';
      const mine =
        stage === 'video'
          ? state?.videoDecisions?.find((d) => d.attempt === state.video?.attempt && d.reviewerId === user.id)
          : state?.decisions.find((d) => d.round === state.round && d.reviewerId === user.id);
      return {
        campaignId: row.campaign_id,
        campaignTitle: row.title,
        segmentId: row.id,
        label: row.label,
        language: row.language,
        since: state?.inReviewSince ? new Date(state.inReviewSince) : new Date(row.updated_at),
        round: state?.round,
        blocking: state?.findings?.blocking,
        warnings: state?.findings?.warnings,
        escalated: state?.escalated === true,
        mine: mine?.decision,
        stage,
      };
    }),
  );
  return rows.filter((i) => i !== undefined).sort((a, b) => a.since.getTime() - b.since.getTime());
}

/** Reads the queue filters from the query string; unknown values are ignored rather than refused. */
export function parseQueueFilters(query: Record<string, string | undefined>): QueueFilters {
  const hours = Number(query.waiting);
  return {
    campaign: query.campaign || undefined,
    language: query.language || undefined,
    minHours: Number.isFinite(hours) && hours > 0 ? hours : undefined,
    escalated: query.escalated === '1' || query.escalated === 'on',
  };
}

/** The queue page's data: filtered items plus the choices the filters offer (from the unfiltered queue). */
export function filterQueue(all: readonly QueueItem[], filters: QueueFilters, now: Date): Omit<QueueView, 'flash'> {
  const items = all.filter(
    (i) =>
      (!filters.campaign || i.campaignId === filters.campaign) &&
      (!filters.language || i.language === filters.language) &&
      (!filters.minHours || now.getTime() - i.since.getTime() >= filters.minHours * 3600_000) &&
      (!filters.escalated || i.escalated),
  );
  const campaigns = [...new Map(all.map((i) => [i.campaignId, { id: i.campaignId, title: i.campaignTitle }]))];
  return {
    items,
    total: all.length,
    filters,
    campaigns: campaigns.map(([, c]) => c).sort((a, b) => a.title.localeCompare(b.title)),
    languages: [...new Set(all.map((i) => i.language))].sort(),
    now,
  };
}

/** Campaigns with segment counts per status, newest first; a campaign manager sees the campaigns they launched. */
export async function loadCampaignCounts(db: Queryable, user: User): Promise<CampaignCounts[]> {
  const owner = user.role === 'admin' ? null : user.id;
  const r = await db.query(
    `SELECT c.id, c.title, c.status, c.created_at, s.status AS segment_status, count(s.id)::int AS n
       FROM campaigns c LEFT JOIN segments s ON s.campaign_id = c.id
      WHERE $1::text IS NULL OR c.created_by = $1
      GROUP BY c.id, c.title, c.status, c.created_at, s.status
      ORDER BY c.created_at DESC, c.id`,
    [owner],
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
