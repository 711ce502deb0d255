import { describe, expect, it } from 'vitest';
import { concernOffset } from '../../segments/aggregate.ts';
import { applyPrivacyGuard } from '../../segments/anonymity.ts';
import { closure, contains, raise, regionOf } from '../../segments/boxes.ts';
import type { Box } from '../../segments/boxes.ts';
import type { GuardCell, GuardInput } from '../../segments/anonymity.ts';
import { buildHierarchy } from '../../segments/ladder.ts';
import type { Hierarchy } from '../../segments/ladder.ts';
import type { DimensionSpec } from '../../segments/spec.ts';

/** A map dimension over `labels`, with optional coarser levels and a coarsest allowed level. */
function dimension(name: string, labels: string[], extra: Partial<DimensionSpec> = {}): Hierarchy {
  const map = Object.fromEntries(labels.map((l, i) => [String(i + 1), l]));
  return buildHierarchy(name, {
    column: name,
    from: 'value',
    map,
    unknown: 'error',
    level: 'detail',
    ladder: [],
    ...extra,
  });
}

/** A finest cell with `n` respondents, and for one concern `asked` and `yes` (weights equal counts). */
function cell(hs: Hierarchy[], labels: string[], n: number, concern?: { asked: number; yes: number }): GuardCell {
  const stats = new Float64Array(6);
  stats.set([n, n]);
  if (concern) stats.set([concern.asked, concern.asked, concern.yes, concern.yes], concernOffset(0));
  const groups = labels.map((label, d) => (hs[d] as Hierarchy).labels.indexOf(label));
  return { levels: labels.map(() => 0), groups, stats };
}

/** Published segments as `label/label=size` strings (labels at their published level). */
function published(input: GuardInput): string[] {
  return applyPrivacyGuard(input).segments.map(
    (s) =>
      `${s.levels.map((lv, d) => input.hierarchies[d]?.levels[lv]?.labels[s.groups[d] as number]).join('/')}=${s.stats[0]}`,
  );
}

describe('applyPrivacyGuard', () => {
  const a = dimension('a', ['a1', 'a2']);
  const b = dimension('b', ['b1', 'b2']);

  it('merges a small cell with its sibling, then closes the marginal gap it would leave', () => {
    const cells = [cell([a, b], ['a1', 'b1'], 20), cell([a, b], ['a1', 'b2'], 3), cell([a, b], ['a2', 'b1'], 20)];
    cells.push(cell([a, b], ['a2', 'b2'], 20));
    const input = { hierarchies: [a, b], cells, concernCount: 1, k: 5, l: 2 };
    // (a1,b2)=3 joins (a1,b1) on b. Publishing (a2,b2)=20 next to it would let anyone who knows the b2 total (23)
    // recover the 3, so (a2,b2) is generalised on b as well.
    expect(published(input)).toEqual(['a1/any=23', 'a2/any=40']);
    expect(applyPrivacyGuard(input)).toMatchObject({ cellsGeneralised: 4, cellsSuppressed: 0, rowsSuppressed: 0 });
  });

  it('suppresses a cell that cannot be generalised, and a second one so the total does not reveal it', () => {
    const fixed = dimension('a', ['a1', 'a2', 'a3'], { coarsest: 'detail' });
    const cells = [cell([fixed], ['a1'], 3), cell([fixed], ['a2'], 20), cell([fixed], ['a3'], 30)];
    const result = applyPrivacyGuard({ hierarchies: [fixed], cells, concernCount: 0, k: 5, l: 2 });
    expect(result.segments.map((s) => s.stats[0])).toEqual([30]);
    expect(result).toMatchObject({ segmentsSuppressed: 2, cellsSuppressed: 2, rowsSuppressed: 23 });
  });

  it('publishes nothing when all rows together stay below k', () => {
    const cells = [cell([a, b], ['a1', 'b1'], 2), cell([a, b], ['a2', 'b2'], 1)];
    const result = applyPrivacyGuard({ hierarchies: [a, b], cells, concernCount: 0, k: 5, l: 2 });
    expect(result).toMatchObject({ segments: [], rowsSuppressed: 3, segmentsSuppressed: 2 });
  });

  it('merges a segment where every asked member holds a concern', () => {
    const cells = [cell([a], ['a1'], 12, { asked: 12, yes: 12 }), cell([a], ['a2'], 15, { asked: 15, yes: 5 })];
    const result = applyPrivacyGuard({ hierarchies: [a], cells, concernCount: 1, k: 5, l: 2 });
    expect(published({ hierarchies: [a], cells, concernCount: 1, k: 5, l: 2 })).toEqual(['any=27']);
    expect(result.segments[0]?.homogeneous).toEqual([]);
  });

  it('flags a unanimous segment when no merge can dilute it', () => {
    const cells = [cell([a], ['a1'], 12, { asked: 12, yes: 12 }), cell([a], ['a2'], 15, { asked: 15, yes: 15 })];
    const result = applyPrivacyGuard({ hierarchies: [a], cells, concernCount: 1, k: 5, l: 2 });
    expect(result.segments.map((s) => s.homogeneous)).toEqual([[0], [0]]);
  });

  it('treats a concern nobody holds as diverse, and skips the check when l is 1', () => {
    const none = [cell([a], ['a1'], 12, { asked: 12, yes: 0 }), cell([a], ['a2'], 15, { asked: 15, yes: 5 })];
    expect(published({ hierarchies: [a], cells: none, concernCount: 1, k: 5, l: 2 })).toEqual(['a1=12', 'a2=15']);
    const all = [cell([a], ['a1'], 12, { asked: 12, yes: 12 }), cell([a], ['a2'], 15, { asked: 15, yes: 5 })];
    expect(published({ hierarchies: [a], cells: all, concernCount: 1, k: 5, l: 1 })).toEqual(['a1=12', 'a2=15']);
  });

  it('leaves a unanimous concern alone when too few were asked to publish its share', () => {
    const cells = [cell([a], ['a1'], 12, { asked: 3, yes: 3 }), cell([a], ['a2'], 15, { asked: 15, yes: 5 })];
    expect(published({ hierarchies: [a], cells, concernCount: 1, k: 5, l: 2 })).toEqual(['a1=12', 'a2=15']);
  });

  it('returns the same segments whatever the order of the cells', () => {
    const c = dimension('c', ['c1', 'c2', 'c3', 'c4'], {
      ladder: [{ level: 'pairs', groups: { c12: ['c1', 'c2'], c34: ['c3', 'c4'] } }],
    });
    const hs = [a, b, c];
    const sizes = [1, 7, 2, 9, 12, 3, 4, 30, 6, 2, 8, 5, 11, 1, 2, 3];
    const cells = sizes.map((n, i) => cell(hs, [`a${(i % 2) + 1}`, `b${((i >> 1) % 2) + 1}`, `c${(i >> 2) + 1}`], n));
    const forward = published({ hierarchies: hs, cells, concernCount: 0, k: 6, l: 2 });
    const backward = published({ hierarchies: hs, cells: cells.slice().reverse(), concernCount: 0, k: 6, l: 2 });
    expect(backward).toEqual(forward);
    expect(forward.length).toBeGreaterThan(1);
  });
});

describe('closure', () => {
  const a = dimension('a', ['a1', 'a2']);
  const b = dimension('b', ['b1', 'b2']);
  const box = (levels: number[], groups: number[]): Box => ({
    ...regionOf([a, b], levels, groups),
    stats: new Float64Array(2),
    members: [],
    suppressed: false,
  });

  it('grows a merged region until no other segment overlaps it only in part', () => {
    // (a1, any b) overlaps (any a, b1) in (a1, b1): merging must take it in and so cover everything.
    const wide = box([0, 1], [0, 0]);
    const grown = closure(raise(box([0, 0], [1, 0]), 0, [a, b]), () => [wide, box([0, 0], [1, 1])]);
    expect([...grown.level]).toEqual([1, 1]);
    expect(contains(grown, wide)).toBe(true);
  });

  it('leaves a region alone when every box it touches lies inside it', () => {
    const grown = closure(raise(box([0, 0], [0, 0]), 0, [a, b]), () => [box([0, 0], [1, 0]), box([0, 0], [1, 1])]);
    expect([...grown.level]).toEqual([1, 0]);
  });
});
