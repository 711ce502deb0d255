import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderSegmentReport } from '../../segments/report-text.ts';
import { buildSegments } from '../../segments/segmentation.ts';
import type { SegmentationResult } from '../../segments/segmentation.ts';
import { parseSegmentationSpec } from '../../segments/spec.ts';
import { planStrategy } from '../../segments/strategy.ts';
import { csvFileSource, memorySource, readCsv } from './row-source.ts';

const DATA = join(import.meta.dirname, '../fixtures/hps_week22_sample/hps_week22_vaccine_sample_1in10.csv');
const { header, rows } = readCsv(DATA);
const col = (name: string) => header.indexOf(name);
const weightOf = (list: string[][]) => list.reduce((sum, r) => sum + Number(r[col('PWEIGHT')]), 0);
/** Direct weighted share of `on` among `base`. */
const share = (base: string[][], on: (r: string[]) => boolean) => weightOf(base.filter(on)) / weightOf(base);

// Every respondent (no top-level filter): vaccinated for all, intent only for those not vaccinated, and the reasons
// with an item (WHYNOTB2) that has its own skip rule inside the select-all block.
const hpsSpec = (k: number, method: 'cellKey' | 'none') => `k: ${k}
weight: PWEIGHT
drop: [SCRAM]
protection: { method: ${method} }
dimensions:
  sex: { column: EGENDER, map: { 1: male, 2: female } }
concerns:
  vocabulary: { side-effects: Side effects, not-needed: Does not need it, low-risk: Not in a high-risk group }
  sources:
    - type: multiSelect
      columns: { WHYNOT1: side-effects, WHYNOT3: not-needed, WHYNOTB2: low-risk }
      notSelectedCodes: [-99]
      missingCodes: [-88]
measures:
  vaccinated:
    label: Received a COVID-19 vaccine
    column: RECVDVACC
    levels: { yes: { label: Vaccinated, codes: [1] }, no: { label: Not vaccinated, codes: [2] } }
    missingCodes: [-88, -99]
  intent:
    label: Would get a vaccine
    column: GETVACC
    levels: { definitely: [1], probably: [2], probably-not: [3], definitely-not: [4] }
    missingCodes: [-88, -99]
    filter: [{ column: RECVDVACC, in: [2] }]
`;

const run = async (k: number, method: 'cellKey' | 'none') =>
  buildSegments(csvFileSource(DATA), parseSegmentationSpec(hpsSpec(k, method), 'measures.yaml'));

describe('outcome measures on the Household Pulse Survey sample', () => {
  const vaccinated = (r: string[]) => r[col('RECVDVACC')] === '1';
  const answeredVacc = rows.filter((r) => ['1', '2'].includes(r[col('RECVDVACC')] as string));
  const intentBase = rows.filter(
    (r) => r[col('RECVDVACC')] === '2' && ['1', '2', '3', '4'].includes(r[col('GETVACC')] as string),
  );

  it('publishes the weighted shares and bases a direct computation gives, overall and per dimension label', async () => {
    const { totals, measures } = await run(11, 'none');
    const overall = totals?.overall.measures;
    expect(overall?.vaccinated?.base).toBe(answeredVacc.length);
    expect(overall?.vaccinated?.levels.yes?.share).toBeCloseTo(share(answeredVacc, vaccinated), 6);
    expect(overall?.vaccinated?.weightedBase).toBeCloseTo(weightOf(answeredVacc), 1);
    expect(overall?.intent?.base).toBe(intentBase.length);
    for (const [code, level] of [
      ['1', 'definitely'],
      ['2', 'probably'],
      ['3', 'probably-not'],
      ['4', 'definitely-not'],
    ]) {
      expect(overall?.intent?.levels[level as string]?.share, level).toBeCloseTo(
        share(intentBase, (r) => r[col('GETVACC')] === code),
        6,
      );
    }
    for (const [code, label] of [
      ['1', 'male'],
      ['2', 'female'],
    ]) {
      const group = answeredVacc.filter((r) => r[col('EGENDER')] === code);
      const t = totals?.byDimension.sex?.[label as string];
      expect(t?.size).toBe(rows.filter((r) => r[col('EGENDER')] === code).length);
      expect(t?.measures.vaccinated?.base).toBe(group.length);
      expect(t?.measures.vaccinated?.levels.yes?.share).toBeCloseTo(share(group, vaccinated), 6);
    }
    expect(measures?.map((m) => m.id)).toEqual(['vaccinated', 'intent']);
  });

  it('bases an item with its own skip rule on those asked it, not on everyone shown the block', async () => {
    const { totals } = await run(11, 'none');
    const asked = rows.filter((r) => ['1', '-99'].includes(r[col('WHYNOTB2')] as string));
    const lowRisk = totals?.overall.concerns['low-risk'];
    expect(lowRisk?.denominator).toBe(asked.length);
    expect(lowRisk?.share).toBeCloseTo(
      share(asked, (r) => r[col('WHYNOTB2')] === '1'),
      6,
    );
    // Asked only of those who said they do not need it: far fewer than the block, and a much larger share.
    const shown = rows.filter((r) => ['1', '-99'].includes(r[col('WHYNOT1')] as string));
    expect(asked.length).toBeLessThan(shown.length / 2);
    expect(lowRisk?.share as number).toBeGreaterThan(share(shown, (r) => r[col('WHYNOTB2')] === '1') * 2);
  });

  it('under the cell key method keeps the shares and perturbs bases by at most 3, the same in every run', async () => {
    const [a, b, exact] = await Promise.all([run(11, 'cellKey'), run(11, 'cellKey'), run(11, 'none')]);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    for (const [i, s] of a.segments.entries()) {
      const e = exact.segments[i];
      expect(s.id).toBe(e?.id);
      for (const m of ['vaccinated', 'intent']) {
        expect(s.measures?.[m]?.levels).toEqual(
          e?.measures?.[m]?.levels === undefined ? undefined : expect.any(Object),
        );
        for (const [level, est] of Object.entries(e?.measures?.[m]?.levels ?? {})) {
          expect(s.measures?.[m]?.levels[level]?.share).toBe(est.share);
        }
        expect(Math.abs((s.measures?.[m]?.base as number) - (e?.measures?.[m]?.base as number))).toBeLessThanOrEqual(3);
      }
    }
  });

  it('never lists a measure level as a concern in the message strategy', async () => {
    const { segments } = await run(11, 'cellKey');
    for (const s of segments) {
      const planned = planStrategy(s).concerns.map((c) => c.id);
      expect(planned.length).toBeGreaterThan(0);
      for (const id of planned) expect(['side-effects', 'not-needed', 'low-risk']).toContain(id);
    }
  });
});

// A second, different survey: unweighted, a Likert concern and a list concern, a measure asked only of those eligible
// (code 9 = not asked), and a region dimension with a small label.
function synthetic(): string[][] {
  const table = [['REGION', 'AGE', 'WORRY', 'REASONS', 'ELIGIBLE', 'BOOKED']];
  for (let i = 0; i < 600; i++) {
    const region = i % 40 === 1 ? '3' : String(1 + (i % 2));
    const eligible = i % 3 === 0 ? '0' : '1';
    const booked = eligible === '0' ? '9' : i % 5 === 0 ? '2' : i % 7 === 0 ? '3' : '1';
    table.push([
      region,
      String(20 + (i % 60)),
      String(1 + (i % 5)),
      ['a', 'b', 'a;b', ''][i % 4] as string,
      eligible,
      booked,
    ]);
  }
  return table;
}

const syntheticSpec = `k: 25
protection: { method: cellKey, maxNoise: 2, variance: 0.8, key: synthetic-survey }
dimensions:
  region: { column: REGION, map: { 1: north, 2: south, 3: islands }, coarsest: detail }
  age: { column: AGE, bands: [{ label: under-50, below: 50 }, { label: 50-plus, min: 50 }] }
concerns:
  vocabulary: { worried: Worried, access: Hard to reach, cost: Cost }
  sources:
    - { type: likert, columns: { WORRY: worried }, scale: { min: 1, max: 5 }, threshold: 4 }
    - { type: list, column: REASONS, values: { a: access, b: cost } }
measures:
  booked:
    label: Booked an appointment
    column: BOOKED
    levels: { yes: [1], no: [2], undecided: [3] }
    missingCodes: [9]
    filter: [{ column: ELIGIBLE, in: [1] }]
`;

describe('outcome measures on a second, synthetic survey', () => {
  const table = synthetic();
  let result: SegmentationResult;
  const build = async () =>
    (result ??= await buildSegments(memorySource(table), parseSegmentationSpec(syntheticSpec, 'synthetic.yaml')));

  it('matches a direct computation per segment, within the published noise for bases', async () => {
    const { segments, report } = await build();
    expect(report.protection).toMatchObject({ method: 'cellKey', maxNoise: 2, variance: 0.8 });
    expect(segments.length).toBeGreaterThan(1);
    for (const s of segments) {
      const members = table.slice(1).filter((r) => {
        const region = { '1': 'north', '2': 'south', '3': 'islands' }[r[0] as '1'];
        const age = Number(r[1]) < 50 ? 'under-50' : '50-plus';
        return (
          (s.dimensions.region === region || s.dimensions.region === 'any') &&
          (s.dimensions.age === age || s.dimensions.age === 'any')
        );
      });
      const base = members.filter((r) => r[4] === '1' && r[5] !== '9');
      const booked = s.measures?.booked;
      expect(Math.abs(s.size - members.length)).toBeLessThanOrEqual(2);
      if (booked?.withheld) {
        // Withheld (e.g. everyone in the base on one level): nothing of the measure is published.
        expect(booked.base).toBeNull();
        continue;
      }
      expect(Math.abs((booked?.base as number) - base.length)).toBeLessThanOrEqual(2);
      for (const [code, level] of [
        ['1', 'yes'],
        ['2', 'no'],
        ['3', 'undecided'],
      ]) {
        expect(booked?.levels[level as string]?.share).toBeCloseTo(
          base.filter((r) => r[5] === code).length / base.length,
          6,
        );
      }
      const asked = members.filter((r) => r[3] !== '');
      expect(s.concerns.cost?.share).toBeCloseTo(
        asked.filter((r) => (r[3] as string).includes('b')).length / asked.length,
        6,
      );
      expect(s.concerns.worried?.share).toBeCloseTo(
        members.filter((r) => Number(r[2]) >= 4).length / members.length,
        6,
      );
    }
  });

  it('withholds a total below k and says why in the readable report', async () => {
    const r = await build();
    expect(r.totals?.byDimension.region?.islands).toMatchObject({ size: null, withheld: 'small-group' });
    const text = renderSegmentReport(r).join('\n');
    expect(text).toContain('OUTCOME: Booked an appointment');
    expect(text).toMatch(/total region = islands +— +withheld: small-group/);
    expect(text).toContain('PERTURBATION TABLE (cell key method; D = 2, V = 0.8)');
    expect(text).toMatch(/TOTAL \(everyone used\) +\d+ +\d+ +\d+\.\d %/);
    // No respondent value: the report holds labels, percentages and counts only.
    expect(text).not.toContain('a;b');
  });

  it('refuses a measure whose column the file lacks, at line 1, and a code in two levels at its line', async () => {
    const missing = syntheticSpec.replace('column: BOOKED', 'column: BOOKING');
    await expect(buildSegments(memorySource(table), parseSegmentationSpec(missing, 's.yaml'))).rejects.toThrow(
      /memory\.csv:1:1: the header has no column 'BOOKING', which the segmentation spec names in measures\.booked\.column/,
    );
    expect(() => parseSegmentationSpec(syntheticSpec.replace('no: [2]', 'no: [1, 2]'), 's.yaml')).toThrow(
      /s\.yaml:\d+:\d+: .*code 1 is already on level 'yes'/,
    );
  });

  it('stops after the pass at a code no level lists, with its line, row count and where to add it', async () => {
    const bad = table.map((r, i) => (i === 7 || i === 9 ? [...r.slice(0, 4), '1', '77'] : r));
    await expect(buildSegments(memorySource(bad), parseSegmentationSpec(syntheticSpec, 's.yaml'))).rejects.toThrow(
      /memory\.csv:8:\d+: column BOOKED holds code 77 in 2 rows, which measures\.booked\.levels does not cover; add it to a level/,
    );
    const ignoring = syntheticSpec.replace('missingCodes: [9]', 'missingCodes: [9]\n    unknown: ignore');
    const { report } = await buildSegments(memorySource(bad), parseSegmentationSpec(ignoring, 's.yaml'));
    expect(report.located?.unknownCodes).toEqual([
      expect.objectContaining({ key: 'measures.booked.levels', column: 'BOOKED', code: '77', rows: 2, lines: [8, 10] }),
    ]);
  });
});

describe('totals', () => {
  it('withhold a concern every asked member of a total holds (ℓ-diversity), and publish it elsewhere', async () => {
    const yaml = `k: 5
dimensions: { group: { column: G, map: { 1: one, 2: two }, coarsest: detail } }
concerns: { vocabulary: { cost: Cost }, sources: [{ type: multiSelect, columns: { C: cost } }] }
`;
    const rows = [['G', 'C'], ...Array.from({ length: 12 }, () => ['1', '1'])];
    rows.push(...Array.from({ length: 12 }, (_, i) => ['2', i % 3 === 0 ? '1' : '0']));
    const { totals } = await buildSegments(memorySource(rows), parseSegmentationSpec(yaml, 't.yaml'));
    expect(totals?.byDimension.group?.one?.concerns.cost).toMatchObject({ share: null, withheld: 'unanimous' });
    expect(totals?.byDimension.group?.two?.concerns.cost?.share).toBeCloseTo(4 / 12, 6);
    expect(totals?.overall.concerns.cost?.share).toBeCloseTo(16 / 24, 6);
  });
});

describe('the spec keys measures and protection', () => {
  it('refuse a measure with one level and noise parameters that cannot exist, at their lines', () => {
    const yaml = `k: 11
dimensions: { sex: { column: S, map: { 1: m } } }
protection: { maxNoise: 1, variance: 0.9 }
measures:
  v: { column: V, levels: { yes: [1] } }
`;
    expect(() => parseSegmentationSpec(yaml, 'm.yaml')).toThrow(
      /m\.yaml:5:\d+: measures\.v\.levels: needs at least two levels/,
    );
    expect(() => parseSegmentationSpec(yaml, 'm.yaml')).toThrow(
      /m\.yaml:3:\d+: protection\.variance: must be below D\(D\+1\)\/3/,
    );
  });

  it('default to the cell key method with D = 3 and V = 1, and no measures', () => {
    const spec = parseSegmentationSpec('dimensions: { sex: { column: S, map: { 1: m } } }\n', 'd.yaml');
    expect(spec.protection).toEqual({ method: 'cellKey', maxNoise: 3, variance: 1, key: 'klartext' });
    expect(spec.measures).toEqual({});
  });
});
