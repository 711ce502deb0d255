// Respondent rows → audience segments + privacy report: compile, aggregate in one pass, guard, shape.
import { aggregate, decodeKey } from './aggregate.ts';
import type { AggregateHooks, RowCounts } from './aggregate.ts';
import { buildPerturbationTable } from './cell-key.ts';
import type { PerturbationRow } from './cell-key.ts';
import type { Protection } from './estimates.ts';
import { DEFAULT_PROTECTION, compileMeasures } from './measures.ts';
import { computeTotals } from './totals.ts';
import type { Totals } from './totals.ts';
import { applyPrivacyGuard } from './anonymity.ts';
import type { GuardCell, GuardResult } from './anonymity.ts';
import type { RejectReason, UnknownCode } from './cell-codes.ts';
import { compileSpec } from './derive.ts';
import type { RowSource } from './rows.ts';
import { toAudienceSegment } from './segment-output.ts';
import type { AudienceSegment, OutputContext } from './segment-output.ts';
import type { SegmentationSpec } from './spec.ts';

export type {
  AudienceSegment,
  ConcernShare,
  FiveCMean,
  MeasureEstimate,
  MeasureLevelEstimate,
} from './segment-output.ts';
export type { Totals, TotalEstimate } from './totals.ts';

/** How published counts were protected, with the perturbation table (empty for exact counts). */
export interface ProtectionReport {
  method: 'cellKey' | 'none';
  /** D: the largest noise. */
  maxNoise: number | null;
  /** V: the noise variance away from the bounds. */
  variance: number | null;
  /** The perturbation table: per true count, the noise values and their probabilities. */
  table: PerturbationRow[];
}

/** What was read, used, generalised and withheld. Counts only; never a row or a cell value. */
export interface PrivacyReport {
  k: number;
  l: number;
  rowsRead: number;
  /** Rows the spec's filter leaves out (e.g. respondents not shown the concern items). Not an error. */
  rowsFiltered: number;
  rowsRejected: number;
  rejected: Record<RejectReason, number>;
  rowsUsed: number;
  /** The weight column, or null when every row weighs 1. */
  weight: string | null;
  /** Non-empty cells of the finest labels (or rows of an aggregated table). */
  cellsBefore: number;
  /** Cells published at a coarser level than their own on some dimension. */
  cellsGeneralised: number;
  /** Cells whose respondents are not published (in a suppressed segment). */
  cellsSuppressed: number;
  segmentsPublished: number;
  segmentsSuppressed: number;
  /** Respondents not published. Always 0 or ≥ k while any segment is published (complementary suppression). */
  rowsSuppressed: number;
  /** Size of the smallest published segment, or null when none is published. */
  smallestPublished: number | null;
  /** The spec's identifier columns present in the file; never read. */
  identifiersDropped: string[];
  /** Segments flagged `homogeneous:<concern>`. */
  homogeneityFlags: number;
  /** (segment, concern) shares withheld: fewer than k asked (or, with exact counts, 1..k−1 not asked). */
  concernsWithheld: number;
  /** Segments whose most widely held concern (by the unprotected shares) is published, of those asked any. */
  mainConcernPublished: { published: number; segments: number };
  protection: ProtectionReport;
  /** Respondent files: the first lines of rejected rows per reason, and every code the spec does not list. */
  located?: { rejectedLines: Record<RejectReason, number[]>; unknownCodes: UnknownCode[] };
}

/** A concern of the vocabulary and how its denominator is defined. */
export interface ConcernBasis {
  id: string;
  label: string;
  denominator: string;
}

/** An outcome measure, its levels and who forms its base. */
export interface MeasureBasis {
  id: string;
  label: string;
  levels: { id: string; label: string }[];
  base: string;
}

/** Audience segments, the privacy report, and the concern denominators they state. */
export interface SegmentationResult {
  segments: AudienceSegment[];
  report: PrivacyReport;
  concerns: ConcernBasis[];
  /** Outcome measures (only when the spec declares some). */
  measures?: MeasureBasis[];
  /** Estimates for every respondent used and per dimension label, under the same disclosure rules. */
  totals?: Totals;
}

/** Options of {@link buildSegments}. */
export interface BuildSegmentsOptions {
  /** Sees every row first (see {@link AggregateHooks.onRow}): the place for the PII guard and uniqueness probe. */
  onRow?: AggregateHooks['onRow'];
}

/** Shapes guarded segments and the report (shared by respondent files and aggregated tables). */
export function assembleResult(
  guard: GuardResult,
  ctx: OutputContext,
  extra: {
    spec: SegmentationSpec;
    counts: RowCounts;
    cellsBefore: number;
    identifiersDropped: string[];
    concerns: ConcernBasis[];
    measures?: MeasureBasis[];
    totals?: Totals;
  },
): SegmentationResult {
  const { spec, counts } = extra;
  const shaped = guard.segments.map((g) => toAudienceSegment(g, ctx));
  const segments = shaped.map((s) => s.segment);
  // The guard's audit makes this impossible; checked again because publishing it would defeat the suppression.
  if (segments.length > 0 && guard.rowsSuppressed > 0 && guard.rowsSuppressed < spec.k) {
    throw new Error(`internal error: ${guard.rowsSuppressed} rows suppressed is below k; refusing to publish`);
  }
  const rejected = Object.values(counts.rejected).reduce((a, b) => a + b, 0);
  const report: PrivacyReport = {
    k: spec.k,
    l: spec.l,
    rowsRead: counts.read,
    rowsFiltered: counts.filtered,
    rowsRejected: rejected,
    rejected: counts.rejected,
    rowsUsed: counts.used,
    weight: spec.weight ?? null,
    cellsBefore: extra.cellsBefore,
    cellsGeneralised: guard.cellsGeneralised,
    cellsSuppressed: guard.cellsSuppressed,
    segmentsPublished: segments.length,
    segmentsSuppressed: guard.segmentsSuppressed,
    rowsSuppressed: guard.rowsSuppressed,
    smallestPublished: segments.length > 0 ? Math.min(...segments.map((s) => s.size)) : null,
    identifiersDropped: extra.identifiersDropped,
    homogeneityFlags: segments.filter((s) => s.flags.some((f) => f.startsWith('homogeneous:'))).length,
    concernsWithheld: shaped.reduce((sum, s) => sum + s.withheld, 0),
    mainConcernPublished: {
      published: shaped.filter((s) => s.mainConcernPublished === true).length,
      segments: shaped.filter((s) => s.mainConcernPublished !== null).length,
    },
    protection: protectionReport(ctx.protection),
  };
  return {
    segments,
    report,
    concerns: extra.concerns,
    ...(extra.measures && extra.measures.length > 0 ? { measures: extra.measures } : {}),
    ...(extra.totals ? { totals: extra.totals } : {}),
  };
}

function protectionReport(p: Protection): ProtectionReport {
  if (!p.table) return { method: 'none', maxNoise: null, variance: null, table: [] };
  const { maxNoise, variance } = p.table.parameters;
  const round = (x: number) => Number(x.toFixed(4));
  const table = p.table.rows.map((r) => ({
    count: r.count,
    noise: r.noise.map((x) => ({ d: x.d, p: round(x.p) })),
    mean: round(r.mean),
    variance: round(r.variance),
  }));
  return { method: 'cellKey', maxNoise, variance, table };
}

/** The protection a spec asks for (the cell key method with its defaults unless it says otherwise). */
export function protectionOf(spec: SegmentationSpec): Protection {
  const p = spec.protection ?? DEFAULT_PROTECTION;
  const table =
    p.method === 'none' ? null : buildPerturbationTable({ maxNoise: p.maxNoise, variance: p.variance, k: spec.k });
  return { table, k: spec.k, l: spec.l };
}

/**
 * Segments respondent rows under a spec in one streaming pass.
 * @throws InputError `path:1:1` for spec columns missing from the header, every code the spec does not list under
 *   `unknown: error` (after the pass, with their lines and counts), and whatever `opts.onRow` throws.
 */
export async function buildSegments(
  source: RowSource,
  spec: SegmentationSpec,
  opts: BuildSegmentsOptions = {},
): Promise<SegmentationResult> {
  const compiled = compileSpec(spec, source.header, source.path);
  const measureSpecs = spec.measures ?? {};
  const measures = compileMeasures(measureSpecs, spec.missingCodes, source.header, source.path, compiled.issues);
  const protection = protectionOf(spec);
  const keySecret = protection.table ? (spec.protection ?? DEFAULT_PROTECTION).key : undefined;
  const table = await aggregate(source, compiled, { onRow: opts.onRow, measures, keySecret });
  compiled.finish();
  const keys = [...table.cells.keys()].sort((a, b) => a - b);
  const levels = compiled.dimensions.map(() => 0);
  const cells: GuardCell[] = keys.map((key) => ({
    levels,
    groups: decodeKey(key, compiled),
    stats: table.cells.get(key) as Float64Array,
  }));
  const { concerns, fiveC, dimensions: hierarchies } = compiled;
  const guard = applyPrivacyGuard({
    hierarchies,
    cells,
    concernCount: concerns.ids.length,
    k: spec.k,
    l: spec.l,
    strictBases: protection.table === null,
  });
  const ctx: OutputContext = {
    hierarchies,
    layout: table.layout,
    concernIds: concerns.ids,
    concernLabels: concerns.labels,
    fiveC: fiveC.dimensions.map((d) => ({ dimension: d, scale: spec.fiveC[d]?.scale ?? { min: 0, max: 0 } })),
    measureIds: measures.ids,
    measureLabels: measures.labels,
    levelIds: measures.levelIds,
    levelLabels: measures.levelLabels,
    protection,
    k: spec.k,
  };
  const result = assembleResult(guard, ctx, {
    spec,
    counts: table.counts,
    cellsBefore: cells.length,
    identifiersDropped: [...compiled.identifiersDropped],
    concerns: concerns.ids.map((id, i) => ({
      id,
      label: concerns.labels[i] as string,
      denominator: concerns.basis[i] as string,
    })),
    measures: measures.ids.map((id, m) => ({
      id,
      label: measures.labels[m] as string,
      levels: (measures.levelIds[m] as string[]).map((l, i) => ({
        id: l,
        label: measures.levelLabels[m]?.[i] as string,
      })),
      base: measures.basis[m] as string,
    })),
    totals: computeTotals(cells, ctx),
  });
  const { rejectedLines, unknownCodes } = compiled.issues;
  result.report.located = { rejectedLines, unknownCodes: unknownCodes() };
  return result;
}
