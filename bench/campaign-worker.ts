// The campaign benchmark's worker process: the product's workers and activities on every queue, composed as
// worker/main.ts does, with the instant renderer (bench/instant-video.ts) in place of ffmpeg. Prints `ready` once
// polling; stops on SIGTERM.
import { auditKeysFrom, configureAuditKeys } from '../db/audit-repo.ts';
import { loadConfig } from '../config/config.ts';
import { installSdkLogger } from '../config/logging.ts';
import { createPayloadCodec, encryptedDataConverter, loadOrCreatePayloadKeys } from '../config/payload-codec.ts';
import { connectWorker } from '../config/temporal-connection.ts';
import { createPool } from '../db/pool.ts';
import { loadOrCreateSecretBox } from '../db/secrets.ts';
import { createScriptProvider } from '../scripts/providers/index.ts';
import { loadOrCreateSigningKey } from '../video/provenance/keys.ts';
import { bundleWorkflows, startWorkers } from '../worker/workers.ts';
import { instantRenderVideo } from './instant-video.ts';

installSdkLogger();
const config = loadConfig();
const { databaseUrl, temporal } = config;
const address = temporal.address;
if (!databaseUrl || !address) throw new Error('bench/campaign-worker.ts needs DATABASE_URL and TEMPORAL_ADDRESS');
const signingKey = await loadOrCreateSigningKey({ ...config.signingKey, dataDir: config.dataDir });
const secrets = await loadOrCreateSecretBox({ ...config.secretsKey, dataDir: config.dataDir });
configureAuditKeys(auditKeysFrom(secrets));
const pool = createPool(databaseUrl);
const connection = await connectWorker({ ...temporal, address });
const codec = createPayloadCodec(await loadOrCreatePayloadKeys({ ...config.payloads, dataDir: config.dataDir }));
const workers = await startWorkers({
  connection,
  namespace: config.temporal.namespace,
  dataConverter: encryptedDataConverter(codec),
  queues: config.taskQueues,
  taskQueuePrefix: config.temporal.taskQueuePrefix,
  limits: config.temporal.queues,
  workflowBundle: await bundleWorkflows(),
  deps: {
    pool,
    outDir: config.outDir,
    publicBaseUrl: config.apiUrl ?? 'http://127.0.0.1:9',
    allowHttpLoopback: config.allowHttpLoopback,
    scriptProvider: createScriptProvider(config.scripts),
    signingKey,
    secrets,
  },
  overrides: { video: { renderVideo: instantRenderVideo(pool, config.outDir) } },
});
console.log('ready');
process.once('SIGTERM', () => void workers.shutdown());
await workers.done;
await connection.close();
await pool.end();
