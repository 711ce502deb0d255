// `klartext segments build`: respondent file + spec → segments.json and a privacy report, with a readable summary.
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { KlartextError } from '../../shared/errors.ts';
import { segmentFile, type SegmentFileResult } from '../../segments/segment-file.ts';
import { parseSegmentationSpec } from '../../segments/spec.ts';
import { parseStrategyRules } from '../../segments/strategy.ts';

const USAGE =
  'klartext segments build <file.csv[.gz]> --spec <segmentation.yaml> [--strategy <rules.yaml>] ' +
  '[--out segments.json] [--report report.json] [--redact]';

export async function runSegments(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      spec: { type: 'string' },
      strategy: { type: 'string' },
      out: { type: 'string' },
      report: { type: 'string' },
      redact: { type: 'boolean', default: false },
    },
  });
  const [sub, file] = positionals;
  if (sub !== 'build' || !file || !values.spec) throw new KlartextError(`Usage: ${USAGE}`);
  const spec = parseSegmentationSpec(await readFile(values.spec, 'utf8'), values.spec);
  const strategyRules = values.strategy
    ? parseStrategyRules(await readFile(values.strategy, 'utf8'), values.strategy)
    : undefined;
  const result = await segmentFile({ path: file, spec, redact: values.redact, strategyRules });
  // Files first: a closed stdout (e.g. `| head`) must not cost the outputs.
  if (values.out) {
    const { segments, concerns, pipeline } = result;
    await writeFile(values.out, JSON.stringify({ segments, concerns, pipeline }, null, 2) + '\n');
  }
  if (values.report) {
    await writeFile(values.report, JSON.stringify({ ...result.report, redacted: result.redacted }, null, 2) + '\n');
  }
  printSegments(result, (line) => console.log(line));
  if (values.out) console.log(`Segments written to ${values.out}`);
  if (values.report) console.log(`Privacy report written to ${values.report}`);
  return 0;
}

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${Math.round(x * 100)} %`);

/** Segments with their sizes and top concerns, then the privacy summary. */
export function printSegments(result: SegmentFileResult, log: (line: string) => void): void {
  const rows = result.segments.map((s, i) => {
    const top = Object.entries(s.concerns)
      .filter(([, c]) => c.share !== null)
      .sort(([, a], [, b]) => (b.share ?? 0) - (a.share ?? 0))
      .slice(0, 3)
      .map(([id, c]) => `${id} ${pct(c.share)}`)
      .join(', ');
    const p = result.pipeline[i]!;
    return [
      s.label || '(everyone)',
      String(s.size),
      Math.round(s.population).toLocaleString('en'),
      `${p.language}/${p.readingLevel}`,
      top || '—',
    ];
  });
  const header = ['segment', 'n', 'population', 'lang/level', 'top concerns (weighted share of those asked)'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) =>
    r.map((c, i) => (i === 1 || i === 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  log(fmt(header));
  log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const r of rows) log(fmt(r));
  const r = result.report;
  const rejected = Object.entries(r.rejected)
    .filter(([, n]) => n > 0)
    .map(([why, n]) => `${why} ${n}`)
    .join(', ');
  log('');
  log(
    `Privacy: k=${r.k}, ℓ=${r.l}; rows read ${r.rowsRead}, filtered ${r.rowsFiltered}, rejected ${r.rowsRejected}${rejected ? ` (${rejected})` : ''}, used ${r.rowsUsed}`,
  );
  log(
    `         ${r.segmentsPublished} segments published (smallest ${r.smallestPublished ?? '—'}), ${r.segmentsSuppressed} suppressed (${r.rowsSuppressed} rows); cells ${r.cellsBefore}, generalised ${r.cellsGeneralised}, suppressed ${r.cellsSuppressed}`,
  );
  log(
    `         identifiers dropped: ${r.identifiersDropped.join(', ') || 'none'}; homogeneity flags ${r.homogeneityFlags}; concern shares withheld ${r.concernsWithheld}`,
  );
  const masked = Object.entries(result.redacted).filter(([, n]) => n > 0);
  if (masked.length > 0) log(`         redacted in free text: ${masked.map(([k, n]) => `${k} ${n}`).join(', ')}`);
}
