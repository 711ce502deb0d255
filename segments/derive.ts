// Compiles a segmentation spec against a file's header: column indexes, cached classifiers, one cheap per-row read.
import { InputError } from '../shared/errors.ts';
import {
  BAD_WEIGHT,
  FILTERED,
  MISSING,
  OUT_OF_BAND,
  UNKNOWN_CODE,
  createRowIssues,
  memo,
  missingTest,
  reasonOf,
} from './cell-codes.ts';
import type { RowIssues, UnknownCode } from './cell-codes.ts';
import { compileConcerns, compileFiveC } from './derive-concerns.ts';
import type { ColumnIndex, ConcernReader, FiveCReader, UnknownPlace } from './derive-concerns.ts';
import { buildHierarchy } from './ladder.ts';
import type { Hierarchy } from './ladder.ts';
import { canonicalCode } from './spec.ts';
import type { ColumnCondition, DimensionSpec, SegmentationSpec } from './spec.ts';

/** A spec bound to one header. `readRow` is the whole per-row path; its results land in the reused arrays. */
export interface CompiledSpec {
  spec: SegmentationSpec;
  /** The data file's path, for errors that name a row's line. */
  path: string;
  dimensions: readonly Hierarchy[];
  concerns: ConcernReader;
  fiveC: FiveCReader;
  /** Columns of the spec's drop list that the header has. */
  identifiersDropped: readonly string[];
  /** Per dimension, the multiplier of its label position in a cell key. */
  strides: readonly number[];
  /** The weight of the row last read (1 without a weight column). */
  weight: number;
  /** The first lines of rejected rows per reason, and every code the spec does not list, with counts. */
  issues: RowIssues;
  /**
   * Reads one row: returns its cell key (≥ 0: the finest labels, mixed-radix) or a negative status (see
   * `cell-codes.ts`); on success `weight`, `concerns` and `fiveC` hold the row's answers. A code the spec does not
   * list is recorded in `issues`; under `unknown: error` its row is rejected and {@link CompiledSpec.finish} throws.
   */
  readRow(cells: readonly string[], line: number): number;
  /**
   * Called once every row is read.
   * @throws InputError listing every code the spec does not list under `unknown: error`: file:line:column of its
   *   first occurrence, the column, the code, the spec key to add it to and how many rows carry it.
   */
  finish(): void;
}

function classifyDimension(dim: DimensionSpec, h: Hierarchy, spec: SegmentationSpec): (cell: string) => number {
  const isMissing = missingTest(spec.missingCodes);
  if (dim.bands) {
    const bands = dim.bands;
    const offset = dim.from === 'birthYear' ? (spec.referenceYear as number) : undefined;
    return memo((cell) => {
      if (isMissing(cell)) return MISSING;
      const raw = Number(cell.trim());
      // A value that is not a number is not covered by the bands: an unknown code, not an age out of range.
      if (!Number.isFinite(raw)) return UNKNOWN_CODE;
      const value = offset === undefined ? raw : offset - raw;
      const band = bands.findIndex(
        (b) => (b.min === undefined || value >= b.min) && (b.below === undefined || value < b.below),
      );
      return band === -1 ? OUT_OF_BAND : (h.position[band] as number);
    });
  }
  if (dim.map) {
    const labelIndex = new Map(Object.entries(dim.map).map(([c, label]) => [c, h.labels.indexOf(label)]));
    const other = dim.unknown === 'other' ? h.labels.indexOf('other') : UNKNOWN_CODE;
    return memo((cell) => (isMissing(cell) ? MISSING : (labelIndex.get(canonicalCode(cell)) ?? other)));
  }
  const digits = dim.prefix ?? 1;
  return memo((cell) => {
    if (isMissing(cell)) return MISSING;
    const head = cell.trim().slice(0, digits);
    return head.length === digits && /^\d+$/.test(head) ? (h.position[Number(head)] as number) : UNKNOWN_CODE;
  });
}

function compileCondition(c: ColumnCondition, index: number): (cells: readonly string[]) => boolean {
  // Codes are compared in canonical form, so `in: [2]` matches a cell `02`; an empty cell matches no code.
  const listed = new Set('in' in c ? c.in : c.notIn);
  const wanted = 'in' in c;
  const test = memo((cell: string) => listed.has(canonicalCode(cell)) === wanted);
  return (cells) => test(cells[index] ?? '');
}

function dimensionPlace(name: string, dim: DimensionSpec, spec: SegmentationSpec): UnknownPlace {
  const policy = dim.unknown === undefined || dim.unknown === 'other' ? spec.unknown : dim.unknown;
  const key = `dimensions.${name}.${dim.map ? 'map' : dim.bands ? 'bands' : 'prefix'}`;
  const fix = dim.map
    ? `add it to ${key}`
    : dim.bands
      ? `the bands need a number; add it to missingCodes if it means no answer`
      : `a postcode prefix needs digits; add it to missingCodes if it means no answer`;
  return { key, fix, column: dim.column, policy };
}

/**
 * Binds a spec to a header.
 * @throws InputError `path:1:1: …` naming every spec column the header lacks, each with the spec key naming it.
 */
export function compileSpec(spec: SegmentationSpec, header: readonly string[], path: string): CompiledSpec {
  const names = header.map((h) => h.trim());
  const absent = new Map<string, string[]>();
  const col: ColumnIndex = (column, field) => {
    const index = names.indexOf(column);
    if (index === -1) absent.set(column, [...(absent.get(column) ?? []), field]);
    return index;
  };
  const issues = createRowIssues();
  // The row being read, for locating an unknown code (set per row; no allocation on the hot path).
  let rowCells: readonly string[] = [];
  let rowLine = 0;
  const onUnknown = (place: UnknownPlace, index: number, code: string) =>
    issues.unknown(place, rowCells, index, code, rowLine);
  const entries = Object.entries(spec.dimensions);
  const dimensions = entries.map(([name, dim]) => buildHierarchy(name, dim));
  const dimIndex = Int32Array.from(entries, ([name, dim]) => col(dim.column, `dimensions.${name}.column`));
  const dimPlaces = entries.map(([name, dim]) => dimensionPlace(name, dim, spec));
  const classifiers = entries.map(([, dim], d) => classifyDimension(dim, dimensions[d] as Hierarchy, spec));
  const strides: number[] = [];
  let combinations = 1;
  for (const h of dimensions) {
    strides.push(combinations);
    combinations *= h.labels.length;
  }
  if (combinations > Number.MAX_SAFE_INTEGER) {
    throw new InputError(
      `the spec's dimensions have ${combinations} label combinations; use fewer or coarser dimensions`,
    );
  }
  const weightIndex = spec.weight === undefined ? -1 : col(spec.weight, 'weight');
  spec.freeText.forEach((c, i) => col(c, `freeText[${i}]`));
  const filters = spec.filter.map((f, i) => {
    const conditions = ('anyOf' in f ? f.anyOf : [f]).map((c, j) => {
      const field = 'anyOf' in f ? `filter[${i}].anyOf[${j}].column` : `filter[${i}].column`;
      return compileCondition(c, col(c.column, field));
    });
    return (cells: readonly string[]) => conditions.some((test) => test(cells));
  });
  const concerns = compileConcerns(spec, col, onUnknown);
  const fiveC = compileFiveC(spec, col, onUnknown);
  if (absent.size > 0) throw missingColumns(path, names, absent);
  const read = (cells: readonly string[]): number => {
    for (let f = 0; f < filters.length; f++)
      if (!(filters[f] as (cells: readonly string[]) => boolean)(cells)) return FILTERED;
    let key = 0;
    for (let d = 0; d < classifiers.length; d++) {
      const index = dimIndex[d] as number;
      let pos = (classifiers[d] as (cell: string) => number)(cells[index] ?? '');
      if (pos === UNKNOWN_CODE) pos = onUnknown(dimPlaces[d] as UnknownPlace, index, cells[index] ?? '');
      if (pos < 0) return pos;
      key += pos * (strides[d] as number);
    }
    if (weightIndex !== -1) {
      const weight = Number(cells[weightIndex]);
      if (!(weight > 0 && weight < Infinity)) return BAD_WEIGHT;
      compiled.weight = weight;
    }
    const status = concerns.read(cells);
    if (status < 0) return status;
    const fiveCStatus = fiveC.read(cells);
    return fiveCStatus < 0 ? fiveCStatus : key;
  };
  const compiled: CompiledSpec = {
    spec,
    path,
    dimensions,
    concerns,
    fiveC,
    identifiersDropped: spec.drop.filter((c) => names.includes(c)),
    strides,
    weight: 1,
    issues,
    readRow(cells, line) {
      rowCells = cells;
      rowLine = line;
      const status = read(cells);
      if (status < 0 && status !== FILTERED) issues.rejected(reasonOf(status), line);
      return status;
    },
    finish() {
      const stopping = issues.unknownCodes().filter((u) => u.policy === 'error');
      if (stopping.length > 0) throw unknownCodes(path, stopping);
    },
  };
  return compiled;
}

const MAX_LISTED = 30;

function missingColumns(path: string, names: readonly string[], absent: Map<string, string[]>): InputError {
  const lines = [...absent].map(([column, fields]) => {
    const near = names.find((n) => n.toLowerCase() === column.toLowerCase());
    const hint = near ? ` — the header has '${near}'; column names are case-sensitive` : '';
    return `  '${column}' (named in ${fields.join(', ')})${hint}`;
  });
  const what = absent.size === 1 ? 'a column' : `${absent.size} columns`;
  return new InputError(
    `${path}:1:1: the header lacks ${what} the segmentation spec names; check the spelling, or whether this is the file the spec was written for:\n${lines.join('\n')}`,
  );
}

// The code is shown when it is code-like (a number or one or two characters); other cell text is never echoed.
function unknownCodes(path: string, codes: UnknownCode[]): InputError {
  const rows = (n: number) => `${n.toLocaleString('en')} ${n === 1 ? 'row' : 'rows'}`;
  const lines = codes.slice(0, MAX_LISTED).map((u) => {
    const what = u.code === null ? 'a value that is not a code (not shown)' : `code ${u.code}`;
    return `  ${path}:${u.first.line}:${u.first.column}: column ${u.column} holds ${what} in ${rows(u.rows)}, which ${u.key} does not cover; ${u.fix}`;
  });
  if (codes.length > MAX_LISTED) lines.push(`  … and ${codes.length - MAX_LISTED} more`);
  const head = codes.length === 1 ? 'a code the spec does not list' : `${codes.length} codes the spec does not list`;
  return new InputError(
    `${path}: the file holds ${head}, so rows would be lost silently; add each code where named, or say what to do with such codes with \`unknown: reject-row\` or \`unknown: missing\` (for the whole spec, or on that dimension or concern source):\n${lines.join('\n')}`,
  );
}
