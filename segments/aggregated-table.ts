// Aggregated segment tables (one row per group, with its size) through the same privacy guard as respondent files.
import { concernOffset, fiveCOffset } from './aggregate.ts';
import { applyPrivacyGuard } from './anonymity.ts';
import type { GuardCell } from './anonymity.ts';
import { intersects, regionOf } from './boxes.ts';
import { buildHierarchy } from './ladder.ts';
import type { Hierarchy } from './ladder.ts';
import type { RowSource } from './rows.ts';
import { assembleResult } from './segmentation.ts';
import type { SegmentationResult } from './segmentation.ts';
import type { SegmentationSpec } from './spec.ts';
import { inputErrorAt } from '../campaign/yaml-source.ts';

/** One group of an aggregated table, labelled with the spec's dimension labels (any ladder level). */
export interface AggregatedRow {
  line: number;
  /** Dimension name → label (finest or any coarser ladder label). */
  dimensions: Record<string, string>;
  /** Unweighted respondents. */
  size: number;
  /** Weighted population estimate; defaults to `size`. */
  population?: number;
  /** Concern id → weighted share (0–1) among those asked, and how many were asked (default: all). */
  concerns?: Record<string, { share: number; asked?: number }>;
}

/**
 * Segments an aggregated table. Rows below k are refused with their line (`smallRows: refuse`, the default, as in
 * `segment-table.ts`) or merged up the ladders (`smallRows: merge`); complementary suppression and the homogeneity
 * check apply as for respondent files. Counts in the report are respondents (sums of `size`).
 * @throws InputError `path:line:1` for an unknown label, a bad size or share, overlapping rows, or a row below k.
 */
export function segmentAggregatedRows(
  rows: readonly AggregatedRow[],
  spec: SegmentationSpec,
  path: string,
): SegmentationResult {
  const k = spec.k;
  const names = Object.keys(spec.dimensions);
  const hierarchies = names.map((name) =>
    buildHierarchy(name, spec.dimensions[name] as SegmentationSpec['dimensions'][string]),
  );
  const concernIds = Object.keys(spec.concerns.vocabulary);
  const cells: GuardCell[] = rows.map((row) => {
    const fail = (message: string) => inputErrorAt(path, { line: row.line, column: 1 }, message);
    if (!Number.isInteger(row.size) || row.size < 1) throw fail('size must be a whole number of at least 1');
    if (row.size < k && spec.smallRows === 'refuse') {
      throw fail(
        `size ${row.size} is below the privacy threshold k=${k}: small groups must not be published. Merge this group with a similar one, or set smallRows: merge in the spec to let klartext merge it up the ladders`,
      );
    }
    const levels: number[] = [];
    const groups: number[] = [];
    for (const h of hierarchies) {
      const label = row.dimensions[h.name];
      const level = h.levels.findIndex((l) => l.labels.includes(label ?? ''));
      if (label === undefined || level === -1)
        throw fail(`dimension ${h.name} needs one of the spec's labels (${labelsOf(h)})`);
      levels.push(level);
      groups.push(h.levels[level]?.labels.indexOf(label) as number);
    }
    const stats = new Float64Array(fiveCOffset(concernIds.length, 0));
    const population = row.population ?? row.size;
    if (!(population > 0)) throw fail('population must be a positive number');
    stats[0] = row.size;
    stats[1] = population;
    for (const [id, { share, asked = row.size }] of Object.entries(row.concerns ?? {})) {
      const c = concernIds.indexOf(id);
      if (c === -1) throw fail(`concern '${id}' is not in the spec's concerns.vocabulary`);
      if (!(share >= 0 && share <= 1)) throw fail(`the share of ${id} must lie between 0 and 1`);
      if (!Number.isInteger(asked) || asked < 0 || asked > row.size) throw fail(`asked for ${id} must be 0..size`);
      const askedWeight = (population * asked) / row.size;
      // Unweighted "yes" is only used to detect unanimity: a share of exactly 1 means everyone asked holds it.
      stats.set([asked, askedWeight, Math.round(share * asked), share * askedWeight], concernOffset(c));
    }
    return { levels, groups, stats };
  });
  const regions = cells.map((c) => regionOf(hierarchies, c.levels, c.groups));
  regions.forEach((region, i) => {
    const earlier = regions.findIndex((r, j) => j < i && intersects(r, region));
    if (earlier !== -1) {
      const message = `this group overlaps the group on line ${rows[earlier]?.line}; rows of a segment table must not overlap`;
      throw inputErrorAt(path, { line: rows[i]?.line ?? 1, column: 1 }, message);
    }
  });
  const guard = applyPrivacyGuard({ hierarchies, cells, concernCount: concernIds.length, k, l: spec.l });
  const respondents = rows.reduce((sum, r) => sum + r.size, 0);
  return assembleResult(
    guard,
    {
      hierarchies,
      concernIds,
      concernLabels: concernIds.map((id) => spec.concerns.vocabulary[id] as string),
      fiveC: [],
      k,
    },
    {
      spec,
      counts: {
        read: respondents,
        filtered: 0,
        used: respondents,
        rejected: { 'missing-dimension': 0, 'out-of-band': 0, 'unknown-code': 0, 'bad-weight': 0 },
      },
      cellsBefore: rows.length,
      identifiersDropped: [],
      concerns: concernIds.map((id) => ({
        id,
        label: spec.concerns.vocabulary[id] as string,
        denominator: 'respondents asked, as stated by the table',
      })),
    },
  );
}

function labelsOf(h: Hierarchy): string {
  return [...new Set(h.levels.flatMap((l) => l.labels))].join(', ');
}

/**
 * Reads an aggregated table from a RowSource: one column per dimension (named as the dimension), `size`, optional
 * `population`, and per concern `share:<id>` with optional `asked:<id>`; then segments it (see above).
 * @throws InputError `path:1:1` for a missing column, `path:line:1` for a bad cell or a row below k.
 */
export async function segmentAggregatedTable(source: RowSource, spec: SegmentationSpec): Promise<SegmentationResult> {
  const header = source.header.map((h) => h.trim());
  const index = (name: string) => header.indexOf(name);
  const need = [...Object.keys(spec.dimensions), 'size'].filter((n) => index(n) === -1);
  if (need.length > 0) {
    throw inputErrorAt(
      source.path,
      { line: 1, column: 1 },
      `the header needs the column${need.length > 1 ? 's' : ''} ${need.join(', ')}`,
    );
  }
  const shares = Object.keys(spec.concerns.vocabulary).filter((id) => index(`share:${id}`) !== -1);
  const rows: AggregatedRow[] = [];
  for await (const { line, cells } of source.rows) {
    const cell = (name: string) => (cells[index(name)] ?? '').trim();
    const number = (name: string) => (cell(name) === '' ? undefined : Number(cell(name)));
    const row: AggregatedRow = {
      line,
      dimensions: Object.fromEntries(Object.keys(spec.dimensions).map((d) => [d, cell(d)])),
      size: Number(cell('size')),
      concerns: Object.fromEntries(
        shares.map((id) => {
          // An empty share cell: the table states nothing about this concern for this group.
          const share = number(`share:${id}`);
          const asked = share === undefined ? 0 : index(`asked:${id}`) === -1 ? undefined : number(`asked:${id}`);
          return [id, { share: share ?? 0, asked }];
        }),
      ),
    };
    if (index('population') !== -1) row.population = number('population');
    rows.push(row);
  }
  return segmentAggregatedRows(rows, spec, source.path);
}
