// Outcome measures (e.g. vaccinated; intent with levels): their spec schema and a per-row reader. Not concerns.
import { z } from 'zod';
import { InputError } from '../shared/errors.ts';
import { memo, missingTest } from './cell-codes.ts';
import type { RowIssues } from './cell-codes.ts';
import { maxVariance } from './cell-key.ts';
import { canonicalCode } from './spec.ts';
import type { ColumnCondition, FilterCondition } from './spec-types.ts';

/** One level of a measure: the codes that put a respondent on it. */
export interface MeasureLevel {
  label: string;
  codes: string[];
}

/**
 * An outcome measure: each respondent of its base is on exactly one level. Published per segment and as totals, as
 * weighted shares of the base, with the (perturbed) unweighted base.
 */
export interface MeasureSpec {
  label: string;
  column: string;
  /** Level id → label and codes, in report order. */
  levels: Record<string, MeasureLevel>;
  /** Codes meaning "not asked" (skip pattern) or no answer: outside the base. Default: the top-level missing codes. */
  missingCodes?: string[];
  /** The base: rows meeting every condition (e.g. asked only of the unvaccinated). Default: every row used. */
  filter: FilterCondition[];
  /** A code in no level: stop at file:line (`error`, default) or leave the row out of the base (`ignore`). */
  unknown: 'error' | 'ignore';
}

/** How published counts are protected (see `cell-key.ts`). */
export interface ProtectionSpec {
  /** `cellKey` (default): perturb every published count consistently; `none`: exact counts, blanket withholding. */
  method: 'cellKey' | 'none';
  /** D, the largest noise (default 3). */
  maxNoise: number;
  /** V, the noise variance (default 1). */
  variance: number;
  /** The key of the record-key hash (default `klartext`); set your own and keep it private for real releases. */
  key: string;
}

export const DEFAULT_PROTECTION: ProtectionSpec = { method: 'cellKey', maxNoise: 3, variance: 1, key: 'klartext' };

const text = z
  .union([z.string(), z.number()], { error: 'must be a label' })
  .transform((v) => String(v).trim())
  .pipe(z.string().min(1, 'must not be empty'));
const column = z.string({ error: 'must be a column name' }).trim().min(1, 'must be a column name');
const codes = z.array(
  z
    .union([z.string(), z.number()], { error: 'must be a code such as 1 or -88' })
    .transform((c) => canonicalCode(String(c))),
);
const token = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes');
const condition = z.union(
  [z.strictObject({ column, in: codes.min(1) }), z.strictObject({ column, notIn: codes.min(1) })],
  { error: 'must be { column, in: [codes] } or { column, notIn: [codes] }' },
);
const filterEntry = z.union([condition, z.strictObject({ anyOf: z.array(condition).min(1) })], {
  error: 'must be { column, in: [codes] }, { column, notIn: [codes] } or { anyOf: [conditions] }',
});
const level = z
  .union([codes.min(1), z.strictObject({ label: text.optional(), codes: codes.min(1) })], {
    error: 'must be a list of codes or { label, codes }',
  })
  .transform((l) => (Array.isArray(l) ? { codes: l } : l));

const measure = z
  .strictObject({
    label: text.optional(),
    column,
    levels: z.record(token, level).refine((m) => Object.keys(m).length >= 2, 'needs at least two levels'),
    missingCodes: codes.optional(),
    filter: z.array(filterEntry).default([]),
    unknown: z.enum(['error', 'ignore'], { error: "must be 'error' or 'ignore'" }).default('error'),
  })
  .superRefine((m, ctx) => {
    const seen = new Map<string, string>();
    for (const [id, l] of Object.entries(m.levels)) {
      l.codes.forEach((c, i) => {
        const other = seen.get(c);
        if (other !== undefined)
          ctx.addIssue({
            code: 'custom',
            message: `code ${c} is already on level '${other}'`,
            path: ['levels', id, 'codes', i],
          });
        if (m.missingCodes?.includes(c))
          ctx.addIssue({ code: 'custom', message: `code ${c} is also in missingCodes`, path: ['levels', id] });
        seen.set(c, id);
      });
    }
  });

/** The spec's `measures:` block: measure id → measure. Ids must not be concern ids (checked by the caller). */
export const measuresSchema = z
  .record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes'), measure)
  .transform((all, _ctx) =>
    Object.fromEntries(
      Object.entries(all).map(([id, m]): [string, MeasureSpec] => [
        id,
        {
          label: m.label ?? id,
          column: m.column,
          levels: Object.fromEntries(
            Object.entries(m.levels).map(([lid, l]) => [lid, { label: l.label ?? lid, codes: l.codes }]),
          ),
          ...(m.missingCodes ? { missingCodes: m.missingCodes } : {}),
          filter: m.filter,
          unknown: m.unknown,
        },
      ]),
    ),
  )
  .default({});

/** The spec's `protection:` block. */
export const protectionSchema = z
  .strictObject({
    method: z.enum(['cellKey', 'none'], { error: "must be 'cellKey' or 'none'" }).default('cellKey'),
    maxNoise: z.number().int('must be a whole number').min(1, 'must be at least 1').max(20).default(3),
    variance: z.number().positive('must be above 0').default(1),
    key: text.default('klartext'),
  })
  .refine((p) => p.variance < maxVariance(p.maxNoise), {
    message:
      'must be below D(D+1)/3 for D = maxNoise (noise spread evenly over −D…D has that variance); raise maxNoise or lower variance',
    path: ['variance'],
  })
  .default(DEFAULT_PROTECTION);

/** A measure bound to a header: ids, labels and a per-row reader setting `level` (−1: not in the base). */
export interface MeasureReader {
  ids: readonly string[];
  labels: readonly string[];
  levelIds: readonly (readonly string[])[];
  levelLabels: readonly (readonly string[])[];
  /** Per measure, in plain words: who forms the base. */
  basis: readonly string[];
  /** Per measure, the level of the row last read, or −1 when the row is outside the measure's base. */
  level: Int32Array;
  /**
   * Reads one row. A code on no level leaves the row out of the measure's base; with `issues` it is recorded there
   * (and `unknown: error` stops the build after the pass, listing every such code with the others).
   * @throws InputError at path:line for such a code with `unknown: error` when no `issues` collect it.
   */
  read(cells: readonly string[], line: number): void;
}

function describeFilter(filter: readonly FilterCondition[]): string {
  const one = (c: ColumnCondition) =>
    'in' in c ? `${c.column} in ${c.in.join('/')}` : `${c.column} not in ${c.notIn.join('/')}`;
  return filter.map((f) => ('anyOf' in f ? `(${f.anyOf.map(one).join(' or ')})` : one(f))).join(' and ');
}

/**
 * Binds the measures to a header; unknown codes go to `issues` when given (see {@link MeasureReader.read}).
 * @throws InputError `path:1:1` naming the first measure column the header lacks.
 */
export function compileMeasures(
  measures: Record<string, MeasureSpec>,
  topMissing: readonly string[],
  header: readonly string[],
  path: string,
  issues?: RowIssues,
): MeasureReader {
  const names = header.map((h) => h.trim());
  const col = (name: string, field: string) => {
    const index = names.indexOf(name);
    if (index === -1)
      throw new InputError(
        `${path}:1:1: the header has no column '${name}', which the segmentation spec names in ${field}; check the spelling, or whether this is the file the spec was written for`,
      );
    return index;
  };
  const entries = Object.entries(measures);
  const compiled = entries.map(([id, m]) => {
    const index = col(m.column, `measures.${id}.column`);
    const isMissing = missingTest(m.missingCodes ?? topMissing);
    const levelOf = new Map<string, number>();
    Object.values(m.levels).forEach((l, i) => l.codes.forEach((c) => levelOf.set(c, i)));
    // −1: outside the base (missing or ignored); −2: an unknown code that stops the build.
    // −2 reports the code (always when `issues` collect it, so `ignore` is counted too).
    const unknown = issues || m.unknown === 'error' ? -2 : -1;
    const classify = memo((cell: string) => (isMissing(cell) ? -1 : (levelOf.get(canonicalCode(cell)) ?? unknown)));
    const filters = m.filter.map((f, i) => {
      const conditions = ('anyOf' in f ? f.anyOf : [f]).map((c, j) => {
        const at = col(
          c.column,
          'anyOf' in f ? `measures.${id}.filter[${i}].anyOf[${j}]` : `measures.${id}.filter[${i}]`,
        );
        const listed = new Set('in' in c ? c.in : c.notIn);
        const wanted = 'in' in c;
        const test = memo((cell: string) => listed.has(canonicalCode(cell)) === wanted);
        return (cells: readonly string[]) => test(cells[at] ?? '');
      });
      return (cells: readonly string[]) => conditions.some((t) => t(cells));
    });
    const skip = m.missingCodes ?? topMissing;
    const basis = [
      `respondents with ${m.column} on one of the levels`,
      skip.length > 0 ? `(${skip.join(', ')} and empty: not asked)` : '(empty: not asked)',
      m.filter.length > 0 ? `and ${describeFilter(m.filter)}` : '',
    ]
      .filter(Boolean)
      .join(' ');
    const place = {
      key: `measures.${id}.levels`,
      fix: `add it to a level of measures.${id}.levels or to its missingCodes, or set unknown: ignore on the measure`,
      column: m.column,
      policy: m.unknown === 'ignore' ? ('missing' as const) : ('error' as const),
    };
    return { id, m, index, classify, filters, basis, place };
  });
  const level = new Int32Array(compiled.length);
  return {
    ids: compiled.map((c) => c.id),
    labels: compiled.map((c) => c.m.label),
    levelIds: compiled.map((c) => Object.keys(c.m.levels)),
    levelLabels: compiled.map((c) => Object.values(c.m.levels).map((l) => l.label)),
    basis: compiled.map((c) => c.basis),
    level,
    read(cells, line) {
      for (let i = 0; i < compiled.length; i++) {
        const c = compiled[i] as (typeof compiled)[number];
        let inBase = true;
        for (let f = 0; f < c.filters.length && inBase; f++)
          inBase = (c.filters[f] as (x: readonly string[]) => boolean)(cells);
        let l = inBase ? c.classify(cells[c.index] ?? '') : -1;
        if (l === -2 && issues) {
          issues.unknown(c.place, cells, c.index, cells[c.index] ?? '', line);
          l = -1;
        } else if (l === -2) {
          throw new InputError(
            `${path}:${line}:1: column ${c.m.column} holds a code that measures.${c.id}.levels does not list; add the code to a level or to missingCodes, or set unknown: ignore (leave such rows out of the base)`,
          );
        }
        level[i] = l;
      }
    },
  };
}
