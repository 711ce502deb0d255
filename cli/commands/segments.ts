// `klartext segments build`: respondent file + spec → segments.json and a privacy report, with a readable summary.
import { readFile, writeFile } from 'node:fs/promises';
import { KlartextError } from '../../shared/errors.ts';
import { segmentFile, type SegmentFileResult } from '../../segments/segment-file.ts';
import { parseSegmentationSpec } from '../../segments/spec.ts';
import { parseStrategyRules } from '../../segments/strategy.ts';
import { renderSegmentReport } from '../../segments/report-text.ts';
import { emit } from '../output.ts';

export interface SegmentsBuildOptions {
  spec: string;
  strategy?: string;
  out?: string;
  /** A `.json` file: the privacy report as JSON; another file: the readable report; `true` (no file): print it. */
  report?: string | boolean;
  redact?: boolean;
  json?: boolean;
}

async function readInput(path: string, what: string): Promise<string> {
  return readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new KlartextError(`cannot read the ${what} ${path} (${err.code}); check the path.`, { cause: err });
  });
}

/**
 * Segments a respondent file; writes `--out` and `--report` when given, and prints the segments with the privacy
 * summary, or everything as one JSON document with `--json`. Returns 0.
 * @throws InputError naming file:line:column for a bad spec, rules file or respondent row.
 */
export async function segmentsBuild(file: string, opts: SegmentsBuildOptions): Promise<number> {
  const spec = parseSegmentationSpec(await readInput(opts.spec, 'segmentation spec'), opts.spec);
  const strategyRules = opts.strategy
    ? parseStrategyRules(await readInput(opts.strategy, 'strategy rules'), opts.strategy)
    : undefined;
  const result = await segmentFile({ path: file, spec, redact: opts.redact ?? false, strategyRules });
  const { segments, concerns, pipeline } = result;
  const report = { ...result.report, redacted: result.redacted };
  // Files first: a closed stdout (e.g. `| head`) must not cost the outputs.
  if (opts.out)
    await writeFile(
      opts.out,
      JSON.stringify({ segments, concerns, measures: result.measures, totals: result.totals, pipeline }, null, 2) +
        '\n',
    );
  const reportFile = typeof opts.report === 'string' ? opts.report : undefined;
  if (reportFile?.toLowerCase().endsWith('.json')) await writeFile(reportFile, JSON.stringify(report, null, 2) + '\n');
  else if (reportFile) await writeFile(reportFile, renderSegmentReport(result).join('\n') + '\n');
  const { measures, totals } = result;
  // The JSON document and the readable report outgrow a pipe's buffer and the process exits right after: written in
  // one piece and awaited until flushed.
  const write = (text: string) => new Promise<void>((resolve) => process.stdout.write(text, () => resolve()));
  if (opts.json) {
    await write(JSON.stringify({ segments, concerns, measures, totals, pipeline, report }, null, 2) + '\n');
    return 0;
  }
  if (opts.report === true) {
    await write(renderSegmentReport(result).join('\n') + '\n');
    if (opts.out) console.log(`Segments written to ${opts.out}`);
    return 0;
  }
  emit(opts.json, { segments, concerns, measures, totals, pipeline, report }, () => {
    printSegments(result, (line) => console.log(line));
    if (opts.out) console.log(`Segments written to ${opts.out}`);
    if (reportFile)
      console.log(
        `${reportFile.toLowerCase().endsWith('.json') ? 'Privacy' : 'Readable'} report written to ${reportFile}`,
      );
  });
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
  for (const line of locatedLines(r.located)) log(`         ${line}`);
  const masked = Object.entries(result.redacted).filter(([, n]) => n > 0);
  if (masked.length > 0) log(`         redacted in free text: ${masked.map(([k, n]) => `${k} ${n}`).join(', ')}`);
}

/** Where rejected rows and unknown codes are: line numbers and spec codes only, never a cell's text. */
export function locatedLines(located: SegmentFileResult['report']['located']): string[] {
  if (!located) return [];
  const lines: string[] = [];
  const first = Object.entries(located.rejectedLines)
    .filter(([, at]) => at.length > 0)
    .map(([why, at]) => `${why} ${at.join(', ')}`);
  if (first.length > 0) lines.push(`rejected rows, first lines: ${first.join('; ')}`);
  for (const u of located.unknownCodes) {
    const what = u.code === null ? 'a value that is not a code' : `code ${u.code}`;
    const then = u.policy === 'missing' ? 'read as missing' : 'row rejected';
    lines.push(
      `unknown ${what} in ${u.column} (${u.key}, unknown: ${u.policy} → ${then}): ${u.rows} ${u.rows === 1 ? 'row' : 'rows'}, first ${u.lines.length === 1 ? 'line' : 'lines'} ${u.lines.join(', ')}`,
    );
  }
  return lines;
}
