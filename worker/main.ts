// The worker process's entry point: joins an existing deployment (TEMPORAL_ADDRESS, DATABASE_URL) and polls the
// configured task queues until SIGINT or SIGTERM. `klartext worker` runs it, and so does `node worker/main.ts`.
import { createPool, ping } from '../db/pool.ts';
import { assertMigrated } from '../db/migrate.ts';
import { assertJoinsDeployment } from '../config/deployment.ts';
import { loadConfig, type Config } from '../config/config.ts';
import { createLogger, installSdkLoggerInto } from '../config/logger.ts';
import { createMetrics } from '../config/metrics.ts';
import { connectWorker } from '../config/temporal-connection.ts';
import { assertSearchAttributes } from '../config/search-attributes.ts';
import { createPayloadCodec, encryptedDataConverter, loadOrCreatePayloadKeys } from '../config/payload-codec.ts';
import { startProductWorkers } from './workers.ts';
import { freeLoopbackPort, startHealthListener } from './health.ts';
import { loadOrCreateSigningKey } from '../video/provenance/keys.ts';
import { loadOrCreateSecretBox } from '../db/secrets.ts';
import { auditKeysFrom, configureAuditKeys } from '../db/audit-repo.ts';
import { startTracing } from '../config/tracing.ts';
import { createAssetStore } from '../storage/index.ts';

/**
 * Runs a worker process from `config` until it is signalled to stop; resolves to the exit code.
 *
 * @throws ConfigError when the configuration does not name a deployment to join or the keys it shares with the API.
 */
export async function main(config: Config = loadConfig()): Promise<number> {
  assertJoinsDeployment(config, 'klartext worker');
  const { logLevel, logFormat, metricsToken } = config.observability;
  const logger = createLogger({ level: logLevel, format: logFormat, base: { process: 'worker' } });
  // The SDK core's own metrics are served on a loopback port of their own and read into the health listener's
  // /metrics, so Prometheus scrapes one target per worker.
  const sdkMetricsAddress = config.workerHealth ? `127.0.0.1:${await freeLoopbackPort()}` : undefined;
  // Before any native connection: the SDK's runtime takes its logger and metrics once, when first used.
  const installed = installSdkLoggerInto(logger, sdkMetricsAddress ? { sdkMetricsAddress } : {});
  const metrics = createMetrics();
  if (installed && sdkMetricsAddress) metrics.sources.push(() => readSdkMetrics(sdkMetricsAddress));
  const tracing = config.tracing && startTracing(config.tracing, 'klartext-worker');
  const signingKey = await loadOrCreateSigningKey({ ...config.signingKey, dataDir: config.dataDir });
  const secrets = await loadOrCreateSecretBox({ ...config.secretsKey, dataDir: config.dataDir });
  configureAuditKeys(auditKeysFrom(secrets));
  const pool = createPool(config.databaseUrl, undefined, undefined, (line) => logger.warn(line));
  // The schema is `klartext migrate`'s to change, once per upgrade; a worker only checks it is current.
  await assertMigrated(pool).catch(async (err: unknown) => {
    await pool.end();
    throw err;
  });
  // A store that does not answer stops the worker here with what to fix, before it takes any task.
  const assets = createAssetStore(config);
  await assets.check().catch(async (err: unknown) => {
    await pool.end();
    throw err;
  });
  const connection = await connectWorker(config.temporal);
  // Workflows set klartext's search attributes: on a namespace without them every workflow task would fail.
  await assertSearchAttributes(connection.operatorService, config.temporal.namespace).catch(async (err: unknown) => {
    await connection.close();
    await pool.end();
    throw err;
  });
  const codec = createPayloadCodec(await loadOrCreatePayloadKeys({ ...config.payloads, dataDir: config.dataDir }));
  const workers = await startProductWorkers(config, {
    connection,
    dataConverter: encryptedDataConverter(codec),
    pool,
    publicBaseUrl: config.apiUrl ?? `http://${config.http.host}:${config.http.port}`,
    signingKey,
    secrets,
    metrics,
    ...(tracing ? { tracing } : {}),
    log: logger.child({ component: 'bundler' }),
    assets,
  });
  const health = config.workerHealth
    ? await startHealthListener(
        {
          database: () => ping(pool),
          temporal: () => connection.workflowService.getSystemInfo({}),
          assets: () => assets.check(),
          workersRunning: () => workers.running(),
        },
        config.workerHealth.host,
        config.workerHealth.port,
        { metrics, ...(metricsToken ? { token: metricsToken } : {}) },
      )
    : undefined;
  const queues = config.taskQueues.map((q) => config.temporal.taskQueuePrefix + q).join(', ');
  logger.info(
    {
      queues,
      temporal: config.temporal.address,
      assets: assets.description,
      ...(health ? { health: health.url } : {}),
      ...(config.tracing ? { tracesTo: new URL(config.tracing.url).origin } : {}),
    },
    `klartext worker polling ${queues}`,
  );
  const stop = () => void workers.shutdown();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await workers.done.finally(() => health?.stop());
  await connection.close();
  await pool.end();
  await tracing?.shutdown().catch((err: unknown) => logger.warn({ err }, 'spans not sent at shutdown'));
  return 0;
}

/** The SDK core's Prometheus text, from its exporter on loopback (2 s at most, so a scrape never hangs on it). */
async function readSdkMetrics(address: string): Promise<string> {
  const res = await fetch(`http://${address}/metrics`, { signal: AbortSignal.timeout(2_000) });
  if (!res.ok) throw new Error(`SDK metrics answered ${res.status}`);
  return res.text();
}

if (import.meta.main) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`klartext: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
