// What speaks a video's narration: the configurable modes, the engines, and the one sentence that names them.

/**
 * `auto`: the system espeak-ng when on PATH, else the npm WebAssembly build; `openai`: an OpenAI-compatible
 * `audio/speech` server; `silent` only when chosen.
 */
export const NARRATION_MODES = ['auto', 'system', 'npm', 'openai', 'silent'] as const;
export type NarrationMode = (typeof NARRATION_MODES)[number];

/** The engine that spoke: a system eSpeak NG binary, its npm WebAssembly build, an `audio/speech` server, or none. */
export type NarrationEngine = 'espeak-ng-system' | 'espeak-ng-npm' | 'openai-speech' | 'silent';

/** The record of what spoke a video, kept with the render, in the signed manifest and in the summary. */
export interface NarrationInfo {
  engine: NarrationEngine;
  /** eSpeak NG's version as it reports it, e.g. `1.52-dev`; absent when silent. */
  version?: string;
  /** The system binary that spoke (`espeak-ng-system`). */
  path?: string;
  /** The npm package that spoke, `name@version` (`espeak-ng-npm`). */
  package?: string;
  /** The speech model (`openai-speech`), e.g. `gpt-4o-mini-tts`. */
  model?: string;
  /** Host of the `audio/speech` server that spoke (`openai-speech`), e.g. `api.openai.com`. */
  server?: string;
  /** SHA-256 of the campaign's pronunciation lexicon for the script's language, when it has one. */
  lexicon?: string;
  /** The voice used per script language, e.g. `{ en: 'en-gb' }`; empty when silent. */
  voices: Record<string, string>;
}

/** The engine alone: "eSpeak NG 1.52-dev (npm WebAssembly build espeak-ng@1.0.2)", or the silent video's line. */
export function describeEngine(n: Omit<NarrationInfo, 'voices'>): string {
  if (n.engine === 'silent') return 'No narration (silent video, configured)';
  if (n.engine === 'openai-speech') {
    return `${n.model ?? 'speech model'} (audio/speech at ${n.server ?? 'unknown server'})`;
  }
  const build =
    n.engine === 'espeak-ng-npm'
      ? ['npm WebAssembly build', n.package].filter(Boolean).join(' ')
      : ['system binary', n.path].filter(Boolean).join(' ');
  return `${['eSpeak NG', n.version].filter(Boolean).join(' ')} (${build})`;
}

/**
 * One line for people: "eSpeak NG 1.52-dev (npm WebAssembly build espeak-ng@1.0.2), voice de", or
 * "No narration (silent video, configured)" — a silent video is only ever made when configuration asks for it.
 */
export function describeNarration(n: NarrationInfo): string {
  const voices = Object.entries(n.voices);
  if (n.engine === 'silent' || voices.length === 0) return describeEngine(n);
  if (voices.length === 1) return `${describeEngine(n)}, voice ${voices[0]![1]}`;
  return `${describeEngine(n)}, voices ${voices.map(([lang, v]) => `${lang}: ${v}`).join(', ')}`;
}
