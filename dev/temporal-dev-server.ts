// Embedded Temporal: a dev server with SQLite persistence and the Web UI, started from the resolved CLI binary.
import { SEARCH_ATTRIBUTE_KEYS } from '../shared/search-attributes.ts';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { ConfigError } from '../shared/errors.ts';
import { isPortFree } from './ports.ts';
import { noTemporalMessage, resolveTemporalCli } from './temporal-binary.ts';
import { assertDataDirLockHeld, recordTemporalChild } from './lock.ts';
import { findServersOn, stopServersOn, watchParent } from './temporal-orphans.ts';

export interface EmbeddedTemporal {
  /** host:port of the frontend gRPC service. */
  address: string;
  /** The Temporal Web UI, when it is on. */
  uiUrl?: string;
  /** How the binary was found, for the start-up banner. */
  via: string;
  /** The server's pid, when it could be found (Linux, persisted state). */
  pid?: number;
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

/**
 * Starts a Temporal dev server; throws ConfigError with every install option when no binary can be had.
 * With `persist`, the caller holds the data directory's lock, so a server still on our SQLite file is an orphan
 * of a killed stack: it is stopped first, and the new one is watched so it cannot outlive this process.
 */
export async function startEmbeddedTemporal(opts: EmbeddedTemporalOptions): Promise<EmbeddedTemporal> {
  const dbFile = join(opts.dataDir, 'temporal.db');
  if (opts.persist) {
    await assertDataDirLockHeld(opts.dataDir);
    await stopServersOn(dbFile, opts.log);
  }
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
        dbFilename: opts.persist ? dbFile : undefined,
        log: { format: 'pretty', level: 'warn' },
        // Registered at start (`--search-attribute`), so the Web UI and `temporal workflow list --query` filter by them.
        searchAttributes: SEARCH_ATTRIBUTE_KEYS,
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
  const pid = opts.persist ? findServersOn(dbFile)[0] : undefined;
  const unwatch = pid ? watchParent(pid) : () => undefined;
  if (pid) await recordTemporalChild(opts.dataDir, pid, dbFile);
  return {
    address: env.address,
    pid,
    uiUrl: opts.ui === false ? undefined : `http://127.0.0.1:${opts.uiPort}`,
    via: resolved ? `${resolved.path} (${resolved.via})` : 'Temporal SDK download',
    stop: async () => {
      unwatch();
      await env.teardown();
    },
  };
}
