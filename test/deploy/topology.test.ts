// The deployment as separate machines would run it: PostgreSQL (DATABASE_URL, else the embedded database), the suite's
// Temporal server as an external cluster, moto's S3 server as the object store, one `klartext serve` and three
// `klartext worker --queues` processes, each with its own private data and out directories, so nothing is shared but
// the store, the database and Temporal. A campaign runs to publication with reviews through the HTTP API; one video
// worker is SIGKILLed mid-render; every segment still reaches each channel exactly once, from the object store.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { generateWebhookSecret } from '../../channels/signing.ts';
import { apiClient, reviewRound, type Api } from '../../dev/chaos.ts';
import { writeChaosCampaign } from '../../dev/chaos-campaign.ts';
import { superviseWorker, type WorkerSupervisor } from '../../dev/chaos-processes.ts';
import { startChaosReceiver, type ChaosReceiver } from '../../dev/chaos-receiver.ts';
import { startMotoServer, type MotoServer } from '../../dev/moto-server.ts';
import { freePort } from '../../dev/ports.ts';
import { createPool, type Pool } from '../../db/pool.ts';
import { listCampaignVideos } from '../../db/video-repo.ts';
import { createS3AssetStore } from '../../storage/s3-store.ts';
import { eventually } from '../support/harness.ts';
import { freshDatabase } from '../support/fresh-database.ts';
import { CLI, klartext } from '../cli/run.ts';

const BUCKET = 'klartext-topology';
const SEGMENTS = 3;
const COMPANIONS = ['captions.vtt', 'descriptions.vtt', 'manifest.json', 'transcript.html', 'transcript.txt'];

let moto: MotoServer;
let db: { url: string; close(): Promise<void> };
let pool: Pool;
let receiver: ChaosReceiver;
let serve: ChildProcess | undefined;
const workers: WorkerSupervisor[] = [];
let root: string;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Every file under `dir` (none when it does not exist), relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
}

beforeAll(async () => {
  root = join(inject('tmpRoot'), `topology-${randomBytes(3).toString('hex')}`);
  await mkdir(root, { recursive: true });
  moto = await startMotoServer({ cacheDir: resolve('.cache'), log: () => {} });
  db = await freshDatabase('klartext_topology');
  pool = createPool(db.url, 2);
}, 180_000);

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop(5_000)));
  if (serve && serve.exitCode === null) {
    serve.kill('SIGTERM');
    await once(serve, 'exit');
  }
  await receiver?.close();
  await pool?.end();
  await db?.close();
  await moto?.stop();
}, 60_000);

describe('a deployment of separate processes sharing only PostgreSQL, Temporal and an S3 store', () => {
  it('publishes a campaign exactly once per segment and channel, from the store, through a SIGKILLed video worker', async () => {
    const started = Date.now();
    const log = (line: string) =>
      process.stderr.write(`[topology ${((Date.now() - started) / 1000).toFixed(1)} s] ${line}\n`);
    const credentials = { AWS_ACCESS_KEY_ID: 'topology', AWS_SECRET_ACCESS_KEY: 'topology-secret' };
    const s3 = new S3Client({
      region: 'us-east-1',
      endpoint: moto.endpoint,
      forcePathStyle: true,
      credentials: {
        accessKeyId: credentials.AWS_ACCESS_KEY_ID,
        secretAccessKey: credentials.AWS_SECRET_ACCESS_KEY,
      },
    });
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    s3.destroy();
    const prefix = `run-${randomBytes(3).toString('hex')}`;

    // Keys come from the operator's secret store: each process reads the same files, nothing else of another's.
    const { secretsKey, signingKeyPem, payloadKeys } = inject('suiteKeys');
    const secrets = join(root, 'secrets');
    await mkdir(secrets, { recursive: true });
    await writeFile(join(secrets, 'secrets-key'), secretsKey, { mode: 0o600 });
    await writeFile(join(secrets, 'signing-key.pem'), signingKeyPem, { mode: 0o600 });
    const drop = join(root, 'cms-drop');
    await mkdir(drop, { recursive: true });
    const common: NodeJS.ProcessEnv = {
      ...credentials,
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      KLARTEXT_TASK_QUEUE_PREFIX: `topology-${randomBytes(3).toString('hex')}-`,
      KLARTEXT_SECRETS_KEY_FILE: join(secrets, 'secrets-key'),
      KLARTEXT_SIGNING_KEY_FILE: join(secrets, 'signing-key.pem'),
      KLARTEXT_PAYLOAD_KEYS: payloadKeys,
      KLARTEXT_ASSET_STORE: `s3://${BUCKET}/${prefix}`,
      KLARTEXT_S3_ENDPOINT: moto.endpoint,
      KLARTEXT_S3_REGION: 'us-east-1',
      KLARTEXT_S3_FORCE_PATH_STYLE: 'true',
      KLARTEXT_ASSET_LINK_SECONDS: '3600',
      KLARTEXT_FOLDER_CHANNEL_ROOTS: drop,
      KLARTEXT_ALLOW_HTTP_LOOPBACK: 'true',
      KLARTEXT_CACHE_DIR: resolve('.cache'),
      KLARTEXT_SCRIPT_PROVIDER: 'local',
      KLARTEXT_VIDEO_PROVIDER: 'local',
      KLARTEXT_NARRATION: 'silent',
    };
    /** A process's own machine: its data and out directories, which no other process sees. */
    const machine = (name: string): NodeJS.ProcessEnv => ({
      ...process.env,
      ...common,
      KLARTEXT_DATA_DIR: join(root, name, 'data'),
      KLARTEXT_OUT_DIR: join(root, name, 'out'),
    });

    expect((await klartext(['migrate'], { env: machine('ops') })).code).toBe(0);
    const password = `topology ${randomBytes(9).toString('base64url')}`;
    const admin = await klartext(['users', 'bootstrap-admin', 'ops-admin'], {
      env: machine('ops'),
      stdin: `${password}\n`,
    });
    expect(admin.code).toBe(0);
    const adminToken = /API token, shown only now: (\S+)/.exec(admin.stdout)![1]!;

    const port = await freePort();
    const apiUrl = `http://127.0.0.1:${port}`;
    serve = spawn(process.execPath, [CLI, 'serve'], {
      env: { ...machine('api'), KLARTEXT_HTTP_PORT: String(port) },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const healthPorts = [await freePort(), await freePort(), await freePort()];
    const worker = (name: string, queues: string, i: number) =>
      superviseWorker(
        { ...machine(name), KLARTEXT_API_URL: apiUrl, KLARTEXT_WORKER_HEALTH_PORT: String(healthPorts[i]) },
        join(root),
        log,
        { args: [CLI, 'worker', '--queues', queues], name },
      );
    const main = worker('worker-main', 'orchestration,llm,publish', 0);
    const videoA = worker('worker-video-a', 'video', 1);
    const videoB = worker('worker-video-b', 'video', 2);
    workers.push(main, videoA, videoB);

    // Ready means the database, Temporal and the asset store answer.
    const ready = await eventually(
      async () => {
        const res = await fetch(`${apiUrl}/readyz`).catch(() => undefined);
        return res?.status === 200 ? res.json() : undefined;
      },
      90_000,
      'klartext serve to be ready',
    );
    expect(ready).toEqual({ status: 'ready', checks: { database: 'ok', temporal: 'ok', assets: 'ok' } });
    await Promise.all(workers.map((w) => w.ready()));
    for (const p of healthPorts) {
      const res = await fetch(`http://127.0.0.1:${p}/readyz`);
      expect(await res.json()).toMatchObject({ status: 'ready', checks: { assets: 'ok' } });
    }
    log('serve and three workers ready');

    const as = (token: string) => apiClient(apiUrl, token);
    const adminApi = as(adminToken);
    const userToken = async (id: string, role: string, withPassword?: string): Promise<string> => {
      await adminApi.post('/api/users', {
        id,
        displayName: id,
        role,
        ...(withPassword ? { password: withPassword } : {}),
      });
      return (await adminApi.post<{ token: string }>(`/api/users/${id}/tokens`, { label: 'topology test' })).token;
    };
    const reviewerPassword = `reviewer ${randomBytes(9).toString('base64url')}`;
    const manager: Api = as(await userToken('topo-manager', 'campaign_manager'));
    const reviewer: Api = as(await userToken('topo-reviewer', 'medical_reviewer', reviewerPassword));

    const secret = generateWebhookSecret();
    receiver = await startChaosReceiver({
      secret,
      host: '127.0.0.1',
      rates: { fail: 0, hang: 0, limit: 0 },
      retryAfterSeconds: 1,
      random: Math.random,
    });
    const campaign = await writeChaosCampaign(join(root, 'campaign'), SEGMENTS, { url: receiver.url, secret });
    campaign.brief.channels.push({ id: 'cms-drop', kind: 'folder', directory: drop });
    const { campaignId } = await manager.post<{ campaignId: string }>('/api/campaigns', campaign);
    log(`launched ${campaignId}`);

    // The SIGKILL waits for a render really under way: an MP4 being encoded in a video worker's own scratch.
    const videoWorkers = [
      { supervisor: videoA, scratch: join(root, 'worker-video-a', 'data', 'scratch', campaignId) },
      { supervisor: videoB, scratch: join(root, 'worker-video-b', 'data', 'scratch', campaignId) },
    ];
    let killed: { name: string; pid?: number; rendering: string } | undefined;
    const killer = (async () => {
      while (!killed && Date.now() - started < 150_000) {
        for (const { supervisor, scratch } of videoWorkers) {
          const rendering = (await filesUnder(scratch)).find((f) => f.endsWith('.partial'));
          if (!rendering) continue;
          const pid = await supervisor.kill();
          killed = { name: scratch, pid, rendering };
          log(`SIGKILLed video worker pid ${pid} while it encoded ${rendering}`);
          break;
        }
        await sleep(50);
      }
    })();

    const reviewed = new Set<string>();
    let workflowStatus = 'RUNNING';
    while (workflowStatus === 'RUNNING' && Date.now() - started < 170_000) {
      const round = await reviewRound(manager, reviewer, reviewerPassword, campaignId, reviewed).catch(() => undefined);
      if (round) workflowStatus = round.workflowStatus;
      await sleep(500);
    }
    await killer;
    log(`campaign ${workflowStatus}`);
    expect(killed?.pid).toBeGreaterThan(0);
    expect(workflowStatus).toBe('COMPLETED');

    const status = await manager.get<{ segments: { id: string; status: string }[] }>(`/api/campaigns/${campaignId}`);
    expect(status.segments.map((s) => s.status)).toEqual(Array(SEGMENTS).fill('PUBLISHED'));

    // Exactly one delivery per segment and channel: the webhook receiver saw each segment once, verified.
    const counts = receiver.counts();
    expect(counts.badSignatures).toBe(0);
    expect(counts.duplicates).toBe(0);
    const approved = receiver.processed.filter((p) => p.type === 'video.approved' && p.campaignId === campaignId);
    expect(approved.map((p) => p.segmentId).sort()).toEqual(campaign.segments.map((s) => s.id).sort());

    // One render per segment; the ledger names objects in the bucket, not files on some machine.
    const videos = await listCampaignVideos(pool, campaignId);
    expect(videos).toHaveLength(SEGMENTS);
    const ledger = await pool.query('SELECT count(*)::int AS n FROM videos WHERE campaign_id = $1', [campaignId]);
    expect(ledger.rows[0].n).toBe(SEGMENTS);
    // The test reads the bucket as the processes do: credentials from the SDK's default chain (the environment).
    Object.assign(process.env, credentials);
    const store = createS3AssetStore({
      bucket: BUCKET,
      prefix,
      endpoint: moto.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      stagingDir: join(root, 'test-scratch'),
    });
    const stored = await store.list(`${campaignId}/`);
    for (const video of videos) {
      expect(video.videoPath).toBe(`s3://${BUCKET}/${prefix}/${campaignId}/${video.segmentId}/video.mp4`);
      expect(video.manifestPath).toBe(`s3://${BUCKET}/${prefix}/${campaignId}/${video.segmentId}/manifest.json`);
      for (const name of ['video.mp4', ...COMPANIONS])
        expect(stored).toContain(`${campaignId}/${video.segmentId}/${name}`);
    }

    // The delivered links are presigned GETs to the store, and fetch the very bytes the payload names.
    for (const delivery of approved) {
      const data = delivery.data as {
        video: { url: string; sha256: string };
        manifest: { url: string; sha256: string };
      };
      expect(new URL(data.video.url).origin).toBe(moto.endpoint);
      expect(new URL(data.video.url).searchParams.get('X-Amz-Expires')).toBe('3600');
      const bytes = new Uint8Array(await (await fetch(data.video.url)).arrayBuffer());
      expect(sha256(bytes)).toBe(data.video.sha256);
      const manifest = new Uint8Array(await (await fetch(data.manifest.url)).arrayBuffer());
      expect(sha256(manifest)).toBe(data.manifest.sha256);
      // The API serves the same bytes to staff from the store: its own out directory holds nothing.
      const served = await fetch(`${apiUrl}/assets/${campaignId}/${delivery.segmentId}/video.mp4`, {
        headers: { authorization: `Bearer ${adminToken}` },
      });
      expect(served.status).toBe(200);
      expect(sha256(new Uint8Array(await served.arrayBuffer()))).toBe(data.video.sha256);
    }

    // The folder channel (on the publish worker's machine) dropped each segment once, copied from the store.
    for (const segment of campaign.segments) {
      const folder = join(drop, campaignId, segment.id);
      const sidecars = (await readdir(folder)).filter((f) => f.startsWith('msg_') && f.endsWith('.json'));
      expect(sidecars).toHaveLength(1);
      const video = videos.find((v) => v.segmentId === segment.id)!;
      expect(sha256(await readFile(join(folder, 'video.mp4')))).toBe(video.videoSha256);
    }

    // Nothing lives on any process's own disk: out directories are empty, scratch holds no finished artefact.
    for (const name of ['api', 'worker-main', 'worker-video-a', 'worker-video-b']) {
      expect(await filesUnder(join(root, name, 'out'))).toEqual([]);
    }
    for (const name of ['worker-video-a', 'worker-video-b']) {
      const left = (await filesUnder(join(root, name, 'data', 'scratch'))).filter((f) => !f.endsWith('.partial'));
      expect(left.filter((f) => /\.(mp4|vtt|json|html|txt)$/.test(f))).toEqual([]);
    }
    // No process fell over on its own: the only exit was the SIGKILL.
    expect(workers.map((w) => w.unplannedExits)).toEqual([0, 0, 0]);
    log('done');
  }, 240_000);
});
