// Paged lists over HTTP: the links to the next and first page, and a campaign's segment page from the query string.
import { decodeCursor, encodeCursor, pageLimit } from '../db/keyset.ts';
import type { SummaryPage } from '../services/summary.ts';

/** Campaigns per dashboard page unless the request asks for another `limit`. */
export const CAMPAIGN_PAGE_SIZE = 50;

/** Segments per campaign page unless the request asks for another `limit`. */
export const SEGMENT_PAGE_SIZE = 100;

/** The same path and query with `cursor` set: the next page's link (filters and limit kept). */
export function pageLink(requestUrl: string, cursor: string): string {
  const url = new URL(requestUrl);
  url.searchParams.set('cursor', cursor);
  return `${url.pathname}?${url.searchParams}`;
}

/** The same list from its first page: the query without its cursor. */
export function firstPageLink(requestUrl: string): string {
  const url = new URL(requestUrl);
  url.searchParams.delete('cursor');
  const search = url.searchParams.toString();
  return search ? `${url.pathname}?${search}` : url.pathname;
}

/**
 * The page of a campaign's segments a request asks for (`?cursor=`, `?limit=`).
 * @throws InputError for a limit out of range or a cursor this list did not give out.
 */
export function segmentPageOf(query: Record<string, string | undefined>): SummaryPage {
  const limit = pageLimit(query.limit, SEGMENT_PAGE_SIZE);
  return query.cursor ? { after: String(decodeCursor(query.cursor, ['s'])[0]), limit } : { limit };
}

/** The links of a campaign page: next when the summary says more segments follow, first when past the first page. */
export function segmentPageLinks(
  requestUrl: string,
  summary: { nextAfter?: string },
): { nextHref?: string; firstHref?: string } {
  const cursor = new URL(requestUrl).searchParams.get('cursor');
  return {
    ...(summary.nextAfter ? { nextHref: pageLink(requestUrl, encodeCursor([summary.nextAfter])) } : {}),
    ...(cursor ? { firstHref: firstPageLink(requestUrl) } : {}),
  };
}
