// One measured csv-parse pass in its own process (the benchmark's baseline): `iterate`, `pipe`, `readable` or `data`.
import { createReadStream } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';

/** The ways to consume csv-parse's stream that the benchmark compares; the fastest is the baseline. */
export const PARSE_MODES = ['iterate', 'pipe', 'readable', 'data'] as const;
type Mode = (typeof PARSE_MODES)[number];

async function count(mode: Mode, file: string): Promise<number> {
  const parser = createReadStream(file).pipe(parse({ from_line: 2 }));
  let rows = 0;
  if (mode === 'iterate') {
    for await (const record of parser) rows += (record as unknown[]).length > 0 ? 1 : 0;
  } else if (mode === 'pipe') {
    const sink = new Writable({
      objectMode: true,
      highWaterMark: 1024,
      write: (_record, _encoding, done) => {
        rows++;
        done();
      },
    });
    await pipeline(parser, sink);
  } else {
    await new Promise<void>((resolve, reject) => {
      parser.on('error', reject).on('end', resolve);
      if (mode === 'data') parser.on('data', () => rows++);
      else
        parser.on('readable', () => {
          while (parser.read() !== null) rows++;
        });
    });
  }
  return rows;
}

// Run as a script (the benchmark imports PARSE_MODES only).
if (import.meta.main) {
  const [mode, file] = process.argv.slice(2);
  if (!PARSE_MODES.includes(mode as Mode) || !file)
    throw new Error(`usage: segments-run.ts ${PARSE_MODES.join('|')} <file>`);
  const started = performance.now();
  const rows = await count(mode as Mode, file);
  const seconds = (performance.now() - started) / 1000;
  // maxRSS is in kilobytes on Linux.
  console.log(JSON.stringify({ mode, rows, seconds, peakRssMB: process.resourceUsage().maxRSS / 1024 }));
}
