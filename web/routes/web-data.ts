// What the workspace's list pages read: the review queue (database plus each workflow's review state) and counts.
import { WorkflowNotFoundError } from '@temporalio/client';
import { listCampaignCounts, listReviewQueueRows } from '../../db/overview-repo.ts';
import type { Queryable } from '../../db/pool.ts';
import type { User } from '../../db/user-repo.ts';
import { segmentWorkflowId } from '../../shared/task-queues.ts';
import { reviewStateQuery, type ReviewState } from '../../workflows/messages.ts';
import type { ServiceDeps } from '../../services/deps.ts';
import type { CampaignCounts } from '../../db/overview-repo.ts';
import type { QueueFilters, QueueItem, QueueView } from '../views/queue.ts';
import { managedScope } from '../../api/ownership.ts';

/**
 * Every script waiting for review, oldest first: since it entered review per the workflow, else the row's time.
 * Reviewers see every campaign's; a campaign manager only the campaigns they manage.
 */
export async function loadQueue(
  { pool, temporal }: Pick<ServiceDeps, 'pool' | 'temporal'>,
  user: User,
): Promise<QueueItem[]> {
  const rows = await Promise.all(
    (await listReviewQueueRows(pool, managedScope(user))).map(async (row): Promise<QueueItem | undefined> => {
      let state: ReviewState | undefined;
      try {
        const handle = temporal.workflow.getHandle(segmentWorkflowId(row.campaignId, row.segmentId));
        state = await handle.query(reviewStateQuery);
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
        campaignId: row.campaignId,
        campaignTitle: row.campaignTitle,
        segmentId: row.segmentId,
        label: row.label,
        language: row.language,
        since: state?.inReviewSince ? new Date(state.inReviewSince) : row.updatedAt,
        round: state?.round,
        blocking: state?.findings?.blocking,
        warnings: state?.findings?.warnings,
        escalated: state?.escalated === true,
        mine: mine?.decision,
        stage,
        // The round after a send-back: reviewers who had the withdrawn version see why it is gone.
        ...(state?.sentBack && state.sentBack.round === state.round - 1 ? { sentBack: state.sentBack.message } : {}),
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

/** Campaigns with segment counts per status, newest first; a campaign manager sees the campaigns they manage. */
export function loadCampaignCounts(db: Queryable, user: User): Promise<CampaignCounts[]> {
  return listCampaignCounts(db, managedScope(user));
}
