// Parses a ready-made segment table (CSV, aggregates only) into Segments, refusing small cells (k-anonymity).
import { parse } from 'csv-parse/sync';
import type { CsvError } from 'csv-parse/sync';
import { InputError } from '../shared/errors.ts';
import { READING_LEVELS, type ReadingLevel, type Segment } from '../shared/types.ts';
import { cellPositions, detectDelimiter, lineStarts } from './csv-text.ts';
import type { Delimiter } from './csv-text.ts';
import { inputErrorAt } from '../campaign/yaml-source.ts';
import type { Position } from '../campaign/yaml-source.ts';

/** Smallest group size that may be published; statistical offices suppress counts below 10–11. */
export const DEFAULT_K = 11;

/** The columns every segment table must have (others are ignored). */
export const REQUIRED_COLUMNS = ['segment_id', 'label', 'language', 'reading_level', 'size', 'concerns', 'tags'];

const TOKEN = /^[a-z0-9][a-z0-9_-]*$/;

/** Options for parsing a segment table. */
export interface SegmentTableOptions {
  /** Minimum group size (default {@link DEFAULT_K}). */
  k?: number;
}

/** Parsed segments plus the 1-based line each segment was read from, for later error messages. */
export interface SegmentTable {
  segments: Segment[];
  lines: Map<string, number>;
}

interface Row {
  fields: string[];
  line: number;
}

function readRows(text: string, path: string, delimiter: Delimiter): Row[] {
  try {
    const records = parse(text, { delimiter, info: true, skip_empty_lines: true }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
    // csv-parse reports the line a record ends on; a quoted cell may contain line breaks.
    return records.map(({ record, info }) => ({
      fields: record,
      line: info.lines - record.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0),
    }));
  } catch (error) {
    const e = error as CsvError & { lines?: number };
    const hint =
      e.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH'
        ? 'this row has a different number of cells than the header; quote cells that contain the delimiter'
        : e.code === 'CSV_QUOTE_NOT_CLOSED'
          ? 'a quoted cell is never closed; add the closing double quote'
          : `the CSV cannot be read (${e.code ?? 'unknown error'}); check quoting on this line`;
    throw inputErrorAt(path, { line: e.lines ?? 1, column: 1 }, hint, error);
  }
}

function tokens(value: string): string[] {
  return [...new Set(value.split(';').map((t) => t.trim().toLowerCase()))].filter((t) => t !== '');
}

/**
 * Parses a segment table and remembers each segment's line. Delimiter (`,` `;` tab) is detected from the header.
 * Error messages quote at most the offending cell, never the rest of the row.
 * @throws InputError with file:line:column for a missing column, or listing each row's bad cell, duplicate id or size
 *   below k, one row per line.
 */
export function parseSegmentTableWithLines(text: string, path: string, opts: SegmentTableOptions = {}): SegmentTable {
  const k = opts.k ?? DEFAULT_K;
  if (!Number.isInteger(k) || k < 1) throw new InputError(`k must be a whole number of at least 1, got ${k}`);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const delimiter = detectDelimiter(body);
  const [header, ...rows] = readRows(body, path, delimiter);
  if (!header) {
    const message = `the file is empty; start it with the header line ${REQUIRED_COLUMNS.join(',')}`;
    throw inputErrorAt(path, { line: 1, column: 1 }, message);
  }
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const missing = REQUIRED_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length > 0) {
    const message = `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; the header needs ${REQUIRED_COLUMNS.join(',')}`;
    throw inputErrorAt(path, { line: header.line, column: 1 }, message);
  }
  if (rows.length === 0) throw inputErrorAt(path, { line: header.line, column: 1 }, 'the table has no segment rows');

  const starts = lineStarts(body);
  const segments: Segment[] = [];
  const lines = new Map<string, number>();
  // Each row reports its first problem and the next row is still read, so one run lists every broken row.
  const problems: InputError[] = [];
  for (const row of rows) {
    try {
      readRow(row);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push(error);
    }
  }
  if (problems.length > 0) {
    throw new InputError(problems.map((e) => e.message).join('\n'), { cause: problems[0] });
  }
  return { segments, lines };

  function readRow(row: Row): void {
    const positions = cellPositions(body, starts, row.line, delimiter, names.length);
    const cell = (name: string): { value: string; pos: Position } => {
      const i = names.indexOf(name);
      return { value: (row.fields[i] ?? '').trim(), pos: positions[i] ?? { line: row.line, column: 1 } };
    };
    const fail = (name: string, message: string): never => {
      throw inputErrorAt(path, cell(name).pos, `${name} ${message}`);
    };
    const id = cell('segment_id').value;
    if (!TOKEN.test(id)) fail('segment_id', `'${id}' must be lower-case letters, digits, '-' or '_'`);
    const earlier = lines.get(id);
    if (earlier !== undefined) {
      fail('segment_id', `'${id}' is already used on line ${earlier}; segment ids must be unique`);
    }
    const label = cell('label').value;
    if (label === '') fail('label', 'is empty; give the group a short name');
    const language = cell('language').value.toLowerCase();
    if (!/^[a-z]{2}$/.test(language)) {
      fail('language', `'${language}' must be a two-letter ISO 639-1 code such as de, tr or uk`);
    }
    const readingLevel = cell('reading_level').value.toLowerCase();
    if (!(READING_LEVELS as readonly string[]).includes(readingLevel)) {
      fail('reading_level', `'${readingLevel}' must be one of ${READING_LEVELS.join(', ')}`);
    }
    const sizeText = cell('size').value;
    if (!/^\d+$/.test(sizeText)) fail('size', `'${sizeText}' must be a whole number of people`);
    const size = Number(sizeText);
    if (size < k) {
      // Privacy: publishing a group this small could single people out.
      fail(
        'size',
        `${size} is below the privacy threshold k=${k}: small groups must not be published. Merge this group with a similar one until it has at least ${k} people (only if your agency's disclosure policy allows smaller groups, lower k)`,
      );
    }
    const concerns = tokens(cell('concerns').value);
    if (concerns.length === 0) fail('concerns', "is empty; list at least one concern, separated by ';'");
    const badConcern = concerns.find((c) => !TOKEN.test(c));
    if (badConcern) fail('concerns', `'${badConcern}' must be lower-case letters, digits and dashes`);
    const tags = tokens(cell('tags').value);
    const badTag = tags.find((t) => !TOKEN.test(t));
    if (badTag) fail('tags', `'${badTag}' must be lower-case letters, digits and dashes`);
    segments.push({ id, label, language, readingLevel: readingLevel as ReadingLevel, size, concerns, tags });
    lines.set(id, row.line);
  }
}

/**
 * Parses a segment table (see {@link parseSegmentTableWithLines}).
 * @throws InputError with file:line:column.
 */
export function parseSegmentTable(text: string, path: string, opts?: SegmentTableOptions): Segment[] {
  return parseSegmentTableWithLines(text, path, opts).segments;
}
