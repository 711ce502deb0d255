// The readable report of a segmentation: outcome measures and concerns per segment and in total, withheld cells
// marked with their reason, and how counts were protected (the perturbation table). Plain text for a briefing.
import type { ConcernShare, MeasureEstimate } from './estimates.ts';
import type { AudienceSegment, SegmentationResult } from './segmentation.ts';
import type { TotalEstimate } from './totals.ts';

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)} %`);
const int = (x: number | null | undefined) =>
  x === null || x === undefined ? '—' : Math.round(x).toLocaleString('en');

interface Row {
  name: string;
  size: number | null;
  measures: Record<string, MeasureEstimate>;
  concerns: Record<string, ConcernShare>;
  withheld?: string;
}

function table(header: string[], rows: string[][], numeric: (i: number) => boolean): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]) =>
    r
      .map((c, i) => (numeric(i) ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  return [fmt(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(fmt)];
}

function rowsOf(result: SegmentationResult): Row[] {
  const rows: Row[] = [];
  const total = (name: string, t: TotalEstimate): Row => ({
    name,
    size: t.size,
    measures: t.measures,
    concerns: t.concerns,
    ...(t.withheld ? { withheld: t.withheld } : {}),
  });
  if (result.totals) {
    rows.push(total('TOTAL (everyone used)', result.totals.overall));
    for (const [dim, labels] of Object.entries(result.totals.byDimension)) {
      for (const [label, t] of Object.entries(labels)) rows.push(total(`total ${dim} = ${label}`, t));
    }
  }
  rows.push(
    ...result.segments.map((s: AudienceSegment) => ({
      name: s.label || 'everyone',
      size: s.size,
      measures: s.measures ?? {},
      concerns: s.concerns,
    })),
  );
  return rows;
}

/** The readable report, as lines. */
export function renderSegmentReport(result: SegmentationResult): string[] {
  const out: string[] = [];
  const r = result.report;
  const rows = rowsOf(result);
  out.push('SEGMENTATION REPORT');
  out.push(
    `k = ${r.k} (smallest publishable group), ℓ = ${r.l}; rows used ${r.rowsUsed} of ${r.rowsRead} read (filtered ${r.rowsFiltered}, rejected ${r.rowsRejected}); ${r.segmentsPublished} segments published, ${r.segmentsSuppressed} suppressed (${r.rowsSuppressed} rows).`,
  );
  if (r.protection.method === 'cellKey') {
    out.push(
      `Counts (n, base) are perturbed by the cell key method (noise of at most ±${r.protection.maxNoise}); shares are weighted and not perturbed.`,
    );
    out.push('Each count carries its own noise, so segments need not add up to a total (totals also hold suppressed');
    out.push('rows): compare shares, not differences of counts.');
  } else out.push('Counts are exact (protection: none); shares are weighted.');
  out.push('Withheld cells: "withheld: small-denominator" = fewer than k in the base; "small-group" = fewer than k in');
  out.push(
    'the group; "unanimous" = the whole base on one level; "small-not-asked" = 1…k−1 not asked (exact counts only).',
  );
  for (const m of result.measures ?? []) {
    out.push('');
    out.push(`OUTCOME: ${m.label} — weighted share of the base; base = ${m.base}`);
    const header = ['group', 'n', 'base', ...m.levels.map((l) => l.label)];
    const body = rows.map((row) => {
      const e = row.measures[m.id];
      if (row.withheld || !e) return [row.name, int(row.size), `withheld: ${row.withheld ?? 'small-group'}`];
      if (e.withheld) return [row.name, int(row.size), `withheld: ${e.withheld}`];
      return [row.name, int(row.size), int(e.base), ...m.levels.map((l) => pct(e.levels[l.id]?.share))];
    });
    out.push(...table(header, body, (i) => i > 0));
  }
  if (result.concerns.length > 0) {
    out.push('');
    out.push('CONCERNS — weighted share of those asked (base), most widely held first');
    const body = rows.map((row) => {
      if (row.withheld) return [row.name, int(row.size), `withheld: ${row.withheld}`];
      const entries = Object.values(row.concerns);
      const shown = entries
        .filter((c) => c.share !== null)
        .sort((a, b) => (b.share as number) - (a.share as number))
        .slice(0, 3)
        .map((c) => `${c.label} ${pct(c.share)} (base ${int(c.denominator)})`);
      const held = entries.filter((c) => c.withheld);
      if (held.length > 0)
        shown.push(`${held.length} withheld: ${[...new Set(held.map((c) => c.withheld))].join(', ')}`);
      return [row.name, int(row.size), shown.join('; ') || '—'];
    });
    out.push(...table(['group', 'n', 'top concerns'], body, (i) => i === 1));
    const main = r.mainConcernPublished;
    if (main.segments > 0) {
      out.push(
        `Main concern published in ${main.published} of ${main.segments} segments (${pct(main.published / main.segments)}).`,
      );
    }
  }
  if (r.protection.method === 'cellKey') {
    out.push('');
    out.push(
      `PERTURBATION TABLE (cell key method; D = ${r.protection.maxNoise}, V = ${r.protection.variance}): for a true count n, the probability of publishing n + d`,
    );
    const ds = Array.from({ length: 2 * (r.protection.maxNoise ?? 0) + 1 }, (_, i) => i - (r.protection.maxNoise ?? 0));
    const last = r.protection.table[r.protection.table.length - 1]?.count;
    const body = r.protection.table.map((row) => [
      row.count === last ? `${row.count}+` : String(row.count),
      ...ds.map((d) => {
        const p = row.noise.find((x) => x.d === d)?.p;
        return p === undefined ? '·' : p.toFixed(3);
      }),
      row.variance.toFixed(2),
    ]);
    out.push(...table(['n', ...ds.map((d) => (d > 0 ? `+${d}` : String(d))), 'variance'], body, () => true));
  }
  return out;
}
