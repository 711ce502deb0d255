// Message-strategy rules: the defaults (5C approaches, plain language for the oldest and low literacy) and overrides.
import { z } from 'zod';
import { READING_LEVELS, type ReadingLevel } from '../shared/types.ts';
import { FIVE_C } from './spec-types.ts';
import type { FiveCDimension } from './spec-types.ts';
import { parseYamlSource, zodInputError } from '../campaign/yaml-source.ts';

/** When a rule applies: every given part must hold. Labels are matched as published (e.g. `65+`, not `45+`). */
export interface Condition {
  dimension?: string;
  in?: string[];
  /** The segment's weighted share of this concern is at least `minShare`. */
  concern?: string;
  minShare?: number;
  /** The reading level already chosen (for tone and format rules). */
  readingLevel?: ReadingLevel;
}

/** A rule: the first whose condition holds decides (campaign rules come before the defaults). */
export interface Rule<T> {
  when: Condition;
  then: T;
}

/** The full rule set a strategy is planned from (see {@link DEFAULT_STRATEGY_RULES}). */
export interface StrategyRules {
  /** At most this many concerns are answered, most widely held first. */
  maxConcerns: number;
  /** Concerns held by fewer (weighted share) are not answered, unless none reaches it (then the top one is). */
  minShare: number;
  /** Concern id → its 5C dimension, and optionally an approach that overrides the dimension's. */
  concernMap: Record<string, { fiveC: FiveCDimension; approach?: string }>;
  /** How to answer a concern of each 5C dimension. */
  approaches: Record<FiveCDimension, string>;
  /** Tone by the 5C dimension of the top concern, unless a tone rule decides. */
  tones: Record<FiveCDimension, string>;
  tone: Rule<string>[];
  defaultTone: string;
  /** A dimension whose labels are language codes (e.g. `language: tr`) sets the language first. */
  languageDimension: string;
  language: Rule<string>[];
  defaultLanguage: string;
  readingLevel: Rule<ReadingLevel>[];
  defaultReadingLevel: ReadingLevel;
  format: Rule<string>[];
  defaultFormat: string;
}

const OLDEST = ['65+', '70+', '75+', '80+', '85+', '65-74', '75-84', '75-79', '80-84'];
const LOW_LITERACY = [
  'low',
  'limited',
  'primary',
  'no-degree',
  'no-high-school',
  'less-than-high-school',
  'high-school-or-less',
];

/** The defaults: the 5C model's approaches, plain language for the oldest groups and low literacy. */
export const DEFAULT_STRATEGY_RULES: StrategyRules = {
  maxConcerns: 3,
  minShare: 0.1,
  concernMap: {
    'side-effects': { fiveC: 'confidence' },
    safety: { fiveC: 'confidence' },
    effectiveness: { fiveC: 'confidence' },
    'dislike-vaccines': { fiveC: 'confidence' },
    'distrust-vaccine': { fiveC: 'confidence' },
    'distrust-government': { fiveC: 'confidence' },
    'not-needed': { fiveC: 'complacency' },
    'no-doctor-recommendation': { fiveC: 'constraints' },
    access: { fiveC: 'constraints' },
    cost: { fiveC: 'constraints' },
    timing: { fiveC: 'constraints' },
    language: { fiveC: 'constraints' },
    'wait-and-see': { fiveC: 'calculation' },
    eligibility: { fiveC: 'calculation' },
    'co-administration': { fiveC: 'calculation' },
    pregnancy: { fiveC: 'calculation' },
    'others-need-more': { fiveC: 'collectiveResponsibility' },
    'protect-others': { fiveC: 'collectiveResponsibility' },
    'child-protection': { fiveC: 'collectiveResponsibility' },
  },
  approaches: {
    confidence: 'myth-busting and transparent risk: name the worry, show the evidence on safety and effectiveness',
    complacency: 'disease risk: make the risk of the illness concrete for people like them',
    constraints: 'where, how, when, what it costs and in which languages help is available',
    calculation: 'evidence detail: numbers, sources and the benefit–risk comparison',
    collectiveResponsibility: 'protecting others: family, patients and people who cannot be vaccinated',
  },
  tones: {
    confidence: 'respectful and transparent; acknowledge the worry, never ridicule it',
    complacency: 'direct and concrete',
    constraints: 'practical and helpful',
    calculation: 'factual and detailed',
    collectiveResponsibility: 'warm and community-minded',
  },
  tone: [],
  defaultTone: 'warm and respectful',
  languageDimension: 'language',
  language: [],
  defaultLanguage: 'de',
  readingLevel: [
    { when: { dimension: 'age', in: OLDEST }, then: 'plain' },
    { when: { dimension: 'education', in: LOW_LITERACY }, then: 'plain' },
    { when: { dimension: 'literacy', in: LOW_LITERACY }, then: 'plain' },
  ],
  defaultReadingLevel: 'standard',
  format: [
    {
      when: { readingLevel: 'plain' },
      then: 'short explainer video, 45–60 seconds, one idea per scene, large captions, slow narration',
    },
  ],
  defaultFormat: 'explainer video, 60–90 seconds, captions',
};

const readingLevel = z.enum(READING_LEVELS, { error: `must be ${READING_LEVELS.join(', ')}` });
const condition = z.strictObject({
  dimension: z.string().optional(),
  in: z.array(z.union([z.string(), z.number()]).transform(String)).optional(),
  concern: z.string().optional(),
  minShare: z.number().min(0).max(1).optional(),
  readingLevel: readingLevel.optional(),
});
const rules = <T extends z.ZodType>(then: T) => z.array(z.strictObject({ when: condition, then }));
const fiveC = z.enum(FIVE_C, { error: `must be one of ${FIVE_C.join(', ')}` });
const text = z.string().trim().min(1);

/** A campaign's overrides: every field optional; rule lists are tried before the defaults. */
export const strategyOverrideSchema = z.strictObject({
  maxConcerns: z.number().int().min(1).max(10).optional(),
  minShare: z.number().min(0).max(1).optional(),
  concernMap: z.record(z.string(), z.strictObject({ fiveC, approach: text.optional() })).optional(),
  approaches: z.partialRecord(fiveC, text).optional(),
  tones: z.partialRecord(fiveC, text).optional(),
  tone: rules(text).optional(),
  defaultTone: text.optional(),
  languageDimension: text.optional(),
  language: rules(z.string().regex(/^[a-z]{2}$/, 'must be a two-letter language code such as de')).optional(),
  defaultLanguage: z
    .string()
    .regex(/^[a-z]{2}$/, 'must be a two-letter language code such as de')
    .optional(),
  readingLevel: rules(readingLevel).optional(),
  defaultReadingLevel: readingLevel.optional(),
  format: rules(text).optional(),
  defaultFormat: text.optional(),
});

/** A campaign's strategy overrides, as validated. */
export type StrategyOverride = z.output<typeof strategyOverrideSchema>;

/** Merges overrides into the defaults: maps by key, rule lists campaign-first, everything else replaced. */
export function resolveStrategyRules(
  override: StrategyOverride = {},
  base: StrategyRules = DEFAULT_STRATEGY_RULES,
): StrategyRules {
  return {
    ...base,
    ...Object.fromEntries(
      Object.entries(override).filter(([, v]) => v !== undefined && !Array.isArray(v) && typeof v !== 'object'),
    ),
    concernMap: { ...base.concernMap, ...override.concernMap },
    approaches: { ...base.approaches, ...override.approaches },
    tones: { ...base.tones, ...override.tones },
    tone: [...(override.tone ?? []), ...base.tone],
    language: [...(override.language ?? []), ...base.language],
    readingLevel: [...(override.readingLevel ?? []), ...base.readingLevel],
    format: [...(override.format ?? []), ...base.format],
  };
}

/**
 * Parses a YAML file of strategy overrides and merges them into the defaults.
 * @throws InputError with file:line:column for syntax errors and invalid rules.
 */
export function parseStrategyRules(text: string, path: string): StrategyRules {
  const source = parseYamlSource(text, path);
  const result = strategyOverrideSchema.safeParse(source.doc.toJS() ?? {});
  if (!result.success) throw zodInputError(source, result.error);
  return resolveStrategyRules(result.data);
}
