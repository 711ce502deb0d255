// A finished render is never repeated: when its activity is retried after the video was made (a failure before the
// completion reached Temporal, or a worker killed then), the retry reuses the video instead of rendering again.
// Renders are counted by what every render does: it narrates into a fresh work directory of its own.
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { Context } from '@temporalio/activity';
import { ApplicationFailure, defaultPayloadConverter } from '@temporalio/common';
import { Worker, type NativeConnection } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createActivitiesByQueue } from '../../activities/index.ts';
import type { ActivityDeps } from '../../activities/deps.ts';
import { connectWorker } from '../../config/temporal-connection.ts';
import { loadTemplates } from '../../prompts/templates.ts';
import { createLocalProvider } from '../../scripts/providers/local.ts';
import { campaignWorkflowId, segmentWorkflowId, TASK_QUEUES } from '../../shared/task-queues.ts';
import { loadOrCreateSigningKey } from '../../video/provenance/keys.ts';
import { createTts, ESPEAK_RUNNER, type Tts } from '../../video/render/tts.ts';
import { startWorkers, type RunningWorkers } from '../../worker/workers.ts';
import { createHarness, eventually, TEST_PASSWORD, type Harness } from '../support/harness.ts';
import { withOwnChannel } from './own-channel.ts';
import { fileQueue, fileTaskQueuePrefix } from '../support/file-prefix.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h?.close());

/** Approves the segment's script (signed) once it is in review. */
async function approve(campaignId: string, segmentId: string): Promise<void> {
  const path = `/api/reviews/${campaignId}/${segmentId}`;
  const item = await eventually(
    async () => {
      const r = await h.reviewer.get<{ state: { status: string; scriptSha256: string } }>(path).catch(() => undefined);
      return r?.state.status === 'IN_REVIEW' ? r : undefined;
    },
    90_000,
    `${segmentId} in review`,
  );
  await h.reviewer.post(`${path}/approve`, { scriptSha256: item.state.scriptSha256, password: TEST_PASSWORD });
}

/** Accepts the render once the segment waits for the video check (a retried render may take a while to come). */
async function acceptVideo(campaignId: string, segmentId: string): Promise<void> {
  const path = `/api/reviews/${campaignId}/${segmentId}`;
  const video = await eventually(
    async () => {
      const r = await h.reviewer
        .get<{ state: { status: string; video?: { sha256: string } } }>(path)
        .catch(() => undefined);
      return r?.state.status === 'VIDEO_REVIEW' ? r.state.video : undefined;
    },
    300_000,
    `${segmentId} waiting for video review`,
  );
  await h.reviewer.post(`${path}/accept-video`, { videoSha256: video.sha256, password: TEST_PASSWORD });
}

async function videoRows(campaignId: string): Promise<{ segment_id: string; video_path: string }[]> {
  const r = await h.pool.query('SELECT segment_id, video_path FROM videos WHERE campaign_id = $1', [campaignId]);
  return r.rows;
}

describe('a finished render is reused, never repeated', () => {
  it('renders once when the activity fails after the render finished and is retried', async () => {
    const target = { address: inject('temporalAddress'), namespace: 'default' };
    const connections: NativeConnection[] = [];
    const running: RunningWorkers[] = [];
    let videoWorker: Worker | undefined;
    let videoRun: Promise<void> | undefined;
    try {
      const connection = await connectWorker(target);
      connections.push(connection);
      const renderDirs = new Set<string>();
      const tts = countingTts(createTts(), renderDirs);
      const deps: ActivityDeps = {
        pool: h.pool,
        outDir: h.outDir,
        publicBaseUrl: h.server.url,
        allowHttpLoopback: true,
        scriptProvider: createLocalProvider(loadTemplates()),
        signingKey: await loadOrCreateSigningKey({ dataDir: h.outDir }),
        secrets: h.secrets,
        tts,
      };
      const queues = [TASK_QUEUES.orchestration, TASK_QUEUES.llm, TASK_QUEUES.publish];
      running.push(
        await startWorkers({
          connection,
          namespace: 'default',
          dataConverter: h.dataConverter,
          queues,
          taskQueuePrefix: fileTaskQueuePrefix(),
          workflowBundle: { code: inject('workflowBundleCode') },
          deps,
        }),
      );
      // The video queue's activities as the product builds them, with the first attempt losing its completion:
      // the render finished and its video is stored, then the activity fails as a worker dying there would.
      const video = createActivitiesByQueue(deps).video;
      const attempts: number[] = [];
      const render = video.renderVideo;
      const activities = {
        ...video,
        async renderVideo(input: Parameters<typeof render>[0]) {
          const { attempt } = Context.current().info;
          attempts.push(attempt);
          const result = await render(input);
          if (attempt === 1) throw ApplicationFailure.retryable('completion lost after the render finished');
          return result;
        },
      };
      videoWorker = await Worker.create({
        connection,
        namespace: 'default',
        dataConverter: h.dataConverter,
        taskQueue: fileQueue(TASK_QUEUES.video),
        activities,
      });
      videoRun = videoWorker.run();

      const campaign = withOwnChannel(await h.example({ segments: 1 }));
      const campaignId = await h.launch(campaign);
      const segmentId = campaign.segments[0]!.id;
      await approve(campaignId, segmentId);
      await acceptVideo(campaignId, segmentId);
      await h.client.workflow.getHandle(campaignWorkflowId(campaignId)).result();

      expect(attempts).toEqual([1, 2]);
      expect(renderDirs.size).toBe(1);
      expect(await videoRows(campaignId)).toHaveLength(1);
    } finally {
      videoWorker?.shutdown();
      await videoRun;
      for (const w of running) await w.shutdown();
      for (const c of connections) await c.close();
    }
  }, 480_000);

  it('renders once when the worker is killed after the render finished but before Temporal heard of it', async () => {
    const dir = await mkdtemp(join(inject('tmpRoot'), 'render-once-'));
    const log = join(dir, 'espeak.log');
    const barrier = join(dir, 'barrier');
    await writeFile(log, '');
    await writeFile(barrier, 'held');
    await writeFakeEspeak(join(dir, 'bin'), log, barrier);
    const proxy = await startCuttableProxy(inject('temporalAddress'));
    // Both workers narrate with the same engine (the render settings, and so the generation key, are the same).
    const env = { PATH: `${join(dir, 'bin')}:${process.env.PATH ?? ''}`, KLARTEXT_NARRATION: 'system' };
    const holder = await h.pool.connect();
    try {
      const campaign = withOwnChannel(await h.example({ segments: 1 }));
      const campaignId = await h.launch(campaign);
      const segmentId = campaign.segments[0]!.id;
      const first = h.spawnWorker({ ...env, TEMPORAL_ADDRESS: proxy.address });
      await approve(campaignId, segmentId);

      // The render has started: it is narrating, held at the barrier.
      await eventually(async () => ((await renderDirsIn(log)).size > 0 ? true : undefined), 90_000, 'the render');
      const generationKey = await eventually(() => renderingKey(campaignId, segmentId), 60_000, 'a heartbeat');
      // An uncommitted row under its generation key holds the render's ledger write (a unique-key wait) until the
      // worker is cut off from Temporal: whatever the render does after, its completion can no longer get out.
      await holder.query('BEGIN');
      await holder.query(
        `INSERT INTO videos (campaign_id, segment_id, generation_key, script_sha256, video_path, video_sha256,
           duration_seconds, captions_path) VALUES ($1, $2, $3, 'held', 'held', 'held', 0, 'held')`,
        [campaignId, segmentId, generationKey],
      );
      await rm(barrier);
      const videoFile = join(h.outDir, campaignId, segmentId, 'video.mp4');
      await eventually(async () => (existsSync(videoFile) ? true : undefined), 300_000, 'the rendered file');
      proxy.cut();
      await holder.query('ROLLBACK');
      // The render finished and is in the ledger; the worker dies before its completion reaches Temporal.
      await eventually(async () => ((await videoRows(campaignId)).length > 0 ? true : undefined), 60_000, 'video');
      first.kill('SIGKILL');
      await once(first, 'exit');
      expect((await renderDirsIn(log)).size).toBe(1);

      // The activity times out (no heartbeat) and is retried on a new worker, which must reuse the video.
      h.spawnWorker(env);
      await acceptVideo(campaignId, segmentId);
      await h.client.workflow.getHandle(campaignWorkflowId(campaignId)).result();
      expect((await renderDirsIn(log)).size).toBe(1);
      expect(await videoRows(campaignId)).toHaveLength(1);
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      holder.release();
      proxy.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 720_000);
});

/** The generation key a running render reports in its heartbeat details. */
async function renderingKey(campaignId: string, segmentId: string): Promise<string | undefined> {
  const { raw } = await h.client.workflow.getHandle(segmentWorkflowId(campaignId, segmentId)).describe();
  const render = raw.pendingActivities?.find((a) => a.activityType?.name === 'renderVideo');
  const encrypted = render?.heartbeatDetails?.payloads?.[0];
  if (!encrypted) return undefined;
  // describe() answers raw payloads: heartbeat details are encrypted like everything else in Temporal.
  const [payload] = await h.payloadCodec.decode([encrypted]);
  const details = defaultPayloadConverter.fromPayload<{ generationKey?: string }>(payload!);
  return details.generationKey;
}

/** The narration engine, noting the work directory of every render that speaks through it. */
function countingTts(inner: Tts, renderDirs: Set<string>): Tts {
  return {
    engine: inner.engine,
    voiceFor: (lang) => inner.voiceFor(lang),
    describe: () => inner.describe(),
    synthesize(text, lang, outWav, options) {
      renderDirs.add(dirname(outWav));
      return inner.synthesize(text, lang, outWav, options);
    },
  };
}

/** The distinct render work directories an `espeak-ng` log names. */
async function renderDirsIn(log: string): Promise<Set<string>> {
  const lines = (await readFile(log, 'utf8')).split('\n').filter(Boolean);
  return new Set(lines.map((wav) => dirname(wav)));
}

/**
 * An `espeak-ng` for another process's PATH: logs the WAV path of each synthesis, waits while `barrier` exists, then
 * speaks with the bundled eSpeak NG build (the command line of the system binary, the work of the npm one).
 */
async function writeFakeEspeak(binDir: string, log: string, barrier: string): Promise<void> {
  const script = `#!${process.execPath}
const { appendFileSync, existsSync, readFileSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const args = process.argv.slice(2);
const runner = ${JSON.stringify(ESPEAK_RUNNER)};
if (args.includes('--version')) {
  process.exit(spawnSync(process.execPath, [runner, '--version'], { stdio: 'inherit' }).status ?? 1);
}
const wav = args[args.indexOf('-w') + 1];
const voice = args[args.indexOf('-v') + 1];
const text = readFileSync(0);
appendFileSync(${JSON.stringify(log)}, wav + '\\n');
const pause = new Int32Array(new SharedArrayBuffer(4));
while (existsSync(${JSON.stringify(barrier)})) Atomics.wait(pause, 0, 0, 50);
const run = spawnSync(process.execPath, [runner, voice, wav], { input: text, stdio: ['pipe', 'inherit', 'inherit'] });
process.exit(run.status ?? 1);
`;
  const { mkdir } = await import('node:fs/promises');
  await mkdir(binDir, { recursive: true });
  await writeFile(join(binDir, 'espeak-ng'), script);
  await chmod(join(binDir, 'espeak-ng'), 0o755);
}

/** A TCP proxy to Temporal whose traffic can be cut (bytes dropped both ways) while the connections stay open. */
async function startCuttableProxy(target: string): Promise<{ address: string; cut(): void; close(): void }> {
  const at = target.lastIndexOf(':');
  const host = target.slice(0, at);
  const port = Number(target.slice(at + 1));
  const sockets = new Set<Socket>();
  let cut = false;
  const server = createServer((client) => {
    if (cut) return void client.destroy();
    const upstream = connect(port, host);
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      sockets.add(from);
      from.on('data', (chunk) => cut || to.write(chunk));
      from.on('error', () => to.destroy());
      // A dead worker's connection closes upstream too, so Temporal does not keep handing tasks to its polls.
      from.on('close', () => to.destroy());
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: listening } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${listening}`,
    cut: () => void (cut = true),
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}
