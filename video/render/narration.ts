// Narration for the local renderer: speaks disclosure, scenes and call to action, two clips at a time.
import { join } from 'node:path';
import { sceneNarration } from '../../shared/text.ts';
import type { NarrationInfo } from '../../shared/narration.ts';
import type { Script } from '../../shared/types.ts';
import type { SpeechClip } from './audio-graph.ts';
import { narratedTimeline, sceneTimeline, type Timeline } from './timeline.ts';
import type { Tts } from './tts.ts';

/** Speech synthesised at once; more would only queue behind ffmpeg on a two-core worker. */
const CONCURRENCY = 2;

/** A narrated (or silent) plan: what spoke, the timeline to render and the WAV files to place on it. */
export interface Narration {
  narration: NarrationInfo;
  timeline: Timeline;
  /** WAV paths in ffmpeg input order, and where each is heard. */
  files: string[];
  clips: Omit<SpeechClip, 'input'>[];
}

/** Runs `tasks` with at most `limit` in flight; results keep the tasks' order. */
export async function inPool<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < tasks.length; i = next++) results[i] = await (tasks[i] as () => Promise<T>)();
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/**
 * Speaks the AI disclosure (first, as Art. 50 asks at first exposure), each scene's narration and the call to action
 * into `workDir`, and lays the timeline around the speech. The silent TTS yields the planned timeline and no clips.
 * @throws RenderError when the engine cannot start or a non-empty text yields no speech.
 */
export async function narrate(script: Script, tts: Tts, workDir: string, signal?: AbortSignal): Promise<Narration> {
  if (tts.engine === 'silent') {
    return { narration: { engine: 'silent', voices: {} }, timeline: sceneTimeline(script), files: [], clips: [] };
  }
  // Asked first, so an engine that cannot start fails the render before any clip is attempted.
  const engine = await tts.describe();
  const lexicon = tts.keyFor?.(script.language).lexicon;
  const narration = {
    ...engine,
    voices: { [script.language]: tts.voiceFor(script.language) },
    ...(lexicon ? { lexicon } : {}),
  };
  const texts = [script.aiDisclosure, ...script.scenes.map(sceneNarration), script.callToAction];
  const files = texts.map((_, i) => join(workDir, `speech-${i}.wav`));
  const seconds = await inPool(
    texts.map(
      (text, i) => async () =>
        text.trim()
          ? (await tts.synthesize(text, script.language, files[i] as string, signal ? { signal } : {})).seconds
          : 0,
    ),
    CONCURRENCY,
  );
  const timeline = narratedTimeline(script, {
    disclosure: seconds[0] ?? 0,
    scenes: seconds.slice(1, -1),
    callToAction: seconds.at(-1) ?? 0,
  });
  const spoken = timeline.narration;
  const spans = spoken ? [spoken.disclosure, ...spoken.scenes, spoken.callToAction] : [];
  // Empty texts were never synthesised: they get no input and no clip.
  const kept = spans.map((span, i) => ({ span, file: files[i] as string })).filter((_, i) => (seconds[i] ?? 0) > 0);
  return { narration, timeline, files: kept.map((k) => k.file), clips: kept.map(({ span }) => ({ span })) };
}
