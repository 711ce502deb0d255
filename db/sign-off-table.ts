// One repository shape for the sign-off records (script decisions, signatures, video decisions): write once, list.
import type { Queryable } from './pool.ts';

/** A table of records that a retried activity may write twice: each field's column, and how one segment's are ordered. */
export interface SignOffTable<R> {
  table: string;
  columns: { readonly [K in keyof R]-?: string };
  /** Oldest first, with a tie-breaker where two reviewers may decide at the same moment. */
  order: string;
  /** Fields stored as `timestamptz`, read back as ISO strings. */
  times: readonly (keyof R & string)[];
}

/** Inserts a record unless its key exists (a retried activity); returns whether it was new. Extra fields are ignored. */
export async function insertOnce<R>(db: Queryable, t: SignOffTable<R>, record: R): Promise<boolean> {
  const fields = Object.keys(t.columns) as (keyof R & string)[];
  const placeholders = fields.map((_, i) => `$${i + 1}`).join(', ');
  const r = await db.query(
    `INSERT INTO ${t.table} (${fields.map((f) => t.columns[f]).join(', ')}) VALUES (${placeholders})
     ON CONFLICT DO NOTHING`,
    fields.map((f) => record[f] ?? null),
  );
  return r.rowCount === 1;
}

/** Every record on one segment, in the table's order; a NULL column leaves its (optional) field out. */
export async function listForSegment<R>(
  db: Queryable,
  t: SignOffTable<R>,
  campaignId: string,
  segmentId: string,
): Promise<R[]> {
  const r = await db.query(`SELECT * FROM ${t.table} WHERE campaign_id = $1 AND segment_id = $2 ORDER BY ${t.order}`, [
    campaignId,
    segmentId,
  ]);
  return r.rows.map((row: Record<string, unknown>) => toRecord(t, row));
}

/** The newest record of each of the given segments of a campaign (one query, however many segments), by segment id. */
export async function latestForSegments<R>(
  db: Queryable,
  t: SignOffTable<R>,
  campaignId: string,
  segmentIds: readonly string[],
): Promise<Map<string, R>> {
  // The table's order, reversed column by column: its last record first.
  const newestFirst = t.order
    .split(',')
    .map((c) => `${c.trim()} DESC`)
    .join(', ');
  const r = await db.query(
    `SELECT DISTINCT ON (segment_id) * FROM ${t.table} WHERE campaign_id = $1 AND segment_id = ANY($2::text[])
      ORDER BY segment_id, ${newestFirst}`,
    [campaignId, segmentIds],
  );
  return new Map(r.rows.map((row: Record<string, unknown>) => [row.segment_id as string, toRecord(t, row)]));
}

/** A row as its record; a NULL column leaves its (optional) field out. */
function toRecord<R>(t: SignOffTable<R>, row: Record<string, unknown>): R {
  const record: Record<string, unknown> = {};
  for (const f of Object.keys(t.columns) as (keyof R & string)[]) {
    const value = row[t.columns[f]];
    if (value === null || value === undefined) continue;
    record[f] = t.times.includes(f) ? new Date(value as string | Date).toISOString() : value;
  }
  return record as R;
}
