// Password attempts per key (`user:<id>`, `ip:<address>`) within a sliding window, for the login rate limit.
import type { Queryable } from './pool.ts';

export interface AttemptCount {
  key: string;
  /** Attempts within the window. */
  n: number;
  /** Seconds until the oldest of them leaves the window. */
  retry: number;
}

const window = (minutes: number) => `interval '${Math.trunc(minutes)} minutes'`;

/** Forgets attempts older than the window, records one attempt per key and returns their ids. */
export async function recordAttempts(db: Queryable, keys: readonly string[], windowMinutes: number): Promise<number[]> {
  await db.query(`DELETE FROM login_attempts WHERE at < now() - ${window(windowMinutes)}`);
  const mine = await db.query(`INSERT INTO login_attempts (key) SELECT unnest($1::text[]) RETURNING id`, [keys]);
  return mine.rows.map((r: { id: number }) => r.id);
}

/** The attempts per key within the window (keys without any are left out). */
export async function countAttempts(
  db: Queryable,
  keys: readonly string[],
  windowMinutes: number,
): Promise<AttemptCount[]> {
  const w = window(windowMinutes);
  const counts = await db.query(
    `SELECT key, count(*)::int AS n, ceil(extract(epoch FROM min(at) + ${w} - now()))::int AS retry
     FROM login_attempts WHERE key = ANY($1) AND at > now() - ${w} GROUP BY key`,
    [keys],
  );
  return counts.rows;
}

/** Forgets the attempts `ids`, and every attempt under `key` when given. */
export async function forgetAttempts(db: Queryable, ids: readonly number[], key?: string): Promise<void> {
  if (key === undefined) await db.query(`DELETE FROM login_attempts WHERE id = ANY($1)`, [ids]);
  else await db.query(`DELETE FROM login_attempts WHERE id = ANY($1) OR key = $2`, [ids, key]);
}
