// Supervision of the embedded Temporal server: Node cannot make a child die with its parent (no prctl), so a
// watchdog shell stops the server when we vanish, and every start first stops any server left on our SQLite file.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** Whether `pid` runs; a zombie (ended, not yet reaped by a busy or absent init) counts as ended. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return process.platform !== 'linux';
  }
}

/** Pids of live processes whose command line names `dbFile` as an argument (Linux /proc; [] elsewhere). */
export function findServersOn(dbFile: string): number[] {
  if (process.platform !== 'linux') return [];
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (args.some((a) => a === dbFile || a.endsWith(`=${dbFile}`))) pids.push(pid);
    } catch {
      // The process ended while we looked, or is not ours to read.
    }
  }
  return pids;
}

/** Stops every process still serving `dbFile`: SIGTERM, then SIGKILL after `graceMs`; resolves once all are gone. */
export async function stopServersOn(dbFile: string, log: (line: string) => void, graceMs = 5000): Promise<number[]> {
  const pids = findServersOn(dbFile);
  for (const pid of pids) {
    log(`Stopping a Temporal server left running on ${dbFile} (pid ${pid}) by a stack that was killed`);
    process.kill(pid, 'SIGTERM');
  }
  const deadline = Date.now() + graceMs;
  while (pids.some(isRunning) && Date.now() < deadline) await sleep(100);
  for (const pid of pids.filter(isRunning)) process.kill(pid, 'SIGKILL');
  while (pids.some(isRunning)) await sleep(50);
  return pids;
}

/** Starts a detached shell that stops `childPid` once this process is gone; returns how to stop the watchdog. */
export function watchParent(childPid: number): () => void {
  if (process.platform === 'win32') return () => undefined;
  const script =
    'while kill -0 "$1" 2>/dev/null; do sleep 1; done; kill -TERM "$2" 2>/dev/null; sleep 5; kill -KILL "$2" 2>/dev/null';
  const watchdog = spawn('sh', ['-c', script, 'klartext-watchdog', String(process.pid), String(childPid)], {
    detached: true,
    stdio: 'ignore',
  });
  watchdog.unref();
  return () => {
    if (watchdog.exitCode === null) watchdog.kill('SIGKILL');
  };
}
