// Compiles concern sources and 5C items into per-row readers that set flags in reused arrays (no per-row allocation).
import { MISSING, UNKNOWN_CODE, memo, missingTest } from './cell-codes.ts';
import type { UnknownPolicy } from './cell-codes.ts';
import { canonicalCode } from './spec.ts';
import type { ConcernSource, FiveCDimension, SegmentationSpec } from './spec.ts';

/** A column the reader needs, resolved by the caller to its index in the header. */
export type ColumnIndex = (column: string, field: string) => number;

/** Where an unknown code belongs and what the spec says to do with it. */
export interface UnknownPlace {
  key: string;
  fix: string;
  column: string;
  policy: UnknownPolicy;
}

/**
 * Called (off the hot path) for a cell the spec does not cover, with the column's index and the offending code;
 * records it and returns {@link UNKNOWN_CODE} (reject the row) or {@link MISSING} (read the cell as no answer).
 */
export type UnknownHandler = (place: UnknownPlace, index: number, code: string) => number;

// A non-number in a numeric column and an answer off its scale both mean the spec does not describe the column.
const OFF_SCALE = UNKNOWN_CODE;

function listPolicy(source: Extract<ConcernSource, { type: 'list' }>, spec: SegmentationSpec): UnknownPolicy {
  if (source.unknown) return source.unknown;
  if (source.unknownValues) return source.unknownValues === 'ignore' ? 'missing' : 'reject-row';
  return spec.unknown;
}

/** Reads a row's concern answers into `asked` and `yes` (1 = set), one slot per concern in vocabulary order. */
export interface ConcernReader {
  ids: readonly string[];
  labels: readonly string[];
  /** Per concern: who forms the denominator and when the concern counts as held. */
  basis: readonly string[];
  asked: Uint8Array;
  yes: Uint8Array;
  /** Clears the flags and reads one row; returns 0, or a negative status when the row must be rejected. */
  read(cells: readonly string[]): number;
}

const YES = 1;
const NO = 0;

function codeSet(codes: readonly string[]): Set<string> {
  return new Set(codes.map(canonicalCode));
}

function compileSource(
  source: ConcernSource,
  at: number,
  spec: SegmentationSpec,
  ids: readonly string[],
  col: ColumnIndex,
  reader: { asked: Uint8Array; yes: Uint8Array; basis: string[] },
  onUnknown: UnknownHandler,
): (cells: readonly string[]) => number {
  const { asked, yes, basis } = reader;
  const isMissing = missingTest(source.missingCodes ?? spec.missingCodes);
  const describe = (concern: number, text: string) => {
    basis[concern] = basis[concern] ? `${basis[concern]}; or ${text}` : text;
  };
  const field = `concerns.sources[${at}]`;
  if (source.type === 'list') {
    const index = col(source.column, `${field}.column`);
    const targets = Object.values(source.values).map((id) => ids.indexOf(id));
    const all = [...new Set(targets)];
    const lists: Int32Array[] = [];
    const place = { key: `${field}.values`, fix: `add it to ${field}.values`, column: source.column };
    const policy = listPolicy(source, spec);
    // Lists with an unknown answer are classified twice: once to notice it, once (policy `missing`) without it.
    const parse = (strict: boolean) =>
      memo((cell: string): number => {
        if (isMissing(cell)) return MISSING;
        const found = new Set<number>();
        for (const part of cell.split(source.separator)) {
          if (part.trim() === '') continue;
          const concern = source.values[canonicalCode(part)];
          if (concern !== undefined) found.add(ids.indexOf(concern));
          else if (strict) return UNKNOWN_CODE;
        }
        return lists.push(Int32Array.from(found)) - 1;
      });
    const [classify, lenient] = [parse(true), parse(false)];
    for (const c of all)
      describe(c, `respondents with ${source.column} not empty or missing; held when it lists the answer`);
    return (cells) => {
      const cell = cells[index] ?? '';
      let list = classify(cell);
      if (list === MISSING) return 0;
      if (list === UNKNOWN_CODE) {
        let status = MISSING;
        for (const part of cell.split(source.separator)) {
          if (part.trim() !== '' && source.values[canonicalCode(part)] === undefined) {
            status = onUnknown({ ...place, policy }, index, part);
          }
        }
        if (status !== MISSING) return status;
        list = lenient(cell);
      }
      for (const c of all) asked[c] = 1;
      for (const c of lists[list] as Int32Array) yes[c] = 1;
      return 0;
    };
  }
  const columns = Object.keys(source.columns);
  const indexes = Int32Array.from(columns, (name) => col(name, `${field}.columns.${name}`));
  const policy = source.unknown ?? spec.unknown;
  const fix =
    source.type === 'likert'
      ? `widen ${field}.scale (${source.scale.min}–${source.scale.max}), or add it to ${field}.missingCodes if it means no answer`
      : `add it to ${field}.selectedCodes, .notSelectedCodes or .missingCodes`;
  const places: UnknownPlace[] = columns.map((name) => ({ key: field, fix, column: name, policy }));
  const concerns = Int32Array.from(columns, (name) => ids.indexOf(source.columns[name] as string));
  let classify: (cell: string) => number;
  if (source.type === 'likert') {
    const { scale, threshold } = source;
    classify = memo((cell) => {
      if (isMissing(cell)) return MISSING;
      const value = Number(cell.trim());
      if (!Number.isFinite(value) || value < scale.min || value > scale.max) return OFF_SCALE;
      return value >= threshold ? YES : NO;
    });
    columns.forEach((name, i) => {
      describe(
        concerns[i] as number,
        `respondents answering ${name} (${scale.min}–${scale.max}); held at ${threshold} or more`,
      );
    });
  } else {
    // A "not selected" code (e.g. -99) means the item was seen: it wins over the missing codes.
    const [selected, notSelected] = [codeSet(source.selectedCodes), codeSet(source.notSelectedCodes)];
    classify = memo((cell) => {
      const code = canonicalCode(cell);
      if (notSelected.has(code)) return NO;
      if (selected.has(code)) return YES;
      return isMissing(cell) ? MISSING : UNKNOWN_CODE;
    });
    const held = `held when selected (${source.selectedCodes.join(', ')})`;
    const span = columns.length > 1 ? `${columns[0]} … ${columns[columns.length - 1]}` : columns[0];
    columns.forEach((name, i) => {
      const who =
        source.asked === 'block'
          ? `respondents shown the select-all question (${span} not missing)`
          : `respondents with ${name} not missing`;
      describe(concerns[i] as number, `${who}; ${held} in ${name}`);
    });
  }
  const block = source.type === 'multiSelect' && source.asked === 'block' ? Int32Array.from(new Set(concerns)) : null;
  // An item holding an explicit skip code (e.g. -88 where its own filter question said no) was not asked, whatever
  // the rest of the block shows: block eligibility only fills in empty cells.
  const skipped = new Uint8Array(ids.length);
  return (cells) => {
    // Cleared first, not last: a row rejected half-way (an unknown code) must not leave its skips to the next row.
    if (block) skipped.fill(0);
    let anyAsked = false;
    for (let i = 0; i < indexes.length; i++) {
      const cell = cells[indexes[i] as number] ?? '';
      let answer = classify(cell);
      if (answer === UNKNOWN_CODE) {
        answer = onUnknown(places[i] as UnknownPlace, indexes[i] as number, cell);
        if (answer !== MISSING) return answer;
      }
      if (answer === MISSING) {
        if (block && cell.trim() !== '') skipped[concerns[i] as number] = 1;
        continue;
      }
      anyAsked = true;
      const concern = concerns[i] as number;
      asked[concern] = 1;
      if (answer === YES) yes[concern] = 1;
    }
    // Select-all blocks are asked as a whole: seen at all means every item was on screen.
    if (block && anyAsked)
      for (let i = 0; i < block.length; i++) if (skipped[block[i] as number] === 0) asked[block[i] as number] = 1;
    return 0;
  };
}

/** Compiles the spec's concern sources. */
export function compileConcerns(spec: SegmentationSpec, col: ColumnIndex, onUnknown: UnknownHandler): ConcernReader {
  const ids = Object.keys(spec.concerns.vocabulary);
  const reader = { asked: new Uint8Array(ids.length), yes: new Uint8Array(ids.length), basis: ids.map(() => '') };
  const sources = spec.concerns.sources.map((s, i) => compileSource(s, i, spec, ids, col, reader, onUnknown));
  return {
    ids,
    labels: ids.map((id) => spec.concerns.vocabulary[id] as string),
    basis: reader.basis,
    asked: reader.asked,
    yes: reader.yes,
    read(cells) {
      reader.asked.fill(0);
      reader.yes.fill(0);
      for (let s = 0; s < sources.length; s++) {
        const status = (sources[s] as (cells: readonly string[]) => number)(cells);
        if (status < 0) return status;
      }
      return 0;
    },
  };
}

/** Reads a row's 5C answers into `values` (NaN = no answer), one slot per item present in the spec. */
export interface FiveCReader {
  dimensions: readonly FiveCDimension[];
  values: Float64Array;
  read(cells: readonly string[]): number;
}

/** Compiles the spec's 5C items. */
export function compileFiveC(spec: SegmentationSpec, col: ColumnIndex, onUnknown: UnknownHandler): FiveCReader {
  const isMissing = missingTest(spec.missingCodes);
  const items = Object.entries(spec.fiveC).map(([dimension, item]) => ({
    dimension: dimension as FiveCDimension,
    index: col(item.column, `fiveC.items.${dimension}`),
    place: {
      key: `fiveC.items.${dimension}`,
      fix: `widen the scale of fiveC.items.${dimension} (${item.scale.min}–${item.scale.max}), or add it to missingCodes if it means no answer`,
      column: item.column,
      policy: spec.unknown,
    },
    // Valid answers are finite; NaN = no answer; Infinity = off the scale or not a number, without allocating.
    classify: memo((cell: string): number => {
      if (isMissing(cell)) return NaN;
      const value = Number(cell.trim());
      return !Number.isFinite(value) || value < item.scale.min || value > item.scale.max ? Infinity : value;
    }),
  }));
  const values = new Float64Array(items.length);
  return {
    dimensions: items.map((i) => i.dimension),
    values,
    read(cells) {
      for (let i = 0; i < items.length; i++) {
        const item = items[i] as (typeof items)[number];
        let value = item.classify(cells[item.index] ?? '');
        if (value === Infinity) {
          if (onUnknown(item.place, item.index, cells[item.index] ?? '') !== MISSING) return UNKNOWN_CODE;
          value = NaN;
        }
        values[i] = value;
      }
      return 0;
    },
  };
}
