// The privacy guard over aggregated cells: generalise small cells up their ladders, then suppress, then audit.
//
// Threat model and guarantees (all on unweighted counts, which are integers, so every decision is exact):
//
// 1. k-anonymity. Every published segment has at least k respondents. A cell below k is merged with its siblings
//    one ladder step up one dimension (local recoding: segments may end at different levels). The step taken loses
//    the least information (each respondent generalised loses the steps climbed as a fraction of the ladder's
//    height, per dimension), ties going to the dimension listed last in the spec (the first-listed dimensions stay
//    finest longest). Smallest cells go first. A cell that cannot reach k even at every dimension's coarsest
//    allowed level is suppressed.
// 2. Disjointness. A merge takes the "closure" of the merged region: every segment it touches is absorbed, and since
//    ladder groups nest, the result is again one group per dimension. Published segments never overlap, so no
//    respondent is counted twice and each segment's labels say exactly who is in it.
// 3. ℓ-diversity (ℓ = 2). The sensitive disclosure is "everyone in this segment holds concern X". A published
//    concern share of 100% is therefore merged further while merging can dilute it; when even the coarsest region
//    is unanimous, the segment is published with the flag `homogeneous:<concern>`. An all-"no" concern discloses
//    nothing sensitive and is fine. Shares resting on fewer than k asked are withheld anyway (and, with exact
//    counts, shares of segments where 1..k−1 were not asked; see `concernPublishable`), so they are not checked.
// 4. Complementary suppression. The report publishes rows used (T); an attacker may also know one-dimensional
//    marginals M (from the survey's own tables). For the grand total and for every group of every ladder level of
//    every dimension, the remainder R = M − (sum of published segments inside the group) must be 0 or ≥ k whenever
//    at least one published segment lies inside the group (otherwise nothing of ours is subtracted). A remainder in
//    1..k−1 would reveal a small count (suppressed cells, or the slice of a coarser segment inside the group). The
//    fix: a published segment inside the group is generalised one step out of it on that dimension (which adds
//    ≥ k to R), unless that loses more information than suppressing the smallest segment inside the group (a
//    closure can cascade); the grand total is fixed by suppressing the smallest segment. Each fix only adds ≥ k to
//    remainders, and the audit reruns until it finds nothing, so "rows suppressed" is always 0 or ≥ k while anything
//    is published. Not covered: differences across two-way or higher marginals.
//
// Every choice orders candidates by size and then by their canonical position, never by input or Map order, and each
// step only ever merges upwards or suppresses, so the loop terminates and its result depends on the cells alone.
import { concernOffset } from './aggregate.ts';
import {
  ceiling,
  closure,
  compareBySize,
  compareRegions,
  contains,
  generalisationLoss,
  groupOf,
  mergeInto,
  raise,
  regionOf,
  size,
  suppressionLoss,
  sumStats,
} from './boxes.ts';
import type { Box, Region } from './boxes.ts';
import { createBoxHeap, createBoxIndex } from './box-index.ts';
import { findDisclosure, marginalTotals } from './disclosure-audit.ts';
import type { Hierarchy } from './ladder.ts';

/** An input cell: its ladder level and group per dimension (finest cells: level 0) and its stats. */
export interface GuardCell {
  levels: readonly number[];
  groups: readonly number[];
  stats: Float64Array;
}

/** What the guard works on. Cells must be disjoint; `stats` follow the layout of `aggregate.ts`. */
export interface GuardInput {
  hierarchies: readonly Hierarchy[];
  cells: readonly GuardCell[];
  concernCount: number;
  k: number;
  l: number;
  /**
   * Exact counts (`protection: none`): a share is also withheld when 1..k−1 of the segment were not asked, since
   * size − base would reveal them. Under the cell key method both counts are perturbed and only base ≥ k is needed.
   */
  strictBases?: boolean;
}

/** A published segment: level and group per dimension, summed stats, input cells merged, unanimous concerns. */
export interface GuardedSegment {
  levels: number[];
  groups: number[];
  stats: Float64Array;
  members: number[];
  homogeneous: number[];
}

/** The guard's result: published segments in canonical order, and what was generalised or suppressed. */
export interface GuardResult {
  segments: GuardedSegment[];
  cellsGeneralised: number;
  cellsSuppressed: number;
  segmentsSuppressed: number;
  rowsSuppressed: number;
}

/**
 * True when a concern's share may be published: ≥ k asked; with `strict` (exact counts) also none or ≥ k of the
 * segment not asked.
 */
export function concernPublishable(stats: Float64Array, c: number, k: number, strict = false): boolean {
  const [n, asked] = [stats[0] as number, stats[concernOffset(c)] as number];
  return asked >= k && (!strict || n === asked || n - asked >= k);
}

/** Concerns that every asked member of a segment holds (only those that would be published; none when ℓ < 2). */
export function homogeneousConcerns(
  stats: Float64Array,
  concernCount: number,
  k: number,
  l: number,
  strict = false,
): number[] {
  if (l < 2) return [];
  const found: number[] = [];
  for (let c = 0; c < concernCount; c++) {
    const o = concernOffset(c);
    if (concernPublishable(stats, c, k, strict) && stats[o + 2] === stats[o]) found.push(c);
  }
  return found;
}

/** Runs the guard (see the module comment for the rules and guarantees). */
export function applyPrivacyGuard(input: GuardInput): GuardResult {
  const { hierarchies: hs, k, l, concernCount } = input;
  const initial: Box[] = [];
  input.cells.forEach((cell, i) => {
    if ((cell.stats[0] as number) > 0) {
      const region = regionOf(hs, cell.levels, cell.groups);
      initial.push({ ...region, stats: cell.stats.slice(), members: [i], suppressed: false });
    }
  });
  const index = createBoxIndex(hs);
  initial.forEach((b) => index.add(b));
  const rowsUsed = initial.reduce((sum, b) => sum + size(b), 0);
  const homogeneous = (stats: Float64Array) => homogeneousConcerns(stats, concernCount, k, l, input.strictBases);
  const canRaise = (b: Box, d: number) => (b.level[d] as number) < (hs[d] as Hierarchy).coarsest;
  const raisable = (b: Box) => hs.some((_, d) => canRaise(b, d));
  // What a box could become at most: everything in its coarsest region. Rows never leave a region, so it is cached.
  const reachCache = new Map<string, Float64Array>();
  const reach = (b: Box): Float64Array => {
    const top = ceiling(b, hs);
    const key = `${top.lo.join()}|${top.hi.join()}|${top.level.join()}`;
    let stats = reachCache.get(key);
    if (!stats) reachCache.set(key, (stats = sumStats(initial.filter((x) => contains(top, x)))));
    return stats;
  };
  // Small boxes that merging can lift to k. A box never changes and "cannot reach k" is final, so a heap suffices.
  const mergeableSmall = (b: Box) => size(b) < k && raisable(b) && (reach(b)[0] as number) >= k;
  const small = createBoxHeap();
  initial.filter(mergeableSmall).forEach((b) => small.push(b));

  interface Candidate {
    region: Region;
    parts: Box[];
    cost: number[];
  }
  const overlapping = (r: Region) => index.overlapping(r);
  // One ladder step up dimension d for b, closed so the result stays disjoint from every other box.
  const candidate = (b: Box, d: number, resolve: readonly number[]): Candidate => {
    const region = closure(raise(b, d, hs), overlapping);
    const parts = index.overlapping(region).filter((x) => contains(region, x));
    const unresolved = homogeneous(sumStats(parts)).filter((c) => resolve.includes(c)).length;
    return { region, parts, cost: [unresolved, generalisationLoss(hs, region, parts), -d] };
  };
  const apply = ({ region, parts }: Candidate): void => {
    parts.forEach((p) => index.remove(p));
    const merged = mergeInto(region, parts);
    index.add(merged);
    if (mergeableSmall(merged)) small.push(merged);
  };
  const cheapest = (b: Box, resolve: readonly number[] = []): Candidate => {
    const options = hs.flatMap((_, d) => (canRaise(b, d) ? [candidate(b, d, resolve)] : []));
    return options.reduce((best, c) => (lessThan(c.cost, best.cost) ? c : best));
  };
  const fixable = (b: Box) => {
    const unanimous = homogeneous(b.stats);
    if (unanimous.length === 0) return unanimous;
    const reachable = homogeneous(reach(b));
    return unanimous.filter((c) => !reachable.includes(c));
  };

  const marginals = marginalTotals(hs, initial);
  for (;;) {
    let next = small.pop();
    while (next && !index.has(next)) next = small.pop();
    if (next) {
      apply(cheapest(next));
      continue;
    }
    const boxes = index.all();
    const unanimous = smallest(boxes, (b) => !b.suppressed && size(b) >= k && raisable(b) && fixable(b).length > 0);
    if (unanimous) {
      apply(cheapest(unanimous, fixable(unanimous)));
      continue;
    }
    const published = boxes.filter((b) => !b.suppressed && size(b) >= k);
    const violation = findDisclosure(hs, published, marginals, rowsUsed, k);
    if (!violation) return summarise(input, boxes, k);
    if (violation.dim === undefined) {
      (smallest(published, () => true) as Box).suppressed = true;
      continue;
    }
    // Generalise a segment out of the group when that loses less information than suppressing the smallest segment
    // inside it; a closure can cascade, so the cheapest raise of any segment inside is compared.
    const { dim, level, group } = violation;
    const h = hs[dim] as Hierarchy;
    const inside = published
      .filter((b) => (b.level[dim] as number) <= level && h.levels[level]?.groupOf[b.lo[dim] as number] === group)
      .sort(compareBySize);
    const victim = inside[0] as Box;
    const raises = inside.filter((b) => canRaise(b, dim)).map((b) => candidate(b, dim, []));
    const best = raises.reduce<Candidate | undefined>((x, c) => (!x || lessThan(c.cost, x.cost) ? c : x), undefined);
    if (best && (best.cost[1] as number) <= suppressionLoss(hs, victim)) apply(best);
    else victim.suppressed = true;
  }
}

function lessThan(a: readonly number[], b: readonly number[]): boolean {
  const i = a.findIndex((x, j) => x !== b[j]);
  return i !== -1 && (a[i] as number) < (b[i] as number);
}

function smallest(boxes: readonly Box[], wanted: (b: Box) => boolean): Box | undefined {
  let best: Box | undefined;
  for (const b of boxes) if (wanted(b) && (!best || compareBySize(b, best) < 0)) best = b;
  return best;
}

function summarise(input: GuardInput, boxes: readonly Box[], k: number): GuardResult {
  const { hierarchies: hs, concernCount, l } = input;
  const published = boxes.filter((b) => !b.suppressed && size(b) >= k).sort(compareRegions);
  const withheld = boxes.filter((b) => b.suppressed || size(b) < k);
  const moved = (b: Box) => b.members.filter((m) => input.cells[m]?.levels.some((lv, d) => lv !== b.level[d])).length;
  return {
    segments: published.map((b) => ({
      levels: [...b.level],
      groups: hs.map((h, d) => groupOf(b, d, h)),
      stats: b.stats,
      members: b.members.slice().sort((x, y) => x - y),
      homogeneous: homogeneousConcerns(b.stats, concernCount, k, l, input.strictBases),
    })),
    cellsGeneralised: published.reduce((sum, b) => sum + moved(b), 0),
    cellsSuppressed: withheld.reduce((sum, b) => sum + b.members.length, 0),
    segmentsSuppressed: withheld.length,
    rowsSuppressed: withheld.reduce((sum, b) => sum + size(b), 0),
  };
}
