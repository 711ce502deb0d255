// `klartext segments build` as a user runs it: outputs, gzip input, free-text PII refused or redacted.
import { spawnSync } from 'node:child_process';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const HPS = join(ROOT, 'test', 'fixtures', 'hps_week22_sample', 'hps_week22_vaccine_sample_1in10.csv');
const SPEC = join(ROOT, 'examples', 'hps-week22', 'segmentation.yaml');

function klartext(args: string[]) {
  return spawnSync(process.execPath, [join(ROOT, 'cli', 'main.ts'), 'segments', 'build', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('klartext segments build', () => {
  it('writes segments and a privacy report, the same for plain and gzip input', async () => {
    const dir = await mkdtemp(join(inject('tmpRoot'), 'segcli-'));
    const gz = join(dir, 'hps.csv.gz');
    await writeFile(gz, gzipSync(await readFile(HPS)));
    const runs = [];
    for (const [input, name] of [
      [HPS, 'plain'],
      [gz, 'gz'],
    ] as const) {
      const out = join(dir, `${name}.json`);
      const report = join(dir, `${name}-report.json`);
      const r = klartext([input, '--spec', SPEC, '--out', out, '--report', report]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/Privacy: k=11, ℓ=2; rows read 6835, filtered 4397, rejected 0, used 2438/);
      runs.push({
        segments: JSON.parse(await readFile(out, 'utf8')).segments,
        report: JSON.parse(await readFile(report, 'utf8')),
      });
    }
    expect(runs[1]!.segments).toEqual(runs[0]!.segments);
    expect(runs[0]!.report).toMatchObject({ k: 11, rowsUsed: 2438, identifiersDropped: ['SCRAM'] });
    expect(Math.min(...runs[0]!.segments.map((s: { size: number }) => s.size))).toBeGreaterThanOrEqual(11);
  });

  it('refuses an e-mail address in a free-text column by line, and masks it with --redact', async () => {
    const dir = await mkdtemp(join(inject('tmpRoot'), 'segcli-'));
    const rows = Array.from(
      { length: 24 },
      (_, i) => `${i % 2 ? 1 : 2},${i % 3},${i === 7 ? 'mail anna@example.de' : 'ok'}`,
    );
    const csv = join(dir, 'survey.csv');
    await writeFile(csv, ['SEX,WORRIED,NOTE', ...rows].join('\n') + '\n');
    const spec = join(dir, 'spec.yaml');
    await writeFile(
      spec,
      [
        'k: 3',
        'l: 1',
        'language: de',
        'freeText: [NOTE]',
        'dimensions:',
        '  sex: { column: SEX, map: { 1: male, 2: female } }',
        'concerns:',
        '  vocabulary: { worried: Worried }',
        '  sources:',
        '    - { type: likert, columns: { WORRIED: worried }, scale: { min: 0, max: 2 }, threshold: 1 }',
      ].join('\n') + '\n',
    );
    const refused = klartext([csv, '--spec', spec]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/survey\.csv:9:\d+: .*NOTE.*e-?mail/i);
    expect(refused.stderr).not.toContain('anna@example.de');
    const report = join(dir, 'report.json');
    const redacted = klartext([csv, '--spec', spec, '--redact', '--report', report]);
    expect(redacted.status).toBe(0);
    expect(JSON.parse(await readFile(report, 'utf8')).redacted.email).toBe(1);
  });
});
