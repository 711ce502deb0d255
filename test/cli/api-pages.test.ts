// The CLI reads paged lists whole (or up to a limit) by following each answer's `next` link.
import { describe, expect, it } from 'vitest';
import { getPages } from '../../cli/api-client.ts';

/** An API of 7 items served 3 per page, recording the paths asked for. */
function pagedApi() {
  const asked: string[] = [];
  const items = Array.from({ length: 7 }, (_, i) => `item-${i}`);
  return {
    asked,
    async get<T>(path: string): Promise<T> {
      asked.push(path);
      const from = Number(new URL(path, 'http://x').searchParams.get('cursor') ?? 0);
      const next = from + 3 < items.length ? `/api/reviews?limit=3&cursor=${from + 3}` : undefined;
      return { items: items.slice(from, from + 3), ...(next ? { next } : {}) } as T;
    },
  };
}

describe('getPages', () => {
  it('follows next links until the last page', async () => {
    const api = pagedApi();
    const { items } = await getPages<{ items: string[]; next?: string }, string>(
      api,
      '/api/reviews?limit=3',
      (p) => p.items,
    );
    expect(items).toEqual(['item-0', 'item-1', 'item-2', 'item-3', 'item-4', 'item-5', 'item-6']);
    expect(api.asked).toEqual([
      '/api/reviews?limit=3',
      '/api/reviews?limit=3&cursor=3',
      '/api/reviews?limit=3&cursor=6',
    ]);
  });

  it('stops asking once it has the items a limit wants', async () => {
    const api = pagedApi();
    const { items } = await getPages<{ items: string[]; next?: string }, string>(
      api,
      '/api/reviews?limit=3',
      (p) => p.items,
      4,
    );
    expect(items).toEqual(['item-0', 'item-1', 'item-2', 'item-3']);
    expect(api.asked).toHaveLength(2);
  });
});
