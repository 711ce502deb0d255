// `npm run bench:segments`: a deterministic HPS-shaped file (1,000,000 rows; BENCH_ROWS to change), the fastest bare
// csv-parse pass over it, and the real `klartext segments build` command, start-up included, with its peak RSS.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { writeHpsLikeFile } from './hps-generator.ts';
import { PARSE_MODES } from './segments-run.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 2);
const ROOT = join(import.meta.dirname, '..');
const dir = join(ROOT, '.cache', 'bench');
const file = join(dir, `hps-like-${ROWS}.csv`);
const spec = join(ROOT, 'examples', 'hps-week22', 'segmentation.yaml');
const TIME = '/usr/bin/time';

interface Run {
  what: string;
  /** Wall-clock seconds of the whole process, start-up included. */
  wall: number;
  /** CPU seconds (user + system) of the process: less sensitive than wall time to other load on the machine. */
  cpu: number;
  /** Seconds of the parse loop alone (baselines only). */
  inner?: number;
  peakRssMB: number;
}

/** Runs a command under GNU time: wall-clock seconds and the peak RSS of the process (and its children). */
function timed(what: string, args: string[]): Run {
  const r = spawnSync(TIME, ['-f', 'TIME %e %M %U %S', process.execPath, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const measured = /TIME ([\d.]+) (\d+) ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr);
  if (r.status !== 0 || !measured) throw new Error(`${what} failed (${r.status}):\n${r.stderr.slice(-2000)}`);
  const inner = r.stdout.includes('"seconds"')
    ? (JSON.parse(r.stdout.trim()) as { seconds: number }).seconds
    : undefined;
  const cpu = Number(measured[3]) + Number(measured[4]);
  return { what, wall: Number(measured[1]), cpu, inner, peakRssMB: Number(measured[2]) / 1024 };
}

/** The best of `REPEAT` runs (the machine may be busy; the minimum is the least disturbed). */
function best(what: string, args: string[]): Run {
  const runs = Array.from({ length: REPEAT }, () => timed(what, args));
  return runs.reduce((a, b) => (b.wall < a.wall ? b : a));
}

if (!existsSync(TIME)) throw new Error(`${TIME} (GNU time) is needed to measure the command's peak RSS`);
await mkdir(dir, { recursive: true });
if (!existsSync(file)) {
  console.log(`generating ${ROWS.toLocaleString('en')} rows → ${file}`);
  await writeHpsLikeFile(file, ROWS);
}
console.log(
  `file: ${(statSync(file).size / 1e6).toFixed(1)} MB, ${ROWS.toLocaleString('en')} rows; best of ${REPEAT} runs each`,
);
// Warm the page cache so no run pays for the first read.
execFileSync('cat', [file], { stdio: 'ignore' });
const runner = join(import.meta.dirname, 'segments-run.ts');
const baselines = PARSE_MODES.map((mode) => best(`csv-parse ${mode}`, [runner, mode, file]));
const command = best('klartext segments build', [
  join(ROOT, 'bin', 'klartext.js'),
  'segments',
  'build',
  file,
  '--spec',
  spec,
]);
const fastest = baselines.reduce((a, b) => (b.wall < a.wall ? b : a));
const line = (r: Run) =>
  `${r.what.padEnd(26)} ${r.wall.toFixed(2).padStart(6)} s wall, ${r.cpu.toFixed(2).padStart(6)} s CPU${r.inner === undefined ? '' : ` (parse loop ${r.inner.toFixed(2)} s)`}   peak RSS ${r.peakRssMB.toFixed(0).padStart(4)} MB`;
for (const r of [...baselines, command]) console.log(line(r));
const ratio = command.wall / fastest.wall;
console.log(
  `baseline: ${fastest.what}; ratio command/baseline ${ratio.toFixed(2)} wall, ${(command.cpu / fastest.cpu).toFixed(2)} CPU (target ≤ 1.5 wall); command peak RSS ${command.peakRssMB.toFixed(0)} MB (target ≤ 300)`,
);
const [load] = loadavg();
console.log(
  `load average at the end ${load?.toFixed(1)} on ${availableParallelism()} cores (figures mean little when it is above the cores)`,
);
console.log(ratio <= 1.5 && command.peakRssMB <= 300 ? 'targets met' : 'TARGETS MISSED');
