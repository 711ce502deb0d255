// Text-to-speech for the local renderer's narration: espeak-ng where installed, otherwise silence (captions only).
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { RenderError } from '../../shared/errors.ts';

/** espeak-ng voices per script language (`espeak-ng --voices`); other languages use their code as voice name. */
export const ESPEAK_VOICES: Readonly<Record<string, string>> = { de: 'de', en: 'en-gb', tr: 'tr', uk: 'uk' };

/** A speech synthesiser; `silent` writes nothing and reports zero seconds, so the video keeps a silent track. */
export interface Tts {
  name: 'espeak-ng' | 'silent';
  /** Speaks `text` in `lang` into a WAV file at `outWav` and returns the speech length. */
  synthesize(text: string, lang: string, outWav: string): Promise<{ seconds: number }>;
}

/** Options of {@link createTts}; `path` replaces `$PATH` for finding espeak-ng (`''` finds nothing). */
export interface CreateTtsOptions {
  path?: string;
}

/** The first executable `name` in a PATH-style list of directories, or undefined. */
export function findOnPath(name: string, path: string): string | undefined {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here: try the next directory
    }
  }
  return undefined;
}

/** Length of PCM audio in a WAV file, from the `fmt ` byte rate and the bytes after the `data` chunk header. */
export function wavSeconds(wav: Uint8Array): number {
  const view = new DataView(wav.buffer, wav.byteOffset, wav.byteLength);
  const tag = (at: number): string => String.fromCharCode(...wav.subarray(at, at + 4));
  let byteRate = 0;
  for (let at = 12; at + 8 <= wav.byteLength;) {
    const size = view.getUint32(at + 4, true);
    if (tag(at) === 'fmt ') byteRate = view.getUint32(at + 16, true);
    // espeak-ng may leave the streamed placeholder size in `data`, so the file length is what counts.
    if (tag(at) === 'data') return byteRate ? (wav.byteLength - at - 8) / byteRate : 0;
    at += 8 + size + (size % 2);
  }
  throw new RenderError('Speech output is not a WAV file with a data chunk');
}

function espeak(bin: string): Tts {
  return {
    name: 'espeak-ng',
    async synthesize(text, lang, outWav) {
      const voice = ESPEAK_VOICES[lang] ?? lang;
      // Text goes through stdin, so a sentence starting with "-" is never read as an option.
      await new Promise<void>((resolve, reject) => {
        const child = spawn(bin, ['-b', '1', '-v', voice, '-w', outWav, '--stdin'], {
          stdio: ['pipe', 'ignore', 'pipe'],
        });
        let stderr = '';
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
        child.on('error', (error) =>
          reject(new RenderError(`Could not start ${bin}: ${error.message}`, { cause: error })),
        );
        child.on('close', (code) =>
          code === 0 ? resolve() : reject(new RenderError(`${bin} (voice ${voice}) exited with ${code}: ${stderr}`)),
        );
        child.stdin.end(text.replace(/\s+/g, ' ').trim());
      });
      return { seconds: wavSeconds(await readFile(outWav)) };
    },
  };
}

const silent: Tts = { name: 'silent', synthesize: () => Promise.resolve({ seconds: 0 }) };

/** espeak-ng when it is on PATH (or `options.path`), else the silent TTS; the choice is reported by `name`. */
export function createTts(options: CreateTtsOptions = {}): Tts {
  const bin = findOnPath('espeak-ng', options.path ?? process.env.PATH ?? '');
  return bin ? espeak(bin) : silent;
}
