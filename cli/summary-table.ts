// Prints a campaign summary as an aligned text table.
import type { CampaignSummary } from '../api/summary.ts';

export function printSummaryTable(summary: CampaignSummary, log: (line: string) => void): void {
  const rows = summary.segments.map((s) => [
    s.segmentId,
    s.language,
    s.status,
    s.scriptSha256?.slice(0, 12) ?? '-',
    s.checks ? `${s.checks.blocking}/${s.checks.warnings}` : '-',
    s.review ? `${s.review.decision}` : '-',
    s.video ? `${s.video.durationSeconds.toFixed(1)} s` : '-',
    s.deliveries.map((d) => `${d.channel}:${d.status}×${d.attempts}`).join(' ') || '-',
  ]);
  const header = ['segment', 'lang', 'status', 'script', 'checks b/w', 'review', 'video', 'deliveries'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  log('');
  log(fmt(header));
  log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const r of rows) log(fmt(r));
  log('');
}
