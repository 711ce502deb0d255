// The segmentation spec's types: what a campaign writes in `segmentation.yaml`, after validation and defaults.
import type { MeasureSpec, ProtectionSpec } from './measures.ts';

export type { MeasureSpec, ProtectionSpec };

/** What to do with a code the spec does not list: stop the build, reject the row, or read the cell as missing. */
export type UnknownPolicy = 'error' | 'reject-row' | 'missing';

/** The five psychological antecedents of vaccination (5C model). */
export type FiveCDimension = 'confidence' | 'complacency' | 'constraints' | 'calculation' | 'collectiveResponsibility';

/** The 5C dimensions in their canonical order. */
export const FIVE_C: readonly FiveCDimension[] = [
  'confidence',
  'complacency',
  'constraints',
  'calculation',
  'collectiveResponsibility',
];

/** An inclusive lower and upper bound of an answer scale, e.g. `{ min: 1, max: 7 }`. */
export interface Scale {
  min: number;
  max: number;
}

/** A numeric band: `min` ≤ value < `below` (either bound may be left open). */
export interface Band {
  label: string;
  min?: number;
  below?: number;
}

/**
 * One coarser level of a generalisation ladder. Exactly one of `groups` (coarser label → finest labels it merges),
 * `label` (a single group holding everything) or `digits` (prefix dimensions: keep the first `digits` digits).
 */
export interface LadderLevel {
  /** Name of the level, shown in the generalisation note (`age generalised 5-year → 15-year`). */
  level: string;
  groups?: Record<string, string[]>;
  label?: string;
  digits?: number;
}

/** How one audience dimension is derived from one column, and how it may be generalised. */
export interface DimensionSpec {
  /** The column the dimension is read from. */
  column: string;
  /** For `bands`: the cell is the value itself (default), or a birth year turned into an age with `referenceYear`. */
  from: 'value' | 'birthYear';
  /** Numeric bands, ordered and non-overlapping; a value in no band rejects the row (out of band). */
  bands?: Band[];
  /** Code → label; several codes may share a label. */
  map?: Record<string, string>;
  /**
   * A code the dimension does not cover (unmapped, not a number for bands, not digits for a prefix): stop the build
   * (`error`), reject the row (`reject-row`), read it as no answer (`missing`, the row is then rejected as
   * missing-dimension) or, for maps, label it `other`. Default: the spec-wide `unknown`.
   */
  unknown?: UnknownPolicy | 'other';
  /** Keep the first 1 or 2 digits of a postcode-like code (finer is an identifier and refused). */
  prefix?: number;
  /** Name of the finest level, the derived labels themselves (default `detail`). */
  level: string;
  /** Coarser levels, finest first (default none); a final all-merging level `any` is added when missing. */
  ladder: LadderLevel[];
  /** The coarsest level klartext may generalise to; cells still below k there are suppressed. Default: `any`. */
  coarsest?: string;
}

/** A row filter condition: the column's code is (or is not) one of the listed codes. */
export type ColumnCondition = { column: string; in: string[] } | { column: string; notIn: string[] };

/** A filter entry: a column condition, or a list of which at least one must hold. */
export type FilterCondition = ColumnCondition | { anyOf: ColumnCondition[] };

/**
 * Select-all items, one 0/1 column per answer. Eligibility: a respondent was asked when any column of the block
 * (`asked: block`) or the item's own column (`asked: item`) is not missing; only they form the denominator.
 */
export interface MultiSelectSource {
  type: 'multiSelect';
  /** Column → concern id. Several columns may feed the same concern (held if any is selected). */
  columns: Record<string, string>;
  /** Codes meaning "selected" (default `[1]`). */
  selectedCodes: string[];
  /** Codes meaning "seen, not selected" (default `[0]`; HPS: `-99`): asked, not held. They win over `missingCodes`. */
  notSelectedCodes: string[];
  /** Codes meaning "not asked" (e.g. `-88`): excluded from the denominator. Default: the top-level missing codes. */
  missingCodes?: string[];
  /** Eligibility per select-all block (default) or per item. */
  asked: 'block' | 'item';
  /** A code neither selected, not selected nor missing. Default: the spec-wide `unknown`. */
  unknown?: UnknownPolicy;
}

/** One column holding a delimited list of answer codes (e.g. `side;cost`). Empty or missing: not asked. */
export interface ListSource {
  type: 'list';
  column: string;
  /** Default `;`. */
  separator: string;
  /** Answer code → concern id. */
  values: Record<string, string>;
  /** Older spelling of `unknown`: `reject` = `reject-row`, `ignore` = `missing` (that answer is left out). */
  unknownValues?: 'reject' | 'ignore';
  /** An answer code not in `values`. Default: the spec-wide `unknown`. */
  unknown?: UnknownPolicy;
  missingCodes?: string[];
}

/** Likert items: a respondent holds the concern when the answer is at least `threshold`. */
export interface LikertSource {
  type: 'likert';
  /** Column → concern id. */
  columns: Record<string, string>;
  scale: Scale;
  threshold: number;
  missingCodes?: string[];
  /** An answer off the scale or not a number. Default: the spec-wide `unknown`. */
  unknown?: UnknownPolicy;
}

/** A source of concern answers. */
export type ConcernSource = MultiSelectSource | ListSource | LikertSource;

/** The concern vocabulary (id → label, ids as used by claim topics) and where the answers come from. */
export interface ConcernsSpec {
  vocabulary: Record<string, string>;
  sources: ConcernSource[];
}

/** One 5C item: its column and answer scale; the output is the weighted mean on that scale. */
export interface FiveCItem {
  column: string;
  scale: Scale;
}

/** A validated segmentation spec (see `parseSegmentationSpec`). */
export interface SegmentationSpec {
  /** Smallest publishable segment (unweighted respondents). Default 11; below 3 refused. */
  k: number;
  /** The survey's language (two-letter code): the scripts' language unless a language dimension or rule says else. */
  language?: string;
  /**
   * A code the spec does not list, anywhere (dimensions, concerns, 5C items), unless the entry sets its own: stop the
   * build naming each code, its first line and its row count (`error`, default), reject such rows (`reject-row`) or
   * read the cell as no answer (`missing`). The report lists every unknown code either way.
   */
  unknown: UnknownPolicy;
  /** ℓ-diversity on concerns: 2 (default) = no published segment may be unanimous on a concern; 1 = off. */
  l: number;
  /** Year birth years are subtracted from (`from: birthYear`). */
  referenceYear?: number;
  /** Codes that mean "no answer" in every column (default none; an empty cell always does). */
  missingCodes: string[];
  /** Column of survey weights (positive numbers); without it every row weighs 1. */
  weight?: string;
  /** Identifier columns the file has and klartext must never read (e.g. a respondent id). Default none. */
  drop: string[];
  /** Free-text columns the PII guard scans (default none); segmentation never reads them. */
  freeText: string[];
  /** Rows must meet every condition to be used; the others are counted as filtered, not rejected. */
  filter: FilterCondition[];
  /** Audience dimensions by name, in priority order: the first are kept finest longest. */
  dimensions: Record<string, DimensionSpec>;
  /** Default: no concerns. */
  concerns: ConcernsSpec;
  /** Default: no 5C items. */
  fiveC: Partial<Record<FiveCDimension, FiveCItem>>;
  /** Aggregated segment tables: refuse a row below k with its line (default), or merge it up the ladders. */
  smallRows: 'refuse' | 'merge';
  /** Outcome measures (e.g. vaccinated; intent with levels), published beside concerns. Default none. */
  measures?: Record<string, MeasureSpec>;
  /** How published counts are protected. Default: the cell key method, D = 3, V = 1. */
  protection?: ProtectionSpec;
}
