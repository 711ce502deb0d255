// Indexes for the privacy guard's loop: live boxes by their range on one dimension, and a min-heap of small boxes.
import { compareBySize, intersects } from './boxes.ts';
import type { Box, Region } from './boxes.ts';
import type { Hierarchy } from './ladder.ts';

/** The live boxes, findable by overlap without scanning them all. */
export interface BoxIndex {
  add(box: Box): void;
  remove(box: Box): void;
  has(box: Box): boolean;
  /** Live boxes overlapping `region` (in no particular order: callers must not depend on it). */
  overlapping(region: Region): Box[];
  all(): Box[];
}

/** Every range a ladder group of `h` covers (on any level), with the ranges overlapping a given one. */
interface Ranges {
  count: number;
  id(lo: number, hi: number): number;
  overlapping(lo: number, hi: number): number[];
}

function rangesOf(h: Hierarchy): Ranges {
  const ranges = new Map<number, number>();
  const list: [number, number][] = [];
  for (const level of h.levels) {
    level.lo.forEach((lo, g) => {
      const key = lo * h.labels.length + (level.hi[g] as number);
      if (!ranges.has(key)) ranges.set(key, list.push([lo, level.hi[g] as number]) - 1);
    });
  }
  return {
    count: list.length,
    id: (lo, hi) => ranges.get(lo * h.labels.length + hi) as number,
    overlapping: (lo, hi) => list.flatMap(([a, b], i) => (b < lo || a > hi ? [] : [i])),
  };
}

/**
 * Indexes boxes by their ranges on the two dimensions with the most finest labels. Ladder groups nest, so a region's
 * range on a dimension overlaps only its ancestors and descendants: a query visits few buckets.
 */
export function createBoxIndex(hs: readonly Hierarchy[]): BoxIndex {
  const order = hs.map((h, d) => [h.labels.length, -d] as const).sort((x, y) => y[0] - x[0] || y[1] - x[1]);
  const dims = order.slice(0, 2).map(([, d]) => -d);
  const ranges = dims.map((d) => rangesOf(hs[d] as Hierarchy));
  // A bucket key numbers a pair of ranges: first range × (ranges of the second dimension) + second range.
  const width = ranges[1]?.count ?? 1;
  const key = (r: Region) =>
    dims.reduce((sum, d, i) => sum * width + (ranges[i] as Ranges).id(r.lo[d] as number, r.hi[d] as number), 0);
  const buckets = new Map<number, Set<Box>>();
  const live = new Set<Box>();
  return {
    add(box) {
      live.add(box);
      const k = key(box);
      const bucket = buckets.get(k);
      if (bucket) bucket.add(box);
      else buckets.set(k, new Set([box]));
    },
    remove(box) {
      live.delete(box);
      buckets.get(key(box))?.delete(box);
    },
    has: (box) => live.has(box),
    overlapping(region) {
      let keys = [0];
      dims.forEach((d, i) => {
        const ids = (ranges[i] as Ranges).overlapping(region.lo[d] as number, region.hi[d] as number);
        keys = keys.flatMap((k) => ids.map((id) => k * width + id));
      });
      const found: Box[] = [];
      for (const k of keys) {
        const bucket = buckets.get(k);
        if (bucket) for (const box of bucket) if (intersects(region, box)) found.push(box);
      }
      return found;
    },
    all: () => [...live],
  };
}

/** A min-heap of boxes in the guard's order (smallest first, then canonical position). */
export interface BoxHeap {
  push(box: Box): void;
  pop(): Box | undefined;
}

/** Creates an empty {@link BoxHeap}. */
export function createBoxHeap(): BoxHeap {
  const heap: Box[] = [];
  const less = (i: number, j: number) => compareBySize(heap[i] as Box, heap[j] as Box) < 0;
  const swap = (i: number, j: number) => ([heap[i], heap[j]] = [heap[j] as Box, heap[i] as Box]);
  return {
    push(box) {
      heap.push(box);
      for (let i = heap.length - 1; i > 0 && less(i, (i - 1) >> 1); i = (i - 1) >> 1) swap(i, (i - 1) >> 1);
    },
    pop() {
      const top = heap[0];
      const last = heap.pop();
      if (heap.length === 0 || last === undefined) return top;
      heap[0] = last;
      for (let i = 0; ;) {
        const [l, r] = [2 * i + 1, 2 * i + 2];
        let m = i;
        if (l < heap.length && less(l, m)) m = l;
        if (r < heap.length && less(r, m)) m = r;
        if (m === i) return top;
        swap(i, m);
        i = m;
      }
    },
  };
}
