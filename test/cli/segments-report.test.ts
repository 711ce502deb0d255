// `klartext segments build --report`: the readable report a campaign manager pastes into a briefing.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const HPS = join(ROOT, 'test', 'fixtures', 'hps_week22_sample', 'hps_week22_vaccine_sample_1in10.csv');
const SPEC = join(ROOT, 'examples', 'hps-week22', 'segmentation.yaml');

function klartext(args: string[]) {
  return spawnSync(process.execPath, [join(ROOT, 'cli', 'main.ts'), 'segments', 'build', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('klartext segments build --report', () => {
  it('prints outcomes and concerns per segment and in total with bases, and the perturbation table', () => {
    const r = klartext([HPS, '--spec', SPEC, '--report']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('SEGMENTATION REPORT');
    expect(r.stdout).toContain('OUTCOME: Would get a COVID-19 vaccine');
    expect(r.stdout).toMatch(/TOTAL \(everyone used\) +2,4\d\d +2,\d{3} +\d+\.\d % +\d+\.\d %/);
    expect(r.stdout).toMatch(/total age = 65\+ +\d+ +\d+ +\d+\.\d %/);
    expect(r.stdout).toContain('CONCERNS — weighted share of those asked (base)');
    expect(r.stdout).toContain('Main concern published in 75 of 75 segments (100.0 %).');
    expect(r.stdout).toContain('PERTURBATION TABLE (cell key method; D = 3, V = 1)');
    expect(r.stdout).toMatch(/^ +1 +· +· +0\.541 +· +0\.382/m);
    // No respondent id or weight reaches the report.
    expect(r.stdout).not.toMatch(/V22\d{10}/);
    expect(r.stdout).not.toContain('3285.4016952');
  });

  it('prints the whole JSON document with --json, measures and totals included, however large', () => {
    const r = klartext([HPS, '--spec', SPEC, '--json']);
    expect(r.status).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(200_000);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(['segments', 'concerns', 'measures', 'totals', 'pipeline', 'report']);
    expect(doc.segments).toHaveLength(75);
  });

  it('writes the readable report to a text file and the privacy report to a .json file, with totals in --out', async () => {
    const dir = await mkdtemp(join(inject('tmpRoot'), 'segreport-'));
    const [text, json, out] = [join(dir, 'report.txt'), join(dir, 'report.json'), join(dir, 'segments.json')];
    const r1 = klartext([HPS, '--spec', SPEC, '--report', text]);
    expect(r1.status).toBe(0);
    expect(r1.stdout).toContain(`Readable report written to ${text}`);
    expect(await readFile(text, 'utf8')).toContain('OUTCOME: Would get a COVID-19 vaccine');
    const r2 = klartext([HPS, '--spec', SPEC, '--report', json, '--out', out]);
    expect(r2.status).toBe(0);
    const report = JSON.parse(await readFile(json, 'utf8'));
    expect(report).toMatchObject({ protection: { method: 'cellKey', maxNoise: 3, variance: 1 } });
    expect(report.mainConcernPublished).toEqual({ published: 75, segments: 75 });
    const written = JSON.parse(await readFile(out, 'utf8'));
    expect(written.measures.map((m: { id: string }) => m.id)).toEqual(['intent']);
    expect(written.totals.overall.measures.intent.levels.probably.share).toBeGreaterThan(0.4);
    expect(Object.keys(written.totals.byDimension)).toEqual(['age', 'sex', 'region', 'education']);
  });
});
