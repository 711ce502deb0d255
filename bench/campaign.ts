// `npm run bench:campaign -- --segments N`: a generated campaign of N segments on the real stack (Temporal dev server,
// database, the API's services, a worker process), with the local script composer, an instant renderer
// (bench/instant-video.ts), an automatic reviewer deciding through the same Update path as people (api/decide.ts) and a
// recording webhook channel. Prints segments/s, segment latency, the largest histories and peak RSS, then runs the same
// activities for another N segments as plain async calls (no Temporal) in the same run, and the ratio.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { decide, decideVideo, languagesOf } from '../api/decide.ts';
import { generateWebhookSecret } from '../channels/signing.ts';
import { loadConfig } from '../config/config.ts';
import { installSdkLogger } from '../config/logging.ts';
import { listSegments } from '../db/campaign-repo.ts';
import { loadOrCreateSecretBox } from '../db/secrets.ts';
import { upsertUserWithToken, type User } from '../db/user-repo.ts';
import { seededRandom } from '../dev/chaos-args.ts';
import { writeChaosCampaign } from '../dev/chaos-campaign.ts';
import { startChaosReceiver } from '../dev/chaos-receiver.ts';
import { freePort } from '../dev/ports.ts';
import { startStack } from '../dev/stack.ts';
import { createCampaignWithChannels, launchCampaign } from '../services/launch.ts';
import { campaignWorkflowId, segmentWorkflowId } from '../shared/task-queues.ts';
import { reviewStateQuery } from '../workflows/messages.ts';
import { runBaseline } from './campaign-baseline.ts';

installSdkLogger();
const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
};
const N = Number(arg('--segments') ?? 200);
if (!Number.isInteger(N) || N < 1) throw new Error('--segments takes a whole number of segments, e.g. --segments 200');
const ROOT = join(import.meta.dirname, '..');
/** Decisions the automatic reviewer has in flight at most. */
const REVIEWERS = 64;
const started = Date.now();
const log = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}`);

/** Peak resident set (VmHWM) of a process, in MB. */
function peakRssMB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

/** CPU seconds (user + system) a process has used so far. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The pids of a process's descendants (from /proc), to find the Temporal server the stack started. */
function descendants(pid: number): number[] {
  const children = readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
    readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number),
  );
  return children.flatMap((c) => [c, ...descendants(c)]);
}
const commandOf = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

const dataDir = await mkdtemp(join(tmpdir(), 'klartext-bench-campaign-'));
const secret = generateWebhookSecret();
const receiver = await startChaosReceiver({
  secret,
  host: '127.0.0.1',
  rates: { fail: 0, hang: 0, limit: 0 },
  retryAfterSeconds: 1,
  random: seededRandom(1),
});
const env: NodeJS.ProcessEnv = { ...process.env };
for (const name of Object.keys(env)) {
  if (name.startsWith('TEMPORAL_') && name !== 'TEMPORAL_CLI_PATH') delete env[name];
}
for (const name of ['KLARTEXT_API_URL', 'KLARTEXT_API_TOKEN', 'KLARTEXT_TASK_QUEUE_PREFIX']) delete env[name];
Object.assign(env, {
  TEMPORAL_CONFIG_FILE: join(dataDir, 'no-temporal-profiles.toml'),
  KLARTEXT_DATA_DIR: dataDir,
  KLARTEXT_OUT_DIR: join(dataDir, 'out'),
  KLARTEXT_CACHE_DIR: resolve(process.env.KLARTEXT_CACHE_DIR ?? join(ROOT, '.cache')),
  KLARTEXT_TEMPORAL_PORT: String(await freePort()),
  KLARTEXT_TEMPORAL_UI_PORT: String(await freePort()),
  KLARTEXT_HTTP_HOST: '127.0.0.1',
  KLARTEXT_ALLOW_HTTP_LOOPBACK: 'true',
  KLARTEXT_SCRIPT_PROVIDER: 'local',
  KLARTEXT_VIDEO_PROVIDER: 'local',
  KLARTEXT_NARRATION: 'silent',
  // The instant renderer spends no CPU: its queue need not be held to the two renders at once a real ffmpeg needs.
  KLARTEXT_QUEUE_VIDEO_CONCURRENCY: process.env.KLARTEXT_QUEUE_VIDEO_CONCURRENCY ?? '50',
});
const config = loadConfig(env);
const stack = await startStack(config, { worker: false, log, httpPort: 0 });
let worker: ChildProcess | undefined;
try {
  const secrets = await loadOrCreateSecretBox({ ...config.secretsKey, dataDir });
  await upsertUserWithToken(stack.pool, { id: 'bench-manager', displayName: 'Manager', role: 'campaign_manager' });
  const reviewer: User = { id: 'bench-reviewer', displayName: 'Reviewer', role: 'medical_reviewer' } as User;
  await upsertUserWithToken(stack.pool, reviewer);
  const workerEnv = { ...env, TEMPORAL_ADDRESS: stack.temporalAddress, DATABASE_URL: stack.databaseUrl };
  worker = spawn(process.execPath, [join(import.meta.dirname, 'campaign-worker.ts')], {
    env: workerEnv,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: worker.stdout! });
  await new Promise<void>((ok, fail) => {
    lines.on('line', (line) => line === 'ready' && ok());
    worker!.once('exit', (code) => fail(new Error(`bench worker exited (${code}) before it was ready`)));
  });
  log(`Worker               pid ${worker.pid}, every queue, instant renderer`);

  const files = await writeChaosCampaign(join(dataDir, 'campaign'), N, { url: receiver.url, secret });
  const deps = { pool: stack.pool, temporal: stack.client, secrets, allowHttpLoopback: true, outDir: config.outDir };
  const campaignId = `bench-${N}-${Date.now().toString(36)}`;
  await createCampaignWithChannels(deps, { id: campaignId, ...files, createdBy: 'bench-manager' });
  const server = descendants(process.pid).find((pid) => commandOf(pid).includes('start-dev'));
  const cpuAt = () => ({
    worker: cpuSeconds(worker!.pid!),
    server: server ? cpuSeconds(server) : NaN,
    bench: cpuSeconds(process.pid),
  });
  const cpu0 = cpuAt();
  const t0 = performance.now();
  await launchCampaign(deps, campaignId);
  log(`Launched             ${campaignId}: ${N} segments`);

  // The automatic reviewer: approves each script and accepts each video once it waits in review, a few at a time.
  const decideDeps = { temporal: stack.client, verifyPassword: async () => true, languagesOf: languagesOf(stack.pool) };
  const decided = new Set<string>();
  const campaign = stack.client.workflow.getHandle(campaignWorkflowId(campaignId));
  let closed = false;
  void campaign.result().finally(() => (closed = true));
  let maxInReview = 0;
  const busy = new Set<string>();
  const review = async (segmentId: string, status: string) => {
    const base = { campaignId, segmentId, user: reviewer, password: 'bench' };
    const state = await stack.client.workflow
      .getHandle(segmentWorkflowId(campaignId, segmentId))
      .query(reviewStateQuery);
    if (status === 'IN_REVIEW' && state.status === 'IN_REVIEW' && state.scriptSha256) {
      await decide(decideDeps, { ...base, decision: 'approve', scriptSha256: state.scriptSha256 });
    } else if (status === 'VIDEO_REVIEW' && state.status === 'VIDEO_REVIEW' && state.video) {
      await decideVideo(decideDeps, { ...base, decision: 'accept-video', videoSha256: state.video.sha256 });
    } else return;
    decided.add(`${segmentId}:${status}`);
  };
  while (!closed) {
    const waiting = (await listSegments(stack.pool, campaignId)).filter(
      (s) => s.status === 'IN_REVIEW' || s.status === 'VIDEO_REVIEW',
    );
    maxInReview = Math.max(maxInReview, waiting.filter((s) => s.status === 'IN_REVIEW').length);
    // Up to REVIEWERS decisions in flight at once, each started as soon as the database shows its subject waiting.
    for (const s of waiting) {
      const key = `${s.id}:${s.status}`;
      if (busy.size >= REVIEWERS || busy.has(key) || decided.has(key)) continue;
      busy.add(key);
      void review(s.id, s.status)
        .catch((err: unknown) => log(`Review of ${key} failed, trying again: ${String(err).slice(0, 200)}`))
        .finally(() => busy.delete(key));
    }
    await sleep(100);
  }
  const { counts } = await campaign.result();
  const wall = (performance.now() - t0) / 1000;
  const cpu1 = cpuAt();

  // Latency per segment (its workflow's start to close) and the largest histories, from Temporal itself.
  const segmentIds = files.segments.map((s) => s.id);
  const described = [];
  for (let i = 0; i < segmentIds.length; i += 32) {
    described.push(
      ...(await Promise.all(
        segmentIds
          .slice(i, i + 32)
          .map((id) => stack.client.workflow.getHandle(segmentWorkflowId(campaignId, id)).describe()),
      )),
    );
  }
  const latencies = described
    .map((d) => ((d.closeTime?.getTime() ?? Date.now()) - d.startTime.getTime()) / 1000)
    .sort((a, b) => a - b);
  const campaignRuns: number[] = [];
  let runId: string | null | undefined = (await campaign.describe()).raw.workflowExecutionInfo?.firstRunId;
  while (runId) {
    const history: Awaited<ReturnType<typeof campaign.fetchHistory>> = await stack.client.workflow
      .getHandle(campaignWorkflowId(campaignId), runId)
      .fetchHistory();
    campaignRuns.push(history.events?.length ?? 0);
    runId = history.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
  }
  const workerRss = peakRssMB(worker.pid!);
  const serverRss = server ? peakRssMB(server) : NaN;
  const delivered = new Set(receiver.processed.filter((p) => p.campaignId === campaignId).map((p) => p.segmentId));

  const rate = N / wall;
  console.log('');
  console.log(
    `segments             ${N} (${JSON.stringify(counts)}), delivered ${delivered.size}, duplicates ${receiver.counts().duplicates}`,
  );
  console.log(`end to end           ${wall.toFixed(1)} s, ${rate.toFixed(2)} segments/s (goal ≥ 20 at N = 2,000)`);
  console.log(
    `CPU while it ran     worker ${(cpu1.worker - cpu0.worker).toFixed(0)} s, Temporal server ` +
      `${(cpu1.server - cpu0.server).toFixed(0)} s, bench process (API, embedded database, reviewer) ` +
      `${(cpu1.bench - cpu0.bench).toFixed(0)} s, of ${(wall * availableParallelism()).toFixed(0)} s on ` +
      `${availableParallelism()} cores`,
  );
  console.log(
    `segment latency      p50 ${quantile(latencies, 0.5).toFixed(1)} s, p95 ${quantile(latencies, 0.95).toFixed(1)} s`,
  );
  console.log(`scripts in review    at most ${maxInReview} at once (as the reviewer saw the database)`);
  console.log(
    `largest history      campaign ${Math.max(...campaignRuns)} events (${campaignRuns.length} runs), segment ` +
      `${Math.max(...described.map((d) => d.historyLength))} events (goal < 10,000 at N = 10,000)`,
  );
  console.log(
    `peak RSS             worker ${workerRss.toFixed(0)} MB (goal ≤ 1,024), Temporal server ${serverRss.toFixed(0)} MB, ` +
      `bench process (API, embedded database, reviewer) ${peakRssMB(process.pid).toFixed(0)} MB`,
  );
  const [loadThen] = loadavg();
  console.log(
    `load average         ${loadThen?.toFixed(1)} on ${availableParallelism()} cores when the campaign completed`,
  );
  // The figures above are printed before the baseline runs, so a failing baseline does not lose an hour's run.
  log('Baseline             the same activities as plain async calls, no Temporal');
  const baseline = await runBaseline({ config, stack, secrets, files, receiverUrl: receiver.url, secret, N });
  console.log(
    `baseline             ${baseline.seconds.toFixed(1)} s, ${(N / baseline.seconds).toFixed(2)} segments/s ` +
      `(${baseline.atOnce} segments at once); Temporal ÷ baseline ${(wall / baseline.seconds).toFixed(2)} wall`,
  );
  const [load] = loadavg();
  console.log(
    `load average at the end ${load?.toFixed(1)} on ${availableParallelism()} cores (figures mean little when it is above the cores)`,
  );
} finally {
  worker?.kill('SIGTERM');
  await Promise.race([stack.stop(), sleep(20_000)]);
  await receiver.close();
  await rm(dataDir, { recursive: true, force: true });
}
process.exit(0);
