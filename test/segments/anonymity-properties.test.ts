import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../shared/hash.ts';
import { buildSegments } from '../../segments/segmentation.ts';
import { parseSegmentationSpec } from '../../segments/spec.ts';
import { memorySource } from './row-source.ts';

// Random tables through the whole build. Every check below recomputes from the raw rows, with its own ladder table.
const LADDERS = {
  a: { a1: ['1'], a2: ['2'], a3: ['3'], a4: ['4'], a12: ['1', '2'], a34: ['3', '4'] },
  b: { b1: ['1'], b2: ['2'], b3: ['3'] },
  c: { c0: ['0'], c1: ['1'], c2: ['2'], c3: ['3'], c01: ['0', '1'], c23: ['2', '3'] },
} as const;
type Dim = keyof typeof LADDERS;
const finest = (row: readonly string[]): Record<Dim, string> => ({
  a: row[0] as string,
  b: row[1] as string,
  c: String(Math.floor(Number(row[2]) / 25)),
});
const members = (dim: Dim, label: string): readonly string[] =>
  (LADDERS[dim] as Record<string, readonly string[]>)[label] ?? (label === 'any' ? ['0', '1', '2', '3', '4'] : []);

function randomSpec(k: number, coarsest: { a: string; b: string; c: string }): string {
  // Exact counts: these properties recompute every published count from the raw rows (perturbation: cell-key tests).
  return `k: ${k}
weight: W
protection: { method: none }
dimensions:
  a:
    column: A
    map: { 1: a1, 2: a2, 3: a3, 4: a4 }
    ladder: [{ level: pairs, groups: { a12: [a1, a2], a34: [a3, a4] } }]
    coarsest: ${coarsest.a}
  b: { column: B, map: { 1: b1, 2: b2, 3: b3 }, coarsest: ${coarsest.b} }
  c:
    column: C
    bands: [{ label: c0, below: 25 }, { label: c1, min: 25, below: 50 }, { label: c2, min: 50, below: 75 }, { label: c3, min: 75 }]
    ladder: [{ level: halves, groups: { c01: [c0, c1], c23: [c2, c3] } }]
    coarsest: ${coarsest.c}
concerns:
  vocabulary: { x: X, y: Y }
  sources: [{ type: multiSelect, columns: { X: x, Y: y }, notSelectedCodes: [-99], missingCodes: [-88] }]
`;
}

// Per table, how often an item is selected (up to always), so unanimous segments occur.
const rowsOf = (selected: number) => {
  const answer = fc.oneof(
    { arbitrary: fc.constant('1'), weight: selected },
    { arbitrary: fc.constantFrom('-99', '-88'), weight: 10 - selected },
  );
  const row = fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }), fc.nat(99), answer, answer);
  const weighted = fc.tuple(row, fc.integer({ min: 1, max: 3 })).map(([r, w]) => [...r, w].map(String));
  return fc.array(weighted, { maxLength: 240, size: 'max' });
};
const scenario = fc.record({
  k: fc.integer({ min: 3, max: 15 }),
  coarsest: fc.record({
    a: fc.constantFrom('detail', 'pairs', 'any'),
    b: fc.constantFrom('detail', 'any'),
    c: fc.constantFrom('detail', 'halves', 'any'),
  }),
  rows: fc.integer({ min: 0, max: 10 }).chain(rowsOf),
  seed: fc.nat(),
});
const HEADER = ['A', 'B', 'C', 'X', 'Y', 'W'];

describe('buildSegments on random tables', () => {
  it('publishes no segment and no derivable remainder below k, and accounts for every row', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ k, coarsest, rows }) => {
        const spec = parseSegmentationSpec(randomSpec(k, coarsest), 'spec.yaml');
        const { segments, report } = await buildSegments(memorySource([HEADER, ...rows]), spec);
        expect(segments.every((s) => s.size >= k)).toBe(true);
        const published = segments.reduce((sum, s) => sum + s.size, 0);
        expect(report.rowsUsed).toBe(rows.length);
        expect(published).toBe(report.rowsUsed - report.rowsSuppressed);
        if (segments.length > 0) expect(report.rowsSuppressed === 0 || report.rowsSuppressed >= k).toBe(true);
        for (const dim of Object.keys(LADDERS) as Dim[]) {
          for (const group of Object.keys(LADDERS[dim])) {
            const inGroup = members(dim, group);
            const total = rows.filter((r) => inGroup.includes(finest(r)[dim])).length;
            const inside = segments.filter((s) =>
              members(dim, s.dimensions[dim] as string).every((m) => inGroup.includes(m)),
            );
            const rest = total - inside.reduce((sum, s) => sum + s.size, 0);
            if (inside.length > 0) expect(rest === 0 || rest >= k, `${dim}=${group}: remainder ${rest}`).toBe(true);
          }
        }
        for (const [i, s] of segments.entries()) {
          for (const t of segments.slice(i + 1)) {
            const apart = (Object.keys(LADDERS) as Dim[]).some((d) => {
              const theirs = members(d, t.dimensions[d] as string);
              return !members(d, s.dimensions[d] as string).some((m) => theirs.includes(m));
            });
            expect(apart).toBe(true);
          }
          for (const [id, c] of Object.entries(s.concerns)) {
            if (c.share === 1) expect(s.flags).toContain(`homogeneous:${id}`);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('gives the same segments and stable ids whatever the row order', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ k, coarsest, rows, seed }) => {
        const spec = parseSegmentationSpec(randomSpec(k, coarsest), 'spec.yaml');
        const shuffled = rows
          .map((r, i) => ({ r, key: (i * 2654435761 + seed) % 4294967296 }))
          .sort((x, y) => x.key - y.key)
          .map((x) => x.r);
        const first = await buildSegments(memorySource([HEADER, ...rows]), spec);
        const second = await buildSegments(memorySource([HEADER, ...shuffled]), spec);
        expect(second).toEqual(first);
        for (const s of first.segments) {
          const hash = createHash('sha256').update(canonicalJson({ dimensions: s.dimensions, levels: s.levels }));
          expect(s.id).toBe(`seg_${hash.digest('hex').slice(0, 16)}`);
        }
        expect(new Set(first.segments.map((s) => s.id)).size).toBe(first.segments.length);
      }),
      { numRuns: 100 },
    );
  });
});
