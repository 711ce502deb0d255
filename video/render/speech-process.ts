// Runs one speech synthesiser process at arm's length: text on stdin, killed on timeout, its WAV checked for sound.
import { execFile, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { KlartextError, RenderError } from '../../shared/errors.ts';
import { wavPeak, wavSeconds } from './wav.ts';

/** A synthesiser command line; `label` names it in errors, e.g. "eSpeak NG (npm WebAssembly build)". */
export interface SpeechCommand {
  command: string;
  args: string[];
  label: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Output of `command args` within `timeoutMs`; any failure is a RenderError saying the engine cannot start. */
export async function runForOutput(cmd: Omit<SpeechCommand, 'signal'>): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)(cmd.command, cmd.args, { timeout: cmd.timeoutMs });
    return stdout;
  } catch (error) {
    const detail = (error as { stderr?: string }).stderr?.trim() || (error as Error).message;
    throw new RenderError(`${cmd.label} cannot start: ${detail}`, { cause: error });
  }
}

/**
 * Speaks `text` through `cmd`, which writes `outWav`, and returns the speech length.
 * @throws RenderError when the engine cannot start, fails, or writes no audible speech for the text: retrying the
 * same text with the same engine cannot help, and a video must not go out silent by accident.
 */
export async function speak(cmd: SpeechCommand, text: string, outWav: string): Promise<{ seconds: number }> {
  await new Promise<void>((resolve, reject) => {
    // Its own process group, so a kill also reaches anything the engine started (a wrapper script's children).
    const child = spawn(cmd.command, cmd.args, { stdio: ['pipe', 'ignore', 'pipe'], detached: true });
    const kill = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, cmd.timeoutMs);
    const abort = () => kill();
    cmd.signal?.addEventListener('abort', abort, { once: true });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    // A process that dies before reading its input closes the pipe; its exit code tells what happened.
    child.stdin.on('error', () => undefined);
    child.on('error', (error) =>
      reject(new RenderError(`${cmd.label} cannot start: ${error.message}`, { cause: error })),
    );
    child.on('close', (code) => {
      clearTimeout(timer);
      cmd.signal?.removeEventListener('abort', abort);
      if (cmd.signal?.aborted) reject(cmd.signal.reason);
      // A stalled synthesis may be the machine's load, not the text: that one is left to Temporal to retry.
      else if (timedOut)
        reject(new KlartextError(`${cmd.label} did not finish within ${cmd.timeoutMs} ms and was stopped`));
      else if (code !== 0)
        reject(new RenderError(`${cmd.label} failed (exit ${code}): ${stderr.trim() || 'no reason given'}`));
      else resolve();
    });
    child.stdin.end(text);
  });
  const wav = await readFile(outWav).catch((error: unknown) => {
    throw new RenderError(`${cmd.label} wrote no audio file for "${excerpt(text)}"`, { cause: error });
  });
  const seconds = wavSeconds(wav);
  if (seconds <= 0 || wavPeak(wav) === 0) {
    throw new RenderError(`${cmd.label} produced no audible speech for "${excerpt(text)}"`);
  }
  return { seconds };
}

const excerpt = (text: string) => (text.length > 60 ? `${text.slice(0, 57)}…` : text);
