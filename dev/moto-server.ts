// An S3-protocol server for tests and CI: PyPI's moto (its standalone server) in the project's .cache venv, started as
// a subprocess on a free loopback port. It speaks the real S3 REST protocol to the official AWS SDK.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './ports.ts';
import { installIntoVenv } from './temporal-binary.ts';

/** Pinned, so every machine tests against the same server. */
export const MOTO_PACKAGE = 'moto[server]==5.2.5';
const VENV = 'moto-venv';

function motoServerIn(cacheDir: string): string {
  return join(cacheDir, VENV, 'bin', 'moto_server');
}

function works(bin: string): boolean {
  return existsSync(bin) && spawnSync(bin, ['--help'], { stdio: 'ignore' }).status === 0;
}

/**
 * The `moto_server` binary, installing moto into `<cacheDir>/moto-venv` when `install` is true and it is missing.
 * Undefined when it cannot be had.
 */
export function resolveMotoServer(opts: {
  cacheDir: string;
  install: boolean;
  log: (line: string) => void;
}): string | undefined {
  const bin = motoServerIn(opts.cacheDir);
  if (works(bin)) return bin;
  if (opts.install && installIntoVenv(opts.cacheDir, MOTO_PACKAGE, opts.log, VENV) && works(bin)) return bin;
  return undefined;
}

export interface MotoServer {
  /** `http://127.0.0.1:<port>`: the endpoint for KLARTEXT_S3_ENDPOINT (path-style addressing). */
  endpoint: string;
  stop(): Promise<void>;
}

/** Starts moto's S3 server on a free port; resolves once it answers. */
export async function startMotoServer(opts: { cacheDir: string; log: (line: string) => void }): Promise<MotoServer> {
  const bin = resolveMotoServer({ ...opts, install: true });
  if (!bin) throw new Error(`${MOTO_PACKAGE} could not be installed from PyPI into ${join(opts.cacheDir, VENV)}.`);
  const port = await freePort();
  const child = spawn(bin, ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  const endpoint = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`moto_server exited (${child.exitCode}): ${output}`);
    const answered = await fetch(`${endpoint}/moto-api/`).then(
      () => true,
      () => false,
    );
    if (answered) break;
    if (i > 300) throw new Error(`moto_server did not answer on ${endpoint} within 30 s: ${output}`);
    await sleep(100);
  }
  return {
    endpoint,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
