// Compiles a segmentation spec against a file's header: column indexes, cached classifiers, one cheap per-row read.
import { InputError } from '../shared/errors.ts';
import {
  BAD_WEIGHT,
  FILTERED,
  MISSING,
  OUT_OF_BAND,
  UNKNOWN_CODE,
  UNKNOWN_FATAL,
  memo,
  missingTest,
} from './cell-codes.ts';
import { compileConcerns, compileFiveC } from './derive-concerns.ts';
import type { ColumnIndex, ConcernReader, FiveCReader } from './derive-concerns.ts';
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
  /**
   * Reads one row: returns its cell key (≥ 0: the finest labels, mixed-radix) or a negative status (see
   * `cell-codes.ts`); on success `weight`, `concerns` and `fiveC` hold the row's answers.
   * @throws InputError at the row's line for an unmapped code in a dimension with `unknown: error`.
   */
  readRow(cells: readonly string[], line: number): number;
}

function classifyDimension(dim: DimensionSpec, h: Hierarchy, spec: SegmentationSpec): (cell: string) => number {
  const isMissing = missingTest(spec.missingCodes);
  if (dim.bands) {
    const bands = dim.bands;
    const offset = dim.from === 'birthYear' ? (spec.referenceYear as number) : undefined;
    return memo((cell) => {
      if (isMissing(cell)) return MISSING;
      const raw = Number(cell.trim());
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
    const other =
      dim.unknown === 'other' ? h.labels.indexOf('other') : dim.unknown === 'reject' ? UNKNOWN_CODE : UNKNOWN_FATAL;
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

/**
 * Binds a spec to a header.
 * @throws InputError `path:1:1: …` naming the first spec column the header lacks.
 */
export function compileSpec(spec: SegmentationSpec, header: readonly string[], path: string): CompiledSpec {
  const names = header.map((h) => h.trim());
  const col: ColumnIndex = (column, field) => {
    const index = names.indexOf(column);
    if (index !== -1) return index;
    const near = names.find((n) => n.toLowerCase() === column.toLowerCase());
    const hint = near
      ? `; the header has '${near}' — column names are case-sensitive`
      : '; check the spelling, or whether this is the file the spec was written for';
    throw new InputError(
      `${path}:1:1: the header has no column '${column}', which the segmentation spec names in ${field}${hint}`,
    );
  };
  const entries = Object.entries(spec.dimensions);
  const dimensions = entries.map(([name, dim]) => buildHierarchy(name, dim));
  const dimIndex = Int32Array.from(entries, ([name, dim]) => col(dim.column, `dimensions.${name}.column`));
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
  const concerns = compileConcerns(spec, col);
  const fiveC = compileFiveC(spec, col);
  const compiled: CompiledSpec = {
    spec,
    path,
    dimensions,
    concerns,
    fiveC,
    identifiersDropped: spec.drop.filter((c) => names.includes(c)),
    strides,
    weight: 1,
    readRow(cells, line) {
      for (let f = 0; f < filters.length; f++)
        if (!(filters[f] as (cells: readonly string[]) => boolean)(cells)) return FILTERED;
      let key = 0;
      for (let d = 0; d < classifiers.length; d++) {
        const pos = (classifiers[d] as (cell: string) => number)(cells[dimIndex[d] as number] ?? '');
        if (pos === UNKNOWN_FATAL) throw unmappedCode(path, line, entries[d] as [string, DimensionSpec]);
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
    },
  };
  return compiled;
}

// Privacy: the message names the line and the column, never the code itself (a raw cell value).
function unmappedCode(path: string, line: number, [name, dim]: [string, DimensionSpec]): InputError {
  return new InputError(
    `${path}:${line}:1: column ${dim.column} holds a code that dimensions.${name}.map does not list; add the code to the map, or set unknown: other (label it 'other') or unknown: reject (skip such rows) in the spec`,
  );
}
