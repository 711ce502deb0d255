// Outcomes channels report per delivered video: the inbound messages taken in (by webhook-id) and the newest totals.
import type { OutcomeCounts } from '../shared/outcomes.ts';
import { inTransaction, type Pool, type Queryable } from './pool.ts';

/** Cumulative totals a channel counted for one delivery up to `observedAt`. */
export interface OutcomeReport {
  deliveryId: string;
  observedAt: Date;
  views: number;
  completions: number;
  ctaClicks: number;
}

/** What became of a message: taken in (with how many reports changed totals), a replay, or an id reused. */
export type RecordedMessage =
  { status: 'accepted'; applied: number; superseded: number } | { status: 'replayed' } | { status: 'conflict' };

/** Deliveries that may carry outcomes: videos (approved or replacing) this channel was actually sent. */
const REPORTABLE = `status = 'delivered' AND event_type IN ('video.approved', 'video.replaced')`;

/** Of `deliveryIds`, those the channel was not sent as a video, in the order given. */
export async function unknownDeliveries(db: Queryable, channelId: string, deliveryIds: string[]): Promise<string[]> {
  const r = await db.query(`SELECT id FROM deliveries WHERE channel_id = $1 AND id = ANY($2) AND ${REPORTABLE}`, [
    channelId,
    deliveryIds,
  ]);
  const known = new Set(r.rows.map((row: { id: string }) => row.id));
  return deliveryIds.filter((id) => !known.has(id));
}

/**
 * Takes in one message's reports, all or none: the message id is recorded with its body's hash in the same
 * transaction as the totals, so a replay (same id, same body) changes nothing and a reuse (same id, other body) is
 * told apart. A report older than the totals stored for its delivery changes nothing (newest observation wins); at the
 * same observation time the larger count wins, so the result does not depend on arrival order.
 */
export async function recordOutcomeMessage(
  pool: Pool,
  input: { channelId: string; webhookId: string; bodySha256: string; reports: readonly OutcomeReport[] },
): Promise<RecordedMessage> {
  return inTransaction(pool, async (tx) => {
    const first = await tx.query(
      `INSERT INTO outcome_messages (channel_id, webhook_id, body_sha256, reports) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING 1`,
      [input.channelId, input.webhookId, input.bodySha256, input.reports.length],
    );
    if (first.rowCount === 0) {
      const seen = await tx.query(
        `SELECT body_sha256 FROM outcome_messages WHERE channel_id = $1 AND webhook_id = $2`,
        [input.channelId, input.webhookId],
      );
      return { status: seen.rows[0]?.body_sha256 === input.bodySha256 ? 'replayed' : 'conflict' };
    }
    let applied = 0;
    for (const r of input.reports) {
      const changed = await tx.query(
        `INSERT INTO delivery_outcomes AS o (delivery_id, views, completions, cta_clicks, observed_at, webhook_id)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (delivery_id) DO UPDATE SET
           views = CASE WHEN EXCLUDED.observed_at > o.observed_at THEN EXCLUDED.views
                        ELSE greatest(o.views, EXCLUDED.views) END,
           completions = CASE WHEN EXCLUDED.observed_at > o.observed_at THEN EXCLUDED.completions
                              ELSE greatest(o.completions, EXCLUDED.completions) END,
           cta_clicks = CASE WHEN EXCLUDED.observed_at > o.observed_at THEN EXCLUDED.cta_clicks
                             ELSE greatest(o.cta_clicks, EXCLUDED.cta_clicks) END,
           observed_at = EXCLUDED.observed_at, webhook_id = EXCLUDED.webhook_id, updated_at = now()
         WHERE EXCLUDED.observed_at >= o.observed_at`,
        [r.deliveryId, r.views, r.completions, r.ctaClicks, r.observedAt, input.webhookId],
      );
      applied += changed.rowCount ?? 0;
    }
    return { status: 'accepted', applied, superseded: input.reports.length - applied };
  });
}

/** A campaign's outcomes at the grain they are stored: segment, channel and video (a script variant's render). */
export type OutcomeRow = OutcomeCounts;

/** Every reported delivery of a campaign, by segment, channel and video. */
export async function listCampaignOutcomes(db: Queryable, campaignId: string): Promise<OutcomeRow[]> {
  const r = await db.query(
    `SELECT d.segment_id, d.channel_id, d.video_sha256, o.views, o.completions, o.cta_clicks, o.observed_at
       FROM delivery_outcomes o JOIN deliveries d ON d.id = o.delivery_id
      WHERE d.campaign_id = $1
      ORDER BY d.segment_id, d.channel_id, o.observed_at, d.video_sha256`,
    [campaignId],
  );
  return r.rows.map(toOutcomeRow);
}

function toOutcomeRow(row: Record<string, unknown>): OutcomeRow {
  return {
    segmentId: row.segment_id as string,
    channelId: row.channel_id as string,
    videoSha256: row.video_sha256 as string,
    views: Number(row.views),
    completions: Number(row.completions),
    ctaClicks: Number(row.cta_clicks),
    observedAt: new Date(row.observed_at as string).toISOString(),
  };
}

/** Where a page of outcome rows ends, in their order: segment, channel, observed (µs since the epoch), video, delivery. */
export type OutcomeKey = readonly [string, string, number, string, string];

/**
 * One page of a campaign's outcome rows in the order of `listCampaignOutcomes` (the delivery id breaking ties), after
 * `after`, only of `segmentIds` when given; `next` is set when more rows follow. One query however many rows exist.
 */
export async function listCampaignOutcomesPage(
  db: Queryable,
  campaignId: string,
  page: { after?: OutcomeKey; limit: number; segmentIds?: readonly string[] },
): Promise<{ rows: OutcomeRow[]; next?: OutcomeKey }> {
  const [segment, channel, observedUs, video, delivery] = page.after ?? [null, null, null, null, null];
  const r = await db.query(
    `SELECT d.id, d.segment_id, d.channel_id, d.video_sha256, o.views, o.completions, o.cta_clicks, o.observed_at,
            (extract(epoch FROM o.observed_at) * 1000000)::bigint AS observed_us
       FROM delivery_outcomes o JOIN deliveries d ON d.id = o.delivery_id
      WHERE d.campaign_id = $1 AND ($2::text[] IS NULL OR d.segment_id = ANY($2))
        AND ($5::bigint IS NULL OR (d.segment_id, d.channel_id, o.observed_at, d.video_sha256, d.id) >
             ($3::text, $4::text, timestamptz 'epoch' + $5::bigint * interval '1 microsecond', $6::text, $7::text))
      ORDER BY d.segment_id, d.channel_id, o.observed_at, d.video_sha256, d.id
      LIMIT $8`,
    [campaignId, page.segmentIds ?? null, segment, channel, observedUs, video, delivery, page.limit + 1],
  );
  const rows = r.rows.slice(0, page.limit);
  const last = rows.at(-1);
  return {
    rows: rows.map(toOutcomeRow),
    ...(r.rows.length > page.limit && last
      ? {
          next: [last.segment_id, last.channel_id, Number(last.observed_us), last.video_sha256, last.id] as OutcomeKey,
        }
      : {}),
  };
}

/** The smallest publishable group of the campaign's newest segment set (its spec's `k`), if it was segmented here. */
export async function segmentationK(db: Queryable, campaignId: string): Promise<number | undefined> {
  const r = await db.query(
    `SELECT (spec->>'k')::int AS k FROM segment_sets WHERE campaign_id = $1 ORDER BY version DESC LIMIT 1`,
    [campaignId],
  );
  return (r.rows[0]?.k as number | null) ?? undefined;
}

/** Totals over every campaign by channel kind, for the metrics gauge. */
export async function outcomeTotalsByChannelKind(
  db: Queryable,
): Promise<{ channelKind: string; views: number; completions: number; ctaClicks: number }[]> {
  const r = await db.query(
    `SELECT c.kind, sum(o.views) AS views, sum(o.completions) AS completions, sum(o.cta_clicks) AS cta_clicks
       FROM delivery_outcomes o JOIN deliveries d ON d.id = o.delivery_id JOIN channels c ON c.id = d.channel_id
      GROUP BY c.kind ORDER BY c.kind`,
  );
  return r.rows.map((row) => ({
    channelKind: row.kind as string,
    views: Number(row.views),
    completions: Number(row.completions),
    ctaClicks: Number(row.cta_clicks),
  }));
}
