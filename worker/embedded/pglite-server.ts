// Embedded database: PGlite (Postgres in WASM) served over the Postgres wire protocol on a loopback port.
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedDatabase {
  /** A `postgres://` URL any `pg` client can use. */
  url: string;
  stop(): Promise<void>;
}

/**
 * Opens (or creates) the PGlite data directory and serves it on 127.0.0.1 at a free port.
 * `dataDir` undefined keeps the database in memory (tests).
 */
export async function startEmbeddedDatabase(opts: { dataDir?: string; port?: number }): Promise<EmbeddedDatabase> {
  if (opts.dataDir) await mkdir(opts.dataDir, { recursive: true });
  const db = await PGlite.create(opts.dataDir ? { dataDir: opts.dataDir } : {});
  // Several pg pools (API, worker, CLI) share the socket; pglite-socket keeps a transaction on its own connection.
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: opts.port ?? 0, maxConnections: 64 });
  try {
    await server.start();
  } catch (err) {
    await db.close();
    throw err;
  }
  const conn = server.getServerConn();
  return {
    url: `postgres://postgres@${conn}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
