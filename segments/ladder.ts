// Generalisation ladders: a dimension's finest labels and the nested groupings above them, checked and indexed.
import type { DimensionSpec, LadderLevel } from './spec-types.ts';

/** Name and label of the all-merging top level added to every ladder that does not end in one. */
export const ANY = 'any';

/** A ladder problem, with its path inside the dimension's spec (for file:line:column). */
export interface LadderProblem {
  path: (string | number)[];
  message: string;
}

/** One level of a hierarchy: group labels in order, and each finest position's group and each group's range. */
export interface HierarchyLevel {
  name: string;
  labels: readonly string[];
  groupOf: Int32Array;
  lo: Int32Array;
  hi: Int32Array;
}

/**
 * A dimension's ladder, indexed for the privacy guard. Finest labels are ordered so that every group on every level
 * covers a contiguous range of positions; a generalised value is then an interval, and overlap is two comparisons.
 */
export interface Hierarchy {
  name: string;
  /** Finest labels in hierarchy order. */
  labels: readonly string[];
  /** Index of a finest label in {@link finestLabels} order → its position in `labels`. */
  position: Int32Array;
  /** Level 0 is the finest; the last level is a single group. */
  levels: readonly HierarchyLevel[];
  /** Index of the coarsest level the guard may generalise to. */
  coarsest: number;
}

/** The finest labels a dimension derives, in spec order (bands, map values, or every 1- or 2-digit prefix). */
export function finestLabels(dim: DimensionSpec): string[] {
  if (dim.bands) return dim.bands.map((b) => b.label);
  if (dim.map) {
    const labels = [...new Set(Object.values(dim.map))];
    if (dim.unknown === 'other' && !labels.includes('other')) labels.push('other');
    return labels;
  }
  const digits = dim.prefix ?? 1;
  return Array.from({ length: 10 ** digits }, (_, i) => String(i).padStart(digits, '0'));
}

interface ResolvedLevel {
  name: string;
  labels: string[];
  groupOf: number[];
}

function resolveLevel(dim: DimensionSpec, labels: string[], level: LadderLevel, at: number): ResolvedLevel | string {
  const kinds = [level.groups, level.label, level.digits].filter((x) => x !== undefined).length;
  if (kinds === 0 && level.level === ANY) return { name: ANY, labels: [ANY], groupOf: labels.map(() => 0) };
  if (kinds !== 1) return 'needs exactly one of groups, label (a single group) or digits';
  if (level.label !== undefined) return { name: level.level, labels: [level.label], groupOf: labels.map(() => 0) };
  if (level.digits !== undefined) {
    if (dim.prefix === undefined || level.digits >= dim.prefix) {
      return 'digits is only for prefix dimensions, and must keep fewer digits than the level before';
    }
    const groups = [...new Set(labels.map((l) => l.slice(0, level.digits)))];
    return { name: level.level, labels: groups, groupOf: labels.map((l) => groups.indexOf(l.slice(0, level.digits))) };
  }
  const groupOf = labels.map(() => -1);
  const names = Object.keys(level.groups ?? {});
  for (const [g, name] of names.entries()) {
    for (const member of level.groups?.[name] ?? []) {
      // Prefix dimensions may name a shorter prefix for all labels starting with it.
      const covered = labels.flatMap((l, i) => (l === member || (dim.prefix && l.startsWith(member)) ? [i] : []));
      if (covered.length === 0) {
        return `group '${name}' names '${member}', which is not a label of this dimension (labels: ${labels.join(', ')})`;
      }
      for (const i of covered) {
        if (groupOf[i] !== -1) return `label '${labels[i]}' is in more than one group on level ${at + 1}`;
        groupOf[i] = g;
      }
    }
  }
  const uncovered = labels.filter((_, i) => groupOf[i] === -1);
  if (uncovered.length > 0) return `level '${level.level}' does not place ${uncovered.join(', ')} in any group`;
  return { name: level.level, labels: names, groupOf };
}

/** The first finest label whose group on `below` is split across groups on `above` (-1 when properly nested). */
function firstSplit(below: readonly number[], above: readonly number[]): number {
  const parentOf = new Map<number, number>();
  for (const [l, group] of below.entries()) {
    const parent = parentOf.get(group);
    if (parent === undefined) parentOf.set(group, above[l] as number);
    else if (parent !== above[l]) return l;
  }
  return -1;
}

/** Resolves a dimension's ladder (adding the top `any` level when needed) and lists every problem found. */
export function resolveLadder(dim: DimensionSpec): {
  labels: string[];
  levels: ResolvedLevel[];
  problems: LadderProblem[];
} {
  const labels = finestLabels(dim);
  const levels: ResolvedLevel[] = [{ name: dim.level, labels, groupOf: labels.map((_, i) => i) }];
  const problems: LadderProblem[] = [];
  for (const [i, step] of dim.ladder.entries()) {
    const resolved = resolveLevel(dim, labels, step, i);
    if (typeof resolved === 'string') {
      problems.push({ path: ['ladder', i], message: resolved });
      continue;
    }
    const previous = levels[levels.length - 1] as ResolvedLevel;
    const split = firstSplit(previous.groupOf, resolved.groupOf);
    if (levels.some((l) => l.name === resolved.name)) {
      problems.push({ path: ['ladder', i, 'level'], message: `level name '${resolved.name}' is used twice` });
    } else if (split !== -1) {
      const group = previous.labels[previous.groupOf[split] as number];
      const message = `level '${resolved.name}' splits '${group}' of level '${previous.name}'; each level must merge whole groups of the level before`;
      problems.push({ path: ['ladder', i], message });
    }
    levels.push(resolved);
  }
  if ((levels[levels.length - 1] as ResolvedLevel).labels.length > 1) {
    const named = dim.ladder.findIndex((l) => l.level === ANY);
    if (named !== -1) {
      problems.push({
        path: ['ladder', named, 'level'],
        message: `the level '${ANY}' must merge everything into one group`,
      });
    }
    levels.push({ name: ANY, labels: [ANY], groupOf: labels.map(() => 0) });
  }
  if (dim.coarsest !== undefined && !levels.some((l) => l.name === dim.coarsest)) {
    const names = levels.map((l) => l.name).join(', ');
    problems.push({ path: ['coarsest'], message: `'${dim.coarsest}' is not a level of this ladder (${names})` });
  }
  return { labels, levels, problems };
}

/**
 * Builds the indexed hierarchy of a valid dimension: finest labels sorted by their group path from the top, so every
 * group is a contiguous range.
 */
export function buildHierarchy(name: string, dim: DimensionSpec): Hierarchy {
  const { labels, levels } = resolveLadder(dim);
  const path = (i: number) => levels.map((_, t) => levels[levels.length - 1 - t]?.groupOf[i] as number);
  const order = labels
    .map((_, i) => i)
    .sort((a, b) => {
      const [pa, pb] = [path(a), path(b)];
      const t = pa.findIndex((x, j) => x !== pb[j]);
      return t === -1 ? 0 : (pa[t] as number) - (pb[t] as number);
    });
  const position = new Int32Array(labels.length);
  order.forEach((spec, pos) => (position[spec] = pos));
  const indexed = levels.map((level): HierarchyLevel => {
    const renumber = new Map<number, number>();
    const groupOf = new Int32Array(order.length);
    order.forEach((spec, pos) => {
      const g = level.groupOf[spec] as number;
      if (!renumber.has(g)) renumber.set(g, renumber.size);
      groupOf[pos] = renumber.get(g) as number;
    });
    const lo = new Int32Array(renumber.size).fill(order.length);
    const hi = new Int32Array(renumber.size);
    groupOf.forEach((g, pos) => {
      lo[g] = Math.min(lo[g] as number, pos);
      hi[g] = Math.max(hi[g] as number, pos);
    });
    const groupLabels = [...renumber.entries()].sort((a, b) => a[1] - b[1]).map(([g]) => level.labels[g] as string);
    return { name: level.name, labels: groupLabels, groupOf, lo, hi };
  });
  const coarsest = dim.coarsest === undefined ? indexed.length - 1 : indexed.findIndex((l) => l.name === dim.coarsest);
  return { name, labels: order.map((i) => labels[i] as string), position, levels: indexed, coarsest };
}
