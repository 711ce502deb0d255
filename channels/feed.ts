// Feed channel: for receivers that cannot take webhooks and pull instead; entries, opaque cursors and paging.
import { InputError } from '../shared/errors.ts';
import type { ChannelAdapter, Delivery, DeliveryEventType, DeliveryResult } from './channel.ts';

/** One feed entry as a puller sees it. A `video.retracted` entry is the tombstone of an earlier `video.approved`. */
export interface FeedEntry {
  /** The delivery id: stable, so a puller can drop entries it has already processed. */
  id: string;
  type: DeliveryEventType;
  /** When the event happened, ISO 8601. */
  timestamp: string;
  data: Record<string, unknown>;
}

/** An entry as stored: `sequence` is assigned by the store, strictly increasing per channel, and never reused. */
export interface SequencedFeedEntry extends FeedEntry {
  sequence: number;
}

/** A page for one pull. */
export interface FeedPage {
  entries: FeedEntry[];
  /** Pass back as `cursor` on the next pull; unchanged when there was nothing new. */
  nextCursor: string;
  /** True when more entries are waiting after this page. */
  hasMore: boolean;
}

/**
 * Where feed entries are kept (the database in production). `append` must be idempotent by `entry.id` per channel
 * (a unique key), because a retried delivery appends the same entry again.
 */
export interface FeedStore {
  append(channelId: string, entry: FeedEntry): Promise<void>;
}

/** The largest page a puller may ask for. */
export const MAX_FEED_PAGE = 500;

/** Encodes a sequence number as an opaque cursor (base64url), so pullers do not build their own. */
export function encodeCursor(sequence: number): string {
  return Buffer.from(String(sequence), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor; an absent or empty cursor means "from the beginning" (0).
 *
 * @throws InputError for a cursor this feed did not issue.
 */
export function decodeCursor(cursor: string | undefined | null): number {
  if (!cursor) return 0;
  const text = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (!/^\d{1,15}$/.test(text)) {
    throw new InputError(
      `Feed cursor ${JSON.stringify(cursor)} is not one this feed issued; start again without a cursor.`,
    );
  }
  return Number(text);
}

/**
 * Returns the entries after `cursor`, oldest first, at most `limit` of them.
 *
 * @param entries every entry of one channel, in any order.
 * @throws InputError for a foreign cursor or a limit outside 1..{@link MAX_FEED_PAGE}.
 */
export function feedPage(
  entries: readonly SequencedFeedEntry[],
  cursor: string | undefined | null,
  limit: number,
): FeedPage {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_FEED_PAGE) {
    throw new InputError(`Feed page limit ${limit} must be a whole number from 1 to ${MAX_FEED_PAGE}.`);
  }
  const after = decodeCursor(cursor);
  const newer = entries.filter((entry) => entry.sequence > after).sort((a, b) => a.sequence - b.sequence);
  const page = newer.slice(0, limit);
  const last = page.at(-1);
  return {
    entries: page.map(({ id, type, timestamp, data }) => ({ id, type, timestamp, data })),
    nextCursor: last ? encodeCursor(last.sequence) : cursor || encodeCursor(after),
    hasMore: newer.length > page.length,
  };
}

/** Turns a delivery into its feed entry. */
export function toFeedEntry(delivery: Delivery): FeedEntry {
  return {
    id: delivery.deliveryId,
    type: delivery.eventType,
    timestamp: delivery.timestamp.toISOString(),
    data: delivery.data,
  };
}

/** Creates a feed channel: delivering appends to `store`; pullers read pages through the API. Answers 201. */
export function createFeedChannel(options: { channelId: string; store: FeedStore }): ChannelAdapter {
  return {
    async deliver(delivery: Delivery): Promise<DeliveryResult> {
      const started = performance.now();
      await options.store.append(options.channelId, toFeedEntry(delivery));
      return { statusCode: 201, latencyMs: Math.round(performance.now() - started) };
    },
  };
}

/** A {@link FeedStore} in memory, for tests and the local demo; `entries` feeds {@link feedPage}. */
export interface MemoryFeedStore extends FeedStore {
  entries(channelId: string): SequencedFeedEntry[];
}

/** Creates an empty {@link MemoryFeedStore}. */
export function createMemoryFeedStore(): MemoryFeedStore {
  const channels = new Map<string, SequencedFeedEntry[]>();
  return {
    async append(channelId, entry) {
      const list = channels.get(channelId) ?? [];
      channels.set(channelId, list);
      if (list.some((existing) => existing.id === entry.id)) return;
      list.push({ ...structuredClone(entry), sequence: (list.at(-1)?.sequence ?? 0) + 1 });
    },
    entries: (channelId) => [...(channels.get(channelId) ?? [])],
  };
}
