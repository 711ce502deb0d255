// The processes the chaos run kills: the worker (its own process, as `klartext worker` runs it, restarted after every
// SIGKILL or unplanned exit) and the embedded Temporal server (SIGKILLed once, restarted on its port and SQLite file).
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isPortFree } from './ports.ts';
import { startEmbeddedTemporal, type EmbeddedTemporal, type EmbeddedTemporalOptions } from './temporal-dev-server.ts';
import { findServersOn, isRunning } from './temporal-orphans.ts';

const WORKER_MAIN = join(import.meta.dirname, '..', 'worker', 'main.ts');
/** What worker/main.ts prints once every task queue is polled. */
const READY_LINE = 'klartext worker polling';

export interface WorkerSupervisor {
  /** Resolves once the current worker process polls its task queues. */
  ready(): Promise<void>;
  /** SIGKILLs the running worker and starts a new one; resolves with the killed pid. */
  killAndRestart(): Promise<number | undefined>;
  /** SIGKILLs the running worker for good (no restart); resolves with the killed pid. */
  kill(): Promise<number | undefined>;
  /** The running worker's pid. */
  readonly pid: number | undefined;
  /** Worker exits nobody asked for (each one restarted). */
  readonly unplannedExits: number;
  /** How many worker processes were started. */
  readonly starts: number;
  /** Stops the worker (SIGTERM, SIGKILL after `graceMs`) and does not restart it. */
  stop(graceMs?: number): Promise<void>;
}

/** How to start the worker: `node <args>` (default `worker/main.ts`), its logs named `<name>-<n>.log`. */
export interface WorkerCommand {
  args?: string[];
  name?: string;
}

/** Runs `node worker/main.ts` with `env`, logging to `<logDir>/worker-<n>.log`, restarting it whenever it exits. */
export function superviseWorker(
  env: NodeJS.ProcessEnv,
  logDir: string,
  log: (line: string) => void,
  command: WorkerCommand = {},
): WorkerSupervisor {
  let child: ChildProcess | undefined;
  let readyNow: Promise<void> = Promise.resolve();
  let stopping = false;
  let planned = false;
  let unplannedExits = 0;
  let starts = 0;

  const start = () => {
    starts += 1;
    const out = createWriteStream(join(logDir, `${command.name ?? 'worker'}-${starts}.log`));
    const proc = spawn(process.execPath, command.args ?? [WORKER_MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    proc.stdout.pipe(out);
    proc.stderr.pipe(out);
    readyNow = new Promise<void>((resolve) => {
      let seen = '';
      const onData = (chunk: Buffer) => {
        seen = (seen + chunk.toString('utf8')).slice(-4096);
        if (seen.includes(READY_LINE)) {
          proc.stdout.off('data', onData);
          resolve();
        }
      };
      proc.stdout.on('data', onData);
      proc.once('exit', () => resolve());
    });
    proc.once('exit', (code, signal) => {
      if (stopping) return;
      if (planned) {
        planned = false;
      } else {
        unplannedExits += 1;
        log(`Worker pid ${proc.pid} exited on its own (${signal ?? `code ${code}`}); restarting it`);
      }
      start();
    });
  };
  start();

  return {
    ready: async () => {
      // A worker that dies before it is ready is replaced; wait for the replacement too.
      for (;;) {
        const current = child;
        await readyNow;
        if (current === child && current?.exitCode === null) return;
        if (stopping) return;
        await sleep(100);
      }
    },
    async killAndRestart() {
      const current = child;
      if (!current || current.exitCode !== null || current.signalCode !== null) return undefined;
      planned = true;
      const exited = new Promise((resolve) => current.once('exit', resolve));
      current.kill('SIGKILL');
      await exited;
      return current.pid;
    },
    async kill() {
      stopping = true;
      const current = child;
      if (!current || current.exitCode !== null || current.signalCode !== null) return undefined;
      const exited = new Promise((resolve) => current.once('exit', resolve));
      current.kill('SIGKILL');
      await exited;
      return current.pid;
    },
    get pid() {
      return child?.pid;
    },
    get unplannedExits() {
      return unplannedExits;
    },
    get starts() {
      return starts;
    },
    async stop(graceMs = 10_000) {
      stopping = true;
      const current = child;
      if (!current || current.exitCode !== null || current.signalCode !== null) return;
      const exited = new Promise((resolve) => current.once('exit', resolve));
      current.kill('SIGTERM');
      const timer = setTimeout(() => current.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * SIGKILLs the embedded Temporal server serving `<dataDir>/temporal.db` and starts a new one on the same port and
 * file (the caller holds the data directory's lock, as the stack that started the first one does).
 */
export async function killAndRestartTemporal(
  options: EmbeddedTemporalOptions,
  log: (line: string) => void,
): Promise<{ killedPid: number; restarted: EmbeddedTemporal }> {
  const dbFile = join(options.dataDir, 'temporal.db');
  const [pid] = findServersOn(dbFile);
  if (pid === undefined) throw new Error(`No Temporal server found serving ${dbFile}; cannot kill it.`);
  process.kill(pid, 'SIGKILL');
  while (isRunning(pid)) await sleep(50);
  // The kernel frees the port with the process; wait for it before binding again.
  for (let i = 0; i < 100 && !(await isPortFree(options.port)); i++) await sleep(100);
  log(`Temporal server pid ${pid} killed (SIGKILL); restarting it on port ${options.port}`);
  const restarted = await startEmbeddedTemporal(options);
  return { killedPid: pid, restarted };
}
