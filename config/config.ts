// Configuration: one zod schema over the environment, read only by entry points (worker, API server, CLI).
import { resolve } from 'node:path';
import { z } from 'zod';
import { isDraftingModel, sameModelMessage } from '../shared/back-translation.ts';
import { ConfigError } from '../shared/errors.ts';
import { NARRATION_MODES, type NarrationMode } from '../shared/narration.ts';
import { TASK_QUEUES, type TaskQueueName } from '../shared/task-queues.ts';
import { resolveTemporalProfile, type TemporalProfile } from './temporal-profile.ts';
import { queueLimitsFrom, queueLimitVariables, type QueueLimits } from './task-queues.ts';
import { parsePayloadKeys, type PayloadKey } from './payload-codec.ts';
import type { TracingSettings } from './tracing.ts';

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
const flag = z
  .enum(['true', 'false', '1', '0', ''])
  .default('')
  .transform((v) => v === 'true' || v === '1');

/** `de:marin,en:coral@tts-1-hd`: a voice (and optionally its model) per script language. */
const SPEECH_VOICES = /^\s*[a-z]{2}:[^,:@\s]+(@[^,\s]+)?\s*(,\s*[a-z]{2}:[^,:@\s]+(@[^,\s]+)?\s*)*$/;

/** KLARTEXT_SPEECH_VOICES as language → voice and model. */
function speechVoices(list: string | undefined): Record<string, { voice: string; model?: string }> {
  const pairs = (list ?? '').split(',').filter((p) => p.trim());
  return Object.fromEntries(
    pairs.map((pair) => {
      const [lang = '', rest = ''] = pair.trim().split(':');
      const [voice = '', model] = rest.split('@');
      return [lang, model ? { voice, model } : { voice }];
    }),
  );
}

/**
 * Every environment variable klartext reads. The README's configuration table mirrors this list. The TEMPORAL_*
 * connection variables are listed for validation and documentation; @temporalio/envconfig reads them (with the TOML
 * profile they override) in config/temporal-profile.ts.
 */
export const configSchema = z.object({
  TEMPORAL_ADDRESS: z.string().optional(),
  TEMPORAL_NAMESPACE: z.string().optional(),
  TEMPORAL_API_KEY: z.string().optional(),
  TEMPORAL_CONFIG_FILE: z.string().optional(),
  TEMPORAL_PROFILE: z.string().optional(),
  TEMPORAL_TLS: z.enum(['true', 'false', '1', '0']).optional(),
  TEMPORAL_TLS_CLIENT_CERT_PATH: z.string().optional(),
  TEMPORAL_TLS_CLIENT_CERT_DATA: z.string().optional(),
  TEMPORAL_TLS_CLIENT_KEY_PATH: z.string().optional(),
  TEMPORAL_TLS_CLIENT_KEY_DATA: z.string().optional(),
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: z.string().optional(),
  TEMPORAL_TLS_SERVER_CA_CERT_DATA: z.string().optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().optional(),
  KLARTEXT_TASK_QUEUE_PREFIX: z
    .string()
    .max(100)
    .regex(/^[A-Za-z0-9._-]*$/, 'may hold letters, digits, ".", "_" and "-" only, e.g. agency-a-')
    .default(''),
  ...queueLimitVariables,
  TEMPORAL_CLI_PATH: z.string().optional(),
  KLARTEXT_TEMPORAL_PORT: port(7233),
  KLARTEXT_TEMPORAL_UI_PORT: port(8233),
  DATABASE_URL: z.string().optional(),
  KLARTEXT_DATA_DIR: z.string().default('.data'),
  KLARTEXT_CACHE_DIR: z.string().default('.cache'),
  KLARTEXT_FFMPEG_PATH: z.string().optional(),
  KLARTEXT_OUT_DIR: z.string().default('out'),
  KLARTEXT_ASSET_STORE: z
    .string()
    .regex(
      /^(local|s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[\w./-]*)?)?$/,
      'must be `local` or s3://bucket with an optional key prefix, e.g. s3://klartext-assets/agency-a',
    )
    .default(''),
  KLARTEXT_S3_ENDPOINT: z.string().url().optional(),
  KLARTEXT_S3_REGION: z.string().optional(),
  AWS_REGION: z.string().optional(),
  KLARTEXT_S3_FORCE_PATH_STYLE: flag,
  KLARTEXT_ASSET_LINK_SECONDS: z.coerce.number().int().min(60).max(604_800).default(604_800),
  KLARTEXT_FOLDER_CHANNEL_ROOTS: z.string().optional(),
  KLARTEXT_HTTP_HOST: z.string().default('127.0.0.1'),
  KLARTEXT_HTTP_PORT: port(3000),
  KLARTEXT_MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 ** 3),
  KLARTEXT_API_URL: z.string().url().optional(),
  KLARTEXT_TRUST_PROXY: flag,
  KLARTEXT_PUBLIC_URL: z
    .string()
    .url()
    .regex(/^https?:\/\//i, 'must start with https:// (or http://)')
    .optional(),
  KLARTEXT_API_TOKEN: z.string().optional(),
  KLARTEXT_TASK_QUEUES: z.string().default(Object.values(TASK_QUEUES).join(',')),
  KLARTEXT_WORKER_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  KLARTEXT_WORKER_HEALTH_HOST: z.string().default('127.0.0.1'),
  KLARTEXT_ALLOW_HTTP_LOOPBACK: flag,
  KLARTEXT_SCRIPT_PROVIDER: z.enum(['local', 'openai']).default('local'),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: z.string().url().optional(),
  KLARTEXT_SCRIPT_MODEL: z.string().optional(),
  KLARTEXT_OPENAI_JSON: z.enum(['auto', 'strict', 'json-mode']).default('auto'),
  KLARTEXT_OPENAI_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(120_000),
  KLARTEXT_TRANSLATION_PROVIDER: z.enum(['none', 'deepl', 'openai']).default('none'),
  DEEPL_API_KEY: z.string().optional(),
  DEEPL_SERVER_URL: z.string().url().optional(),
  KLARTEXT_TRANSLATION_API_KEY: z.string().optional(),
  KLARTEXT_TRANSLATION_BASE_URL: z.string().url().optional(),
  KLARTEXT_TRANSLATION_MODEL: z.string().optional(),
  KLARTEXT_TRANSLATION_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(60_000),
  KLARTEXT_VIDEO_PROVIDER: z.enum(['local', 'openai-videos', 'veo']).default('local'),
  KLARTEXT_VIDEO_MODEL: z.string().optional(),
  KLARTEXT_NARRATION: z.enum(NARRATION_MODES).default('auto'),
  KLARTEXT_SPEECH_BASE_URL: z.string().url().optional(),
  KLARTEXT_SPEECH_API_KEY: z.string().optional(),
  KLARTEXT_SPEECH_MODEL: z.string().min(1).default('gpt-4o-mini-tts'),
  KLARTEXT_SPEECH_VOICE: z.string().min(1).default('alloy'),
  KLARTEXT_SPEECH_VOICES: z
    .string()
    .regex(SPEECH_VOICES, 'must be language:voice pairs, comma-separated, e.g. de:marin,en:coral@tts-1-hd')
    .optional(),
  OPENAI_VIDEOS_BASE_URL: z.string().url().optional(),
  OPENAI_VIDEOS_API_KEY: z.string().optional(),
  GEMINI_API_KEY: z.string().optional(),
  GEMINI_BASE_URL: z.string().url().optional(),
  KLARTEXT_SIGNING_KEY: z.string().optional(),
  KLARTEXT_SIGNING_KEY_FILE: z.string().optional(),
  KLARTEXT_SIGNING_RETIRED_KEYS_FILE: z.string().optional(),
  KLARTEXT_C2PA_CERT: z.string().optional(),
  KLARTEXT_C2PA_KEY: z.string().optional(),
  KLARTEXT_SECRETS_KEY: z.string().optional(),
  KLARTEXT_SECRETS_KEY_FILE: z.string().optional(),
  KLARTEXT_PAYLOAD_KEYS: z
    .string()
    .optional()
    .superRefine((v, ctx) => {
      if (!v) return;
      try {
        parsePayloadKeys(v);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
      }
    }),
  KLARTEXT_PAYLOAD_KEYS_FILE: z.string().optional(),
  KLARTEXT_TEMPORAL_UI_ORIGIN: z
    .string()
    .url()
    .regex(/^https?:\/\/[^/]+\/?$/i, 'must be an origin such as https://temporal.example.org (no path)')
    .optional(),
  KLARTEXT_AUDIT_HEAD_FILE: z.string().optional(),
  KLARTEXT_PRICE_TABLE: z.string().optional(),
  KLARTEXT_AUDIT_HEAD_WEBHOOK: z.string().url().optional(),
  KLARTEXT_AUDIT_HEAD_SECRET: z.string().optional(),
  KLARTEXT_AUDIT_HEAD_INTERVAL: z.coerce.number().int().min(1).max(86_400).default(60),
  /** Read by the CLI itself (cli/main.ts): `1` prints stack traces with errors. */
  KLARTEXT_DEBUG: z.string().optional(),
  /** Unset: `warn` for interactive commands' Temporal SDK logs, `info` for the JSON logs of serve and worker. */
  KLARTEXT_LOG_LEVEL: z
    .enum(['trace', 'debug', 'info', 'warn', 'error', 'TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'])
    .optional(),
  KLARTEXT_LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
  KLARTEXT_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** The OpenTelemetry SDK's own variables: an OTLP endpoint turns tracing on (config/tracing.ts). */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.string().url().optional(),
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
});

/**
 * Where assets live (KLARTEXT_ASSET_STORE): the local directory `outDir` (the embedded default), or an S3-compatible
 * bucket with a key prefix, an endpoint for services other than AWS and path-style addressing for most of them.
 */
export type AssetStoreConfig =
  | { kind: 'local' }
  | { kind: 's3'; bucket: string; prefix: string; endpoint?: string; region: string; forcePathStyle: boolean };

/** KLARTEXT_ASSET_STORE and the KLARTEXT_S3_* variables as a store; the region falls back to AWS_REGION. */
function assetStoreFrom(c: z.infer<typeof configSchema>): AssetStoreConfig {
  const uri = c.KLARTEXT_ASSET_STORE;
  if (!uri.startsWith('s3://')) return { kind: 'local' };
  const [bucket = '', ...rest] = uri.slice('s3://'.length).split('/');
  const region = c.KLARTEXT_S3_REGION || c.AWS_REGION || (c.KLARTEXT_S3_ENDPOINT ? 'us-east-1' : undefined);
  if (!region) {
    throw new ConfigError(
      `KLARTEXT_ASSET_STORE=${uri} needs a region: set KLARTEXT_S3_REGION (or AWS_REGION), e.g. eu-central-1.`,
    );
  }
  return {
    kind: 's3',
    bucket,
    prefix: rest.filter(Boolean).join('/'),
    ...(c.KLARTEXT_S3_ENDPOINT ? { endpoint: c.KLARTEXT_S3_ENDPOINT } : {}),
    region,
    forcePathStyle: c.KLARTEXT_S3_FORCE_PATH_STYLE,
  };
}

/** The levels of KLARTEXT_LOG_LEVEL, lower-cased as pino names them. */
export type LogLevelName = 'trace' | 'debug' | 'info' | 'warn' | 'error';

export interface Config {
  /**
   * The Temporal profile (@temporalio/envconfig: TOML profile and TEMPORAL_* overrides; no address: embedded dev
   * server), the embedded server's ports, this deployment's task-queue prefix and each queue's limits.
   */
  temporal: TemporalProfile & {
    port: number;
    uiPort: number;
    taskQueuePrefix: string;
    queues: Record<TaskQueueName, QueueLimits>;
  };
  databaseUrl?: string;
  dataDir: string;
  cacheDir: string;
  outDir: string;
  /** The asset store (KLARTEXT_ASSET_STORE, KLARTEXT_S3_*); `local` keeps assets in `outDir`. */
  assets: AssetStoreConfig;
  /** How long links to assets in deliveries stay valid (KLARTEXT_ASSET_LINK_SECONDS; presigned S3 URLs at most 7 days). */
  assetLinkSeconds: number;
  /** Directories folder channels may write under (KLARTEXT_FOLDER_CHANNEL_ROOTS, comma-separated; default: outDir). */
  folderChannelRoots: string[];
  http: { host: string; port: number };
  /**
   * TLS ended before klartext: `trustProxy` (KLARTEXT_TRUST_PROXY) believes a proxy's `X-Forwarded-Proto`; an https
   * `publicUrl` (KLARTEXT_PUBLIC_URL) makes session cookies Secure always. Neither: forwarded headers are ignored.
   */
  proxy: { trustProxy: boolean; publicUrl?: string };
  /** Respondent uploads (segment sets) beyond this many bytes are refused while streamed, with 413. */
  maxUploadBytes: number;
  apiUrl?: string;
  apiToken?: string;
  taskQueues: TaskQueueName[];
  /** A worker's /healthz and /readyz listener (KLARTEXT_WORKER_HEALTH_PORT, _HOST); absent: none. */
  workerHealth?: { host: string; port: number };
  /**
   * The JSON logs and Prometheus metrics of serve and worker: `logLevel` (KLARTEXT_LOG_LEVEL, default info),
   * `logFormat` (KLARTEXT_LOG_FORMAT), and the bearer token `/metrics` asks for (KLARTEXT_METRICS_TOKEN; absent:
   * loopback only).
   */
  observability: { logLevel: LogLevelName; logFormat: 'json' | 'pretty'; metricsToken?: string };
  /** OpenTelemetry tracing over OTLP/HTTP (OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT, OTEL_SERVICE_NAME); absent: off. */
  tracing?: TracingSettings;
  allowHttpLoopback: boolean;
  /** Ed25519 key that signs provenance manifests; generated under the data directory when neither is set. */
  signingKey: { privateKeyPem?: string; privateKeyFile?: string; retiredKeysFile?: string };
  /** X.509 chain and key (PEM text or file paths) signing Content Credentials; absent: a development certificate. */
  c2pa: { cert?: string; key?: string };
  /** AES-256 key(s) encrypting channel secrets at rest; generated under the data directory when neither is set. */
  secretsKey: { key?: string; keyFile?: string };
  /**
   * Temporal payload encryption: `keys` (KLARTEXT_PAYLOAD_KEYS; the first encrypts, all decrypt), else `keysFile`
   * (KLARTEXT_PAYLOAD_KEYS_FILE, one `id:base64key` a line), else a key made once under the data directory; `uiOrigin` (KLARTEXT_TEMPORAL_UI_ORIGIN) is the Temporal Web UI the codec endpoint
   * answers cross-origin.
   */
  payloads: { keys?: PayloadKey[]; keysFile?: string; uiOrigin?: string };
  /**
   * Where the API keeps copies of the audit head outside the database: a JSON-lines file and/or a webhook (signed
   * with its Standard Webhooks secret), looked at every `intervalSeconds`. The audit key itself derives from secretsKey.
   */
  auditHeads: { file?: string; webhook?: { url: string; secret: string }; intervalSeconds: number };
  scripts: {
    provider: 'local' | 'openai';
    openai: {
      apiKey?: string;
      baseURL?: string;
      model?: string;
      json: 'auto' | 'strict' | 'json-mode';
      timeoutMs: number;
    };
  };
  /**
   * Who back-translates scripts for reviewers who do not read their language (KLARTEXT_TRANSLATION_PROVIDER): `none`,
   * `deepl` (DEEPL_API_KEY, DEEPL_SERVER_URL) or `openai` (KLARTEXT_TRANSLATION_* falling back to OPENAI_API_KEY and
   * OPENAI_BASE_URL); checked, and refused when it is the drafting model, when a worker builds it
   * (scripts/translation/index.ts).
   */
  translation: {
    provider: 'none' | 'deepl' | 'openai';
    deepl: { apiKey?: string; serverUrl?: string };
    openai: { apiKey?: string; baseURL?: string; model?: string };
    timeoutMs: number;
  };
  /** The video provider; keys are checked when a worker builds it (video/providers/index.ts), not here. */
  video: {
    provider: 'local' | 'openai-videos' | 'veo';
    model?: string;
    /** `/v1/videos` server: OPENAI_VIDEOS_* falling back to OPENAI_*. */
    openaiVideos: { apiKey?: string; baseURL?: string };
    gemini: { apiKey?: string; baseURL?: string };
  };
  /**
   * Who narrates local renders: `auto` (system espeak-ng on PATH, else the npm WebAssembly build), `system`, `npm`,
   * or `silent` (videos without narration, only when chosen). Checked when a video worker starts (`createTts`).
   */
  narration: NarrationMode;
  /**
   * The `audio/speech` server of KLARTEXT_NARRATION=openai: KLARTEXT_SPEECH_* falling back to OPENAI_API_KEY and
   * OPENAI_BASE_URL; the key is checked when a video worker builds the voice (video/voices/index.ts).
   */
  speech: {
    apiKey?: string;
    baseURL?: string;
    model: string;
    voice: string;
    voices: Record<string, { voice: string; model?: string }>;
  };
  /** The price table `klartext campaign plan` estimates costs with (KLARTEXT_PRICE_TABLE); absent: the defaults. */
  priceTable?: string;
}

/** Parses the environment; a bad value is a ConfigError naming the variable and what it should be. */
/** A PEM given in the variable itself stays as is; anything else is a file path, made absolute against `cwd`. */
const pemOrPath = (value: string | undefined, cwd: string) =>
  !value ? undefined : value.includes('-----BEGIN') ? value : resolve(cwd, value);

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid environment configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const known = new Set<string>(Object.values(TASK_QUEUES));
  const queues = c.KLARTEXT_TASK_QUEUES.split(',')
    .map((q) => q.trim())
    .filter(Boolean);
  const unknown = queues.filter((q) => !known.has(q));
  if (unknown.length > 0 || queues.length === 0) {
    throw new ConfigError(
      `KLARTEXT_TASK_QUEUES must list some of ${[...known].join(', ')}; got ${JSON.stringify(c.KLARTEXT_TASK_QUEUES)}.`,
    );
  }
  if (c.KLARTEXT_AUDIT_HEAD_WEBHOOK && !c.KLARTEXT_AUDIT_HEAD_SECRET) {
    throw new ConfigError(
      'KLARTEXT_AUDIT_HEAD_WEBHOOK needs KLARTEXT_AUDIT_HEAD_SECRET to sign the heads it posts: ' +
        '`whsec_` followed by `openssl rand -base64 32` (or a `whsk_` Ed25519 key), shared with the receiving archive.',
    );
  }
  // Every process refuses it, before connecting anywhere: the author back-translating its own script is no check.
  const translationModel = c.KLARTEXT_TRANSLATION_MODEL;
  if (
    c.KLARTEXT_TRANSLATION_PROVIDER === 'openai' &&
    isDraftingModel(translationModel, { provider: c.KLARTEXT_SCRIPT_PROVIDER, model: c.KLARTEXT_SCRIPT_MODEL })
  ) {
    throw new ConfigError(sameModelMessage(translationModel!));
  }
  // The per-signal endpoint is used as given; the general one gets the traces path (OTLP exporter specification).
  const tracesUrl =
    c.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ??
    (c.OTEL_EXPORTER_OTLP_ENDPOINT ? `${c.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces` : undefined);
  return {
    temporal: {
      ...resolveTemporalProfile(env),
      port: c.KLARTEXT_TEMPORAL_PORT,
      uiPort: c.KLARTEXT_TEMPORAL_UI_PORT,
      taskQueuePrefix: c.KLARTEXT_TASK_QUEUE_PREFIX,
      queues: queueLimitsFrom(c),
    },
    databaseUrl: c.DATABASE_URL || undefined,
    dataDir: resolve(cwd, c.KLARTEXT_DATA_DIR),
    cacheDir: resolve(cwd, c.KLARTEXT_CACHE_DIR),
    outDir: resolve(cwd, c.KLARTEXT_OUT_DIR),
    assets: assetStoreFrom(c),
    assetLinkSeconds: c.KLARTEXT_ASSET_LINK_SECONDS,
    folderChannelRoots: (c.KLARTEXT_FOLDER_CHANNEL_ROOTS || c.KLARTEXT_OUT_DIR)
      .split(',')
      .map((root) => root.trim())
      .filter(Boolean)
      .map((root) => resolve(cwd, root)),
    http: { host: c.KLARTEXT_HTTP_HOST, port: c.KLARTEXT_HTTP_PORT },
    proxy: { trustProxy: c.KLARTEXT_TRUST_PROXY, publicUrl: c.KLARTEXT_PUBLIC_URL || undefined },
    maxUploadBytes: c.KLARTEXT_MAX_UPLOAD_BYTES,
    apiUrl: c.KLARTEXT_API_URL,
    apiToken: c.KLARTEXT_API_TOKEN,
    taskQueues: queues as TaskQueueName[],
    ...(c.KLARTEXT_WORKER_HEALTH_PORT !== undefined
      ? { workerHealth: { host: c.KLARTEXT_WORKER_HEALTH_HOST, port: c.KLARTEXT_WORKER_HEALTH_PORT } }
      : {}),
    observability: {
      logLevel: (c.KLARTEXT_LOG_LEVEL?.toLowerCase() ?? 'info') as LogLevelName,
      logFormat: c.KLARTEXT_LOG_FORMAT,
      ...(c.KLARTEXT_METRICS_TOKEN ? { metricsToken: c.KLARTEXT_METRICS_TOKEN } : {}),
    },
    ...(tracesUrl
      ? { tracing: { url: tracesUrl, ...(c.OTEL_SERVICE_NAME ? { serviceName: c.OTEL_SERVICE_NAME } : {}) } }
      : {}),
    allowHttpLoopback: c.KLARTEXT_ALLOW_HTTP_LOOPBACK,
    signingKey: {
      privateKeyPem: c.KLARTEXT_SIGNING_KEY || undefined,
      privateKeyFile: c.KLARTEXT_SIGNING_KEY_FILE ? resolve(cwd, c.KLARTEXT_SIGNING_KEY_FILE) : undefined,
      ...(c.KLARTEXT_SIGNING_RETIRED_KEYS_FILE
        ? { retiredKeysFile: resolve(cwd, c.KLARTEXT_SIGNING_RETIRED_KEYS_FILE) }
        : {}),
    },
    c2pa: {
      cert: pemOrPath(c.KLARTEXT_C2PA_CERT, cwd),
      key: pemOrPath(c.KLARTEXT_C2PA_KEY, cwd),
    },
    secretsKey: {
      key: c.KLARTEXT_SECRETS_KEY || undefined,
      keyFile: c.KLARTEXT_SECRETS_KEY_FILE ? resolve(cwd, c.KLARTEXT_SECRETS_KEY_FILE) : undefined,
    },
    payloads: {
      keys: c.KLARTEXT_PAYLOAD_KEYS ? parsePayloadKeys(c.KLARTEXT_PAYLOAD_KEYS) : undefined,
      keysFile: c.KLARTEXT_PAYLOAD_KEYS_FILE ? resolve(cwd, c.KLARTEXT_PAYLOAD_KEYS_FILE) : undefined,
      uiOrigin: c.KLARTEXT_TEMPORAL_UI_ORIGIN ? new URL(c.KLARTEXT_TEMPORAL_UI_ORIGIN).origin : undefined,
    },
    auditHeads: {
      file: c.KLARTEXT_AUDIT_HEAD_FILE ? resolve(cwd, c.KLARTEXT_AUDIT_HEAD_FILE) : undefined,
      webhook: c.KLARTEXT_AUDIT_HEAD_WEBHOOK
        ? { url: c.KLARTEXT_AUDIT_HEAD_WEBHOOK, secret: c.KLARTEXT_AUDIT_HEAD_SECRET! }
        : undefined,
      intervalSeconds: c.KLARTEXT_AUDIT_HEAD_INTERVAL,
    },
    scripts: {
      provider: c.KLARTEXT_SCRIPT_PROVIDER,
      openai: {
        apiKey: c.OPENAI_API_KEY || undefined,
        baseURL: c.OPENAI_BASE_URL,
        model: c.KLARTEXT_SCRIPT_MODEL,
        json: c.KLARTEXT_OPENAI_JSON,
        timeoutMs: c.KLARTEXT_OPENAI_TIMEOUT_MS,
      },
    },
    translation: {
      provider: c.KLARTEXT_TRANSLATION_PROVIDER,
      deepl: { apiKey: c.DEEPL_API_KEY || undefined, serverUrl: c.DEEPL_SERVER_URL },
      openai: {
        apiKey: c.KLARTEXT_TRANSLATION_API_KEY || c.OPENAI_API_KEY || undefined,
        baseURL: c.KLARTEXT_TRANSLATION_BASE_URL ?? c.OPENAI_BASE_URL,
        model: c.KLARTEXT_TRANSLATION_MODEL || undefined,
      },
      timeoutMs: c.KLARTEXT_TRANSLATION_TIMEOUT_MS,
    },
    video: {
      provider: c.KLARTEXT_VIDEO_PROVIDER,
      model: c.KLARTEXT_VIDEO_MODEL || undefined,
      openaiVideos: {
        apiKey: c.OPENAI_VIDEOS_API_KEY || c.OPENAI_API_KEY || undefined,
        baseURL: c.OPENAI_VIDEOS_BASE_URL ?? c.OPENAI_BASE_URL,
      },
      gemini: { apiKey: c.GEMINI_API_KEY || undefined, baseURL: c.GEMINI_BASE_URL },
    },
    narration: c.KLARTEXT_NARRATION,
    speech: {
      apiKey: c.KLARTEXT_SPEECH_API_KEY || c.OPENAI_API_KEY || undefined,
      baseURL: c.KLARTEXT_SPEECH_BASE_URL ?? c.OPENAI_BASE_URL,
      model: c.KLARTEXT_SPEECH_MODEL,
      voice: c.KLARTEXT_SPEECH_VOICE,
      voices: speechVoices(c.KLARTEXT_SPEECH_VOICES),
    },
    priceTable: c.KLARTEXT_PRICE_TABLE ? resolve(cwd, c.KLARTEXT_PRICE_TABLE) : undefined,
  };
}
