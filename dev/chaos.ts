// `npm run chaos`: a bounded, loopback-only chaos run on the embedded stack. It launches a generated campaign whose
// webhook receiver fails, hangs and rate-limits, reviews it through the HTTP API, SIGKILLs the worker K times and the
// Temporal server once, and prints the durability figures; it exits 1 when a delivery was lost or repeated, a
// signature did not verify, or a segment was rendered twice.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { generateWebhookSecret } from '../channels/signing.ts';
import { loadConfig } from '../config/config.ts';
import { installSdkLogger } from '../config/logging.ts';
import { listSegments } from '../db/campaign-repo.ts';
import { SECRETS_KEY_FILE } from '../db/secrets.ts';
import { PAYLOAD_KEY_FILE } from '../config/payload-codec.ts';
import { setPassword, upsertUserWithToken } from '../db/user-repo.ts';
import { listCampaignVideos } from '../db/video-repo.ts';
import { KlartextError } from '../shared/errors.ts';
import { SIGNING_KEY_FILE } from '../video/provenance/keys.ts';
import { parseChaosArgs, seededRandom, type ChaosOptions } from './chaos-args.ts';
import { writeChaosCampaign } from './chaos-campaign.ts';
import { killAndRestartTemporal, superviseWorker } from './chaos-processes.ts';
import { startChaosReceiver, type ProcessedDelivery } from './chaos-receiver.ts';
import { freePort } from './ports.ts';
import { startStack, type Stack } from './stack.ts';
import type { EmbeddedTemporal, EmbeddedTemporalOptions } from './temporal-dev-server.ts';

/** Variables that could point the run at services elsewhere: the chaos run starts its own, on loopback. */
const FOREIGN_TARGETS = [
  'TEMPORAL_ADDRESS',
  'TEMPORAL_API_KEY',
  'DATABASE_URL',
  'KLARTEXT_API_URL',
  'KLARTEXT_API_TOKEN',
];

/** The stages a kill is aimed at: work in flight on each of the worker's task queues but orchestration. */
const KILL_STAGES = ['DRAFTING', 'RENDERING', 'PUBLISHING'] as const;

/** The figures a run ends with. */
export interface ChaosFigures {
  launched: number;
  published: number;
  lost: number;
  duplicates: number;
  badSignatures: number;
  /** The most videos rendered for one segment (0 when none was rendered). */
  maxRendersPerSegment: number;
}

/** True when the run kept every promise: nothing lost or repeated, every signature good, one render per segment. */
export function chaosPassed(f: ChaosFigures): boolean {
  return f.lost === 0 && f.duplicates === 0 && f.badSignatures === 0 && f.maxRendersPerSegment <= 1;
}

/** Segments of `campaignId` whose `video.approved` event the receiver processed. */
export function deliveredSegments(processed: readonly ProcessedDelivery[], campaignId: string): Set<string> {
  return new Set(
    processed
      .filter((p) => p.type === 'video.approved' && p.campaignId === campaignId && p.segmentId)
      .map((p) => p.segmentId as string),
  );
}

/** The HTTP API as one user (bearer token) calls it. */
export interface Api {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
}

/** Calls the API at `baseUrl` with `token`; a non-2xx answer throws with its status and the start of its body. */
export function apiClient(baseUrl: string, token: string): Api {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 200)}`);
    return JSON.parse(text) as T;
  };
  return { get: (path) => call('GET', path), post: (path, body) => call('POST', path, body) };
}

/** Runs the chaos run; resolves to the exit code. */
export async function runChaos(opts: ChaosOptions): Promise<number> {
  const started = Date.now();
  const log = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}`);
  const dice = seededRandom(opts.seed);
  const moments = seededRandom(opts.seed ^ 0x5bd1e995);
  const dataDir = await mkdtemp(join(tmpdir(), 'klartext-chaos-'));
  log(`Chaos run            seed ${opts.seed}, data ${dataDir}`);
  const secret = generateWebhookSecret();
  const receiver = await startChaosReceiver({
    secret,
    host: opts.host,
    rates: opts.rates,
    retryAfterSeconds: opts.retryAfterSeconds,
    random: dice,
  });
  log(
    `Receiver             ${receiver.url}  (fail ${opts.rates.fail}, hang ${opts.rates.hang}, limit ${opts.rates.limit})`,
  );

  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of FOREIGN_TARGETS) delete env[name];
  // Any Temporal connection setting (TLS, profiles) belongs to a server elsewhere; the binary's path stays.
  for (const name of Object.keys(env))
    if (name.startsWith('TEMPORAL_') && name !== 'TEMPORAL_CLI_PATH') delete env[name];
  Object.assign(env, {
    // A profile file that does not exist: a default profile under ~/.config/temporalio must not point the run away.
    TEMPORAL_CONFIG_FILE: join(dataDir, 'no-temporal-profiles.toml'),
    KLARTEXT_DATA_DIR: dataDir,
    KLARTEXT_OUT_DIR: join(dataDir, 'out'),
    KLARTEXT_CACHE_DIR: resolve(process.env.KLARTEXT_CACHE_DIR ?? '.cache'),
    KLARTEXT_TEMPORAL_PORT: String(await freePort()),
    KLARTEXT_TEMPORAL_UI_PORT: String(await freePort()),
    KLARTEXT_HTTP_HOST: opts.host,
    KLARTEXT_ALLOW_HTTP_LOOPBACK: 'true',
    // Local script and video providers only: nothing of the run leaves this machine.
    KLARTEXT_SCRIPT_PROVIDER: 'local',
    KLARTEXT_VIDEO_PROVIDER: 'local',
    KLARTEXT_NARRATION: process.env.KLARTEXT_NARRATION ?? 'silent',
  });
  const config = loadConfig(env);
  const temporalOptions: EmbeddedTemporalOptions = {
    env,
    dataDir: config.dataDir,
    cacheDir: config.cacheDir,
    port: config.temporal.port,
    uiPort: config.temporal.uiPort,
    persist: true,
    log,
  };

  let stack: Stack | undefined;
  let worker: ReturnType<typeof superviseWorker> | undefined;
  let restartedTemporal: EmbeddedTemporal | undefined;
  let passed = false;
  const stopAll = async () => {
    await worker?.stop();
    await restartedTemporal?.stop().catch((err: unknown) => log(`Temporal stop failed: ${String(err)}`));
    // The first Temporal server is gone already; its teardown must not keep the run from ending.
    await Promise.race([stack?.stop(), sleep(20_000)]);
    await receiver.close();
  };
  const onSignal = () => void stopAll().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    stack = await startStack(config, { worker: false, log, httpPort: 0 });
    const managerToken = await upsertUserWithToken(stack.pool, {
      id: 'dev-manager',
      displayName: 'Dev manager',
      role: 'campaign_manager',
    });
    const reviewerToken = await upsertUserWithToken(stack.pool, {
      id: 'dev-reviewer',
      displayName: 'Dev reviewer',
      role: 'medical_reviewer',
    });
    const reviewerPassword = randomBytes(18).toString('base64url');
    await setPassword(stack.pool, 'dev-reviewer', reviewerPassword);

    worker = superviseWorker(
      {
        ...env,
        TEMPORAL_ADDRESS: stack.temporalAddress,
        DATABASE_URL: stack.databaseUrl,
        KLARTEXT_API_URL: stack.apiUrl,
        KLARTEXT_SIGNING_KEY_FILE: join(dataDir, SIGNING_KEY_FILE),
        KLARTEXT_SECRETS_KEY_FILE: join(dataDir, SECRETS_KEY_FILE),
        KLARTEXT_PAYLOAD_KEYS_FILE: join(dataDir, PAYLOAD_KEY_FILE),
      },
      dataDir,
      log,
    );
    await worker.ready();
    log(`Worker               own process, restarted after every kill (logs: ${dataDir}/worker-*.log)`);

    const campaign = await writeChaosCampaign(join(dataDir, 'campaign'), opts.segments, { url: receiver.url, secret });
    const manager = apiClient(stack.apiUrl, managerToken);
    const reviewer = apiClient(stack.apiUrl, reviewerToken);
    const { campaignId } = await manager.post<{ campaignId: string }>('/api/campaigns', campaign);
    log(`Launched             ${campaignId} with ${opts.segments} generated segments`);

    const deadline = started + opts.timeoutMs;
    let settled = false;
    let workflowStatus = 'RUNNING';
    // The stages segments are in right now, as the review loop last saw them.
    let stages = new Set<string>();
    /**
     * Waits for a random moment: until some segment is in a randomly chosen stage (drafting, rendering or publishing;
     * at most 30 s), then up to 2 s more. Resolves to the stage aimed at, or undefined once the run has settled or its time
     * is up.
     */
    const randomMoment = async (): Promise<string | undefined> => {
      await worker?.ready();
      const stage = KILL_STAGES[Math.floor(moments() * KILL_STAGES.length)]!;
      const until = Math.min(deadline, Date.now() + 30_000);
      while (!settled && Date.now() < until && !stages.has(stage)) await sleep(200);
      await sleep(moments() * 2000);
      return settled || Date.now() > deadline ? undefined : stage;
    };
    const chaos = (async () => {
      const temporalAfter = Math.floor(moments() * (opts.kills + 1));
      let workerKills = 0;
      let temporalKills = 0;
      for (let round = 0; round <= opts.kills; round++) {
        if (round === temporalAfter) {
          const aim = await randomMoment();
          if (!aim) break;
          const { restarted } = await killAndRestartTemporal(temporalOptions, log);
          await restartedTemporal?.stop().catch(() => undefined);
          restartedTemporal = restarted;
          temporalKills += 1;
          log(`Temporal             back on ${restarted.address} (SIGKILL aimed at ${aim})`);
        }
        if (round === opts.kills) break;
        const aim = await randomMoment();
        if (!aim) break;
        const pid = await worker.killAndRestart();
        if (pid !== undefined) {
          workerKills += 1;
          log(
            `Worker               pid ${pid} killed (SIGKILL ${workerKills}/${opts.kills}, aimed at ${aim}); restarting it`,
          );
        }
      }
      return { workerKills, temporalKills };
    })();

    const reviewed = new Set<string>();
    let lastProgress = '';
    let lastFailure = '';
    while (!settled && Date.now() < deadline) {
      try {
        const round = await reviewRound(manager, reviewer, reviewerPassword, campaignId, reviewed);
        stages = new Set(round.statuses);
        const counts = new Map<string, number>();
        for (const status of round.statuses) counts.set(status, (counts.get(status) ?? 0) + 1);
        const line = `Progress             ${[...counts].map(([k, v]) => `${k} ${v}`).join(' · ')}`;
        if (line !== lastProgress) log(line);
        lastProgress = line;
        workflowStatus = round.workflowStatus;
        settled = workflowStatus !== 'RUNNING';
      } catch (err) {
        // Temporal or the worker may be down right now (that is the point); the next round asks again. Each new
        // reason is shown once, so a review that keeps failing for another reason is visible.
        const reason = `Review round failed  ${err instanceof Error ? err.message : String(err)}`.slice(0, 300);
        if (reason !== lastFailure) log(reason);
        lastFailure = reason;
      }
      if (!settled) await sleep(500);
    }
    settled = true;
    const kills = await chaos;

    const segments = await listSegments(stack.pool, campaignId);
    const videos = await listCampaignVideos(stack.pool, campaignId);
    const renders = new Map<string, number>();
    for (const v of videos) renders.set(v.segmentId, (renders.get(v.segmentId) ?? 0) + 1);
    const delivered = deliveredSegments(receiver.processed, campaignId);
    const counts = receiver.counts();
    const figures: ChaosFigures = {
      launched: campaign.segments.length,
      published: segments.filter((s) => s.status === 'PUBLISHED').length,
      lost: campaign.segments.filter((s) => !delivered.has(s.id)).length,
      duplicates: counts.duplicates,
      badSignatures: counts.badSignatures,
      maxRendersPerSegment: Math.max(0, ...renders.values()),
    };
    passed = chaosPassed(figures);
    const rendersLine = campaign.segments.map((s) => renders.get(s.id) ?? 0).join(' ');
    console.log('');
    console.log(`Campaign workflow    ${workflowStatus}${workflowStatus === 'RUNNING' ? ' (time bound reached)' : ''}`);
    console.log(`Launched             ${figures.launched}`);
    console.log(`Published            ${figures.published}`);
    console.log(`Lost                 ${figures.lost}`);
    const stuck = segments.filter((s) => s.status !== 'PUBLISHED').map((s) => `${s.id} ${s.status}`);
    if (stuck.length > 0) console.log(`Not published        ${stuck.join(', ')}`);
    console.log(`Duplicates processed ${figures.duplicates}`);
    console.log(`Bad signatures       ${figures.badSignatures}`);
    console.log(`Renders per segment  max ${figures.maxRendersPerSegment} (${rendersLine})`);
    console.log(
      `Delivery attempts    ${counts.requests}: ${counts.failed} × 500, ${counts.hung} hung, ${counts.limited} × 429, ` +
        `${receiver.processed.length} accepted`,
    );
    console.log(
      `Kills                worker ${kills.workerKills}/${opts.kills} (SIGKILL), Temporal ${kills.temporalKills}/1 (SIGKILL); ` +
        `worker exits on its own ${worker.unplannedExits}`,
    );
    console.log(`Wall time            ${((Date.now() - started) / 1000).toFixed(1)} s`);
    console.log(`Result               ${passed ? 'PASS' : 'FAIL'}`);
    return passed ? 0 : 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await stopAll();
    if (passed && !opts.keep) await rm(dataDir, { recursive: true, force: true });
    else console.log(`Data kept            ${dataDir}`);
  }
}

/**
 * One pass as a reviewer would make it: approve every script and accept every video of the campaign waiting in the
 * queue; returns the campaign workflow's status and each segment's. `reviewed` holds the decisions already sent, per
 * segment and version (segments may share a script), so a queue that lags behind the workflow is not answered twice.
 */
export async function reviewRound(
  manager: Api,
  reviewer: Api,
  password: string,
  campaignId: string,
  reviewed: Set<string>,
): Promise<{ workflowStatus: string; statuses: string[] }> {
  const queue = await reviewer.get<{ items: { campaignId: string; segmentId: string }[] }>('/api/reviews');
  for (const item of queue.items.filter((i) => i.campaignId === campaignId)) {
    const path = `/api/reviews/${campaignId}/${item.segmentId}`;
    const { state } = await reviewer.get<{
      state: { scriptSha256?: string; status: string; video?: { sha256: string } };
    }>(path);
    if (
      state.status === 'IN_REVIEW' &&
      state.scriptSha256 &&
      !reviewed.has(`${item.segmentId} script ${state.scriptSha256}`)
    ) {
      await reviewer.post(`${path}/approve`, {
        scriptSha256: state.scriptSha256,
        comment: 'Chaos run: automated approval of a synthetic script.',
        password,
      });
      reviewed.add(`${item.segmentId} script ${state.scriptSha256}`);
    } else if (
      state.status === 'VIDEO_REVIEW' &&
      state.video &&
      !reviewed.has(`${item.segmentId} video ${state.video.sha256}`)
    ) {
      await reviewer.post(`${path}/accept-video`, {
        videoSha256: state.video.sha256,
        comment: 'Chaos run: automated acceptance of a synthetic video.',
        password,
      });
      reviewed.add(`${item.segmentId} video ${state.video.sha256}`);
    }
  }
  const status = await manager.get<{ workflowStatus: string; segments: { status: string }[] }>(
    `/api/campaigns/${campaignId}`,
  );
  return { workflowStatus: status.workflowStatus, statuses: status.segments.map((s) => s.status) };
}

if (import.meta.main) {
  installSdkLogger();
  let opts: ChaosOptions;
  try {
    opts = parseChaosArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`chaos: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  }
  runChaos(opts).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(
        `chaos: ${err instanceof KlartextError ? err.message : err instanceof Error ? err.stack : String(err)}`,
      );
      process.exit(1);
    },
  );
}
