// The entries of pull-feed channels: appended once per delivery id, read in pages after a cursor.
import type { Queryable } from './pool.ts';

/** One feed entry as receivers see it; `id` is the delivery id (stable across retries), tombstones included. */
export interface FeedEntry {
  id: string;
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
}

/** What to append: the delivery's id, event type, time and payload. */
export interface FeedAppend {
  deliveryId: string;
  type: string;
  timestamp: Date;
  data: Record<string, unknown>;
}

/**
 * Appends an entry to a channel's feed. Idempotent per (channel, delivery id): a retried delivery returns the seq
 * of the entry already there instead of adding a second one.
 */
export async function appendFeedEntry(db: Queryable, channelId: string, entry: FeedAppend): Promise<number> {
  const inserted = await db.query(
    `INSERT INTO feed_entries (channel_id, delivery_id, type, event_timestamp, data) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (channel_id, delivery_id) DO NOTHING RETURNING seq`,
    [channelId, entry.deliveryId, entry.type, entry.timestamp, JSON.stringify(entry.data)],
  );
  if (inserted.rows[0]) return inserted.rows[0].seq as number;
  const existing = await db.query(`SELECT seq FROM feed_entries WHERE channel_id = $1 AND delivery_id = $2`, [
    channelId,
    entry.deliveryId,
  ]);
  return existing.rows[0].seq as number;
}

/**
 * A store for the feed channel adapter (`FeedStore` in channels/feed.ts) over `feed_entries`; the entry's `id` is the
 * delivery id.
 */
export function createFeedStore(db: Queryable) {
  return {
    async append(channelId: string, entry: FeedEntry): Promise<void> {
      const { id, type, timestamp, data } = entry;
      await appendFeedEntry(db, channelId, { deliveryId: id, type, timestamp: new Date(timestamp), data });
    },
  };
}

/** Up to `limit` entries of a channel's feed after `afterSeq`, oldest first, with the last one's seq. */
export async function readFeedPage(
  db: Queryable,
  channelId: string,
  opts: { afterSeq: number; limit: number },
): Promise<{ entries: FeedEntry[]; lastSeq: number; hasMore: boolean }> {
  // One row more than asked tells whether another page is waiting.
  const r = await db.query(
    `SELECT seq, delivery_id, type, event_timestamp, data FROM feed_entries
     WHERE channel_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
    [channelId, opts.afterSeq, opts.limit + 1],
  );
  const rows = r.rows.slice(0, opts.limit);
  const entries = rows.map((row) => ({
    id: row.delivery_id as string,
    type: row.type as string,
    timestamp: (row.event_timestamp as Date).toISOString(),
    data: row.data as Record<string, unknown>,
  }));
  return {
    entries,
    lastSeq: (rows.at(-1)?.seq as number | undefined) ?? opts.afterSeq,
    hasMore: r.rows.length > opts.limit,
  };
}
