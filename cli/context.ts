// A command's process inputs (environment, stdin), passed in so tests supply their own, and its exit-code wrapper.
import { text } from 'node:stream/consumers';

export interface Io {
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadableStream;
}

/** Wraps a command's implementation so its exit code reaches `run`; implementations are imported inside `fn`. */
export type Act = <A extends unknown[]>(fn: (...args: A) => Promise<number>) => (...args: A) => Promise<void>;

/** Thrown by a command for a wrong use of the command line that only its implementation can see; exit code 2. */
export class UsageError extends Error {}

/** Everything piped in, without the final newline: how passwords arrive (never a flag, which `ps` would show). */
export async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  return (await text(stdin)).replace(/\r?\n$/, '');
}
