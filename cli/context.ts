// What a command may use of its process (environment, stdin), passed in so tests can supply their own.
import { text } from 'node:stream/consumers';

export interface Io {
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadableStream;
}

/** Thrown by a command for a wrong use of the command line that only its implementation can see; exit code 2. */
export class UsageError extends Error {}

/** Everything piped in, without the final newline: how passwords arrive (never a flag, which `ps` would show). */
export async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  return (await text(stdin)).replace(/\r?\n$/, '');
}
