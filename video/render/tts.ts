// Text-to-speech for the local renderer's narration: the system espeak-ng, else eSpeak NG's npm WebAssembly build.
import { accessSync, constants, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../shared/errors.ts';
import type { NarrationEngine, NarrationInfo, NarrationMode } from '../../shared/narration.ts';
import { runForOutput, speak, type SpeechCommand } from './speech-process.ts';

/** espeak-ng voices per script language (`espeak-ng --voices`); other languages use their code as voice name. */
export const ESPEAK_VOICES: Readonly<Record<string, string>> = { de: 'de', en: 'en-gb', tr: 'tr', uk: 'uk' };

/** Where the WebAssembly build runs: its own Node process, so its GPL code stays a separate program. */
export const ESPEAK_RUNNER = fileURLToPath(new URL('./espeak-ng-runner.js', import.meta.url));

/** Longest a single clip may take to synthesise before its process is killed. */
const DEFAULT_TIMEOUT_MS = 60_000;

/** A speech synthesiser; `silent` is never asked to speak (the renderer keeps a silent track). */
export interface Tts {
  engine: NarrationEngine;
  /** The voice used for a script language. */
  voiceFor(lang: string): string;
  /**
   * What else decides how `lang` sounds (model, voice, server, lexicon hash), for the generation key: a change
   * renders anew. Absent for eSpeak NG, whose engine name and fixed voices already say it.
   */
  keyFor?(lang: string): Record<string, string>;
  /** Version and binary or package of the engine, asked once; a RenderError when the engine cannot start. */
  describe(): Promise<Omit<NarrationInfo, 'voices'>>;
  /** Speaks `text` in `lang` into a WAV file at `outWav` and returns the speech length. */
  synthesize(
    text: string,
    lang: string,
    outWav: string,
    options?: { signal?: AbortSignal },
  ): Promise<{ seconds: number }>;
}

/** Options of {@link createTts}; `path` replaces `$PATH` for finding espeak-ng (`''` finds nothing). */
export interface CreateTtsOptions {
  /** KLARTEXT_NARRATION; default `auto`. */
  mode?: NarrationMode;
  path?: string;
  timeoutMs?: number;
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

const voiceFor = (lang: string) => ESPEAK_VOICES[lang] ?? lang;
const versionOf = (output: string) => /text-to-speech:\s*(\S+)/.exec(output)?.[1];

/** An eSpeak NG engine run as `command prefix… args`; `describe` is cached once it succeeds. */
function espeakEngine(
  engine: 'espeak-ng-system' | 'espeak-ng-npm',
  command: string,
  prefix: string[],
  about: Omit<NarrationInfo, 'voices' | 'engine' | 'version'>,
  timeoutMs: number,
): Tts {
  const label = engine === 'espeak-ng-npm' ? 'eSpeak NG (npm WebAssembly build)' : `eSpeak NG (${command})`;
  // The system binary reads stdin with --stdin; the runner reads stdin always and takes voice and path only.
  const speechArgs = (voice: string, outWav: string) =>
    engine === 'espeak-ng-npm' ? [voice, outWav] : ['-b', '1', '-v', voice, '-w', outWav, '--stdin'];
  let described: Promise<Omit<NarrationInfo, 'voices'>> | undefined;
  return {
    engine,
    voiceFor,
    describe() {
      described ??= runForOutput({ command, args: [...prefix, '--version'], label, timeoutMs }).then(
        (out) => ({ engine, ...(versionOf(out) ? { version: versionOf(out) } : {}), ...about }),
        (error: unknown) => {
          described = undefined;
          throw error;
        },
      );
      return described;
    },
    synthesize(text, lang, outWav, options = {}) {
      const voice = voiceFor(lang);
      const cmd: SpeechCommand = {
        command,
        args: [...prefix, ...speechArgs(voice, outWav)],
        label: `${label}, voice ${voice},`,
        timeoutMs,
        ...(options.signal ? { signal: options.signal } : {}),
      };
      return speak(cmd, text.replace(/\s+/g, ' ').trim(), outWav);
    },
  };
}

const silent: Tts = {
  engine: 'silent',
  voiceFor: () => '',
  describe: () => Promise.resolve({ engine: 'silent' }),
  synthesize: () => Promise.resolve({ seconds: 0 }),
};

/** name@version of the installed espeak-ng npm package, or a ConfigError saying how to get narration. */
function npmPackage(): string {
  try {
    const require = createRequire(import.meta.url);
    const { name, version } = JSON.parse(readFileSync(require.resolve('espeak-ng/package.json'), 'utf8')) as {
      name: string;
      version: string;
    };
    return `${name}@${version}`;
  } catch (error) {
    throw new ConfigError(
      'KLARTEXT_NARRATION needs the espeak-ng npm package (a klartext dependency) or a system espeak-ng on PATH: ' +
        'reinstall the dependencies, install espeak-ng, or set KLARTEXT_NARRATION=silent for videos without narration.',
      { cause: error },
    );
  }
}

/**
 * The narration engine for `mode`: `system` is espeak-ng on PATH (or `options.path`), `npm` the WebAssembly build
 * run by Node, `auto` the first of the two available, `silent` none.
 * @throws ConfigError naming KLARTEXT_NARRATION when the chosen engine is not available.
 */
export function createTts(options: CreateTtsOptions = {}): Tts {
  const mode = options.mode ?? 'auto';
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (mode === 'silent') return silent;
  const bin = mode === 'npm' ? undefined : findOnPath('espeak-ng', options.path ?? process.env.PATH ?? '');
  if (bin) return espeakEngine('espeak-ng-system', bin, [], { path: bin }, timeoutMs);
  if (mode === 'system') {
    throw new ConfigError(
      'KLARTEXT_NARRATION=system, but no espeak-ng is on PATH: install espeak-ng (e.g. `apt-get install espeak-ng`) ' +
        'or set KLARTEXT_NARRATION=auto to use the bundled WebAssembly build.',
    );
  }
  const pkg = npmPackage();
  return espeakEngine('espeak-ng-npm', process.execPath, [ESPEAK_RUNNER], { package: pkg }, timeoutMs);
}
