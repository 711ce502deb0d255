// The contract between file intake and segmentation: rows as cell arrays with their line, never stored or logged.

/** One data row as read from a file. `line` is the 1-based physical line where the record starts (for errors only). */
export interface SourceRow {
  line: number;
  cells: readonly string[];
}

/** A readable table: its header and a single-pass stream of rows. Memory stays flat: rows are not kept. */
export interface RowSource {
  path: string;
  header: readonly string[];
  rows: AsyncIterable<SourceRow>;
  encoding: 'utf-8' | 'windows-1252';
  delimiter: ',' | ';' | '\t';
}
