// The structured logs of `klartext serve` and `klartext worker`: one pino logger, one JSON object per line, with the
// Temporal SDK's runtime, workflow and activity logs routed through it. Interactive commands keep config/logging.ts.
import { Writable } from 'node:stream';
import { pino, type DestinationStream, type Logger } from 'pino';
import { IllegalStateError } from '@temporalio/common';
import { DefaultLogger, Runtime, type LogEntry } from '@temporalio/worker';
import type { LogLevelName } from './config.ts';

export type { Logger } from 'pino';

/** Creates the process logger; `destination` defaults to stdout (tests pass a collecting stream). */
export function createLogger(
  opts: { level: LogLevelName; format: 'json' | 'pretty'; base?: Record<string, unknown> },
  destination?: DestinationStream,
): Logger {
  const out = destination ?? (opts.format === 'pretty' ? prettyStream(process.stdout) : pino.destination(1));
  return pino(
    {
      level: opts.level,
      base: { pid: process.pid, ...opts.base },
      timestamp: pino.stdTimeFunctions.isoTime,
      // The level as a word (`"level":"info"`), which log collectors read without a mapping table.
      formatters: { level: (label) => ({ level: label }) },
    },
    out,
  );
}

/** One readable line per entry (`time level msg key=value …`) for a terminal; the same fields as the JSON. */
function prettyStream(target: NodeJS.WritableStream): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        const { time, level, msg, pid: _pid, ...rest } = JSON.parse(line) as Record<string, unknown>;
        const fields = Object.entries(rest).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
        target.write(
          `${String(time)} ${String(level).toUpperCase().padEnd(5)} ${String(msg ?? '')} ${fields.join(' ')}\n`,
        );
      }
      done();
    },
  });
}

// Activity-only task queues are a deliberate layout (one queue per kind of work), not a mistake worth a warning.
const EXPECTED = /^No workflows registered, not polling for workflow tasks/;

/** The campaign and segment a workflow id names (`campaign/<id>/segment/<id>`, shared/task-queues.ts). */
export function idsOfWorkflow(workflowId: unknown): { campaignId?: string; segmentId?: string } {
  if (typeof workflowId !== 'string') return {};
  const m = /^campaign\/([^/]+)(?:\/segment\/([^/]+))?/.exec(workflowId);
  if (!m) return {};
  return { campaignId: m[1]!, ...(m[2] ? { segmentId: m[2] } : {}) };
}

/**
 * The pino fields of one SDK log entry: its plain metadata (ids, types, attempt, state, duration), campaign and
 * segment ids, and its error if any. Objects stay out: they may carry payloads, which the codec keeps encrypted.
 */
export function sdkFields(meta: Record<string, unknown> | undefined): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(meta ?? {})) {
    if (['string', 'number', 'boolean'].includes(typeof value)) fields[key] = value;
  }
  const error = meta?.error ?? meta?.failure;
  if (error instanceof Error) fields.err = error;
  return { ...fields, ...idsOfWorkflow(meta?.workflowId) };
}

/**
 * Installs the SDK runtime's logger once per process, writing through `logger`: the worker's own lines, the Rust
 * core's (forwarded), workflow `log` calls (via the SDK's sink) and activity `log` calls, each with its context.
 * With `sdkMetricsAddress` (`host:port`) the core also serves its own metrics there in Prometheus text, named as
 * Prometheus names them (`_total` counters, durations in `_seconds`). Returns whether this call installed the runtime.
 */
export function installSdkLoggerInto(logger: Logger, opts: { sdkMetricsAddress?: string } = {}): boolean {
  const sdk = logger.child({ component: 'temporal' });
  const write = ({ level, message, meta }: LogEntry) => {
    if (EXPECTED.test(message)) return;
    sdk[level.toLowerCase() as Lowercase<typeof level>](sdkFields(meta), message);
  };
  const level = logger.level.toUpperCase();
  const chosen = (['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'].includes(level) ? level : 'INFO') as LogEntry['level'];
  const metrics = opts.sdkMetricsAddress
    ? {
        prometheus: {
          bindAddress: opts.sdkMetricsAddress,
          countersTotalSuffix: true,
          unitSuffix: true,
          useSecondsForDurations: true,
        },
      }
    : undefined;
  try {
    Runtime.install({
      logger: new DefaultLogger(chosen, write),
      ...(metrics ? { telemetryOptions: { metrics } } : {}),
    });
    return true;
  } catch (err) {
    // Installed already (a test harness, or a command that set the runtime up first): its logger stays.
    if (!(err instanceof IllegalStateError)) throw err;
    logger.debug('Temporal SDK runtime installed already; its logs stay where they went');
    return false;
  }
}
