// Opens a respondent-level CSV file (plain or gzipped, UTF-8 or Windows-1252) as a streaming, single-pass RowSource.
import { createReadStream } from 'node:fs';
import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import type { Info, Parser } from 'csv-parse';
import { InputError } from '../shared/errors.ts';
import { cellPositions, countNewlines, createByteDecoder, detectDelimiter } from './csv-text.ts';
import type { ByteDecoder, Delimiter } from './csv-text.ts';
import type { RowSource, SourceRow } from './rows.ts';
import { inputErrorAt } from '../campaign/yaml-source.ts';

/** Bytes read ahead to detect compression, encoding and delimiter; the rest of the file is streamed. */
const SNIFF_BYTES = 64 * 1024;
/** A longer record means a quote was never closed; refusing it keeps memory bounded. */
const MAX_RECORD_CHARS = 1_000_000;

/** Options for {@link openRowSource}. */
export interface OpenRowSourceOptions {
  /** `auto` (default): UTF-8, unless the bytes before the first non-UTF-8 byte are plain ASCII: then Windows-1252. */
  encoding?: 'auto' | 'utf-8' | 'windows-1252';
}

/**
 * Opens a `.csv` or `.csv.gz` file (gzip is recognised by its magic bytes) and reads its header and first row; the
 * remaining rows stream as they are consumed, so memory stays flat in the file size. Header names are trimmed.
 * `encoding` may switch from `utf-8` to `windows-1252` while rows are read, when an ASCII-only start is followed by
 * bytes that are not UTF-8 (German Excel exports whose first umlaut comes late).
 * @throws InputError (`path:line:column: …`) for an unreadable, empty or header-only file, a missing or duplicate
 *   header name, and, while rows are read, for rows with the wrong number of cells, broken quoting or bytes that are
 *   not UTF-8. Messages never quote cell values.
 * Read `rows` to the end, or break out of the loop, to close the file.
 */
export async function openRowSource(path: string, opts: OpenRowSourceOptions = {}): Promise<RowSource> {
  const bytes = fileBytes(path)[Symbol.asyncIterator]();
  const head = await readAhead(path, bytes);
  const lines = { end: 0, empty: 0, raw: 0, columns: 0 };
  const toRow = (cells: string[], info: Info): SourceRow => ({ line: startLine(lines, cells, info), cells });
  let parser: Parser | undefined;
  try {
    if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
      throw inputErrorAt(path, { line: 1, column: 1 }, 'the file is UTF-16; save it as "CSV UTF-8" and try again');
    }
    const control = controlByte(head, true);
    if (control !== -1) throw notText(path, control);
    const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
    // A BOM or an explicit choice declares the encoding; only an undeclared ASCII start may be Windows-1252.
    const encoding = opts.encoding === 'windows-1252' ? 'windows-1252' : 'utf-8';
    const decoder = createByteDecoder(path, encoding, !bom && (opts.encoding ?? 'auto') === 'auto');
    const text = decoder.write(bom ? head.subarray(3) : head);
    const newline = text.indexOf(10);
    const headerText = text.toString('utf8', 0, newline === -1 ? text.length : newline);
    const delimiter = detectDelimiter(headerText);
    const csv = parse({
      delimiter,
      record_delimiter: ['\r\n', '\n', '\r'],
      skip_empty_lines: true,
      max_record_size: MAX_RECORD_CHARS,
      // csv-parse types `on_record` as returning the record's own type, but passes on whatever it returns.
      on_record: toRow as unknown as (cells: string[], info: Info) => string[],
    });
    parser = csv;
    // Destroying the parser (on an error, or when the consumer stops early) closes the chain down to the file.
    pipeline(Readable.from(decoded(path, head.length, text, bytes, decoder), { objectMode: false }), csv, () => {});
    const records = csv[Symbol.asyncIterator]() as AsyncIterator<SourceRow>;
    const next = async (): Promise<IteratorResult<SourceRow>> => {
      try {
        return await records.next();
      } catch (error) {
        const info = error as Partial<Info>;
        const line = lines.end + 1 + (info.empty_lines ?? lines.empty) - lines.empty;
        // csv-parse counts line breaks inside quotes too: a record still open over several lines is quoted.
        const spansLines = (info.lines ?? 0) - lines.raw > 1;
        throw readError(path, error, line, lines.columns, delimiter, spansLines);
      }
    };
    const [header, first] = [await next(), await next()];
    if (header.done) throw emptyFile(path, 'the file is empty');
    const names = header.value.cells.map((name) => name.trim());
    checkNames(path, names, headerText, delimiter);
    if (first.done) throw emptyFile(path, 'the file has a header line but no rows');
    const firstRow = first.value;
    let iterated = false;
    const rows = async function* (): AsyncGenerator<SourceRow> {
      try {
        yield firstRow;
        for (let r = await next(); !r.done; r = await next()) yield r.value;
      } finally {
        csv.destroy();
      }
    };
    return {
      path,
      header: names,
      delimiter,
      get encoding() {
        return decoder.encoding;
      },
      rows: {
        [Symbol.asyncIterator]: () => {
          if (iterated) throw new Error(`the rows of ${path} can be read only once; open the file again`);
          iterated = true;
          return rows();
        },
      },
    };
  } catch (error) {
    parser?.destroy();
    bytes.return(undefined).catch(() => {});
    throw error;
  }
}

// csv-parse reports the line a record ends on, and counts a CRLF inside quotes twice; derive where records start.
function startLine(lines: { end: number; empty: number; raw: number; columns: number }, cells: string[], info: Info) {
  if (lines.columns === 0) lines.columns = cells.length;
  const skipped = info.empty_lines - lines.empty;
  const start = lines.end + 1 + skipped;
  let end = start;
  if (info.lines - lines.raw > 1 + skipped) end += cells.reduce((n, cell) => n + countNewlines(cell), 0);
  [lines.end, lines.empty, lines.raw] = [end, info.empty_lines, info.lines];
  return start;
}

async function* fileBytes(path: string): AsyncGenerator<Buffer> {
  const file = createReadStream(path, { highWaterMark: SNIFF_BYTES });
  const chunks = file[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await chunks.next();
  if (first.done) return;
  const all = (async function* () {
    yield first.value;
    yield* { [Symbol.asyncIterator]: () => chunks };
  })();
  const gzip = first.value[0] === 0x1f && first.value[1] === 0x8b;
  yield* gzip ? pipeline(Readable.from(all), createGunzip(), () => {}) : all;
}

async function readAhead(path: string, bytes: AsyncIterator<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    while (size < SNIFF_BYTES) {
      const r = await bytes.next();
      if (r.done) break;
      chunks.push(r.value);
      size += r.value.length;
    }
  } catch (error) {
    throw readError(path, error, 1, 0, ',');
  }
  return Buffer.concat(chunks);
}

async function* decoded(
  path: string,
  offset: number,
  head: Buffer,
  rest: AsyncIterator<Buffer>,
  decoder: ByteDecoder,
): AsyncGenerator<Buffer> {
  if (head.length > 0) yield head;
  for await (const chunk of { [Symbol.asyncIterator]: () => rest }) {
    // A NUL byte means binary data (or a UTF-16 file without a BOM); csv-parse would read it as text.
    const nul = controlByte(chunk, false);
    if (nul !== -1) throw notText(path, offset + nul);
    offset += chunk.length;
    const text = decoder.write(chunk);
    if (text.length > 0) yield text;
  }
  const tail = decoder.end();
  if (tail.length > 0) yield tail;
}

function checkNames(path: string, names: readonly string[], headerText: string, delimiter: Delimiter): void {
  const positions = cellPositions(headerText, [0], 1, delimiter, names.length);
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    const earlier = seen.get(name);
    seen.set(name, earlier ?? i + 1);
    // A header made of codes, or of words with spaces, may be a data row (a file without a header line); then the name
    // may be a respondent's value and is not quoted.
    const shown = /\p{L}/u.test(name) && /^[\p{L}\d_.-]{1,40}$/u.test(name) ? `the name "${name}"` : 'a name';
    const problem =
      name === ''
        ? `column ${i + 1} has no name; give every column a name in the header`
        : earlier !== undefined
          ? `${shown} is used by columns ${earlier} and ${i + 1}; rename one of them (the first line must name the columns)`
          : undefined;
    if (problem) throw inputErrorAt(path, { line: 1, column: positions[i]?.column ?? 1 }, problem);
  });
}

function emptyFile(path: string, what: string): InputError {
  const fix = 'a respondent file needs a header line naming the columns, then one row per respondent';
  return inputErrorAt(path, { line: 1, column: 1 }, `${what}; ${fix}`);
}

const STRAY_QUOTE =
  'a double quote inside a cell is not escaped; put the cell in double quotes and double the quote ("")';
const CSV_PROBLEMS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted cell that starts on this line is never closed; add the closing double quote',
  CSV_INVALID_CLOSING_QUOTE: STRAY_QUOTE,
  CSV_INVALID_OPENING_QUOTE: STRAY_QUOTE,
  INVALID_OPENING_QUOTE: STRAY_QUOTE,
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: STRAY_QUOTE,
};

// Privacy: csv-parse's messages and fields (`field`, `record`, `raw`) quote cell values, so the message is built
// from the error's code and counts alone, and the error never becomes a cause (whose stack a debug run would print).
function readError(
  path: string,
  error: unknown,
  line: number,
  columns: number,
  delimiter: string,
  spansLines = false,
): InputError {
  if (error instanceof InputError) return error;
  const { code, record, syscall, index } = error as {
    code?: unknown;
    record?: unknown;
    syscall?: unknown;
    index?: unknown;
  };
  const cell = typeof index === 'number' ? ` (cell ${index + 1})` : '';
  const at = { line, column: 1 };
  if (code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' && Array.isArray(record)) {
    const name = delimiter === '\t' ? 'a tab' : `"${delimiter}"`;
    const fix = `cells that contain ${name} must be in double quotes`;
    return inputErrorAt(path, at, `this row has ${record.length} cells but the header has ${columns}; ${fix}`);
  }
  if (code === 'CSV_MAX_RECORD_SIZE') {
    const limit = MAX_RECORD_CHARS.toLocaleString('en');
    const which = typeof index === 'number' ? `cell ${index + 1}` : 'a cell';
    const problem = spansLines
      ? `${which}, quoted, starts on this line and runs over several lines and past ${limit} characters; its closing double quote is probably missing`
      : `${which} on this line is longer than ${limit} characters, far more than a survey answer holds; check that this is the respondent file`;
    return inputErrorAt(path, at, problem);
  }
  if (typeof code === 'string' && code in CSV_PROBLEMS) return inputErrorAt(path, at, `${CSV_PROBLEMS[code]}${cell}`);
  if (typeof code === 'string' && code.startsWith('Z_')) {
    return inputErrorAt(path, at, 'the gzip data is damaged or cut off here; compress the file again', error);
  }
  if (typeof code === 'string' && syscall !== undefined) {
    return inputErrorAt(path, { line: 1, column: 1 }, `the file cannot be read (${code}); check the path`, error);
  }
  const kind = typeof code === 'string' && /^[A-Z_]+$/.test(code) ? ` (${code})` : '';
  return inputErrorAt(path, at, `this row cannot be read as CSV${kind}${cell}; check its quoting and delimiters`);
}

/** Bytes that never occur in a text table: NUL and the C0 controls other than tab, line feed, form feed and CR. */
function controlByte(bytes: Buffer, all: boolean): number {
  const nul = bytes.indexOf(0);
  if (!all) return nul;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d) return i;
  }
  return -1;
}

function notText(path: string, offset: number): InputError {
  return new InputError(
    `${path}: not a text table: a control byte (NUL or another one binary files hold, never CSV text) at byte offset ${offset}; export the data as CSV (UTF-8) and try again`,
  );
}
