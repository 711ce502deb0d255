// Test RowSources: one from in-memory string arrays, one from a real CSV file via csv-parse (no intake needed).
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import type { RowSource, SourceRow } from '../../segments/rows.ts';

/** A RowSource over `rows` (header first). Lines count from 1 for the header, as in a file. */
export function memorySource(table: readonly (readonly string[])[], path = 'memory.csv'): RowSource {
  const [header = [], ...rows] = table;
  return {
    path,
    header,
    encoding: 'utf-8',
    delimiter: ',',
    rows: (async function* (): AsyncGenerator<SourceRow> {
      for (const [i, cells] of rows.entries()) yield { line: i + 2, cells };
    })(),
  };
}

/** A streaming RowSource over a comma-separated UTF-8 file with a header line. */
export function csvFileSource(path: string): RowSource {
  const header =
    (parseSync(readFileSync(path, 'utf8').slice(0, 65_536).split('\n')[0] as string) as string[][])[0] ?? [];
  async function* rows(): AsyncGenerator<SourceRow> {
    const parser = createReadStream(path).pipe(parse({ from_line: 2, info: true }));
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      yield { line: info.lines, cells: record };
    }
  }
  return { path, header, encoding: 'utf-8', delimiter: ',', rows: rows() };
}

/** Parses a whole CSV file into header and rows (for hand computations in tests). */
export function readCsv(path: string): { header: string[]; rows: string[][] } {
  const [header = [], ...rows] = parseSync(readFileSync(path, 'utf8')) as string[][];
  return { header, rows };
}
