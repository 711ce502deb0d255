// `npm run bench:segments`: a deterministic 1,000,000-row HPS-shaped file, a bare csv-parse pass and the full
// `segments build` over it, each in its own process; prints both, their ratio and peak RSS against the targets.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeHpsLikeFile } from './hps-generator.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const ROOT = join(import.meta.dirname, '..');
const dir = join(ROOT, '.cache', 'bench');
const file = join(dir, `hps-like-${ROWS}.csv`);
const spec = join(ROOT, 'examples', 'hps-week22', 'segmentation.yaml');

interface Run {
  mode: string;
  rows: number;
  seconds: number;
  peakRssMB: number;
}

function run(mode: 'parse' | 'build'): Run {
  const out = execFileSync(process.execPath, [join(import.meta.dirname, 'segments-run.ts'), mode, file, spec], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as Run;
}

await mkdir(dir, { recursive: true });
if (!existsSync(file)) {
  console.log(`generating ${ROWS.toLocaleString('en')} rows → ${file}`);
  await writeHpsLikeFile(file, ROWS);
}
console.log(`file: ${(statSync(file).size / 1e6).toFixed(1)} MB, ${ROWS.toLocaleString('en')} rows`);
// Warm the page cache so neither run pays for the first read.
run('parse');
const parse = run('parse');
const build = run('build');
const ratio = build.seconds / parse.seconds;
const line = (r: Run) =>
  `${r.mode.padEnd(6)} ${r.seconds.toFixed(2).padStart(7)} s   peak RSS ${r.peakRssMB.toFixed(0).padStart(4)} MB`;
console.log(line(parse));
console.log(line(build));
console.log(
  `ratio build/parse ${ratio.toFixed(2)} (target ≤ 1.5)   build peak RSS ${build.peakRssMB.toFixed(0)} MB (target ≤ 300)`,
);
console.log(ratio <= 1.5 && build.peakRssMB <= 300 ? 'targets met' : 'TARGETS MISSED');
