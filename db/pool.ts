// pg connection pool construction and a transaction helper shared by the repositories.
import pg from 'pg';

export type Pool = pg.Pool;
export type Queryable = Pick<pg.Pool, 'query'>;

// Postgres returns bigint/numeric as strings by default; our counts fit in a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));

/**
 * Creates a pool for `url`; the caller ends it. A connection the database drops (restart, failover) is logged in one
 * line and discarded, and the next query connects anew: without an `error` listener, Node would end the process.
 * Connecting gives up after `connectTimeoutMs`, so a request while the database is away fails fast (503) instead of
 * waiting. `warn` takes that line (serve and worker: their JSON logger).
 */
export function createPool(
  url: string,
  max = 8,
  connectTimeoutMs = 5_000,
  warn: (line: string) => void = (line) => console.warn(`klartext: ${line}`),
): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: connectTimeoutMs });
  pool.on('error', (err: Error & { code?: string }) => {
    warn(`database connection lost (${err.code ?? err.message}); the next query reconnects.`);
  });
  return pool;
}

/** Resolves when the database answers a trivial query (the health check). */
export async function ping(db: Queryable): Promise<void> {
  await db.query('SELECT 1');
}

/** Runs `fn` inside BEGIN/COMMIT on one connection, rolling back on any error so nothing is half-written. */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let result: T;
  try {
    await client.query('BEGIN');
    result = await fn(client);
    await client.query('COMMIT');
  } catch (err) {
    // On a dropped connection the ROLLBACK fails too: the original error is the one to report, and the broken
    // client is destroyed rather than returned to the pool.
    const rollback = await client.query('ROLLBACK').then(
      () => undefined,
      (rollbackErr: unknown) => rollbackErr as Error,
    );
    client.release(rollback);
    throw err;
  }
  client.release();
  return result;
}
