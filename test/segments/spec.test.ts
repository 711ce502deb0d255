import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileSpec } from '../../segments/derive.ts';
import { buildHierarchy } from '../../segments/ladder.ts';
import { canonicalCode, parseSegmentationSpec } from '../../segments/spec.ts';
import { inputErrorMessage } from './helpers.ts';

const EXAMPLE = join(import.meta.dirname, '../../examples/hps-week22/segmentation.yaml');
const SEX = 'dimensions: { sex: { column: S, map: { 1: male, 2: female } } }\n';
const parse = (text: string) => parseSegmentationSpec(text, 'seg.yaml');
const error = (text: string) => inputErrorMessage(() => parse(text));

describe('parseSegmentationSpec', () => {
  it('parses the HPS example with its defaults filled in', () => {
    const spec = parseSegmentationSpec(readFileSync(EXAMPLE, 'utf8'), EXAMPLE);
    expect(spec).toMatchObject({
      k: 11,
      l: 2,
      referenceYear: 2021,
      weight: 'PWEIGHT',
      drop: ['SCRAM'],
      smallRows: 'refuse',
    });
    expect(spec.missingCodes).toEqual(['-88', '-99']);
    expect(Object.keys(spec.dimensions)).toEqual(['age', 'sex', 'region', 'education']);
    expect(spec.dimensions.sex).toMatchObject({ map: { '1': 'male', '2': 'female' }, ladder: [] });
    expect(spec).toMatchObject({ unknown: 'error', language: 'en' });
    expect(Object.keys(spec.concerns.vocabulary)).toHaveLength(11);
    expect(spec.concerns.sources[0]).toMatchObject({ type: 'multiSelect', notSelectedCodes: ['-99'], asked: 'block' });
    const age = buildHierarchy('age', spec.dimensions.age as NonNullable<typeof spec.dimensions.age>);
    expect(age.levels.map((l) => [l.name, l.labels])).toEqual([
      ['four-bands', ['18-29', '30-44', '45-64', '65+']],
      ['two-bands', ['18-44', '45+']],
      ['any', ['any']],
    ]);
  });

  it('defaults k to 11 and ℓ to 2', () => {
    expect(parse(SEX)).toMatchObject({ k: 11, l: 2, missingCodes: [], drop: [], filter: [], fiveC: {} });
  });

  it('refuses k below 3 at its line, quoting small-cell practice', () => {
    expect(error(`k: 2\n${SEX}`)).toBe(
      'seg.yaml:1:4: k: must be at least 3: statistical offices suppress counts below 10–11 (k = 11 is the default), and 3 is the floor some agencies accept for coarse tables',
    );
  });

  it('refuses an ℓ above 2, since a concern answer is yes or no', () => {
    expect(error(`l: 3\n${SEX}`)).toMatch(/^seg\.yaml:1:4: l: must be 1 \(off\) or 2/);
  });

  it('refuses a ladder level that leaves a label out, at the level', () => {
    const text = `dimensions:
  age:
    column: AGE
    bands: [{ label: young, below: 40 }, { label: old, min: 40 }]
    ladder:
      - level: all
        groups: { everyone: [young] }
`;
    expect(error(text)).toBe("seg.yaml:6:9: dimensions.age.ladder[0]: level 'all' does not place old in any group");
  });

  it('refuses a level that splits a group of the level before', () => {
    const text = `dimensions:
  x:
    column: X
    map: { 1: a, 2: b, 3: c }
    ladder:
      - { level: one, groups: { ab: [a, b], c: [c] } }
      - { level: two, groups: { ac: [a, c], b: [b] } }
`;
    expect(error(text)).toMatch(/^seg\.yaml:7:9: dimensions\.x\.ladder\[1\]: level 'two' splits 'ab' of level 'one'/);
  });

  it('refuses a group member that is not a label, naming the labels', () => {
    const text = `dimensions:\n  x:\n    column: X\n    map: { 1: a, 2: b }\n    ladder: [{ level: one, groups: { ab: [a, z] } }]\n`;
    expect(error(text)).toContain("group 'ab' names 'z', which is not a label of this dimension (labels: a, b)");
  });

  it('refuses postcode prefixes finer than 2 digits', () => {
    expect(error('dimensions: { plz: { column: PLZ, prefix: 3 } }\n')).toBe(
      'seg.yaml:1:43: dimensions.plz.prefix: must be 1 or 2: a postcode finer than 2 digits can single people out',
    );
  });

  it('refuses overlapping bands and birth years without a reference year', () => {
    const bands = 'dimensions:\n  age:\n    column: Y\n    bands: [{ label: a, below: 40 }, { label: b, min: 30 }]\n';
    expect(error(bands)).toMatch(/^seg\.yaml:4:38: dimensions\.age\.bands\[1\]: bands must be in ascending order/);
    const birth = bands.replace('min: 30', 'min: 40').replace('    bands', '    from: birthYear\n    bands');
    expect(error(birth)).toBe(
      'seg.yaml:4:11: dimensions.age.from: birthYear needs referenceYear at the top level (the survey year)',
    );
  });

  it('refuses concern sources that name a concern outside the vocabulary', () => {
    const text = `${SEX}concerns:\n  vocabulary: { cost: Cost }\n  sources:\n    - type: multiSelect\n      columns: { Q1: costs }\n`;
    const message = error(text);
    expect(message).toContain("seg.yaml:6:22: concerns.sources[0].columns.Q1: 'costs' is not in concerns.vocabulary");
    expect(message).toContain("seg.yaml:3:23: concerns.vocabulary.cost: concern 'cost' has no source");
  });

  it('refuses an unknown coarsest level and a dimension read from a dropped column', () => {
    expect(error(SEX.replace('female }', 'female }, coarsest: region'))).toContain(
      "dimensions.sex.coarsest: 'region' is not a level of this ladder (detail, any)",
    );
    expect(error(`drop: [S]\n${SEX}`)).toBe("seg.yaml:2:30: dimensions.sex.column: 'S' is listed in drop");
  });

  it('matches codes by value, so 01, 1 and 1.0 are the same code', () => {
    expect(['01', '1', '1.0', ' 1 '].map(canonicalCode)).toEqual(['1', '1', '1', '1']);
    expect(canonicalCode('-88')).toBe('-88');
    expect(canonicalCode('A1')).toBe('A1');
  });
});

describe('compileSpec', () => {
  const spec = parse(`weight: PW\n${SEX}`);

  it('refuses a spec column the header lacks, at line 1, naming it and where the spec uses it', () => {
    expect(inputErrorMessage(() => compileSpec(spec, ['S'], 'data.csv'))).toBe(
      "data.csv:1:1: the header lacks a column the segmentation spec names; check the spelling, or whether this is the file the spec was written for:\n  'PW' (named in weight)",
    );
  });

  it('names every missing column at once, each with the spec keys naming it', () => {
    const wide = parse(
      [
        'weight: PW',
        'freeText: [NOTE]',
        'filter: [{ column: SHOWN, in: [1] }]',
        SEX.trimEnd(),
        'concerns:',
        '  vocabulary: { cost: Cost, time: Time }',
        '  sources: [{ type: multiSelect, columns: { C1: cost, C2: time } }]',
        'fiveC: { scale: { min: 1, max: 7 }, items: { confidence: F1, complacency: F1 } }',
      ].join('\n'),
    );
    const message = inputErrorMessage(() => compileSpec(wide, ['S', 'C1'], 'data.csv'));
    expect(message).toMatch(/^data\.csv:1:1: the header lacks 5 columns the segmentation spec names/);
    expect(message.split('\n').slice(1)).toEqual([
      "  'PW' (named in weight)",
      "  'NOTE' (named in freeText[0])",
      "  'SHOWN' (named in filter[0].column)",
      "  'C2' (named in concerns.sources[0].columns.C2)",
      "  'F1' (named in fiveC.items.confidence, fiveC.items.complacency)",
    ]);
  });

  it('points out a column that differs only in case', () => {
    expect(inputErrorMessage(() => compileSpec(spec, ['s', 'PW'], 'data.csv'))).toContain(
      "'S' (named in dimensions.sex.column) — the header has 's'; column names are case-sensitive",
    );
  });

  it('lists only the dropped identifiers the file has', () => {
    const dropping = parse(`drop: [ID, EMAIL]\n${SEX}`);
    expect(compileSpec(dropping, ['ID', 'S'], 'data.csv').identifiersDropped).toEqual(['ID']);
  });
});
