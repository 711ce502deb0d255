// An independent C2PA reader for tests and CI: PyPI's c2pa-python in the project's .cache venv, run as a subprocess.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { installIntoVenv, venvBin } from './temporal-binary.ts';

/** Pinned, so every machine checks Content Credentials with the same reader. */
export const C2PA_PYTHON_PACKAGE = 'c2pa-python==0.38.1';

// Prints the reader's manifest-store JSON (c2pa-rs `Reader::json`), or the error on stderr with exit code 2.
const READ_SCRIPT = `
import sys, c2pa
try:
    with open(sys.argv[1], 'rb') as f:
        print(c2pa.Reader('video/mp4', f).json())
except Exception as e:
    print(f'{type(e).__name__}: {e}', file=sys.stderr)
    sys.exit(2)
`;

function hasC2paPython(python: string): boolean {
  return existsSync(python) && spawnSync(python, ['-c', 'import c2pa'], { stdio: 'ignore' }).status === 0;
}

/**
 * The venv's python with c2pa-python importable, installing the package into `<cacheDir>/temporal-venv` (the venv
 * that already holds the Temporal CLI) when `install` is true. Undefined when it cannot be had.
 */
export function resolveC2paReader(opts: {
  cacheDir: string;
  install: boolean;
  log: (line: string) => void;
}): string | undefined {
  const python = venvBin(opts.cacheDir, 'python3');
  if (hasC2paPython(python)) return python;
  if (opts.install && installIntoVenv(opts.cacheDir, C2PA_PYTHON_PACKAGE, opts.log) && hasC2paPython(python)) {
    return python;
  }
  return undefined;
}

/** The manifest store of an MP4 as c2pa-python reads it: `{ json }`, or `{ error }` with the reader's message. */
export function readWithC2paPython(python: string, videoPath: string): { json: string } | { error: string } {
  const run = spawnSync(python, ['-c', READ_SCRIPT, videoPath], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status === 0) return { json: run.stdout };
  return { error: (run.stderr || run.error?.message || `exit ${run.status}`).trim() };
}
