import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KEY_RANGE, buildPerturbationTable, cellKey, maxVariance, recordKey } from '../../segments/cell-key.ts';
import { buildSegments } from '../../segments/segmentation.ts';
import { parseSegmentationSpec } from '../../segments/spec.ts';
import { memorySource } from './row-source.ts';

const params = fc.record({
  maxNoise: fc.integer({ min: 1, max: 5 }),
  k: fc.integer({ min: 3, max: 15 }),
  fraction: fc.double({ min: 0.05, max: 0.95, noNaN: true }),
});

describe('the perturbation table', () => {
  it('has mean 0, noise within ±D, never publishes 1…k−1 exactly and never takes a count of k or more below k', () => {
    fc.assert(
      fc.property(params, ({ maxNoise, k, fraction }) => {
        const variance = fraction * maxVariance(maxNoise);
        const table = buildPerturbationTable({ maxNoise, variance, k });
        for (const row of table.rows) {
          const total = row.noise.reduce((sum, x) => sum + x.p, 0);
          expect(total).toBeCloseTo(1, 9);
          expect(Math.abs(row.mean)).toBeLessThan(1e-9);
          for (const { d } of row.noise) {
            expect(Math.abs(d)).toBeLessThanOrEqual(maxNoise);
            if (row.count >= 1 && row.count < k) expect(d).not.toBe(0);
            if (row.count >= k) expect(row.count + d).toBeGreaterThanOrEqual(k);
            expect(row.count + d).toBeGreaterThanOrEqual(0);
          }
        }
        // Away from the bounds the variance is V.
        expect((table.rows[table.rows.length - 1] as { variance: number }).variance).toBeCloseTo(variance, 4);
      }),
      { numRuns: 60 },
    );
  });

  // Counts below k are never published (withheld), so every published count is k or more.
  it('leaves every published value of a count of k or more open to at least two true counts', () => {
    fc.assert(
      fc.property(
        params,
        fc.integer({ min: 0, max: 200 }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        (p, n, key) => {
          const table = buildPerturbationTable({
            maxNoise: p.maxNoise,
            variance: p.fraction * maxVariance(p.maxNoise),
            k: p.k,
          });
          const value = table.perturb(p.k + n, key);
          const candidates = table.possibleTrueCounts(value);
          expect(candidates).toContain(p.k + n);
          expect(candidates.length).toBeGreaterThanOrEqual(2);
          expect(value).toBeGreaterThanOrEqual(p.k);
        },
      ),
    );
  });
});

describe('cell keys', () => {
  it('depend on the set of rows only: any order and any grouping of partial sums give the same key and noise', () => {
    const table = buildPerturbationTable({ maxNoise: 3, variance: 1, k: 11 });
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: KEY_RANGE - 1 }), { minLength: 1, maxLength: 300 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (keys, cuts) => {
          const direct = keys.reduce((a, b) => a + b, 0);
          const shuffled = [...keys].reverse();
          // Partial sums over arbitrary chunks (cells merged in some other order), then summed.
          const bounds = [...new Set(cuts.map((c) => c % keys.length))].sort((a, b) => a - b);
          const parts = [0, ...bounds, keys.length]
            .slice(1)
            .map((end, i, all) => shuffled.slice(i === 0 ? 0 : all[i - 1], end));
          const merged = parts.map((part) => part.reduce((a, b) => a + b, 0)).reduce((a, b) => a + b, 0);
          expect(cellKey(merged)).toBe(cellKey(direct));
          expect(table.perturb(keys.length, cellKey(merged))).toBe(table.perturb(keys.length, cellKey(direct)));
        },
      ),
    );
  });

  it('give a row the same record key in every run, and another row (or line) another key', () => {
    const cells = ['1', '2', '-88', 'x'];
    expect(recordKey('k', 7, cells)).toBe(recordKey('k', 7, [...cells]));
    expect(recordKey('k', 8, cells)).not.toBe(recordKey('k', 7, cells));
    expect(recordKey('k', 7, ['1', '2', '-88', 'y'])).not.toBe(recordKey('k', 7, cells));
    expect(recordKey('other', 7, cells)).not.toBe(recordKey('k', 7, cells));
  });
});

// Two different specs over the same rows: any group of respondents both publish gets the same perturbed count.
const rowArb = fc.array(
  fc.tuple(
    fc.constantFrom('1', '2', '3'),
    fc.constantFrom('1', '2'),
    fc.constantFrom('1', '0', '-88'),
    fc.constantFrom('1', '2', '-88'),
    fc.integer({ min: 1, max: 9 }).map(String),
  ),
  { minLength: 30, maxLength: 300 },
);

describe('buildSegments under the cell key method', () => {
  it('publishes the same perturbed count for the same group of respondents in any table or spec', async () => {
    await fc.assert(
      fc.asyncProperty(rowArb, fc.integer({ min: 3, max: 8 }), async (rows, k) => {
        const table = [['A', 'B', 'C', 'M', 'W'], ...rows];
        const byA = `k: ${k}
weight: W
dimensions: { a: { column: A, map: { 1: a1, 2: a2, 3: a3 }, coarsest: detail } }
concerns: { vocabulary: { c: C }, sources: [{ type: multiSelect, columns: { C: c }, missingCodes: [-88] }] }
`;
        // A second spec: another dimension that is always merged away, a measure, another weight use.
        const byAB = `k: ${k}
dimensions:
  a: { column: A, map: { 1: a1, 2: a2, 3: a3 }, coarsest: detail }
  b: { column: B, map: { 1: b1, 2: b2 }, ladder: [{ level: any }], coarsest: any }
concerns: { vocabulary: { c: C }, sources: [{ type: multiSelect, columns: { C: c }, missingCodes: [-88] }] }
measures: { m: { column: M, levels: { yes: [1], no: [2] }, missingCodes: [-88] } }
`;
        const one = await buildSegments(memorySource(table), parseSegmentationSpec(byA, 'a.yaml'));
        const two = await buildSegments(memorySource(table), parseSegmentationSpec(byAB, 'ab.yaml'));
        const aOnly = (label: string) => rows.filter((r) => `a${r[0]}` === label);
        for (const s of one.segments) {
          const inTwo = two.segments.filter((t) => t.dimensions.a === s.dimensions.a);
          // When spec two publishes the same respondents as one segment, its count and base match exactly.
          const whole = inTwo.find((t) => t.levels.b === 'any');
          if (whole) {
            expect(whole.size).toBe(s.size);
            expect(whole.concerns.c?.denominator).toBe(s.concerns.c?.denominator);
          }
          // And the per-label total of either spec equals the segment's published size.
          expect(two.totals?.byDimension.a?.[s.dimensions.a as string]?.size).toBe(s.size);
          expect(Math.abs(s.size - aOnly(s.dimensions.a as string).length)).toBeLessThanOrEqual(3);
        }
      }),
      { numRuns: 40 },
    );
  });
});
