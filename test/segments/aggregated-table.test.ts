import { describe, expect, it } from 'vitest';
import { segmentAggregatedRows, segmentAggregatedTable } from '../../segments/aggregated-table.ts';
import { parseSegmentationSpec } from '../../segments/spec.ts';
import { memorySource } from './row-source.ts';

const SPEC = `k: 11
dimensions:
  age:
    column: AGE
    map: { 1: 18-64, 2: 65-74, 3: 75+ }
    ladder: [{ level: broad, groups: { 18-64: [18-64], 65+: [65-74, 75+] } }]
  sex: { column: SEX, map: { 1: male, 2: female } }
concerns:
  vocabulary: { cost: Cost }
  sources: [{ type: multiSelect, columns: { C: cost } }]
`;
const spec = (extra = '') => parseSegmentationSpec(SPEC + extra, 'seg.yaml');
const HEADER = ['age', 'sex', 'size', 'population', 'share:cost'];

describe('segmentAggregatedTable', () => {
  it('publishes table rows of at least k as segments, with their shares', async () => {
    const rows = [HEADER, ['18-64', 'male', '40', '4000', '0.25'], ['18-64', 'female', '30', '3500', '0.5']];
    rows.push(['65+', 'any', '25', '2600', '']);
    const { segments, report } = await segmentAggregatedTable(memorySource(rows, 'table.csv'), spec());
    expect(segments.map((s) => [s.label, s.size, s.population, s.concerns.cost?.share ?? null])).toEqual([
      ['18-64, male', 40, 4000, 0.25],
      ['18-64, female', 30, 3500, 0.5],
      ['65+', 25, 2600, null],
    ]);
    expect(report).toMatchObject({ rowsUsed: 95, cellsBefore: 3, rowsSuppressed: 0 });
  });

  it('refuses a row below k with its line', async () => {
    const rows = [HEADER, ['18-64', 'male', '40', '4000', '0.25'], ['75+', 'female', '6', '700', '0.5']];
    await expect(segmentAggregatedTable(memorySource(rows, 'table.csv'), spec())).rejects.toThrow(
      'table.csv:3:1: size 6 is below the privacy threshold k=11: small groups must not be published',
    );
  });

  it('merges a row below k up its ladder when the spec allows it', async () => {
    const rows = [HEADER, ['18-64', 'male', '40', '4000', '0.25'], ['75+', 'female', '6', '700', '0.5']];
    rows.push(['65-74', 'female', '20', '2000', '0.25'], ['65-74', 'male', '30', '3000', '0.3']);
    rows.push(['75+', 'male', '15', '1500', '0.2']);
    const { segments } = await segmentAggregatedTable(memorySource(rows), spec('smallRows: merge\n'));
    expect(segments.every((s) => s.size >= 11)).toBe(true);
    const merged = segments.find((s) => s.dimensions.age === '65+' && s.dimensions.sex === 'female');
    // 6 people at 0.5 and 20 at 0.25, weighted by population: (350 + 500) / 2700.
    expect(merged).toMatchObject({ size: 26, population: 2700, levels: { age: 'broad', sex: 'detail' } });
    expect(merged?.concerns.cost?.share).toBeCloseTo(850 / 2700, 6);
  });

  it('refuses overlapping groups and labels the spec does not know', () => {
    const row = (line: number, age: string, sex: string) => ({ line, dimensions: { age, sex }, size: 20 });
    expect(() => segmentAggregatedRows([row(2, '65+', 'any'), row(3, '75+', 'male')], spec(), 't.csv')).toThrow(
      't.csv:3:1: this group overlaps the group on line 2; rows of a segment table must not overlap',
    );
    expect(() => segmentAggregatedRows([row(2, '80+', 'male')], spec(), 't.csv')).toThrow(
      't.csv:2:1: dimension age needs one of the spec',
    );
  });

  it('names the columns a table lacks', async () => {
    await expect(segmentAggregatedTable(memorySource([['age', 'size']], 't.csv'), spec())).rejects.toThrow(
      't.csv:1:1: the header needs the column sex',
    );
  });
});
