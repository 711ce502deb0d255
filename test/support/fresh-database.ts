// A fresh, empty database for tests that run klartext's processes: a new PGlite, or a new database on the suite's
// PostgreSQL server when there is one (DATABASE_URL), dropped again by `close`.
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { createPool } from '../../db/pool.ts';
import { startEmbeddedDatabase } from '../../dev/pglite-server.ts';

export async function freshDatabase(prefix = 'klartext_procs'): Promise<{ url: string; close(): Promise<void> }> {
  const server = inject('postgresUrl');
  if (!server) {
    const db = await startEmbeddedDatabase({});
    return { url: db.url, close: () => db.stop() };
  }
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = createPool(server, 1);
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async close() {
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
