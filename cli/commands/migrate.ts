// `klartext migrate`: applies the release's database migrations to DATABASE_URL, each once, under an advisory lock.
import { loadConfig } from '../../config/config.ts';
import { migrate, pendingMigrations } from '../../db/migrate.ts';
import { createPool } from '../../db/pool.ts';
import { ConfigError } from '../../shared/errors.ts';
import type { Io } from '../context.ts';
import { emit } from '../output.ts';

/** Applies what is pending and says what it did; run once per upgrade, before the new serve and worker processes. */
export async function runMigrate(opts: { json?: boolean }, io: Pick<Io, 'env'>): Promise<number> {
  const config = loadConfig(io.env);
  if (!config.databaseUrl) {
    throw new ConfigError(
      'klartext migrate applies migrations to PostgreSQL: set DATABASE_URL (`klartext dev` migrates its embedded database itself).',
    );
  }
  const pool = createPool(config.databaseUrl, 1);
  try {
    const applied = await migrate(pool);
    const pending = await pendingMigrations(pool);
    emit(opts.json, { applied, pending }, () => {
      console.log(
        applied.length > 0
          ? `Applied ${applied.length} migration(s): ${applied.join(', ')}.`
          : 'The database schema is up to date; nothing to apply.',
      );
    });
    return 0;
  } finally {
    await pool.end();
  }
}
