// Channel outcomes as shown outside the database: counts below the campaign's k suppressed, and the CSV export. One
// grain everywhere (segment, channel, video), so no two published tables can be subtracted to reveal a hidden cell.

/** A published count: the number, or `{ below: k }` for 1..k−1 (zero reveals no one and is shown). */
export type PublishedCount = number | { below: number };

/** One row of a campaign's outcomes as managers see it. */
export interface PublishedOutcome {
  segmentId: string;
  channelId: string;
  /** The video reported on: a segment running two script variants has one row per variant and channel. */
  videoSha256: string;
  views: PublishedCount;
  completions: PublishedCount;
  ctaClicks: PublishedCount;
  /** Completions per view, only when both counts are published; absent otherwise. */
  completionRate?: number;
  observedAt: string;
}

/** The stored totals of one row, before suppression. */
export interface OutcomeCounts {
  segmentId: string;
  channelId: string;
  videoSha256: string;
  views: number;
  completions: number;
  ctaClicks: number;
  observedAt: string;
}

/** A count as published under `k`: 1..k−1 become `{ below: k }`. */
export function suppress(n: number, k: number): PublishedCount {
  return n > 0 && n < k ? { below: k } : n;
}

/** Suppresses every count of the rows below `k`; the completion rate only where views and completions both show. */
export function publishOutcomes(rows: readonly OutcomeCounts[], k: number): PublishedOutcome[] {
  return rows.map((r) => {
    const views = suppress(r.views, k);
    const completions = suppress(r.completions, k);
    const shown = typeof views === 'number' && typeof completions === 'number' && views > 0;
    return {
      segmentId: r.segmentId,
      channelId: r.channelId,
      videoSha256: r.videoSha256,
      views,
      completions,
      ctaClicks: suppress(r.ctaClicks, k),
      ...(shown ? { completionRate: completions / views } : {}),
      observedAt: r.observedAt,
    };
  });
}

/** A published count as text: the number, or `<k`. */
export function countText(c: PublishedCount): string {
  return typeof c === 'number' ? String(c) : `<${c.below}`;
}

export const OUTCOME_CSV_COLUMNS = [
  'segment_id',
  'channel_id',
  'video_sha256',
  'views',
  'completions',
  'cta_clicks',
  'completion_rate',
  'observed_at',
] as const;

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled; a leading =+-@ cannot start a formula. */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The export's file name: the campaign id with anything but letters, digits, `.`, `_` and `-` replaced. */
export function outcomesCsvName(campaignId: string): string {
  return `${campaignId.replace(/[^A-Za-z0-9._-]/g, '_')}-outcomes.csv`;
}

/** The published rows as CSV (header first, CRLF line ends), suppressed counts written `<k`. */
export function outcomesCsv(rows: readonly PublishedOutcome[]): string {
  return OUTCOMES_CSV_HEADER + outcomesCsvLines(rows);
}

/** The CSV's first line: its column names. */
export const OUTCOMES_CSV_HEADER = `${OUTCOME_CSV_COLUMNS.join(',')}\r\n`;

/** The rows as CSV lines without the header, so an export can be written a page at a time. */
export function outcomesCsvLines(rows: readonly PublishedOutcome[]): string {
  const lines = rows.map((r) =>
    [
      r.segmentId,
      r.channelId,
      r.videoSha256,
      countText(r.views),
      countText(r.completions),
      countText(r.ctaClicks),
      r.completionRate === undefined ? '' : r.completionRate.toFixed(4),
      r.observedAt,
    ]
      .map(csvField)
      .join(','),
  );
  return lines.map((line) => `${line}\r\n`).join('');
}
