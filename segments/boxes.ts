// Generalised cells as boxes (one ladder group per dimension: an interval of finest positions) and information loss.
import type { Hierarchy } from './ladder.ts';

/** A generalised cell: per dimension its ladder level and the range of finest positions its group covers. */
export interface Region {
  lo: Int32Array;
  hi: Int32Array;
  level: Int32Array;
}

/** A region holding rows: summed stats (respondents at index 0), the input cells merged into it, its status. */
export interface Box extends Region {
  stats: Float64Array;
  members: number[];
  /** Withheld by complementary suppression although it has k or more respondents. */
  suppressed: boolean;
}

/** Unweighted respondents in a box. */
export const size = (box: Box): number => box.stats[0] as number;

/** A box's region for a group per dimension. */
export function regionOf(
  hierarchies: readonly Hierarchy[],
  levels: readonly number[],
  groups: readonly number[],
): Region {
  const region = emptyRegion(hierarchies.length);
  hierarchies.forEach((h, d) => setGroup(region, d, h, levels[d] as number, groups[d] as number));
  return region;
}

function emptyRegion(dims: number): Region {
  return { lo: new Int32Array(dims), hi: new Int32Array(dims), level: new Int32Array(dims) };
}

function setGroup(region: Region, d: number, h: Hierarchy, level: number, group: number): void {
  const lvl = h.levels[level];
  if (!lvl) throw new RangeError(`level ${level} out of range for ${h.name}`);
  region.level[d] = level;
  region.lo[d] = lvl.lo[group] as number;
  region.hi[d] = lvl.hi[group] as number;
}

/** The group index a region holds on dimension `d`. */
export function groupOf(region: Region, d: number, h: Hierarchy): number {
  return h.levels[region.level[d] as number]?.groupOf[region.lo[d] as number] as number;
}

/** True when two regions share a finest position on every dimension. */
export function intersects(a: Region, b: Region): boolean {
  for (let d = 0; d < a.lo.length; d++) {
    if ((a.lo[d] as number) > (b.hi[d] as number) || (b.lo[d] as number) > (a.hi[d] as number)) return false;
  }
  return true;
}

/** True when `inner` lies within `outer` on every dimension. */
export function contains(outer: Region, inner: Region): boolean {
  for (let d = 0; d < outer.lo.length; d++) {
    if ((inner.lo[d] as number) < (outer.lo[d] as number) || (inner.hi[d] as number) > (outer.hi[d] as number))
      return false;
  }
  return true;
}

/** Canonical order of disjoint regions (by their ranges, dimension by dimension); never depends on input order. */
export function compareRegions(a: Region, b: Region): number {
  for (let d = 0; d < a.lo.length; d++) {
    const diff = (a.lo[d] as number) - (b.lo[d] as number) || (a.hi[d] as number) - (b.hi[d] as number);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** Orders boxes smallest first, then canonically: the guard's deterministic choice among candidates. */
export function compareBySize(a: Box, b: Box): number {
  return size(a) - size(b) || compareRegions(a, b);
}

/** The region one ladder step above `region` on dimension `d` (the parent group, merging siblings). */
export function raise(region: Region, d: number, hierarchies: readonly Hierarchy[]): Region {
  const h = hierarchies[d] as Hierarchy;
  const next: Region = { lo: region.lo.slice(), hi: region.hi.slice(), level: region.level.slice() };
  const level = (region.level[d] as number) + 1;
  setGroup(next, d, h, level, h.levels[level]?.groupOf[region.lo[d] as number] as number);
  return next;
}

/** The region at each dimension's coarsest allowed level around `region`: as far as merging can ever reach. */
export function ceiling(region: Region, hierarchies: readonly Hierarchy[]): Region {
  const top = emptyRegion(hierarchies.length);
  hierarchies.forEach((h, d) => {
    // A table row may already sit above the coarsest level; it is never narrowed.
    const level = Math.max(h.coarsest, region.level[d] as number);
    setGroup(top, d, h, level, h.levels[level]?.groupOf[region.lo[d] as number] as number);
  });
  return top;
}

/**
 * Grows `region` until every box it touches (as `overlapping` finds them) lies wholly inside it, so replacing those
 * boxes by the region keeps the published segments disjoint. Ladder groups nest, so two overlapping ranges are always one inside the other and the
 * growth takes the outer one. Returns the grown region (a copy).
 */
export function closure(region: Region, overlapping: (region: Region) => Iterable<Box>): Region {
  const grown: Region = { lo: region.lo.slice(), hi: region.hi.slice(), level: region.level.slice() };
  for (let changed = true; changed;) {
    changed = false;
    for (const box of overlapping(grown)) {
      if (!intersects(grown, box)) continue;
      for (let d = 0; d < grown.lo.length; d++) {
        const wider =
          (box.lo[d] as number) < (grown.lo[d] as number) || (box.hi[d] as number) > (grown.hi[d] as number);
        const sameButHigher =
          box.lo[d] === grown.lo[d] &&
          box.hi[d] === grown.hi[d] &&
          (box.level[d] as number) > (grown.level[d] as number);
        if (!wider && !sameButHigher) continue;
        grown.lo[d] = box.lo[d] as number;
        grown.hi[d] = box.hi[d] as number;
        grown.level[d] = box.level[d] as number;
        changed ||= wider;
      }
    }
  }
  return grown;
}

/** The summed stats of some boxes. */
export function sumStats(parts: readonly Box[]): Float64Array {
  const stats = new Float64Array((parts[0] as Box).stats.length);
  for (const part of parts)
    for (let i = 0; i < stats.length; i++) stats[i] = (stats[i] as number) + (part.stats[i] as number);
  return stats;
}

/** A new box over `region` holding the given boxes' rows. */
export function mergeInto(region: Region, parts: readonly Box[]): Box {
  return { ...region, stats: sumStats(parts), members: parts.flatMap((p) => p.members), suppressed: false };
}

/**
 * Information lost by generalising `parts` to `region` (the Loss Metric): a respondent moved up a ladder loses the
 * steps climbed as a fraction of the ladder's height, summed over dimensions.
 */
export function generalisationLoss(hs: readonly Hierarchy[], region: Region, parts: readonly Box[]): number {
  // In units of 1/lcm(heights), so the sum is an exact integer whatever the order of the parts.
  const heights = hs.map((h) => h.levels.length - 1);
  const unit = heights.reduce((l, h) => (h > 0 ? lcm(l, h) : l), 1);
  let loss = 0;
  for (const p of parts) {
    heights.forEach((height, d) => {
      if (height > 0) loss += size(p) * ((region.level[d] as number) - (p.level[d] as number)) * (unit / height);
    });
  }
  return loss / unit;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
const lcm = (a: number, b: number): number => (a / gcd(a, b)) * b;

/**
 * Information lost by suppressing a box: its respondents lose all detail and, worse, are not published at all, so
 * suppression costs one more unit per respondent than generalising them to "any" everywhere.
 */
export function suppressionLoss(hs: readonly Hierarchy[], box: Box): number {
  const top: Region = { ...box, level: Int32Array.from(hs, (h) => h.levels.length - 1) };
  return generalisationLoss(hs, top, [box]) + size(box);
}
