// Quiet Temporal SDK logging for interactive commands: warnings and errors only, unless KLARTEXT_LOG_LEVEL says more.
import { DefaultLogger, Runtime, type LogEntry, type LogLevel } from '@temporalio/worker';

const LEVELS = new Set(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR']);
// Activity-only task queues are a deliberate layout (one queue per kind of work), not a mistake worth a warning.
const EXPECTED = /^No workflows registered, not polling for workflow tasks/;
let installed = false;

function write({ level, message, meta }: LogEntry): void {
  if (EXPECTED.test(message)) return;
  console.error(`[${level}] ${message}`, meta ?? '');
}

/** Installs the SDK runtime's logger once per process; must run before any worker or native connection is made. */
export function installSdkLogger(level = process.env.KLARTEXT_LOG_LEVEL?.toUpperCase() ?? 'WARN'): void {
  if (installed) return;
  installed = true;
  const chosen = (LEVELS.has(level) ? level : 'WARN') as LogLevel;
  Runtime.install({ logger: new DefaultLogger(chosen, write) });
}
