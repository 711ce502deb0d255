// Applies the versioned SQL migrations in db/migrations, each once, each in its own transaction.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { ConfigError } from '../shared/errors.ts';

const MIGRATIONS_DIR = join(import.meta.dirname, 'migrations');
// Any constant works; it only has to be the same for every klartext process sharing a database.
const MIGRATION_LOCK_KEY = 4_711_2026;

/** The migration files in the order they apply. */
async function migrationFiles(): Promise<string[]> {
  return (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d+_.+\.sql$/.test(f)).sort();
}

/** The migrations not yet applied to the database behind `pool` (all of them on an empty database). */
export async function pendingMigrations(pool: Pool): Promise<string[]> {
  const files = await migrationFiles();
  const table = await pool.query(`SELECT to_regclass('schema_migrations') IS NOT NULL AS present`);
  if (!table.rows[0]?.present) return files;
  const done = await pool.query<{ version: string }>('SELECT version FROM schema_migrations');
  const applied = new Set(done.rows.map((r) => r.version));
  return files.filter((f) => !applied.has(f));
}

/**
 * Refuses to run on a database whose schema is behind this release: `klartext serve` and `klartext worker` never
 * change the schema themselves, `klartext migrate` does, once per upgrade, before the new processes start.
 *
 * @throws ConfigError naming the first missing migration and the command that applies it.
 */
export async function assertMigrated(pool: Pool): Promise<void> {
  const pending = await pendingMigrations(pool);
  if (pending.length > 0) {
    throw new ConfigError(
      `The database lacks ${pending.length} migration(s) of this release (${pending[0]}${pending.length > 1 ? ' …' : ''}): ` +
        'run `klartext migrate` with the same DATABASE_URL first.',
    );
  }
}

/** Applies pending migrations in file-name order and returns the names applied now. Safe to run concurrently. */
export async function migrate(pool: Pool): Promise<string[]> {
  const files = await migrationFiles();
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    for (const file of files) {
      const sql = await readFile(join(MIGRATIONS_DIR, file), 'utf8');
      await client.query('BEGIN');
      try {
        // The advisory lock serialises two processes starting at once against the same database.
        await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
        const done = await client.query('SELECT 1 FROM schema_migrations WHERE version = $1', [file]);
        if (done.rowCount === 0) {
          await client.query(sql);
          await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [file]);
          applied.push(file);
        }
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${file} failed and was rolled back: ${(err as Error).message}`, { cause: err });
      }
    }
  } finally {
    client.release();
  }
  return applied;
}
