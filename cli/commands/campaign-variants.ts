// `klartext campaign variants <id>`: each varied segment's script variants A and B side by side, completion rates with
// 95 % intervals over the published outcome rows; `--json` prints the API's answer. It names no winner.
import { loadConfig } from '../../config/config.ts';
import type { CampaignVariantComparison } from '../../services/variants.ts';
import type { VariantTotals } from '../../shared/variant-comparison.ts';
import { apiFor, type ApiFlags } from '../api-target.ts';
import type { Io } from '../context.ts';
import { emit } from '../output.ts';

const pct = (p: number) => `${(p * 100).toFixed(1)} %`;

function cells(segmentId: string, letter: 'A' | 'B', v: VariantTotals): string[] {
  return [
    segmentId,
    letter,
    v.channels.join(', ') || '—',
    String(v.views),
    String(v.completions),
    v.completionRate === undefined ? '—' : pct(v.completionRate),
    v.interval ? `${pct(v.interval.low)} – ${pct(v.interval.high)}` : '—',
    String(v.withheldRows),
  ];
}

function printVariants(campaignId: string, { k, variants, b }: CampaignVariantComparison): void {
  if (!b) {
    console.log(`Campaign ${campaignId} runs no script variants.`);
    return;
  }
  const split = b.split === 'channel' ? 'split by channel' : 'split by time';
  console.log(`Script variants of campaign ${campaignId}: A (each segment's own) and B "${b.name}", ${split}.`);
  if (variants.length === 0) {
    console.log('No segment runs two variants.');
    return;
  }
  console.log(
    `Summed over the outcome rows whose views and completions are both published; a row with a count below ${k} ` +
      'is left out (counted under "left out").',
  );
  const rows = variants.flatMap((c) => [cells(c.segmentId, 'A', c.a), cells(c.b.segmentId, 'B', c.b)]);
  const header = ['segment', 'variant', 'channels', 'views', 'completed', 'rate', '95 % interval', 'left out'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  // Ids and names left-aligned, numbers right-aligned, as in `campaign outcomes`.
  const line = (row: string[]) =>
    row
      .map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  console.log('The intervals show how uncertain each rate is: the fewer the views, the wider.');
}

export async function campaignVariants(
  campaignId: string,
  opts: ApiFlags & { json?: boolean },
  io: Pick<Io, 'env'>,
): Promise<number> {
  const api = await apiFor(loadConfig(io.env), 'manager', opts);
  const answer = await api.get<CampaignVariantComparison>(`/api/campaigns/${encodeURIComponent(campaignId)}/variants`);
  emit(opts.json, answer, (a) => printVariants(campaignId, a));
  return 0;
}
