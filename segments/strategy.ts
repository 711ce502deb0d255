// Segment → message strategy for the script stage: which concerns to answer and how, tone, language, reading level.
import type { ReadingLevel, Segment } from '../shared/types.ts';
import type { AudienceSegment } from './segment-output.ts';
import type { FiveCDimension } from './spec-types.ts';
import { DEFAULT_STRATEGY_RULES } from './strategy-rules.ts';
import type { Condition, Rule, StrategyRules } from './strategy-rules.ts';

export {
  DEFAULT_STRATEGY_RULES,
  parseStrategyRules,
  resolveStrategyRules,
  strategyOverrideSchema,
} from './strategy-rules.ts';
export type { Condition, Rule, StrategyOverride, StrategyRules } from './strategy-rules.ts';

/** One concern the script answers, with its 5C dimension and the approach to take. */
export interface ConcernPlan {
  id: string;
  label: string;
  /** Weighted share of the segment's asked respondents holding it. */
  share: number;
  /** Null when the rules do not map the concern to a 5C dimension. */
  fiveC: FiveCDimension | null;
  approach: string;
}

/** How to speak to one segment. */
export interface MessageStrategy {
  segmentId: string;
  /** Concerns in the order the script answers them (most widely held first). */
  concerns: ConcernPlan[];
  tone: string;
  language: string;
  readingLevel: ReadingLevel;
  format: string;
  /** Which rule decided what, for reviewers. */
  reasons: string[];
}

/** A pipeline segment that carries its strategy for the script stage. */
export type PipelineSegment = Segment & { strategy: MessageStrategy };

function holds(when: Condition, segment: AudienceSegment, level?: ReadingLevel): boolean {
  if (when.dimension !== undefined && !(when.in ?? []).includes(segment.dimensions[when.dimension] ?? '\u0000'))
    return false;
  if (when.concern !== undefined && !((segment.concerns[when.concern]?.share ?? -1) >= (when.minShare ?? 0)))
    return false;
  return when.readingLevel === undefined || when.readingLevel === level;
}

function decide<T>(
  name: string,
  rules: readonly Rule<T>[],
  fallback: T,
  reasons: string[],
  segment: AudienceSegment,
  level?: ReadingLevel,
): T {
  const rule = rules.find((r) => holds(r.when, segment, level));
  if (!rule) return fallback;
  reasons.push(`${name} ${String(rule.then)}: rule ${JSON.stringify(rule.when)}`);
  return rule.then;
}

/** Plans the message strategy of one segment from the rules (the defaults unless given). */
export function planStrategy(segment: AudienceSegment, rules: StrategyRules = DEFAULT_STRATEGY_RULES): MessageStrategy {
  const reasons: string[] = [];
  const published = Object.entries(segment.concerns)
    .filter(([, c]) => c.share !== null && c.share > 0)
    .sort(([, a], [, b]) => (b.share as number) - (a.share as number));
  const wanted = published.filter(([, c]) => (c.share as number) >= rules.minShare);
  const chosen = (wanted.length > 0 ? wanted : published.slice(0, 1)).slice(0, rules.maxConcerns);
  const concerns = chosen.map(([id, c]): ConcernPlan => {
    const mapped = rules.concernMap[id];
    const approach =
      mapped?.approach ??
      (mapped ? rules.approaches[mapped.fiveC] : 'answer the concern plainly from the approved claims');
    return { id, label: c.label, share: c.share as number, fiveC: mapped?.fiveC ?? null, approach };
  });
  const fromDimension = segment.dimensions[rules.languageDimension];
  const language =
    fromDimension && /^[a-z]{2}$/.test(fromDimension)
      ? fromDimension
      : decide('language', rules.language, rules.defaultLanguage, reasons, segment);
  const readingLevel = decide('reading level', rules.readingLevel, rules.defaultReadingLevel, reasons, segment);
  const top = concerns[0]?.fiveC;
  const tone = decide('tone', rules.tone, top ? rules.tones[top] : rules.defaultTone, reasons, segment, readingLevel);
  const format = decide('format', rules.format, rules.defaultFormat, reasons, segment, readingLevel);
  return { segmentId: segment.id, concerns, tone, language, readingLevel, format, reasons };
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/\+/g, 'plus')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** Converts an audience segment and its strategy into the pipeline's `Segment` (plus the strategy record). */
export function toPipelineSegment(segment: AudienceSegment, strategy: MessageStrategy): PipelineSegment {
  const tags = [
    ...Object.entries(segment.dimensions)
      .filter(([name]) => segment.levels[name] !== 'any' && segment.dimensions[name] !== 'any')
      .map(([name, label]) => `${slug(name)}-${slug(label)}`),
    ...new Set(strategy.concerns.flatMap((c) => (c.fiveC ? [`5c-${slug(c.fiveC)}`] : []))),
    ...segment.flags.map(slug),
  ];
  return {
    id: segment.id,
    label: segment.label,
    language: strategy.language,
    readingLevel: strategy.readingLevel,
    size: segment.size,
    concerns: strategy.concerns.map((c) => c.id),
    tags,
    strategy,
  };
}
