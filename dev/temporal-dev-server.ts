// Embedded Temporal: a dev server with SQLite persistence and the Web UI, started from the resolved CLI binary.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { ConfigError } from '../shared/errors.ts';
import { isPortFree } from './ports.ts';
import { noTemporalMessage, resolveTemporalCli } from './temporal-binary.ts';

export interface EmbeddedTemporal {
  /** host:port of the frontend gRPC service. */
  address: string;
  /** The Temporal Web UI, when it is on. */
  uiUrl?: string;
  /** How the binary was found, for the start-up banner. */
  via: string;
  stop(): Promise<void>;
}

export interface EmbeddedTemporalOptions {
  env: NodeJS.ProcessEnv;
  dataDir: string;
  cacheDir: string;
  port: number;
  uiPort: number;
  /** Keep state in `<dataDir>/temporal.db` across runs (false in tests). */
  persist: boolean;
  /** Serve the Web UI (default true). */
  ui?: boolean;
  log: (line: string) => void;
}

async function assertPortsFree(port: number, uiPort: number): Promise<void> {
  for (const [p, what, variable] of [
    [port, 'Temporal gRPC', 'KLARTEXT_TEMPORAL_PORT'],
    [uiPort, 'Temporal Web UI', 'KLARTEXT_TEMPORAL_UI_PORT'],
  ] as const) {
    if (!(await isPortFree(p))) {
      throw new ConfigError(
        `Port ${p} (${what}) on 127.0.0.1 is already in use — perhaps \`klartext dev\` is running. ` +
          `Use that server with TEMPORAL_ADDRESS=127.0.0.1:${port}, stop the other process, or choose another port with ${variable}.`,
      );
    }
  }
}

/** Starts a Temporal dev server; throws ConfigError with every install option when no binary can be had. */
export async function startEmbeddedTemporal(opts: EmbeddedTemporalOptions): Promise<EmbeddedTemporal> {
  await assertPortsFree(opts.port, opts.ui === false ? 0 : opts.uiPort);
  await mkdir(opts.dataDir, { recursive: true });
  const resolved = resolveTemporalCli({ env: opts.env, cacheDir: opts.cacheDir, install: true, log: opts.log });
  const executable = resolved
    ? ({ type: 'existing-path', path: resolved.path } as const)
    : ({ type: 'cached-download', downloadDir: join(opts.cacheDir, 'temporal-sdk-download') } as const);
  let env: TestWorkflowEnvironment;
  try {
    env = await TestWorkflowEnvironment.createLocal({
      server: {
        executable,
        ip: '127.0.0.1',
        port: opts.port,
        ui: opts.ui ?? true,
        uiPort: opts.ui === false ? undefined : opts.uiPort,
        dbFilename: opts.persist ? join(opts.dataDir, 'temporal.db') : undefined,
        log: { format: 'pretty', level: 'warn' },
      },
    });
  } catch (err) {
    if (resolved) {
      throw new ConfigError(`The Temporal dev server (${resolved.path}) failed to start: ${(err as Error).message}`, {
        cause: err,
      });
    }
    throw new ConfigError(noTemporalMessage(opts.cacheDir, (err as Error).message), { cause: err });
  }
  return {
    address: env.address,
    uiUrl: opts.ui === false ? undefined : `http://127.0.0.1:${opts.uiPort}`,
    via: resolved ? `${resolved.path} (${resolved.via})` : 'Temporal SDK download',
    stop: () => env.teardown(),
  };
}
