// One measured run in its own process (so peak RSS is its own): `parse` = a bare csv-parse pass, `build` = segments build.
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse';
import { segmentFile } from '../segments/segment-file.ts';
import { parseSegmentationSpec } from '../segments/spec.ts';

const [mode, file, specPath] = process.argv.slice(2);
const started = performance.now();
let rows = 0;
if (mode === 'parse') {
  for await (const record of createReadStream(file!).pipe(parse({ from_line: 2 })))
    rows += (record as unknown[]).length > 0 ? 1 : 0;
} else if (mode === 'build') {
  const spec = parseSegmentationSpec(await readFile(specPath!, 'utf8'), specPath!);
  const result = await segmentFile({ path: file!, spec });
  rows = result.report.rowsRead;
} else {
  throw new Error('usage: segments-run.ts parse|build <file> [spec]');
}
const seconds = (performance.now() - started) / 1000;
// maxRSS is in kilobytes on Linux.
console.log(JSON.stringify({ mode, rows, seconds, peakRssMB: process.resourceUsage().maxRSS / 1024 }));
