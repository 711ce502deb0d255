// Quiet Temporal SDK logging for interactive commands: warnings and errors only, unless KLARTEXT_LOG_LEVEL says more.
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';

const LEVELS = new Set(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR']);

/** Installs the SDK runtime's logger once per process; must run before any worker or native connection is made. */
export function installSdkLogger(level = process.env.KLARTEXT_LOG_LEVEL?.toUpperCase() ?? 'WARN'): void {
  const chosen = (LEVELS.has(level) ? level : 'WARN') as LogLevel;
  Runtime.install({ logger: new DefaultLogger(chosen) });
}
