// Runs `klartext` for CLI tests: in this process (fast, output captured) or as a child process (as a user meets it).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { vi } from 'vitest';
import { run } from '../../cli/program.ts';

export const CLI = join(import.meta.dirname, '..', '..', 'cli', 'main.ts');

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The command tree in-process: exit code and what went to console.log / console.error; command failures throw. */
export async function klartextIn(argv: string[], io: { env?: NodeJS.ProcessEnv; stdin?: string } = {}): Promise<Ran> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  const lines = (spy: typeof log) => spy.mock.calls.map((args) => args.join(' ')).join('\n');
  try {
    const stdin = Readable.from(io.stdin === undefined ? [] : [io.stdin]);
    const code = await run(argv, { env: io.env, stdin });
    return { code, stdout: lines(log), stderr: lines(error) };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

/** `node cli/main.ts …` as a child process; `env` is added to this process's environment. */
export function klartext(args: string[], opts: { env?: NodeJS.ProcessEnv; stdin?: string } = {}): Promise<Ran> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [CLI, ...args],
      { env: { ...process.env, ...opts.env }, encoding: 'utf8', timeout: 60_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }),
    );
    child.stdin?.end(opts.stdin ?? '');
  });
}
