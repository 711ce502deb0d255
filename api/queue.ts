// The review queue as both route trees read it: filters and page from the query string, two queries per page.
import { pageLimit } from '../db/keyset.ts';
import type { Queryable } from '../db/pool.ts';
import {
  listQueuePage,
  queueFacets,
  type QueueEntry,
  type QueueFacets,
  type QueueFilter,
} from '../db/queue-page-repo.ts';
import type { User } from '../db/user-repo.ts';
import { sendBacksBeforeCurrent } from '../db/withdrawal-repo.ts';
import { queueViewer } from './ownership.ts';

/** Items per queue page unless the request asks for another `limit`. */
export const QUEUE_PAGE_SIZE = 50;

/** Reads the queue filters from the query string; unknown values are ignored rather than refused. */
export function parseQueueFilters(query: Record<string, string | undefined>): QueueFilter {
  const hours = Number(query.waiting);
  return {
    campaign: query.campaign || undefined,
    language: query.language || undefined,
    minHours: Number.isFinite(hours) && hours > 0 ? hours : undefined,
    escalated: query.escalated === '1' || query.escalated === 'on',
  };
}

export interface QueuePage {
  /** `sentBack`: the claims whose withdrawal sent the previous version back (the round after a send-back only). */
  items: (QueueEntry & { sentBack?: { claimIds: string[]; blockedConcern?: string } })[];
  /** The cursor of the next page, when there is one. */
  next?: string;
  facets: QueueFacets;
  filter: QueueFilter;
  limit: number;
}

/**
 * One page of what `user` may see of the queue, oldest waiting first, with the totals and filter choices: two queries
 * whatever the queue's length (who may see what is part of the SQL).
 * @throws InputError for a `limit` out of range or a cursor this list did not give out.
 */
export async function loadQueuePage(
  db: Queryable,
  user: Pick<User, 'id' | 'role'>,
  query: Record<string, string | undefined>,
): Promise<QueuePage> {
  const filter = parseQueueFilters(query);
  const limit = pageLimit(query.limit, QUEUE_PAGE_SIZE);
  const viewer = queueViewer(user);
  const [page, facets] = await Promise.all([
    listQueuePage(db, viewer, filter, { cursor: query.cursor || undefined, limit }),
    queueFacets(db, viewer, filter),
  ]);
  // One more query: which of this page's items were redrafted because a claim their last version cited was withdrawn.
  const sentBack = await sendBacksBeforeCurrent(db, page.items);
  const items = page.items.map((i) => {
    const back = sentBack.get(`${i.campaignId}/${i.segmentId}`);
    return back ? { ...i, sentBack: back } : i;
  });
  return { ...page, items, facets, filter, limit };
}
