// Embedded database: PGlite (Postgres in WASM) served over the Postgres wire protocol on a loopback port.
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { serveWire } from './pglite-wire.ts';

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
  // Several pg pools (API, worker, CLI) share the one PGlite session: serveWire runs each batch whole.
  let server: Awaited<ReturnType<typeof serveWire>>;
  try {
    server = await serveWire(db, '127.0.0.1', opts.port ?? 0);
  } catch (err) {
    await db.close();
    throw err;
  }
  const conn = server.address;
  return {
    url: `postgres://postgres@${conn}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
