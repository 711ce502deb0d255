// The entries of pull-feed channels: appended once per delivery id, read in pages after a cursor.
import type { Queryable } from './pool.ts';

/** One feed entry as receivers see it; `id` is the delivery id (stable across retries), tombstones included. */
export interface FeedEntry {
  id: string;
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
}

export interface FeedPage {
  entries: FeedEntry[];
  /** Pass back as `cursor` for the entries after these; the same cursor when there are none yet. */
  nextCursor: string;
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

/** A FeedStore over `feed_entries`, for the feed channel adapter. */
export function createFeedStore(db: Queryable) {
  return {
    async append(channelId: string, entry: FeedAppend): Promise<void> {
      await appendFeedEntry(db, channelId, entry);
    },
  };
}

const CURSOR_PREFIX = 'c1_';

/** The opaque cursor for "after the entry with this seq" (0: from the start). */
export function encodeFeedCursor(seq: number): string {
  return CURSOR_PREFIX + Buffer.from(String(seq)).toString('base64url');
}

/** The seq a cursor stands for; undefined when it is not one of ours. */
export function decodeFeedCursor(cursor: string): number | undefined {
  if (!cursor.startsWith(CURSOR_PREFIX)) return undefined;
  const text = Buffer.from(cursor.slice(CURSOR_PREFIX.length), 'base64url').toString();
  return /^\d{1,15}$/.test(text) ? Number(text) : undefined;
}

/** Up to `limit` entries of a channel's feed after `afterSeq`, oldest first. */
export async function readFeedPage(
  db: Queryable,
  channelId: string,
  opts: { afterSeq: number; limit: number },
): Promise<FeedPage> {
  const r = await db.query(
    `SELECT seq, delivery_id, type, event_timestamp, data FROM feed_entries
     WHERE channel_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
    [channelId, opts.afterSeq, opts.limit],
  );
  const entries = r.rows.map((row) => ({
    id: row.delivery_id as string,
    type: row.type as string,
    timestamp: (row.event_timestamp as Date).toISOString(),
    data: row.data as Record<string, unknown>,
  }));
  const last = r.rows.at(-1)?.seq as number | undefined;
  return { entries, nextCursor: encodeFeedCursor(last ?? opts.afterSeq) };
}
