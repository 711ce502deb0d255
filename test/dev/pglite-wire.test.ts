// The embedded database's wire front: concurrent clients never see each other's statements or results.
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveWire, type PgliteWireServer } from '../../dev/pglite-wire.ts';

let db: PGlite;
let server: PgliteWireServer;
let url: string;
beforeAll(async () => {
  db = await PGlite.create();
  server = await serveWire(db, '127.0.0.1', 0);
  url = `postgres://postgres@${server.address}/postgres?sslmode=disable`;
  await db.exec('CREATE TABLE t (client int NOT NULL, n int NOT NULL)');
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

describe('serveWire', () => {
  it('answers each of many concurrent parameterised queries with its own result', async () => {
    const pools = [new pg.Pool({ connectionString: url, max: 8 }), new pg.Pool({ connectionString: url, max: 8 })];
    try {
      const answers = await Promise.all(
        Array.from({ length: 300 }, async (_, i) => {
          const r = await pools[i % 2]!.query('SELECT $1::int AS n, $2::text AS s', [i, `q${i}`]);
          return r.rows[0];
        }),
      );
      expect(answers).toEqual(Array.from({ length: 300 }, (_, i) => ({ n: i, s: `q${i}` })));
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });

  it('keeps a transaction to its client while others wait, and rolls back one whose client vanished', async () => {
    const pool = new pg.Pool({ connectionString: url, max: 6 });
    try {
      await Promise.all(
        Array.from({ length: 6 }, async (_, c) => {
          const client = await pool.connect();
          try {
            await client.query('BEGIN');
            for (let n = 0; n < 5; n++) await client.query('INSERT INTO t VALUES ($1, $2)', [c, n]);
            const mine = await client.query('SELECT count(*)::int AS k FROM t WHERE client = $1', [c]);
            expect(mine.rows[0].k).toBe(5);
            await client.query(c === 0 ? 'ROLLBACK' : 'COMMIT');
          } finally {
            client.release();
          }
        }),
      );
      const total = await pool.query('SELECT count(*)::int AS k FROM t');
      expect(total.rows[0].k).toBe(25);

      const gone = new pg.Client({ connectionString: url });
      gone.on('error', () => undefined);
      await gone.connect();
      await gone.query('BEGIN');
      await gone.query('INSERT INTO t VALUES (99, 1)');
      (gone as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
      const after = await pool.query('SELECT count(*)::int AS k FROM t WHERE client = 99');
      expect(after.rows[0].k).toBe(0);
    } finally {
      await pool.end();
    }
  });
});
