// `klartext migrate`: applies the release's database migrations to DATABASE_URL, each once, under an advisory lock.
import { loadConfig } from '../../config/config.ts';
import { migrate, pendingMigrations } from '../../db/migrate.ts';
import { createPool } from '../../db/pool.ts';
import { ConfigError } from '../../shared/errors.ts';
import { Connection } from '@temporalio/client';
import { registerSearchAttributes } from '../../config/search-attributes.ts';
import type { Io } from '../context.ts';
import { emit } from '../output.ts';

/**
 * Applies what is pending and says what it did; run once per upgrade, before the new serve and worker processes. With
 * a Temporal address configured, also registers klartext's search attributes in its namespace (the embedded dev
 * server registers its own).
 */
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
    const searchAttributes = config.temporal.address ? await registerInTemporal(config.temporal) : undefined;
    emit(opts.json, { applied, pending, ...(searchAttributes ? { searchAttributes } : {}) }, () => {
      console.log(
        applied.length > 0
          ? `Applied ${applied.length} migration(s): ${applied.join(', ')}.`
          : 'The database schema is up to date; nothing to apply.',
      );
      if (searchAttributes) {
        console.log(
          searchAttributes.added.length > 0
            ? `Registered search attributes in Temporal namespace ${searchAttributes.namespace}: ${searchAttributes.added.join(', ')}.`
            : `Temporal namespace ${searchAttributes.namespace} has klartext's search attributes; nothing to add.`,
        );
      }
    });
    return 0;
  } finally {
    await pool.end();
  }
}

async function registerInTemporal(
  target: ReturnType<typeof loadConfig>['temporal'],
): Promise<{ namespace: string; added: string[] }> {
  const connection = await Connection.connect({
    address: target.address!,
    ...(target.apiKey ? { apiKey: target.apiKey } : {}),
    ...(target.tls !== undefined ? { tls: target.tls } : {}),
    ...(target.metadata ? { metadata: target.metadata } : {}),
  }).catch((err: unknown) => {
    throw new ConfigError(
      `The database is migrated, but Temporal at ${target.address} cannot be reached to register klartext's search ` +
        `attributes (${(err as Error).message}); check the TEMPORAL_* settings and run \`klartext migrate\` again.`,
    );
  });
  try {
    return {
      namespace: target.namespace,
      ...(await registerSearchAttributes(connection.operatorService, target.namespace)),
    };
  } finally {
    await connection.close();
  }
}
