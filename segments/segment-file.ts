// One respondent file → published segments with strategies: intake, identifier guard, segmentation, strategy.
import { InputError } from '../shared/errors.ts';
import { missingTest } from './cell-codes.ts';
import { openRowSource } from './intake.ts';
import { checkHeader, createUniquenessProbe } from './pii.ts';
import { createFreeTextGuard, type PiiKind } from './pii-text.ts';
import { buildSegments, type SegmentationResult } from './segmentation.ts';
import type { SegmentationSpec } from './spec.ts';
import {
  DEFAULT_STRATEGY_RULES,
  planStrategy,
  toPipelineSegment,
  type PipelineSegment,
  type StrategyRules,
} from './strategy.ts';

export interface SegmentFileResult extends SegmentationResult {
  /** Pipeline segments (language, reading level, concerns in order) with their message strategy. */
  pipeline: PipelineSegment[];
  /** PII masked in free-text columns when redacting (counts by kind; values are never kept). */
  redacted: Record<PiiKind, number>;
}

/**
 * Segments a respondent file (`.csv` or `.csv.gz`) under `spec` in one streaming pass. Identifier columns not in the
 * spec's `drop` list, columns unique per row and PII in free-text columns are refused (or, with `redact`, masked).
 * @throws InputError with file:line:column; nothing about a refused file is kept.
 */
export async function segmentFile(opts: {
  path: string;
  spec: SegmentationSpec;
  redact?: boolean;
  strategyRules?: StrategyRules;
}): Promise<SegmentFileResult> {
  const { spec } = opts;
  const source = await openRowSource(opts.path);
  const dropped = new Set(spec.drop);
  const postcodeColumns = Object.values(spec.dimensions).flatMap((d) => (d.prefix ? [d.column] : []));
  checkHeader({ path: source.path, header: source.header, dropped, declared: new Set(postcodeColumns) });
  const probe = createUniquenessProbe(source.header, {
    // A continuous weight differs in every row by design; it is declared, so it is not an identifier.
    exempt: new Set([...dropped, ...(spec.weight ? [spec.weight] : []), ...spec.freeText]),
    isMissing: missingTest(spec.missingCodes),
  });
  const freeText = createFreeTextGuard({
    path: source.path,
    header: source.header,
    columns: new Set(spec.freeText),
    redact: opts.redact ?? false,
  });
  const result = await buildSegments(source, spec, {
    onRow: (row) => {
      probe.observe(row);
      return freeText.check(row);
    },
  });
  probe.finish(source.path);
  if (result.segments.length === 0) throw nothingPublished(source.path, result);
  const rules = strategyLanguage(spec, opts.strategyRules);
  const pipeline = result.segments.map((s) => toPipelineSegment(s, planStrategy(s, rules)));
  const silent = pipeline.find((p) => p.language === '');
  if (silent) {
    throw new InputError(
      `the segmentation spec does not say which language the survey is in, so segment '${silent.label || 'everyone'}' has none; add \`language: en\` (its two-letter code) at the top of the spec, or a \`language\` dimension`,
    );
  }
  return { ...result, pipeline, redacted: freeText.counts() };
}

// The scripts' language is the survey's: the spec's `language`, else a strategy file's own `defaultLanguage`. The
// built-in default is not used, so an English survey is never scripted in another language by accident.
function strategyLanguage(spec: SegmentationSpec, rules: StrategyRules = DEFAULT_STRATEGY_RULES): StrategyRules {
  const chosen = rules.defaultLanguage !== DEFAULT_STRATEGY_RULES.defaultLanguage ? rules.defaultLanguage : '';
  return { ...rules, defaultLanguage: spec.language ?? chosen };
}

function nothingPublished(path: string, result: SegmentationResult): InputError {
  const r = result.report;
  const why =
    r.rowsUsed < r.k
      ? `only ${r.rowsUsed} of ${r.rowsRead} rows could be used (filtered ${r.rowsFiltered}, rejected ${r.rowsRejected}), fewer than k = ${r.k} respondents, the smallest segment that may be published`
      : `the ${r.rowsUsed} usable rows (of ${r.rowsRead}; filtered ${r.rowsFiltered}, rejected ${r.rowsRejected}) cannot form segments of at least k = ${r.k} respondents without revealing a smaller one`;
  return new InputError(
    `${path}: no segment can be published: ${why}; use a larger file, or check the spec's filter and dimensions`,
  );
}
