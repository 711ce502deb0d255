// A database of its own for tests that tamper with the audit log: a fresh PGlite, or a fresh schema in the
// PostgreSQL from DATABASE_URL (the suite's shared databases must keep an intact chain).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { migrate } from '../../db/migrate.ts';
import { createPool, type Pool } from '../../db/pool.ts';
import { startEmbeddedDatabase } from '../../dev/pglite-server.ts';

export type Isolated = { pool: Pool; close(): Promise<void> };

export const isolated: Record<string, () => Promise<Isolated>> = {
  async PGlite() {
    const db = await startEmbeddedDatabase({});
    const pool = createPool(db.url, 6);
    await migrate(pool);
    return { pool, close: () => pool.end().then(() => db.stop()) };
  },
  async PostgreSQL() {
    const url = inject('postgresUrl')!;
    const schema = `audit_test_${randomBytes(4).toString('hex')}`;
    const admin = createPool(url, 1);
    await admin.query(`CREATE SCHEMA ${schema}`);
    const pool = new pg.Pool({ connectionString: url, max: 6, options: `-c search_path=${schema}` });
    await migrate(pool);
    return {
      pool,
      async close() {
        await pool.end();
        await admin.query(`DROP SCHEMA ${schema} CASCADE`);
        await admin.end();
      },
    };
  },
};

/** PGlite always; PostgreSQL too when the suite has one. */
export const backends = (): string[] => (inject('postgresUrl') ? ['PGlite', 'PostgreSQL'] : ['PGlite']);
