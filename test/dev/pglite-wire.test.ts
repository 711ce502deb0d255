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

describe('serveWire sessions', () => {
  let idleDb: PGlite;
  let idleServer: PgliteWireServer;
  let idleUrl: string;
  beforeAll(async () => {
    idleDb = await PGlite.create();
    idleServer = await serveWire(idleDb, '127.0.0.1', 0, { idleInTransactionMs: 300 });
    idleUrl = `postgres://postgres@${idleServer.address}/postgres?sslmode=disable`;
    await idleDb.exec('CREATE TABLE held (n int NOT NULL)');
  });
  afterAll(async () => {
    await idleServer?.stop();
    await idleDb?.close();
  });

  it('gives the next client the default time zone after a client set its own and disconnected', async () => {
    const before = (await idleDb.query<{ TimeZone: string }>('SHOW TimeZone')).rows[0]!.TimeZone;
    const a = new pg.Client({ connectionString: idleUrl });
    await a.connect();
    await a.query(`SET TIME ZONE 'Asia/Tokyo'`);
    expect((await a.query('SHOW TimeZone')).rows[0].TimeZone).toBe('Asia/Tokyo');
    await a.end();
    const b = new pg.Client({ connectionString: idleUrl });
    await b.connect();
    try {
      expect((await b.query('SHOW TimeZone')).rows[0].TimeZone).toBe(before);
    } finally {
      await b.end();
    }
  });

  it('rolls back a transaction idle past the limit, tells its client 25P03 and lets others proceed', async () => {
    const a = new pg.Client({ connectionString: idleUrl });
    const told = new Promise<Error & { code?: string }>((resolve) => a.on('error', resolve));
    await a.connect();
    await a.query('BEGIN');
    await a.query('INSERT INTO held VALUES (1)');
    const b = new pg.Client({ connectionString: idleUrl });
    await b.connect();
    try {
      const started = Date.now();
      const rows = await b.query('SELECT count(*)::int AS k FROM held');
      expect(rows.rows[0].k).toBe(0);
      expect(Date.now() - started).toBeLessThan(3000);
      expect((await told).code).toBe('25P03');
    } finally {
      await b.end();
    }
  });
});
