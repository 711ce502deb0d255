// Builds one Temporal Worker per task queue in this process, sharing one connection and one workflow bundle.
import { createRequire } from 'node:module';
import { dirname, sep } from 'node:path';
import {
  bundleWorkflowCode,
  Worker,
  type BundleOptions,
  type NativeConnection,
  type WorkflowBundle,
} from '@temporalio/worker';
import type { DataConverter } from '@temporalio/common';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import { createActivitiesByQueue, type ActivityDeps } from '../activities/index.ts';
import { loadOrCreateC2paCredentials } from '../video/provenance/c2pa-cert.ts';
import type { SigningKey } from '../video/provenance/keys.ts';
import { resolveFfmpeg } from '../video/render/ffmpeg.ts';
import { createVoice } from '../video/voices/index.ts';
import type { Pool } from '../db/pool.ts';
import type { SecretBox } from '../db/secrets.ts';
import { TASK_QUEUES, taskQueueName, type TaskQueueName } from '../shared/task-queues.ts';
import type { Config } from '../config/config.ts';
import { DEFAULT_CONCURRENCY, type QueueLimits } from '../config/task-queues.ts';
import { FAILURE_CONVERTER_PATH } from '../config/payload-codec.ts';
import { createScriptProvider } from '../scripts/providers/index.ts';
import { createTranslationProvider } from '../scripts/translation/index.ts';
import { createVideoProvider } from '../video/providers/index.ts';
import type { Metrics } from '../config/metrics.ts';
import { loadPriceTable } from '../config/price-table.ts';
import type { Tracing } from '../config/tracing.ts';
import { instrumentActivities, instrumentProviders } from './instrument.ts';

type ActivitiesByQueue = ReturnType<typeof createActivitiesByQueue>;
import { createAssetStore, type AssetStore } from '../storage/index.ts';

const require = createRequire(import.meta.url);
const WORKFLOWS_PATH = require.resolve('../workflows/index.ts');
// Temporal's OpenTelemetry workflow interceptors, bundled only for a traced worker (they run inside the sandbox).
const TRACING_INTERCEPTORS_PATH = require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors');

const PACKAGE_ROOT = dirname(dirname(WORKFLOWS_PATH));
type WebpackConfig = Parameters<NonNullable<BundleOptions['webpackConfigHook']>>[0];

/**
 * Bundles the workflow code once (webpack); reuse the bundle for every worker and test. `log` takes its warnings;
 * `tracing` adds Temporal's OpenTelemetry workflow interceptors (a traced worker needs a bundle with them).
 */
export function bundleWorkflows(
  log: BundlerLog = consoleLog,
  opts: { tracing?: boolean } = {},
): Promise<WorkflowBundle> {
  return bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    ...(opts.tracing ? { workflowInterceptorModules: [TRACING_INTERCEPTORS_PATH] } : {}),
    // Workflow failures are converted inside the sandbox: the same converter the clients and workers load.
    failureConverterPath: FAILURE_CONVERTER_PATH,
    logger: quietBundler(log),
    webpackConfigHook: compileOwnTypeScript,
  });
}

/** Whether `path` is a dependency's file: under node_modules, and not klartext's own (an installed klartext is). */
export function isDependencyFile(path: string, root = PACKAGE_ROOT): boolean {
  const own = path.startsWith(root + sep) ? path.slice(root.length) : undefined;
  return (own ?? path).split(sep).includes('node_modules');
}

/** The bundler compiles TypeScript outside node_modules only; an installed klartext's workflows live inside it. */
function compileOwnTypeScript(config: WebpackConfig): WebpackConfig {
  for (const rule of config.module?.rules ?? []) {
    if (rule && typeof rule === 'object' && String(rule.test) === String(/\.ts$/)) rule.exclude = isDependencyFile;
  }
  return config;
}

/** Where the bundler's warnings and errors go: the console, or the worker's JSON logger. */
export interface BundlerLog {
  warn(message: string): void;
  error(message: string): void;
}
const consoleLog: BundlerLog = { warn: (m) => console.warn(m), error: (m) => console.error(m) };

const quietBundler = (log: BundlerLog) => ({
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => log.warn(message),
  error: (message: string) => log.error(message),
});

export interface RunningWorkers {
  /** Resolves when all workers have stopped; rejects if one fails. */
  done: Promise<void>;
  /** Whether every worker still runs (polls its queue): what a worker's /readyz reports. */
  running(): boolean;
  shutdown(): Promise<void>;
}

/**
 * Creates and starts the workers for `queues` (base names, polled as `taskQueuePrefix` + name); workflows run on the
 * orchestration queue only. `limits` sets each queue's concurrency and rate; absent, video renders two at a time.
 */
export async function startWorkers(opts: {
  connection: NativeConnection;
  namespace: string;
  /** Encrypts every payload the workers send and decrypts what they receive (config/payload-codec.ts). */
  dataConverter: DataConverter;
  deps: ActivityDeps;
  queues: readonly TaskQueueName[];
  workflowBundle: WorkflowBundle;
  taskQueuePrefix?: string;
  limits?: Partial<Record<TaskQueueName, QueueLimits>>;
  /** Counts and times every activity attempt (worker/instrument.ts); absent, activities run bare. */
  metrics?: Metrics;
  /**
   * Traces activities and (with a bundle made by `bundleWorkflows(log, { tracing: true })`) workflows: spans go to
   * the tracer's processor, workflow spans through the SDK's sink.
   */
  tracing?: Tracing;
  /** Activities that replace the product's on a queue (the campaign benchmark's instant renderer); absent: none. */
  overrides?: { [Q in TaskQueueName]?: Partial<ActivitiesByQueue[Q]> };
}): Promise<RunningWorkers> {
  const { tracing } = opts;
  const products = createActivitiesByQueue(opts.deps);
  const activities = Object.fromEntries(
    Object.entries(products).map(([queue, own]) => [queue, { ...own, ...opts.overrides?.[queue as TaskQueueName] }]),
  ) as typeof products;
  const forQueue = (queue: TaskQueueName) =>
    opts.metrics ? instrumentActivities(activities[queue], opts.metrics) : activities[queue];
  const workers = await Promise.all(
    opts.queues.map((queue) => {
      const concurrency = opts.limits ? opts.limits[queue]?.concurrency : DEFAULT_CONCURRENCY[queue];
      const perSecond = opts.limits?.[queue]?.activitiesPerSecond;
      return Worker.create({
        connection: opts.connection,
        namespace: opts.namespace,
        dataConverter: opts.dataConverter,
        taskQueue: taskQueueName(queue, opts.taskQueuePrefix),
        activities: forQueue(queue),
        ...(queue === TASK_QUEUES.orchestration ? { workflowBundle: opts.workflowBundle } : {}),
        ...(concurrency !== undefined ? { maxConcurrentActivityTaskExecutions: concurrency } : {}),
        // A queue-wide rate the server enforces across all workers: the way to stay within a provider's quota.
        ...(perSecond !== undefined ? { maxTaskQueueActivitiesPerSecond: perSecond } : {}),
        shutdownGraceTime: '5 seconds',
        ...(tracing
          ? {
              interceptors: {
                activity: [
                  (ctx) => ({
                    inbound: new OpenTelemetryActivityInboundInterceptor(ctx, { tracer: tracing.tracer }),
                    outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
                  }),
                ],
              },
              sinks: { exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource) },
            }
          : {}),
      });
    }),
  );
  const done = Promise.all(workers.map((w) => w.run())).then(() => undefined);
  return {
    done,
    running: () => workers.every((w) => w.getState() === 'RUNNING'),
    async shutdown() {
      for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
      await done;
    },
  };
}

/** The product's workers from configuration: every activity dependency built here, in the composition root. */
export async function startProductWorkers(
  config: Config,
  opts: {
    connection: NativeConnection;
    dataConverter: DataConverter;
    pool: Pool;
    publicBaseUrl: string;
    signingKey: SigningKey;
    secrets: SecretBox;
    metrics?: Metrics;
    tracing?: Tracing;
    /** Takes the workflow bundler's warnings (the worker's JSON logger); absent, the console. */
    log?: BundlerLog;
    /** The asset store, checked at start by the caller; absent, the configured one. */
    assets?: AssetStore;
  },
): Promise<RunningWorkers> {
  const { metrics, tracing } = opts;
  // The price table (KLARTEXT_PRICE_TABLE) the campaign plan estimates with prices the cost metric too.
  const prices = metrics && (await loadPriceTable(config.priceTable));
  const bare = { script: createScriptProvider(config.scripts), video: createVideoProvider(config.video) };
  const { script: scriptProvider, video: videoProvider } =
    metrics && prices ? instrumentProviders(bare, metrics, prices) : bare;
  // Only a worker that drafts back-translates; refused at start when it is the drafting model: a back-translation
  // must come from another hand.
  const translationProvider = config.taskQueues.includes(TASK_QUEUES.llm)
    ? createTranslationProvider(config.translation, config.scripts)
    : undefined;
  // Which ffmpeg renders is decided once, at start, from the configured cache (activities then reuse it).
  if (config.taskQueues.includes(TASK_QUEUES.video)) resolveFfmpeg({ env: process.env, cacheDir: config.cacheDir });
  // Only a worker that renders needs a narration engine; a missing one is a ConfigError at start, not at render.
  const bareTts = config.taskQueues.includes(TASK_QUEUES.video)
    ? createVoice(config.narration, config.speech)
    : undefined;
  const tts = bareTts && metrics && prices ? instrumentProviders({ tts: bareTts }, metrics, prices).tts : bareTts;
  const contentCredentials = config.taskQueues.includes(TASK_QUEUES.video)
    ? await loadOrCreateC2paCredentials({ ...config.c2pa, dataDir: config.dataDir })
    : undefined;
  return startWorkers({
    connection: opts.connection,
    dataConverter: opts.dataConverter,
    namespace: config.temporal.namespace,
    queues: config.taskQueues,
    taskQueuePrefix: config.temporal.taskQueuePrefix,
    limits: config.temporal.queues,
    workflowBundle: await bundleWorkflows(opts.log, { tracing: Boolean(tracing) }),
    ...(metrics ? { metrics } : {}),
    ...(tracing ? { tracing } : {}),
    deps: {
      pool: opts.pool,
      outDir: config.outDir,
      assets: opts.assets ?? createAssetStore(config),
      assetLinkSeconds: config.assetLinkSeconds,
      publicBaseUrl: opts.publicBaseUrl,
      allowHttpLoopback: config.allowHttpLoopback,
      folderChannelRoots: config.folderChannelRoots,
      scriptProvider,
      ...(translationProvider ? { translationProvider } : {}),
      ...(metrics
        ? {
            onDelivery: (kind, outcome) => metrics.deliveries.inc({ channel_kind: kind, outcome }),
            onReviewDecision: (subject, decision, seconds) =>
              metrics.reviewWait.observe({ subject, decision }, seconds),
          }
        : {}),
      ...(videoProvider ? { videoProvider } : {}),
      ...(tts ? { tts } : {}),
      ...(contentCredentials ? { contentCredentials } : {}),
      signingKey: opts.signingKey,
      secrets: opts.secrets,
    },
  });
}
