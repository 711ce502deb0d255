// Complementary-suppression audit: the remainders an attacker could derive from published counts and known totals.
import { add } from './aggregate.ts';
import { size } from './boxes.ts';
import type { Box } from './boxes.ts';
import type { Hierarchy } from './ladder.ts';

/** Per dimension, per level below the top, per group: respondents of the input cells known to lie in the group. */
export function marginalTotals(hs: readonly Hierarchy[], cells: readonly Box[]): Float64Array[][] {
  return hs.map((h, d) =>
    h.levels.slice(0, -1).map((level, t) => {
      const totals = new Float64Array(level.labels.length);
      for (const c of cells) {
        if ((c.level[d] as number) <= t) add(totals, level.groupOf[c.lo[d] as number] as number, size(c));
      }
      return totals;
    }),
  );
}

/** A derivable remainder in 1..k−1: of the grand total (no `dim`), or of a group of a dimension's level. */
export interface Disclosure {
  dim?: number;
  level: number;
  group: number;
}

/**
 * Finds the first derivable remainder in 1..k−1 (see the rule in `anonymity.ts`): the grand total minus published
 * segments, then, dimension by dimension and level by level, each group's total minus the published segments inside
 * it — whenever at least one is inside.
 */
export function findDisclosure(
  hs: readonly Hierarchy[],
  published: readonly Box[],
  marginals: readonly Float64Array[][],
  rowsUsed: number,
  k: number,
): Disclosure | undefined {
  const suppressed = rowsUsed - published.reduce((sum, b) => sum + size(b), 0);
  if (published.length > 0 && suppressed > 0 && suppressed < k) return { level: -1, group: -1 };
  for (const [dim, h] of hs.entries()) {
    for (const [level, totals] of (marginals[dim] as Float64Array[]).entries()) {
      const inside = new Float64Array(totals.length);
      for (const b of published) {
        if ((b.level[dim] as number) <= level)
          add(inside, h.levels[level]?.groupOf[b.lo[dim] as number] as number, size(b));
      }
      for (let group = 0; group < totals.length; group++) {
        const rest = (totals[group] as number) - (inside[group] as number);
        if ((inside[group] as number) > 0 && rest > 0 && rest < k) return { dim, level, group };
      }
    }
  }
  return undefined;
}
