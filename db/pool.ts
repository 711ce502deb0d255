// pg connection pool construction and a transaction helper shared by the repositories.
import pg from 'pg';

export type Pool = pg.Pool;
export type Queryable = Pick<pg.Pool, 'query'>;

// Postgres returns bigint/numeric as strings by default; our counts fit in a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));

/** Creates a pool for `url`; the caller ends it. */
export function createPool(url: string, max = 8): pg.Pool {
  return new pg.Pool({ connectionString: url, max });
}

/** Resolves when the database answers a trivial query (the health check). */
export async function ping(db: Queryable): Promise<void> {
  await db.query('SELECT 1');
}

/** Runs `fn` inside BEGIN/COMMIT on one connection, rolling back on any error so nothing is half-written. */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}
