// The API process's entry point (`klartext serve`): the JSON API and the reviewer workspace only, joining an existing
// deployment. Stateless (sessions live in the database), so several may run behind a load balancer; it starts no
// worker, changes no schema and creates, changes or prints no user, password or token.
import { loadConfig, type Config } from '../config/config.ts';
import { assertJoinsDeployment } from '../config/deployment.ts';
import { createPayloadCodec, encryptedDataConverter, loadOrCreatePayloadKeys } from '../config/payload-codec.ts';
import { connectClient } from '../config/temporal-connection.ts';
import { auditKeysFrom, configureAuditKeys } from '../db/audit-repo.ts';
import { assertMigrated } from '../db/migrate.ts';
import { createPool } from '../db/pool.ts';
import { loadOrCreateSecretBox } from '../db/secrets.ts';
import { startAuditHeadExport } from '../services/audit-heads.ts';
import { loadOrCreateSigningKey } from '../video/provenance/keys.ts';
import { loadRetiredPublicKeys } from '../video/provenance/public-keys.ts';
import { SERVER_LIMITS, startServer } from './site.ts';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import { createLogger } from '../config/logger.ts';
import { addChannelOutcomeGauge, addSegmentStageGauge, createMetrics } from '../config/metrics.ts';
import { startTracing } from '../config/tracing.ts';
import { countSegmentsByStage } from '../db/overview-repo.ts';
import { outcomeTotalsByChannelKind } from '../db/outcome-repo.ts';
import { createAssetStore } from '../storage/index.ts';

/**
 * Serves the API from `config` until SIGINT or SIGTERM; resolves to the exit code.
 *
 * @throws ConfigError when the configuration does not name a deployment and its shared keys, or the database's schema
 *   is behind this release (run `klartext migrate`).
 */
export async function main(config: Config = loadConfig()): Promise<number> {
  assertJoinsDeployment(config, 'klartext serve');
  const { logLevel, logFormat, metricsToken } = config.observability;
  const logger = createLogger({ level: logLevel, format: logFormat, base: { process: 'serve' } });
  const observability = { logger, metrics: createMetrics(), ...(metricsToken ? { metricsToken } : {}) };
  let stopRequested = false;
  const stopSignal = new Promise<void>((resolve) => {
    const stop = () => {
      stopRequested = true;
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  const signingKey = await loadOrCreateSigningKey({ ...config.signingKey, dataDir: config.dataDir });
  const retiredProvenanceKeys = await loadRetiredPublicKeys(config.signingKey.retiredKeysFile, signingKey.keyId);
  const secrets = await loadOrCreateSecretBox({ ...config.secretsKey, dataDir: config.dataDir });
  configureAuditKeys(auditKeysFrom(secrets));
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
  };
  try {
    const pool = createPool(config.databaseUrl, undefined, undefined, (line) => logger.warn(line));
    stops.push(() => pool.end());
    await assertMigrated(pool);
    // A store that does not answer stops serve here with what to fix, not at the first asset asked for.
    const assets = createAssetStore(config);
    await assets.check();
    addSegmentStageGauge(observability.metrics, () => countSegmentsByStage(pool));
    addChannelOutcomeGauge(observability.metrics, () => outcomeTotalsByChannelKind(pool));
    // Spans of the API's Temporal calls (start, signal, update, query), parents of the workflows' own spans.
    const tracing = config.tracing && startTracing(config.tracing, 'klartext-serve');
    if (tracing) stops.push(() => tracing.shutdown());
    const interceptors = tracing && {
      workflow: [new OpenTelemetryWorkflowClientInterceptor({ tracer: tracing.tracer })],
    };
    // The same payload keys as the workers: the API's signals and updates are encrypted like theirs.
    const payloadCodec = createPayloadCodec(
      await loadOrCreatePayloadKeys({ ...config.payloads, dataDir: config.dataDir }),
    );
    const { client, close } = await connectClient(
      config.temporal,
      encryptedDataConverter(payloadCodec),
      interceptors || undefined,
    );
    stops.push(close);
    const server = await startServer(
      {
        pool,
        temporal: client,
        outDir: config.outDir,
        assets,
        provenanceKey: signingKey.publicKey,
        retiredProvenanceKeys,
        secrets,
        payloadCodec,
        ...(config.payloads.uiOrigin ? { temporalUiOrigin: config.payloads.uiOrigin } : {}),
        allowHttpLoopback: config.allowHttpLoopback,
        folderChannelRoots: config.folderChannelRoots,
        maxUploadBytes: config.maxUploadBytes,
        proxy: config.proxy,
        taskQueuePrefix: config.temporal.taskQueuePrefix,
      },
      config.http.host,
      config.http.port,
      SERVER_LIMITS,
      observability,
    );
    stops.push(server.stop);
    const heads = startAuditHeadExport(pool, config.auditHeads, { log: (line) => logger.warn(line) });
    stops.push(heads.stop);
    logger.info(
      { url: server.url, assets: assets.description, health: `${server.url}/healthz`, ready: `${server.url}/readyz` },
      `klartext serve on ${server.url}`,
    );
    if (!stopRequested) await stopSignal;
  } finally {
    await stopAll();
  }
  return 0;
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
