// What the workspace's list pages read: a page of the review queue and of the campaigns with their counts.
import { CAMPAIGN_PAGE_SIZE, firstPageLink, pageLink } from '../../api/pages.ts';
import { loadQueuePage } from '../../api/queue.ts';
import { managedScope } from '../../api/ownership.ts';
import { listCampaignCountsPage, type CampaignCounts } from '../../db/overview-repo.ts';
import { pageLimit } from '../../db/keyset.ts';
import type { Queryable } from '../../db/pool.ts';
import type { User } from '../../db/user-repo.ts';
import type { QueueView } from '../views/queue.ts';
import { sentBackMessage } from '../../shared/withdrawal.ts';

/**
 * One page of the scripts and videos waiting for review, oldest first, filtered as the query asks, with the filter's
 * choices: a fixed number of queries, whatever the queue's length. Reviewers see every campaign's but those they may
 * not decide on; a campaign manager only the campaigns they manage.
 */
export async function loadQueueView(
  db: Queryable,
  user: User,
  url: string,
  query: Record<string, string | undefined>,
  now: Date,
): Promise<Omit<QueueView, 'flash'>> {
  const page = await loadQueuePage(db, user, query);
  return {
    // The round after a send-back: reviewers who had the withdrawn version see why it is gone.
    items: page.items.map(({ sentBack, ...i }) =>
      sentBack ? { ...i, sentBack: sentBackMessage(sentBack.claimIds.join(', '), sentBack.blockedConcern) } : i,
    ),
    total: page.facets.total,
    matching: page.facets.matching,
    filters: page.filter,
    campaigns: page.facets.campaigns,
    languages: page.facets.languages,
    now,
    ...(page.next ? { nextHref: pageLink(url, page.next) } : {}),
    ...(query.cursor ? { firstHref: firstPageLink(url) } : {}),
  };
}

/**
 * One page of campaigns with segment counts per status, newest first (one query); a campaign manager sees the
 * campaigns they manage. `nextHref` links the following page.
 */
export async function loadCampaignCounts(
  db: Queryable,
  user: User,
  url: string,
  query: Record<string, string | undefined>,
): Promise<{ campaigns: CampaignCounts[]; nextHref?: string; firstHref?: string }> {
  const limit = pageLimit(query.limit, CAMPAIGN_PAGE_SIZE);
  const page = await listCampaignCountsPage(db, managedScope(user), { cursor: query.cursor || undefined, limit });
  return {
    campaigns: page.items,
    ...(page.next ? { nextHref: pageLink(url, page.next) } : {}),
    ...(query.cursor ? { firstHref: firstPageLink(url) } : {}),
  };
}
