// Tests for the feed channel: entries, opaque cursors, paging, tombstones and idempotent appends.
import { describe, expect, it } from 'vitest';
import type { Delivery } from '../../channels/channel.ts';
import {
  createFeedChannel,
  createMemoryFeedStore,
  decodeCursor,
  encodeCursor,
  feedPage,
  MAX_FEED_PAGE,
} from '../../channels/feed.ts';
import type { FeedEntry } from '../../channels/feed.ts';
import { InputError } from '../../shared/errors.ts';

function delivery(n: number, eventType: Delivery['eventType'] = 'video.approved'): Delivery {
  return {
    deliveryId: `dlv-${n}`,
    eventType,
    timestamp: new Date(Date.UTC(2026, 9, 1, 8, n)),
    data: { videoId: `vid-${n}` },
  };
}

async function filledStore(count: number) {
  const store = createMemoryFeedStore();
  const channel = createFeedChannel({ channelId: 'partner-feed', store });
  for (let n = 1; n <= count; n += 1) await channel.deliver(delivery(n));
  return { store, channel };
}

describe('createFeedChannel', () => {
  it('appends each delivery once as an entry, even when retried', async () => {
    const { store, channel } = await filledStore(2);
    await expect(channel.deliver(delivery(2))).resolves.toMatchObject({ statusCode: 201 });

    const entries = store.entries('partner-feed');
    expect(entries.map((entry) => entry.id)).toEqual(['dlv-1', 'dlv-2']);
    expect(entries[0]).toEqual({
      id: 'dlv-1',
      type: 'video.approved',
      timestamp: '2026-10-01T08:01:00.000Z',
      data: { videoId: 'vid-1' },
      sequence: 1,
    });
    expect(store.entries('another-feed')).toEqual([]);
  });

  it('serves a retraction as a tombstone entry after the approval', async () => {
    const { store, channel } = await filledStore(1);
    await channel.deliver(delivery(9, 'video.retracted'));

    const page = feedPage(store.entries('partner-feed'), undefined, 10);
    expect(page.entries.map((entry: FeedEntry) => [entry.id, entry.type])).toEqual([
      ['dlv-1', 'video.approved'],
      ['dlv-9', 'video.retracted'],
    ]);
  });
});

describe('feedPage', () => {
  it('pages through every entry once, in order, following nextCursor', async () => {
    const { store } = await filledStore(7);
    const seen: string[] = [];
    let cursor: string | undefined;
    let hasMore = true;
    while (hasMore) {
      const page = feedPage(store.entries('partner-feed'), cursor, 3);
      seen.push(...page.entries.map((entry) => entry.id));
      ({ nextCursor: cursor, hasMore } = page);
    }
    expect(seen).toEqual(['dlv-1', 'dlv-2', 'dlv-3', 'dlv-4', 'dlv-5', 'dlv-6', 'dlv-7']);
    expect(decodeCursor(cursor)).toBe(7);
  });

  it('returns nothing new and the same cursor when the puller is up to date, then the next entry', async () => {
    const { store, channel } = await filledStore(2);
    const { nextCursor } = feedPage(store.entries('partner-feed'), undefined, 10);
    const empty = feedPage(store.entries('partner-feed'), nextCursor, 10);
    expect(empty).toEqual({ entries: [], nextCursor, hasMore: false });

    await channel.deliver(delivery(3));
    expect(feedPage(store.entries('partner-feed'), nextCursor, 10).entries.map((entry) => entry.id)).toEqual(['dlv-3']);
  });

  it('does not expose the sequence number in entries', async () => {
    const { store } = await filledStore(1);
    expect(Object.keys(feedPage(store.entries('partner-feed'), null, 1).entries[0]!)).toEqual([
      'id',
      'type',
      'timestamp',
      'data',
    ]);
  });

  it.each([0, -1, 1.5, MAX_FEED_PAGE + 1])('refuses the limit %s', (limit) => {
    expect(() => feedPage([], undefined, limit)).toThrow(InputError);
  });
});

describe('encodeCursor', () => {
  it('round-trips through decodeCursor as an opaque base64url string', () => {
    expect(encodeCursor(42)).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(encodeCursor(42)).not.toBe('42');
    expect(decodeCursor(encodeCursor(42))).toBe(42);
    expect(decodeCursor('')).toBe(0);
  });

  it.each(['not a cursor', 'LTE', Buffer.from('1e9').toString('base64url'), '%%%'])(
    'refuses the cursor %j',
    (cursor) => {
      expect(() => decodeCursor(cursor)).toThrow(InputError);
      expect(() => decodeCursor(cursor)).toThrow(/start again without a cursor/);
    },
  );
});
