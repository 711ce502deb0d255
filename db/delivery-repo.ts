// Delivery ledger: one row per (segment video, channel, event), every attempt recorded.
import type { Queryable } from './pool.ts';

export type DeliveryStatus = 'pending' | 'delivering' | 'delivered' | 'failed' | 'disabled';

export interface DeliveryRow {
  id: string;
  campaignId: string;
  segmentId: string;
  channelId: string;
  eventType: string;
  videoSha256: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode?: number;
  lastError?: string;
  deliveredAt?: string;
}

function toRow(row: Record<string, unknown>): DeliveryRow {
  return {
    id: row.id as string,
    campaignId: row.campaign_id as string,
    segmentId: row.segment_id as string,
    channelId: row.channel_id as string,
    eventType: row.event_type as string,
    videoSha256: row.video_sha256 as string,
    status: row.status as DeliveryStatus,
    attempts: row.attempts as number,
    lastStatusCode: (row.last_status_code as number | null) ?? undefined,
    lastError: (row.last_error as string | null) ?? undefined,
    deliveredAt: row.delivered_at ? new Date(row.delivered_at as string).toISOString() : undefined,
  };
}

/** Creates the ledger row if missing and returns it (existing rows keep their state: retries reuse the id). */
export async function ensureDelivery(
  db: Queryable,
  d: Pick<DeliveryRow, 'id' | 'campaignId' | 'segmentId' | 'channelId' | 'eventType' | 'videoSha256'>,
): Promise<DeliveryRow> {
  await db.query(
    `INSERT INTO deliveries (id, campaign_id, segment_id, channel_id, event_type, video_sha256, status)
     VALUES ($1, $2, $3, $4, $5, $6, 'pending') ON CONFLICT DO NOTHING`,
    [d.id, d.campaignId, d.segmentId, d.channelId, d.eventType, d.videoSha256],
  );
  const r = await db.query(`SELECT * FROM deliveries WHERE id = $1`, [d.id]);
  return toRow(r.rows[0]);
}

/** Marks an attempt as started and returns its number. */
export async function startAttempt(db: Queryable, id: string): Promise<number> {
  const r = await db.query(
    `UPDATE deliveries SET status = 'delivering', attempts = attempts + 1 WHERE id = $1 RETURNING attempts`,
    [id],
  );
  return r.rows[0].attempts as number;
}

/** Records the attempt's outcome and moves the delivery to its new state. */
export async function finishAttempt(
  db: Queryable,
  a: { id: string; attempt: number; statusCode?: number; latencyMs: number; error?: string; status: DeliveryStatus },
): Promise<void> {
  await db.query(
    `INSERT INTO delivery_attempts (delivery_id, attempt, status_code, latency_ms, error) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT DO NOTHING`,
    [a.id, a.attempt, a.statusCode ?? null, Math.round(a.latencyMs), a.error ?? null],
  );
  await db.query(
    `UPDATE deliveries SET status = $2, last_status_code = $3, last_error = $4,
       delivered_at = CASE WHEN $2 = 'delivered' THEN now() ELSE delivered_at END WHERE id = $1`,
    [a.id, a.status, a.statusCode ?? null, a.error ?? null],
  );
}

/** A campaign's deliveries by segment and channel; only those of `segmentIds` when given. */
export async function listDeliveries(
  db: Queryable,
  campaignId: string,
  segmentIds?: readonly string[],
): Promise<DeliveryRow[]> {
  const r = await db.query(
    `SELECT * FROM deliveries WHERE campaign_id = $1 AND ($2::text[] IS NULL OR segment_id = ANY($2::text[]))
      ORDER BY segment_id, channel_id`,
    [campaignId, segmentIds ?? null],
  );
  return r.rows.map(toRow);
}

/**
 * Sets a delivery's status without an attempt (a disabled channel, a retry schedule that ran out), recording why;
 * with `onlyFrom`, only rows currently in one of those states change.
 */
export async function markDelivery(
  db: Queryable,
  id: string,
  status: DeliveryStatus,
  error: string,
  onlyFrom?: readonly DeliveryStatus[],
): Promise<void> {
  await db.query(
    `UPDATE deliveries SET status = $2, last_error = $3 WHERE id = $1 AND ($4::text[] IS NULL OR status = ANY($4))`,
    [id, status, error, onlyFrom ?? null],
  );
}

/** Puts deliveries back to pending with no error, before they are sent again. */
export async function resetDeliveries(db: Queryable, ids: readonly string[]): Promise<void> {
  await db.query(`UPDATE deliveries SET status = 'pending', last_error = NULL WHERE id = ANY($1)`, [ids]);
}

/** Deliveries matching the filters, newest first, each with its attempts (status code, latency, error, time). */
export async function findDeliveries(
  db: Queryable,
  filter: { id?: string; campaignId?: string; channelId?: string; since?: Date },
): Promise<
  (DeliveryRow & { attemptLog: { attempt: number; statusCode?: number; latencyMs: number; error?: string }[] })[]
> {
  const r = await db.query(
    `SELECT d.*, COALESCE((SELECT json_agg(json_build_object('attempt', a.attempt, 'statusCode', a.status_code,
              'latencyMs', a.latency_ms, 'error', a.error) ORDER BY a.attempt)
              FROM delivery_attempts a WHERE a.delivery_id = d.id), '[]') AS attempt_log
       FROM deliveries d
      WHERE ($1::text IS NULL OR d.id = $1) AND ($2::text IS NULL OR d.campaign_id = $2)
        AND ($3::text IS NULL OR d.channel_id = $3) AND ($4::timestamptz IS NULL OR d.created_at >= $4)
      ORDER BY d.created_at DESC, d.id LIMIT 1000`,
    [filter.id ?? null, filter.campaignId ?? null, filter.channelId ?? null, filter.since ?? null],
  );
  return r.rows.map((row) => ({
    ...toRow(row),
    attemptLog: (
      row.attempt_log as { attempt: number; statusCode: number | null; latencyMs: number; error: string | null }[]
    ).map((a) => ({
      attempt: a.attempt,
      latencyMs: a.latencyMs,
      ...(a.statusCode === null ? {} : { statusCode: a.statusCode }),
      ...(a.error === null ? {} : { error: a.error }),
    })),
  }));
}

/** Whether this video of the segment was ever sent (or is being sent) to the channel, whatever the event. */
export async function wasSentTo(
  db: Queryable,
  d: Pick<DeliveryRow, 'campaignId' | 'segmentId' | 'channelId' | 'videoSha256'>,
): Promise<boolean> {
  const r = await db.query(
    `SELECT 1 FROM deliveries WHERE campaign_id = $1 AND segment_id = $2 AND channel_id = $3 AND video_sha256 = $4
     LIMIT 1`,
    [d.campaignId, d.segmentId, d.channelId, d.videoSha256],
  );
  return (r.rowCount ?? 0) > 0;
}
