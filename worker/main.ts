// The worker process's entry point: joins an existing deployment (TEMPORAL_ADDRESS, DATABASE_URL) and polls the
// configured task queues until SIGINT or SIGTERM. `klartext worker` runs it, and so does `node worker/main.ts`.
import { createPool } from '../db/pool.ts';
import { migrate } from '../db/migrate.ts';
import { ConfigError } from '../shared/errors.ts';
import { loadConfig, type Config } from '../config/config.ts';
import { installSdkLogger } from '../config/logging.ts';
import { connectWorker } from '../config/temporal-connection.ts';
import { createPayloadCodec, encryptedDataConverter, loadOrCreatePayloadKeys } from '../config/payload-codec.ts';
import { startProductWorkers } from './workers.ts';
import { loadOrCreateSigningKey } from '../video/provenance/keys.ts';
import { loadOrCreateSecretBox } from '../db/secrets.ts';
import { auditKeysFrom, configureAuditKeys } from '../db/audit-repo.ts';

/**
 * Runs a worker process from `config` until it is signalled to stop; resolves to the exit code.
 *
 * @throws ConfigError when the configuration does not name a deployment to join or the keys it shares with the API.
 */
export async function main(config: Config = loadConfig()): Promise<number> {
  if (!config.temporal.address || !config.databaseUrl) {
    throw new ConfigError(
      'klartext worker joins an existing deployment: set TEMPORAL_ADDRESS and DATABASE_URL (or run `klartext dev`).',
    );
  }
  if (!config.signingKey.privateKeyPem && !config.signingKey.privateKeyFile) {
    // A worker with a key of its own would sign manifests the API cannot vouch for.
    throw new ConfigError(
      'klartext worker signs provenance manifests: set KLARTEXT_SIGNING_KEY or KLARTEXT_SIGNING_KEY_FILE (the same key as the API).',
    );
  }
  if (!config.secretsKey.key && !config.secretsKey.keyFile) {
    // A worker with a key of its own could not decrypt the channel secrets the API stored.
    throw new ConfigError(
      'klartext worker decrypts channel secrets: set KLARTEXT_SECRETS_KEY or KLARTEXT_SECRETS_KEY_FILE (the same key as the API).',
    );
  }
  if (!config.payloads.keys && !config.payloads.keysFile) {
    // A worker with a key of its own would write histories the API and the other workers cannot read.
    throw new ConfigError(
      'klartext worker encrypts workflow payloads: set KLARTEXT_PAYLOAD_KEYS or KLARTEXT_PAYLOAD_KEYS_FILE (the same keys as the API).',
    );
  }
  const signingKey = await loadOrCreateSigningKey({ ...config.signingKey, dataDir: config.dataDir });
  const secrets = await loadOrCreateSecretBox({ ...config.secretsKey, dataDir: config.dataDir });
  configureAuditKeys(auditKeysFrom(secrets));
  const pool = createPool(config.databaseUrl);
  await migrate(pool);
  const connection = await connectWorker({ ...config.temporal, address: config.temporal.address });
  const codec = createPayloadCodec(await loadOrCreatePayloadKeys({ ...config.payloads, dataDir: config.dataDir }));
  const workers = await startProductWorkers(config, {
    connection,
    dataConverter: encryptedDataConverter(codec),
    pool,
    publicBaseUrl: config.apiUrl ?? `http://${config.http.host}:${config.http.port}`,
    signingKey,
    secrets,
  });
  console.log(`klartext worker polling ${config.taskQueues.join(', ')} on ${config.temporal.address}`);
  const stop = () => void workers.shutdown();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await workers.done;
  await connection.close();
  await pool.end();
  return 0;
}

if (import.meta.main) {
  installSdkLogger();
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`klartext: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
