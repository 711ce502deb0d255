// The whole klartext stack in one process: Temporal (embedded or remote), database, migrations, API, workers.
import { createPool, type Pool } from '../db/pool.ts';
import { migrate } from '../db/migrate.ts';
import { startServer } from '../server/site.ts';
import type { Config } from '../config/config.ts';
import { connectClient, connectWorker } from '../config/temporal-connection.ts';
import { createPayloadCodec, encryptedDataConverter, loadOrCreatePayloadKeys } from '../config/payload-codec.ts';
import { startProductWorkers } from '../worker/workers.ts';
import { loadRetiredPublicKeys } from '../video/provenance/public-keys.ts';
import { loadOrCreateSigningKey } from '../video/provenance/keys.ts';
import { loadOrCreateSecretBox } from '../db/secrets.ts';
import { auditKeysFrom, configureAuditKeys } from '../db/audit-repo.ts';
import { startAuditHeadExport } from '../services/audit-heads.ts';
import { acquireDataDirLock } from './lock.ts';
import { startEmbeddedDatabase } from './pglite-server.ts';
import { startEmbeddedTemporal } from './temporal-dev-server.ts';
import { describeFfmpeg, ensureFfmpeg } from './ffmpeg-binary.ts';
import { TASK_QUEUES } from '../shared/task-queues.ts';
import { registerSearchAttributes } from '../config/search-attributes.ts';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { createAssetStore } from '../storage/index.ts';

export interface Stack {
  temporalAddress: string;
  temporalUiUrl?: string;
  databaseUrl: string;
  apiUrl: string;
  pool: Pool;
  client: Client;
  /** Stops everything this stack started, in reverse order. Safe to call twice. */
  stop(): Promise<void>;
}

/** Starts what the configuration does not point elsewhere; on any failure, stops what was already started. */
export async function startStack(
  config: Config,
  opts: { worker: boolean; log: (line: string) => void; httpPort?: number },
): Promise<Stack> {
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch((err) => opts.log(`stop failed: ${err}`));
  };
  try {
    if (opts.worker && config.taskQueues.includes(TASK_QUEUES.video)) {
      // A first run installs a current ffmpeg; pip runs synchronously, so before any server shares this event loop.
      const ffmpeg = ensureFfmpeg({ env: process.env, cacheDir: config.cacheDir, log: opts.log });
      opts.log(`Renderer             ${describeFfmpeg(ffmpeg)}`);
    }
    if (!config.databaseUrl || !config.temporal.address) {
      const release = await acquireDataDirLock(config.dataDir);
      stops.push(release);
    }
    let temporalAddress = config.temporal.address;
    let temporalUiUrl: string | undefined;
    if (!temporalAddress) {
      const temporal = await startEmbeddedTemporal({
        env: process.env,
        dataDir: config.dataDir,
        cacheDir: config.cacheDir,
        port: config.temporal.port,
        uiPort: config.temporal.uiPort,
        persist: true,
        log: opts.log,
      });
      stops.push(temporal.stop);
      temporalAddress = temporal.address;
      temporalUiUrl = temporal.uiUrl;
      opts.log(`Temporal dev server  ${temporal.address}  (binary: ${temporal.via})`);
      opts.log(`Temporal Web UI      ${temporal.uiUrl}`);
    }
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      const db = await startEmbeddedDatabase({ dataDir: join(config.dataDir, 'pg') });
      stops.push(db.stop);
      databaseUrl = db.url;
      opts.log(`PGlite (Postgres)    ${db.url.replace(/\?.*$/, '')}  (data: ${join(config.dataDir, 'pg')})`);
    }
    const pool = createPool(databaseUrl);
    stops.push(() => pool.end());
    const applied = await migrate(pool);
    if (applied.length > 0) opts.log(`Migrations applied   ${applied.join(', ')}`);

    // The configured profile (TLS, API key, headers) belongs to the configured server, not to an embedded one.
    const target = config.temporal.address
      ? { ...config.temporal, address: temporalAddress }
      : { address: temporalAddress, namespace: config.temporal.namespace };
    const keys = await loadOrCreatePayloadKeys({ ...config.payloads, dataDir: config.dataDir });
    const payloadCodec = createPayloadCodec(keys);
    const dataConverter = encryptedDataConverter(payloadCodec);
    const { client, close } = await connectClient(target, dataConverter);
    stops.push(close);
    // The embedded server registered the search attributes at start; a configured one gets them as `migrate` adds them.
    if (config.temporal.address) await registerSearchAttributes(client.connection.operatorService, target.namespace);
    const signingKey = await loadOrCreateSigningKey({ ...config.signingKey, dataDir: config.dataDir });
    const secrets = await loadOrCreateSecretBox({ ...config.secretsKey, dataDir: config.dataDir });
    // Every audit entry this process appends is keyed with a key derived from the secrets key, never stored in the DB.
    configureAuditKeys(auditKeysFrom(secrets));
    const assets = createAssetStore(config);
    await assets.check();
    const server = await startServer(
      {
        pool,
        temporal: client,
        outDir: config.outDir,
        assets,
        provenanceKey: signingKey.publicKey,
        retiredProvenanceKeys: await loadRetiredPublicKeys(config.signingKey.retiredKeysFile, signingKey.keyId),
        secrets,
        payloadCodec,
        // The embedded Web UI may read histories through the codec endpoint unless another UI is configured.
        temporalUiOrigin: config.payloads.uiOrigin ?? (temporalUiUrl ? new URL(temporalUiUrl).origin : undefined),
        allowHttpLoopback: config.allowHttpLoopback,
        folderChannelRoots: config.folderChannelRoots,
        maxUploadBytes: config.maxUploadBytes,
        proxy: config.proxy,
        taskQueuePrefix: config.temporal.taskQueuePrefix,
      },
      config.http.host,
      opts.httpPort ?? config.http.port,
    );
    stops.push(server.stop);
    opts.log(`HTTP API             ${server.url}  (health: ${server.url}/health)`);
    const heads = startAuditHeadExport(pool, config.auditHeads, { log: opts.log });
    stops.push(heads.stop);

    if (opts.worker) {
      const connection = await connectWorker(target);
      stops.push(() => connection.close());
      const workers = await startProductWorkers(config, {
        connection,
        dataConverter,
        pool,
        publicBaseUrl: server.url,
        signingKey,
        secrets,
        assets,
      });
      stops.push(() => workers.shutdown());
      opts.log(`Worker               task queues: ${config.taskQueues.join(', ')}`);
    }
    return {
      temporalAddress,
      temporalUiUrl,
      databaseUrl,
      apiUrl: server.url,
      pool,
      client,
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
