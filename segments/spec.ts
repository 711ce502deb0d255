// Parses the segmentation spec (`segmentation.yaml`): dimensions, ladders, concerns, 5C items, k — errors at file:line.
import { z } from 'zod';
import { resolveLadder } from './ladder.ts';
import { DEFAULT_K } from './segment-table.ts';
import { FIVE_C } from './spec-types.ts';
import type { DimensionSpec, FiveCDimension, FiveCItem, SegmentationSpec } from './spec-types.ts';
import { parseYamlSource, zodInputError } from '../campaign/yaml-source.ts';
import { measuresSchema, protectionSchema } from './measures.ts';

export type * from './spec-types.ts';

const NUMERIC = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Normalises a code so `01`, `1` and `1.0` match: numeric codes become their shortest number form. */
export function canonicalCode(raw: string): string {
  const s = raw.trim();
  return NUMERIC.test(s) ? String(Number(s)) : s;
}

const text = z
  .union([z.string(), z.number()], { error: 'must be a label' })
  .transform((v) => String(v).trim())
  .pipe(z.string().min(1, 'must not be empty'));
const column = z.string({ error: 'must be a column name' }).trim().min(1, 'must be a column name');
const code = z
  .union([z.string(), z.number()], { error: 'must be a code such as 1 or -88' })
  .transform((c) => canonicalCode(String(c)));
const codes = z.array(code);
const token = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes');
const codeMap = <T extends z.ZodType>(value: T) =>
  z
    .record(z.string(), value)
    .transform((m) => Object.fromEntries(Object.entries(m).map(([k, v]) => [canonicalCode(k), v])));
const nonEmpty = (m: object) => Object.keys(m).length > 0;
const scale = z
  .strictObject({ min: z.number(), max: z.number() })
  .refine((s) => s.min < s.max, { message: 'min must be below max', path: ['max'] });

const band = z.strictObject({ label: text, min: z.number().optional(), below: z.number().optional() });
const ladderLevel = z.strictObject({
  level: text,
  groups: z.record(z.string(), z.array(text)).optional(),
  label: text.optional(),
  digits: z.number().int().min(1).optional(),
});

const unknownPolicy = z.enum(['error', 'reject-row', 'missing'], {
  error: "must be 'error' (stop the build), 'reject-row' or 'missing'",
});

const K_FLOOR =
  'must be at least 3: statistical offices suppress counts below 10–11 (k = 11 is the default), and 3 is the floor some agencies accept for coarse tables';

const dimension = z
  .strictObject({
    column,
    from: z.enum(['value', 'birthYear'], { error: "must be 'value' or 'birthYear'" }).default('value'),
    bands: z.array(band).min(1, 'needs at least one band').optional(),
    map: codeMap(text).refine(nonEmpty, 'needs at least one code').optional(),
    unknown: z
      .enum(['error', 'reject-row', 'reject', 'missing', 'other'], {
        error: "must be 'error', 'reject-row', 'missing' or 'other'",
      })
      .transform((v) => (v === 'reject' ? 'reject-row' : v))
      .optional(),
    prefix: z
      .number()
      .int()
      .min(1)
      .max(2, 'must be 1 or 2: a postcode finer than 2 digits can single people out')
      .optional(),
    level: text.default('detail'),
    ladder: z.array(ladderLevel).default([]),
    coarsest: text.optional(),
  })
  .superRefine((dim, ctx) => {
    const kinds = ['bands', 'map', 'prefix'].filter((kind) => dim[kind as 'bands'] !== undefined);
    if (kinds.length !== 1) {
      ctx.addIssue({ code: 'custom', message: 'needs exactly one of bands, map or prefix', path: [] });
      return;
    }
    if (dim.from === 'birthYear' && !dim.bands) {
      ctx.addIssue({ code: 'custom', message: 'birthYear works with bands only', path: ['from'] });
    }
    dim.bands?.forEach((b, i) => {
      const before = dim.bands?.[i - 1];
      if (b.min !== undefined && b.below !== undefined && b.min >= b.below) {
        ctx.addIssue({ code: 'custom', message: 'min must be below below', path: ['bands', i, 'below'] });
      } else if (before && (before.below === undefined || b.min === undefined || b.min < before.below)) {
        const message =
          'bands must be in ascending order without overlap: this band must start at or after the previous one ends';
        ctx.addIssue({ code: 'custom', message, path: ['bands', i] });
      } else if (dim.bands?.findIndex((o) => o.label === b.label) !== i) {
        ctx.addIssue({ code: 'custom', message: `label '${b.label}' is used twice`, path: ['bands', i, 'label'] });
      }
    });
    for (const problem of resolveLadder(dim as DimensionSpec).problems) ctx.addIssue({ code: 'custom', ...problem });
  });

const columnCondition = z.union(
  [z.strictObject({ column, in: codes.min(1) }), z.strictObject({ column, notIn: codes.min(1) })],
  { error: 'must be { column, in: [codes] } or { column, notIn: [codes] }' },
);
const filterCondition = z.union([columnCondition, z.strictObject({ anyOf: z.array(columnCondition).min(1) })], {
  error: 'must be { column, in: [codes] }, { column, notIn: [codes] } or { anyOf: [conditions] }',
});

const concernColumns = z.record(z.string(), token).refine(nonEmpty, 'needs at least one column');
const source = z.discriminatedUnion(
  'type',
  [
    z.strictObject({
      type: z.literal('multiSelect'),
      columns: concernColumns,
      selectedCodes: codes.min(1).default(['1']),
      notSelectedCodes: codes.default(['0']),
      missingCodes: codes.optional(),
      asked: z.enum(['block', 'item'], { error: "must be 'block' or 'item'" }).default('block'),
      unknown: unknownPolicy.optional(),
    }),
    z.strictObject({
      type: z.literal('list'),
      column,
      separator: z.string().min(1).default(';'),
      values: codeMap(token).refine(nonEmpty, 'needs at least one value'),
      unknownValues: z.enum(['reject', 'ignore'], { error: "must be 'reject' or 'ignore'" }).optional(),
      unknown: unknownPolicy.optional(),
      missingCodes: codes.optional(),
    }),
    z
      .strictObject({
        type: z.literal('likert'),
        columns: concernColumns,
        scale,
        threshold: z.number(),
        missingCodes: codes.optional(),
        unknown: unknownPolicy.optional(),
      })
      .refine((s) => s.threshold > s.scale.min && s.threshold <= s.scale.max, {
        message: 'must lie inside the scale, above its minimum',
        path: ['threshold'],
      }),
  ],
  { error: 'type must be multiSelect, list or likert' },
);

const fiveCItem = z.union([column, z.strictObject({ column, scale: scale.optional() })], {
  error: 'must be a column name or { column, scale }',
});
const fiveC = z
  .strictObject({ scale: scale.optional(), items: z.partialRecord(z.enum(FIVE_C), fiveCItem) })
  .transform((block, ctx) => {
    const items: Partial<Record<FiveCDimension, FiveCItem>> = {};
    for (const [key, item] of Object.entries(block.items)) {
      const spec = typeof item === 'string' ? { column: item } : item;
      const itemScale = ('scale' in spec ? spec.scale : undefined) ?? block.scale;
      if (!itemScale)
        ctx.addIssue({ code: 'custom', message: 'needs a scale (here or for all items)', path: ['items', key] });
      else items[key as FiveCDimension] = { column: spec.column, scale: itemScale };
    }
    return items;
  });

/** The segmentation spec's schema (also written as schemas/segmentation.schema.json by `npm run schemas`). */
export const specSchema = z
  .strictObject({
    k: z.number({ error: 'must be a whole number' }).int('must be a whole number').min(3, K_FLOOR).default(DEFAULT_K),
    language: z
      .string({ error: 'must be a two-letter language code such as en or de' })
      .regex(/^[a-z]{2}$/, 'must be a two-letter language code such as en or de')
      .optional(),
    unknown: unknownPolicy.default('error'),
    l: z
      .number()
      .int()
      .min(1)
      .max(2, 'must be 1 (off) or 2: concern answers are yes or no, so a segment can hold at most 2 distinct answers')
      .default(2),
    referenceYear: z.number().int().min(1900).max(2200).optional(),
    missingCodes: codes.default([]),
    weight: column.optional(),
    drop: z.array(column).default([]),
    freeText: z.array(column).default([]),
    filter: z.array(filterCondition).default([]),
    dimensions: z
      .record(z.string().regex(/^[a-z][a-zA-Z0-9_-]*$/, 'must start with a lower-case letter'), dimension)
      .refine(nonEmpty, 'needs at least one dimension'),
    concerns: z
      .strictObject({ vocabulary: z.record(token, text), sources: z.array(source).min(1, 'needs at least one source') })
      .default({ vocabulary: {}, sources: [] }),
    fiveC: fiveC.default({}),
    smallRows: z.enum(['refuse', 'merge'], { error: "must be 'refuse' or 'merge'" }).default('refuse'),
    measures: measuresSchema,
    protection: protectionSchema,
  })
  .superRefine((spec, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', message, path });
    for (const [name, dim] of Object.entries(spec.dimensions)) {
      if (dim.from === 'birthYear' && spec.referenceYear === undefined) {
        issue(['dimensions', name, 'from'], 'birthYear needs referenceYear at the top level (the survey year)');
      }
      if (spec.drop.includes(dim.column)) issue(['dimensions', name, 'column'], `'${dim.column}' is listed in drop`);
    }
    const vocabulary = spec.concerns.vocabulary;
    const used = new Set<string>();
    spec.concerns.sources.forEach((s, i) => {
      const targets = Object.entries(s.type === 'list' ? s.values : s.columns);
      for (const [key, concern] of targets) {
        used.add(concern);
        const where = ['concerns', 'sources', i, s.type === 'list' ? 'values' : 'columns', key];
        if (!(concern in vocabulary)) issue(where, `'${concern}' is not in concerns.vocabulary`);
      }
    });
    for (const id of Object.keys(vocabulary)) {
      if (!used.has(id)) issue(['concerns', 'vocabulary', id], `concern '${id}' has no source; map a column to it`);
    }
  });

/**
 * Parses and validates a segmentation spec.
 * @throws InputError with file:line:column for syntax errors, schema violations and ladder problems.
 */
export function parseSegmentationSpec(text: string, path: string): SegmentationSpec {
  const source = parseYamlSource(text, path);
  const result = specSchema.safeParse(source.doc.toJS());
  if (!result.success) throw zodInputError(source, result.error);
  return result.data;
}
