import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPerturbationTable } from '../../segments/cell-key.ts';
import { buildSegments } from '../../segments/segmentation.ts';
import type { AudienceSegment } from '../../segments/segmentation.ts';
import { parseSegmentationSpec } from '../../segments/spec.ts';
import { csvFileSource, readCsv } from './row-source.ts';

// The differencing attack across two releases of the same file: a fine table (state × sex × age × race × Hispanic
// origin, small cells suppressed) and a coarse one (state × age). Each passes its own audit; the attacker subtracts
// the fine segments inside a coarse segment from it and learns how many respondents the fine table suppressed there.
const DATA = join(import.meta.dirname, '../fixtures/hps_week22_sample/hps_week22_vaccine_sample_1in10.csv');
const { header, rows } = readCsv(DATA);
const states = [...new Set(rows.map((r) => r[header.indexOf('EST_ST')] as string))].sort();
const stateMap = `{ ${states.map((s) => `'${s}': s${s}`).join(', ')} }`;
const K = 11;

function spec(fine: boolean, method: 'cellKey' | 'none'): string {
  const dims = [
    `  state: { column: EST_ST, map: ${stateMap}, coarsest: detail }`,
    ...(fine ? ['  sex: { column: EGENDER, map: { 1: male, 2: female }, coarsest: detail }'] : []),
    `  age:
    column: TBIRTH_YEAR
    from: birthYear
    bands: [{ label: 18-29, min: 18, below: 30 }, { label: 30-44, min: 30, below: 45 }, { label: 45-64, min: 45, below: 65 }, { label: 65+, min: 65 }]
    coarsest: detail`,
    ...(fine
      ? [
          '  race: { column: RRACE, map: { 1: white, 2: black, 3: asian, 4: other }, coarsest: detail }',
          '  hispanic: { column: RHISPANIC, map: { 1: no, 2: yes }, coarsest: detail }',
        ]
      : []),
  ];
  return `k: ${K}
referenceYear: 2021
weight: PWEIGHT
drop: [SCRAM]
protection: { method: ${method} }
dimensions:
${dims.join('\n')}
`;
}

interface Attack {
  /** Coarse segments with fine segments inside and a true remainder of 1…k−1. */
  small: number;
  /** Of those, how many the attacker pins down exactly from the published numbers. */
  certain: number;
  /** The smallest true remainder found. */
  smallest: number;
}

async function attack(method: 'cellKey' | 'none'): Promise<Attack> {
  const build = async (fine: boolean) =>
    (await buildSegments(csvFileSource(DATA), parseSegmentationSpec(spec(fine, method), 'spec.yaml'))).segments;
  const exact = async (fine: boolean) =>
    (await buildSegments(csvFileSource(DATA), parseSegmentationSpec(spec(fine, 'none'), 'spec.yaml'))).segments;
  const [fine, coarse, fineTrue, coarseTrue] = await Promise.all([
    build(true),
    build(false),
    exact(true),
    exact(false),
  ]);
  const table = buildPerturbationTable({ maxNoise: 3, variance: 1, k: K });
  // What an attacker who knows the perturbation table, and that a published segment has k or more, can say about it.
  const range = (value: number): [number, number] => {
    if (method === 'none') return [value, value];
    const candidates = table.possibleTrueCounts(value).filter((n) => n >= K);
    return [Math.min(...candidates), Math.max(...candidates)];
  };
  const inside = (list: AudienceSegment[], c: AudienceSegment) =>
    list.filter((f) => f.dimensions.state === c.dimensions.state && f.dimensions.age === c.dimensions.age);
  const trueSize = (list: AudienceSegment[], s: AudienceSegment) => list.find((t) => t.id === s.id)?.size as number;
  const result: Attack = { small: 0, certain: 0, smallest: Infinity };
  for (const c of coarse) {
    const parts = inside(fine, c);
    if (parts.length === 0) continue;
    const truth = trueSize(coarseTrue, c) - parts.reduce((sum, f) => sum + trueSize(fineTrue, f), 0);
    if (truth < 1 || truth >= K) continue;
    result.small++;
    result.smallest = Math.min(result.smallest, truth);
    const [cLo, cHi] = range(c.size);
    const ranges = parts.map((f) => range(f.size));
    const lo = cLo - ranges.reduce((sum, r) => sum + r[1], 0);
    const hi = cHi - ranges.reduce((sum, r) => sum + r[0], 0);
    expect(lo <= truth && truth <= hi).toBe(true);
    if (lo === hi) result.certain++;
  }
  return result;
}

describe('two releases of the Household Pulse Survey sample, subtracted', () => {
  it('reveal small counts exactly with exact counts (the attack works)', async () => {
    const found = await attack('none');
    expect(found.small).toBeGreaterThan(0);
    expect(found.certain).toBe(found.small);
  });

  it('reveal no count of 1…k−1 with certainty under the cell key method', async () => {
    const found = await attack('cellKey');
    expect(found.small).toBeGreaterThan(0);
    expect(found.certain).toBe(0);
  });
});
