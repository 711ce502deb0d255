import { describe, expect, it } from 'vitest';
import type { SourceRow } from '../../segments/rows.ts';
import { buildSegments } from '../../segments/segmentation.ts';
import { parseSegmentationSpec } from '../../segments/spec.ts';
import { memorySource } from './row-source.ts';

const spec = (text: string) => parseSegmentationSpec(text, 'seg.yaml');

describe('buildSegments', () => {
  it('weights shares among those asked: -99 (seen, not selected) counts as no, -88 (not asked) is left out', async () => {
    const yaml = `k: 3
protection: { method: none }
weight: W
dimensions: { sex: { column: S, map: { 1: male, 2: female } } }
concerns:
  vocabulary: { cost: Cost, time: No time }
  sources:
    - { type: multiSelect, columns: { C1: cost, C2: time }, notSelectedCodes: [-99], missingCodes: [-88] }
`;
    const rows = [
      ['S', 'W', 'C1', 'C2'],
      ['1', '1', '1', '-99'],
      ['1', '2', '-99', '1'],
      ['1', '3', '-99', '-99'],
    ];
    rows.push(['1', '4', '-88', '-88'], ['1', '1', '1', '1'], ['1', '2', '-88', '-88'], ['1', '5', '-88', '-88']);
    const { segments, concerns } = await buildSegments(memorySource(rows), spec(yaml));
    expect(segments).toHaveLength(1);
    // Asked: rows 1, 2, 3 and 5 (weights 1 + 2 + 3 + 1 = 7). Cost: rows 1 and 5 (1 + 1); time: rows 2 and 5 (2 + 1).
    expect(segments[0]).toMatchObject({
      label: 'male',
      size: 7,
      population: 18,
      concerns: {
        cost: { share: 0.285714, weightedYes: 2, weightedDenominator: 7, denominator: 4 },
        time: { share: 0.428571, weightedYes: 3, weightedDenominator: 7, denominator: 4 },
      },
    });
    expect(concerns[0]?.denominator).toBe(
      'respondents shown the select-all question (C1 … C2 not missing); held when selected (1) in C1',
    );
  });

  it('reads delimited lists, Likert thresholds and 5C means', async () => {
    const yaml = `k: 3
protection: { method: none }
missingCodes: [-88]
dimensions: { all: { column: G, map: { 1: everyone, 2: nobody } } }
concerns:
  vocabulary: { side: Side effects, cost: Cost, worry: Worried }
  sources:
    - { type: list, column: R, values: { s: side, c: cost } }
    - { type: likert, columns: { L: worry }, scale: { min: 1, max: 5 }, threshold: 4 }
fiveC: { scale: { min: 1, max: 7 }, items: { confidence: F } }
`;
    const rows = [
      ['G', 'R', 'L', 'F'],
      ['1', 's;c', '5', '7'],
      ['1', 's', '2', '1'],
      ['1', '', '4', '3'],
    ];
    rows.push(
      ['1', 'c', '1', '4'],
      ['1', 's', '3', '2'],
      ['1', 'c; s', '5', '6'],
      ['1', '', '2', '5'],
      ['1', '-88', '4', '3'],
    );
    const { segments, report } = await buildSegments(memorySource(rows), spec(yaml));
    expect(report.rejected).toEqual({ 'missing-dimension': 0, 'out-of-band': 0, 'unknown-code': 0, 'bad-weight': 0 });
    expect(segments[0]).toMatchObject({
      size: 8,
      population: 8,
      concerns: {
        side: { share: 0.8, denominator: 5 },
        cost: { share: 0.6, denominator: 5 },
        worry: { share: 0.5, denominator: 8 },
      },
      fiveC: { confidence: { mean: 3.875, scale: { min: 1, max: 7 } } },
    });
  });

  it('counts rejected rows by reason, locates them by line and never echoes their values', async () => {
    const yaml = `k: 3
unknown: reject-row
referenceYear: 2021
weight: W
missingCodes: [-88]
dimensions:
  age: { column: Y, from: birthYear, bands: [{ label: adult, min: 18, below: 65 }, { label: senior, min: 65 }] }
  sex: { column: S, map: { 1: male, 2: female }, unknown: reject }
`;
    const rows = [
      ['Y', 'S', 'W'],
      ['1950', '1', '1.5'],
      ['1990', '2', '2'],
      ['1951', '1', '1'],
      ['1991', '2', '1'],
    ];
    rows.push(['1952', '1', '1'], ['1992', '2', '1'], ['-88', '1', '1'], ['', '2', '1'], ['2019', '1', '1']);
    rows.push(
      ['1961', 'X9Q', '1'],
      ['19x1', '1', '1'],
      ['1971', '1', '0'],
      ['1972', '2', 'NaNish'],
      ['1973', '2', '-88'],
    );
    const result = await buildSegments(memorySource(rows), spec(yaml));
    expect(result.report).toMatchObject({
      rowsRead: 14,
      rowsUsed: 6,
      rowsRejected: 8,
      rejected: { 'missing-dimension': 2, 'out-of-band': 1, 'unknown-code': 2, 'bad-weight': 3 },
    });
    expect(result.report.located?.rejectedLines).toEqual({
      'missing-dimension': [8, 9],
      'out-of-band': [10],
      'unknown-code': [11, 12],
      'bad-weight': [13, 14, 15],
    });
    expect(result.report.located?.unknownCodes).toMatchObject([
      { key: 'dimensions.sex.map', column: 'S', code: null, rows: 1, first: { line: 11, column: 6 }, lines: [11] },
      { key: 'dimensions.age.bands', column: 'Y', code: null, rows: 1, first: { line: 12, column: 1 }, lines: [12] },
    ]);
    const published = JSON.stringify(result);
    for (const raw of ['X9Q', '19x1', 'NaNish', '2019']) expect(published).not.toContain(raw);
  });

  it('stops on an unmapped code by default, with its first line, row count and spec key, without quoting text', async () => {
    const yaml = 'dimensions: { sex: { column: S, map: { 1: male, 2: female } } }\n';
    const rows = [['S'], ['1'], ['2'], ['Q7Z'], ['Q7Z']];
    const failure = buildSegments(memorySource(rows, 'survey.csv'), spec(yaml));
    await expect(failure).rejects.toThrow(
      'survey.csv:4:1: column S holds a value that is not a code (not shown) in 2 rows, which dimensions.sex.map does not cover; add it to dimensions.sex.map',
    );
    await expect(buildSegments(memorySource(rows), spec(yaml))).rejects.not.toThrow(/Q7Z/);
  });

  it('maps unknown codes to other when asked to', async () => {
    const yaml = 'k: 3\ndimensions: { sex: { column: S, map: { 1: male }, unknown: other } }\n';
    const rows = [['S'], ['1'], ['1'], ['1'], ['9'], ['8'], ['7']];
    const { segments } = await buildSegments(memorySource(rows), spec(yaml));
    expect(segments.map((s) => [s.dimensions.sex, s.size])).toEqual([
      ['male', 3],
      ['other', 3],
    ]);
  });

  it('filters rows and passes every row through onRow first, using what it returns', async () => {
    const yaml = `k: 3
filter: [{ column: SHOWN, in: [1] }]
dimensions: { sex: { column: S, map: { 1: male, 2: female } } }
`;
    const rows = [
      ['SHOWN', 'S'],
      ['1', '1'],
      ['1', '1'],
      ['2', '1'],
      ['1', '2'],
      ['1', '2'],
      ['0', '2'],
      ['1', '2'],
    ];
    const seen: number[] = [];
    const onRow = (row: SourceRow): SourceRow => {
      seen.push(row.line);
      // The integrator's guard may rewrite a row; here the third male row is recoded as shown.
      return row.line === 4 ? { line: row.line, cells: ['1', '1'] } : row;
    };
    const { segments, report } = await buildSegments(memorySource(rows), spec(yaml), { onRow });
    expect(seen).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(report).toMatchObject({ rowsRead: 7, rowsFiltered: 1, rowsUsed: 6 });
    expect(segments.map((s) => [s.label, s.size])).toEqual([
      ['male', 3],
      ['female', 3],
    ]);
  });

  it('with exact counts, withholds a concern share when fewer than k of the segment were not asked', async () => {
    const yaml = `k: 3
protection: { method: none }
dimensions: { sex: { column: S, map: { 1: male, 2: female } } }
concerns:
  vocabulary: { cost: Cost }
  sources: [{ type: multiSelect, columns: { C: cost }, missingCodes: [-88] }]
`;
    const rows = [
      ['S', 'C'],
      ['1', '1'],
      ['1', '0'],
      ['1', '1'],
      ['1', '0'],
      ['1', '-88'],
    ];
    const { segments, report } = await buildSegments(memorySource(rows), spec(yaml));
    expect(segments[0]?.concerns.cost).toEqual({
      label: 'Cost',
      share: null,
      weightedYes: null,
      weightedDenominator: null,
      denominator: null,
      withheld: 'small-not-asked',
    });
    expect(report.concernsWithheld).toBe(1);
  });

  it('with perturbed counts, publishes that share: size and base carry their own noise, so their difference is not exact', async () => {
    const yaml = `k: 3
dimensions: { sex: { column: S, map: { 1: male, 2: female } } }
concerns:
  vocabulary: { cost: Cost }
  sources: [{ type: multiSelect, columns: { C: cost }, missingCodes: [-88] }]
`;
    const rows = [
      ['S', 'C'],
      ...Array.from({ length: 12 }, (_, i) => [
        '1',
        ['1', '0', '1', '0', '1', '0', '1', '0', '1', '0', '0', '-88'][i] as string,
      ]),
    ];
    const { segments, report } = await buildSegments(memorySource(rows), spec(yaml));
    const cost = segments[0]?.concerns.cost;
    expect(cost?.share).toBeCloseTo(5 / 11, 6);
    expect(cost?.withheld).toBeUndefined();
    expect(Math.abs((cost?.denominator as number) - 11)).toBeLessThanOrEqual(3);
    expect(Math.abs((segments[0]?.size as number) - 12)).toBeLessThanOrEqual(3);
    expect(cost?.weightedDenominator).toBe(cost?.denominator);
    expect(report.concernsWithheld).toBe(0);
    expect(report.protection).toMatchObject({ method: 'cellKey', maxNoise: 3, variance: 1 });
  });
});
