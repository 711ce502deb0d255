// Codes the spec does not list: the build stops naming each one, or, when the spec says so, locates what it did.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../shared/errors.ts';
import { segmentFile } from '../../segments/segment-file.ts';
import { compileSpec } from '../../segments/derive.ts';
import { buildSegments } from '../../segments/segmentation.ts';
import { parseSegmentationSpec } from '../../segments/spec.ts';
import { memorySource } from './row-source.ts';

const spec = (text: string) => parseSegmentationSpec(text, 'seg.yaml');
const WEEK37 = join(import.meta.dirname, '..', 'fixtures', 'hps_week37_sample', 'hps_week37_vaccine_first4000.csv.gz');

// A week-22/23 spec (GETVACC had four answers), pointed at week 37's renamed column, which has a fifth answer.
const earlierWave = (extra = '') => `k: 11
language: en
missingCodes: [-88, -99]
weight: PWEIGHT
drop: [SCRAM]
${extra}
dimensions:
  intent:
    column: GETVACRV
    map: { 1: definitely, 2: probably, 3: probably-not, 4: definitely-not }
  sex: { column: EGENID_BIRTH, map: { 1: male, 2: female } }
concerns:
  vocabulary: { side-effects: Side effects, effectiveness: Does not know if it works }
  sources:
    - type: multiSelect
      columns: { WHYNORV1: side-effects, WHYNORV2: effectiveness }
      notSelectedCodes: [-99]
      missingCodes: [-88]
`;

async function failure(run: Promise<unknown>): Promise<string> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return (error as InputError).message;
}

describe('unknown codes on a later survey wave', () => {
  it('stops the build at the fifth answer level, with its line, column, code, spec key and row count', async () => {
    const message = await failure(segmentFile({ path: WEEK37, spec: spec(earlierWave()) }));
    expect(message).toContain(
      `${WEEK37}:18:75: column GETVACRV holds code 5 in 210 rows, which dimensions.intent.map does not cover; add it to dimensions.intent.map`,
    );
    expect(message).toMatch(/unknown: reject-row/);
  });

  it('rejects those rows when the spec says unknown: reject-row, and the report lists counts and first lines', async () => {
    const result = await segmentFile({ path: WEEK37, spec: spec(earlierWave('unknown: reject-row')) });
    const { report } = result;
    expect(report.rejected['unknown-code']).toBe(210);
    expect(report.located?.unknownCodes).toEqual([
      {
        key: 'dimensions.intent.map',
        fix: 'add it to dimensions.intent.map',
        column: 'GETVACRV',
        code: '5',
        policy: 'reject-row',
        rows: 210,
        first: { line: 18, column: 75 },
        lines: expect.arrayContaining([18]),
      },
    ]);
    expect(report.located?.unknownCodes[0]?.lines).toHaveLength(5);
    expect(report.located?.rejectedLines['unknown-code'][0]).toBe(18);
    expect(report.located?.rejectedLines['missing-dimension']).toHaveLength(5);
  });

  it('lets one dimension read the code as missing while the spec-wide rule stays error', async () => {
    const yaml = earlierWave().replace(
      'map: { 1: definitely, 2: probably, 3: probably-not, 4: definitely-not }',
      'map: { 1: definitely, 2: probably, 3: probably-not, 4: definitely-not }\n    unknown: missing',
    );
    const { report } = await segmentFile({ path: WEEK37, spec: spec(yaml) });
    expect(report.rejected['unknown-code']).toBe(0);
    expect(report.located?.unknownCodes).toMatchObject([{ code: '5', rows: 210, policy: 'missing' }]);
    // Read as missing, a dimension's cell rejects its row as missing-dimension: 3,502 (-88) + 44 (-99) + 210.
    expect(report.rejected['missing-dimension']).toBe(3756);
  });
});

describe('unknown codes in every part of a spec', () => {
  const yaml = `k: 3
l: 1
dimensions:
  sex: { column: S, map: { 1: male, 2: female } }
  age: { column: A, bands: [{ label: young, below: 50 }, { label: old, min: 50 }] }
concerns:
  vocabulary: { cost: Cost, time: No time, worry: Worried, side: Side effects }
  sources:
    - { type: multiSelect, columns: { C1: cost, C2: time }, notSelectedCodes: [0] }
    - { type: likert, columns: { L: worry }, scale: { min: 1, max: 4 }, threshold: 3 }
    - { type: list, column: R, values: { s: side } }
fiveC: { scale: { min: 1, max: 7 }, items: { confidence: F } }
`;
  const header = ['S', 'A', 'C1', 'C2', 'L', 'R', 'F'];
  const good = ['1', '30', '1', '0', '2', 's', '4'];
  const rows = [
    header,
    ...Array.from({ length: 6 }, () => good),
    ['3', '30', '1', '0', '2', 's', '4'],
    ['1', 'Erika Musterfrau', '1', '0', '2', 's', '4'],
    ['1', '30', '7', '0', '2', 's', '4'],
    ['1', '30', '1', '0', '5', 's', '4'],
    ['1', '30', '1', '0', '2', 's;x', '4'],
    ['1', '30', '1', '0', '2', 's', '9'],
    ['3', '30', '1', '0', '2', 's', '4'],
  ];

  it('names every unknown code at once, each with its spec key, and never the text of a cell', async () => {
    const message = await failure(buildSegments(memorySource(rows, 'survey.csv'), spec(yaml)));
    const lines = message.split('\n');
    expect(lines[0]).toMatch(/^survey\.csv: the file holds 6 codes the spec does not list/);
    expect(lines.slice(1)).toEqual([
      '  survey.csv:8:1: column S holds code 3 in 2 rows, which dimensions.sex.map does not cover; add it to dimensions.sex.map',
      '  survey.csv:9:3: column A holds a value that is not a code (not shown) in 1 row, which dimensions.age.bands does not cover; the bands need a number; add it to missingCodes if it means no answer',
      '  survey.csv:10:6: column C1 holds code 7 in 1 row, which concerns.sources[0] does not cover; add it to concerns.sources[0].selectedCodes, .notSelectedCodes or .missingCodes',
      '  survey.csv:11:10: column L holds code 5 in 1 row, which concerns.sources[1] does not cover; widen concerns.sources[1].scale (1–4), or add it to concerns.sources[1].missingCodes if it means no answer',
      '  survey.csv:12:12: column R holds code x in 1 row, which concerns.sources[2].values does not cover; add it to concerns.sources[2].values',
      '  survey.csv:13:14: column F holds code 9 in 1 row, which fiveC.items.confidence does not cover; widen the scale of fiveC.items.confidence (1–7), or add it to missingCodes if it means no answer',
    ]);
    expect(message).not.toContain('Erika');
  });

  it('reads unknown answers as missing when the spec says unknown: missing: out of the denominator, row kept', async () => {
    const { report, segments } = await buildSegments(memorySource(rows), spec(`unknown: missing\n${yaml}`));
    // Dimension cells read as missing reject their rows (S = 3 twice, the name in A); the answers do not.
    expect(report).toMatchObject({ rowsRead: 13, rowsUsed: 10, rejected: { 'missing-dimension': 3 } });
    expect(report.located?.rejectedLines['missing-dimension']).toEqual([8, 9, 14]);
    expect(report.located?.unknownCodes.map((u) => [u.column, u.code, u.rows, u.policy])).toEqual([
      ['S', '3', 2, 'missing'],
      ['A', null, 1, 'missing'],
      ['C1', '7', 1, 'missing'],
      ['L', '5', 1, 'missing'],
      ['R', 'x', 1, 'missing'],
      ['F', '9', 1, 'missing'],
    ]);
    // Row by row: L = 5 leaves the respondent out of the worry denominator; the list `s;x` still counts `s`.
    const compiled = compileSpec(spec(`unknown: missing\n${yaml}`), header, 'survey.csv');
    const { ids, asked, yes } = compiled.concerns;
    const flags = (row: readonly string[]) => {
      expect(compiled.readRow(row, 2)).toBeGreaterThanOrEqual(0);
      return Object.fromEntries(ids.map((id, i) => [id, `${asked[i]}${yes[i]}`]));
    };
    expect(flags(rows[10] as string[])).toEqual({ cost: '11', time: '10', worry: '00', side: '11' });
    expect(flags(rows[11] as string[])).toEqual({ cost: '11', time: '10', worry: '10', side: '11' });
    expect(JSON.stringify({ report, segments })).not.toContain('Erika');
  });

  it('does not carry a skipped select-all item of a rejected row over to the next row', () => {
    const block = parseSegmentationSpec(
      `unknown: reject-row
missingCodes: [-88]
dimensions: { sex: { column: S, map: { 1: male } } }
concerns:
  vocabulary: { cost: Cost, time: No time }
  sources: [{ type: multiSelect, columns: { C1: cost, C2: time }, notSelectedCodes: [0] }]
`,
      'seg.yaml',
    );
    const compiled = compileSpec(block, ['S', 'C1', 'C2'], 'survey.csv');
    // C1 skipped (-88), then an unknown code in C2 rejects the row before the block is finished.
    expect(compiled.readRow(['1', '-88', '7'], 2)).toBeLessThan(0);
    // An empty C1 in a block that was seen counts as asked (not selected); the earlier row's -88 must not linger.
    expect(compiled.readRow(['1', '', '1'], 3)).toBeGreaterThanOrEqual(0);
    expect([...compiled.concerns.asked]).toEqual([1, 1]);
  });

  it('keeps the older list setting unknownValues: ignore working as unknown: missing', async () => {
    const ignoring = yaml.replace('values: { s: side } }', 'values: { s: side }, unknownValues: ignore }');
    const message = await failure(buildSegments(memorySource(rows), spec(ignoring)));
    expect(message).not.toContain('column R');
    expect(message).toContain('column S holds code 3');
  });
});
