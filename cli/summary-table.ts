// Prints a campaign summary as an aligned text table, with what narrated the videos below it.
import type { CampaignSummary, SegmentSummary } from '../services/summary.ts';
import { describeEngine } from '../shared/narration.ts';

/** The voice column: the eSpeak NG voice of the segment's language, `silent`, or `-` when not recorded. */
function voice(s: SegmentSummary): string {
  if (!s.narration) return '-';
  if (s.narration.engine === 'silent') return 'silent';
  return Object.values(s.narration.voices).join(',') || '-';
}

export function printSummaryTable(summary: CampaignSummary, log: (line: string) => void): void {
  const rows = summary.segments.map((s) => [
    s.segmentId,
    s.language,
    s.status,
    s.scriptSha256?.slice(0, 12) ?? '-',
    s.checks ? `${s.checks.blocking}/${s.checks.warnings}` : '-',
    s.review ? `${s.review.decision}` : '-',
    s.video ? `${s.video.durationSeconds.toFixed(1)} s` : '-',
    voice(s),
    s.deliveries.map((d) => `${d.channel}:${d.status}×${d.attempts}`).join(' ') || '-',
  ]);
  const header = ['segment', 'lang', 'status', 'script', 'checks b/w', 'review', 'video', 'voice', 'deliveries'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  log('');
  log(fmt(header));
  log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const r of rows) log(fmt(r));
  // The engine is the same for most segments: named once per distinct engine rather than in every row.
  const engines = new Set(summary.segments.flatMap((s) => (s.narration ? [describeEngine(s.narration)] : [])));
  for (const engine of engines) log(`Narration: ${engine}`);
  log('');
}
