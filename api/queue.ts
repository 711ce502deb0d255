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
  items: QueueEntry[];
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
  return { ...page, facets, filter, limit };
}
