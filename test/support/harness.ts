// A per-file test stack: pool, Temporal client, real workers, the HTTP API on a free port, a webhook receiver,
// and helpers to launch the example campaign through the API like a campaign manager would.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inject } from 'vitest';
import { startServer, type RunningServer } from '../../server/site.ts';
import { createApiClient, type ApiClient } from '../../cli/api-client.ts';
import { DEFAULT_EXAMPLE } from '../../cli/commands/demo.ts';
import { loadCampaign, type LoadedCampaign } from '../../cli/load-campaign.ts';
import { createPool, type Pool } from '../../db/pool.ts';
import { setPassword, upsertUserWithToken } from '../../db/user-repo.ts';
import { connectClient, connectWorker } from '../../config/temporal-connection.ts';
import { createPayloadCodec, encryptedDataConverter, parsePayloadKeys } from '../../config/payload-codec.ts';
import { startWorkers, type RunningWorkers } from '../../worker/workers.ts';
import { campaignWorkflowId, TASK_QUEUES } from '../../shared/task-queues.ts';
import type { Client } from '@temporalio/client';
import type { DataConverter, PayloadCodec } from '@temporalio/common';
import type { NativeConnection } from '@temporalio/worker';
import { installSdkLogger } from '../../config/logging.ts';
import { loadOrCreateSigningKey, SIGNING_KEY_FILE } from '../../video/provenance/keys.ts';
import { C2PA_DEV_FILE, loadOrCreateC2paCredentials } from '../../video/provenance/c2pa-cert.ts';
import { loadOrCreateSecretBox, SECRETS_KEY_FILE, type SecretBox } from '../../db/secrets.ts';
import { createLocalProvider } from '../../scripts/providers/local.ts';
import { loadTemplates } from '../../prompts/templates.ts';
import type { ScriptProvider } from '../../scripts/providers/provider.ts';
import type { TranslationProvider } from '../../scripts/translation/provider.ts';
import { startWebhookReceiver, type FakeWebhookReceiver } from '../fakes/webhook-receiver.ts';

installSdkLogger();

/** The password of every harness user (for signing approvals). */
export const TEST_PASSWORD = 'correct horse battery staple';

export interface Harness {
  pool: Pool;
  client: Client;
  server: RunningServer;
  receiver: FakeWebhookReceiver;
  outDir: string;
  /** The payload codec (the suite's payload keys) the harness's client, API and workers encrypt with. */
  payloadCodec: PayloadCodec;
  /** What a test's own Client or Worker needs to read and write the harness's payloads. */
  dataConverter: DataConverter;
  /** The key ring the harness's API and workers share for channel secrets. */
  secrets: SecretBox;
  manager: ApiClient;
  reviewer: ApiClient;
  secondReviewer: ApiClient;
  /**
   * Starts `klartext worker` as a separate process against the harness's Temporal, database, API and keys (so it can
   * be killed with SIGKILL); `env` adds or overrides variables; `stdout: 'pipe'` keeps its JSON log readable.
   * Still-running workers are killed by `close()`.
   */
  spawnWorker(env?: NodeJS.ProcessEnv, opts?: { stdout?: 'pipe' | 'ignore' }): ChildProcess;
  /** Starts workers for every queue in this process (no translation provider unless one is given). */
  startWorkers(opts?: {
    scriptProvider?: ScriptProvider;
    translationProvider?: TranslationProvider;
  }): Promise<RunningWorkers>;
  /** Loads the example campaign (or the one at `path`; optionally trimmed) with the receiver as its channel. */
  example(opts?: { segments?: number; approvalsRequired?: number; path?: string }): Promise<LoadedCampaign>;
  launch(campaign: LoadedCampaign): Promise<string>;
  /** Approves the segment's script once it is in review, then accepts its video: both signed, as the reviewer. */
  signOff(campaignId: string, segmentId: string): Promise<{ sha256: string; attempt: number }>;
  /** Waits until the segment's render waits for video review, then accepts it (signed) as `as` (default reviewer). */
  acceptVideo(campaignId: string, segmentId: string, as?: ApiClient): Promise<{ sha256: string; attempt: number }>;
  close(): Promise<void>;
}

/** The database the workflow suites use: the real PostgreSQL when DATABASE_URL is set, PGlite otherwise. */
export function suiteDatabaseUrl(): string {
  return inject('postgresUrl') ?? inject('pgliteUrl');
}

const CLI = join(import.meta.dirname, '..', '..', 'cli', 'main.ts');

/**
 * `taskQueuePrefix`: the harness's API, workers and spawned workers use this deployment prefix. `payloadKeys`
 * (KLARTEXT_PAYLOAD_KEYS form): encrypt with these instead of the suite's (recorded histories keep a fixed key).
 */
export async function createHarness(opts: { taskQueuePrefix?: string; payloadKeys?: string } = {}): Promise<Harness> {
  // Default: this test file's own prefix (test/support/file-prefix.ts), so files run side by side.
  const taskQueuePrefix = opts.taskQueuePrefix ?? process.env.KLARTEXT_TASK_QUEUE_PREFIX;
  const children: ChildProcess[] = [];
  const pool = createPool(suiteDatabaseUrl(), 4);
  const target = { address: inject('temporalAddress'), namespace: 'default' };
  const { secretsKey, signingKeyPem } = inject('suiteKeys');
  const payloadKeys = opts.payloadKeys ?? inject('suiteKeys').payloadKeys;
  const payloadCodec = createPayloadCodec(parsePayloadKeys(payloadKeys));
  const dataConverter = encryptedDataConverter(payloadCodec);
  const { client, close: closeClient } = await connectClient(target, dataConverter);
  const outDir = await mkdtemp(join(inject('tmpRoot'), 'out-'));
  // The suite's shared keys, kept where a data dir keeps them, so spawned workers read the same files.
  await writeFile(join(outDir, SECRETS_KEY_FILE), secretsKey, { mode: 0o600 });
  await writeFile(join(outDir, SIGNING_KEY_FILE), signingKeyPem, { mode: 0o600 });
  const signingKey = await loadOrCreateSigningKey({ dataDir: outDir });
  // Renders carry Content Credentials as in production, signed with a development certificate of this suite's own.
  const contentCredentials = await loadOrCreateC2paCredentials({ dataDir: outDir });
  const secrets = await loadOrCreateSecretBox({ dataDir: outDir });
  const server = await startServer(
    {
      pool,
      temporal: client,
      outDir,
      provenanceKey: signingKey.publicKey,
      secrets,
      payloadCodec,
      allowHttpLoopback: true,
      taskQueuePrefix,
    },
    '127.0.0.1',
    0,
  );
  const receiver = await startWebhookReceiver();
  const suffix = randomBytes(3).toString('hex');
  // Every test user signs with the same password; tokens authenticate API calls, the password signs approvals.
  const token = async (id: string, role: 'campaign_manager' | 'medical_reviewer') => {
    const t = await upsertUserWithToken(pool, { id: `${id}-${suffix}`, displayName: `Test ${id}`, role });
    await setPassword(pool, `${id}-${suffix}`, TEST_PASSWORD);
    return t;
  };
  const manager = createApiClient(server.url, await token('manager', 'campaign_manager'));
  const reviewer = createApiClient(server.url, await token('reviewer', 'medical_reviewer'));
  const secondReviewer = createApiClient(server.url, await token('reviewer2', 'medical_reviewer'));
  const connections: NativeConnection[] = [];
  const running: RunningWorkers[] = [];
  const launched: string[] = [];
  const harness: Harness = {
    pool,
    client,
    server,
    receiver,
    outDir,
    payloadCodec,
    dataConverter,
    secrets,
    manager,
    reviewer,
    secondReviewer,
    async startWorkers(opts = {}) {
      const connection = await connectWorker(target);
      connections.push(connection);
      const workers = await startWorkers({
        connection,
        namespace: 'default',
        dataConverter,
        queues: Object.values(TASK_QUEUES),
        taskQueuePrefix,
        workflowBundle: { code: inject('workflowBundleCode') },
        deps: {
          pool,
          outDir,
          publicBaseUrl: server.url,
          allowHttpLoopback: true,
          scriptProvider: opts.scriptProvider ?? createLocalProvider(loadTemplates()),
          ...(opts.translationProvider ? { translationProvider: opts.translationProvider } : {}),
          signingKey,
          contentCredentials,
          secrets,
        },
      });
      running.push(workers);
      return workers;
    },
    async example(opts = {}) {
      const env = {
        ...process.env,
        KLARTEXT_DEMO_WEBHOOK_URL: receiver.url,
        KLARTEXT_DEMO_WEBHOOK_SECRET: receiver.secret,
        KLARTEXT_DEMO_FEED_TOKEN: `kft_${randomBytes(24).toString('base64url')}`,
      };
      const loaded = await loadCampaign(opts.path ?? DEFAULT_EXAMPLE, env);
      // Only the webhook channel: tests about folder and feed channels add their own, with their own directories.
      const channels = loaded.brief.channels.filter((ch) => 'kind' in ch && ch.kind === 'webhook');
      return {
        ...loaded,
        brief: { ...loaded.brief, channels, review: { approvalsRequired: opts.approvalsRequired ?? 1 } },
        segments: loaded.segments.slice(0, opts.segments ?? loaded.segments.length),
      };
    },
    async launch(campaign) {
      const campaignId = `test-${randomBytes(4).toString('hex')}`;
      await manager.post('/api/campaigns', { campaignId, ...campaign });
      launched.push(campaignId);
      return campaignId;
    },
    async signOff(campaignId, segmentId) {
      const path = `/api/reviews/${campaignId}/${segmentId}`;
      const item = await eventually(
        async () => {
          const r = await reviewer
            .get<{ state: { status: string; scriptSha256: string } }>(path)
            .catch(() => undefined);
          return r?.state.status === 'IN_REVIEW' ? r : undefined;
        },
        60_000,
        `${segmentId} in review`,
      );
      await reviewer.post(`${path}/approve`, { scriptSha256: item.state.scriptSha256, password: TEST_PASSWORD });
      return harness.acceptVideo(campaignId, segmentId);
    },
    async acceptVideo(campaignId, segmentId, as = reviewer) {
      const path = `/api/reviews/${campaignId}/${segmentId}`;
      const video = await eventually(
        async () => {
          const item = await as
            .get<{ state: { status: string; video?: { sha256: string; attempt: number } } }>(path)
            .catch(() => undefined);
          return item?.state.status === 'VIDEO_REVIEW' ? item.state.video : undefined;
        },
        60_000,
        `${segmentId} waiting for video review`,
      );
      await as.post(`${path}/accept-video`, { videoSha256: video.sha256, password: TEST_PASSWORD });
      return video;
    },
    spawnWorker(env = {}, opts = {}) {
      const child = spawn(process.execPath, [CLI, 'worker'], {
        env: {
          ...process.env,
          TEMPORAL_ADDRESS: inject('temporalAddress'),
          DATABASE_URL: suiteDatabaseUrl(),
          KLARTEXT_OUT_DIR: outDir,
          KLARTEXT_API_URL: server.url,
          KLARTEXT_ALLOW_HTTP_LOOPBACK: 'true',
          // The keys the harness's API uses (kept in the out dir): manifests verify, channel secrets decrypt.
          KLARTEXT_SIGNING_KEY_FILE: join(outDir, SIGNING_KEY_FILE),
          KLARTEXT_SECRETS_KEY_FILE: join(outDir, SECRETS_KEY_FILE),
          KLARTEXT_PAYLOAD_KEYS: payloadKeys,
          // The harness's development certificate (key and chain in one file), not one of the worker's own.
          KLARTEXT_C2PA_CERT: join(outDir, C2PA_DEV_FILE),
          KLARTEXT_C2PA_KEY: join(outDir, C2PA_DEV_FILE),
          ...(taskQueuePrefix ? { KLARTEXT_TASK_QUEUE_PREFIX: taskQueuePrefix } : {}),
          ...env,
        },
        stdio: ['ignore', opts.stdout ?? 'ignore', 'inherit'],
      });
      children.push(child);
      return child;
    },
    async close() {
      for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
      // Later test files share this Temporal server and the task queues: leave no campaign of ours running.
      for (const id of launched) {
        await client.workflow
          .getHandle(campaignWorkflowId(id))
          .terminate('test file finished')
          .catch(() => undefined);
      }
      for (const w of running) await w.shutdown();
      for (const c of connections) await c.close();
      await receiver.close();
      await server.stop();
      await closeClient();
      await pool.end();
    },
  };
  return harness;
}

/** Polls `fn` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  fn: () => Promise<T | undefined>,
  timeoutMs = 30_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
