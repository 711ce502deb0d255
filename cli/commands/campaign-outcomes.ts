// `klartext campaign outcomes <id>`: what channels reported per segment, channel and video, counts below the campaign's
// k suppressed as the console shows them; `--csv` prints the CSV export, `--json` the API's answer.
import { loadConfig } from '../../config/config.ts';
import { countText, outcomesCsv, type PublishedOutcome } from '../../shared/outcomes.ts';
import { apiFor, type ApiFlags } from '../api-target.ts';
import { getPages } from '../api-client.ts';
import type { Io } from '../context.ts';
import { emit } from '../output.ts';

/** What `GET /api/campaigns/:id/outcomes` answers. */
export interface CampaignOutcomes {
  campaignId: string;
  k: number;
  outcomes: PublishedOutcome[];
  /** The next page's path, when more rows follow. */
  next?: string;
}

function printOutcomes({ campaignId, k, outcomes }: CampaignOutcomes): void {
  if (outcomes.length === 0) {
    console.log(`No channel has reported outcomes for campaign ${campaignId} yet.`);
    return;
  }
  console.log(`Outcomes of campaign ${campaignId} (counts from 1 to ${k - 1} shown as <${k})`);
  const rows = outcomes.map((o) => [
    o.segmentId,
    o.channelId,
    o.videoSha256.slice(0, 12),
    countText(o.views),
    countText(o.completions),
    o.completionRate === undefined ? '—' : `${(o.completionRate * 100).toFixed(1)} %`,
    countText(o.ctaClicks),
  ]);
  const header = ['segment', 'channel', 'video', 'views', 'completed', 'rate', 'cta clicks'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  // Ids left-aligned, numbers right-aligned, as in `campaign status`.
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

export async function campaignOutcomes(
  campaignId: string,
  opts: ApiFlags & { json?: boolean; csv?: boolean },
  io: Pick<Io, 'env'>,
): Promise<number> {
  const api = await apiFor(loadConfig(io.env), 'manager', opts);
  // The API pages the rows; the command prints them all.
  const { first, items } = await getPages(
    api,
    `/api/campaigns/${encodeURIComponent(campaignId)}/outcomes`,
    (page: CampaignOutcomes) => page.outcomes,
  );
  const answer: CampaignOutcomes = { campaignId: first.campaignId, k: first.k, outcomes: items };
  // CRLF inside (RFC 4180), as the API's download; the last line ends as every line the CLI prints.
  if (opts.csv) console.log(outcomesCsv(answer.outcomes).trimEnd());
  else emit(opts.json, answer, printOutcomes);
  return 0;
}
