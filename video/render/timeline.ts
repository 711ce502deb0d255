// Scene timing: the single source of when scenes, narration and the end card happen, for video, audio and captions.
import { RenderError } from '../../shared/errors.ts';
import type { Script } from '../../shared/types.ts';

/** How long the closing call-to-action card stays on screen at least. */
export const END_CARD_SECONDS = 4;
/** Silence after speech before a scene may end, and between the spoken AI disclosure and the first scene. */
export const SPEECH_TAIL_SECONDS = 0.3;
/** Silence before a scene's narration starts, so speech never begins on the cut. */
export const SPEECH_LEAD_SECONDS = 0.2;

/** A time span in seconds from the start of the video. */
export interface Span {
  start: number;
  end: number;
}

/** When speech is heard: the AI disclosure, each scene's narration and the call to action. */
export interface NarrationSpans {
  disclosure: Span;
  scenes: Span[];
  callToAction: Span;
}

/** When each scene and the end card are on screen; `narration` is set when the video is narrated. */
export interface Timeline {
  scenes: Span[];
  endCard: Span;
  totalSeconds: number;
  narration?: NarrationSpans;
}

/** Speech lengths in seconds, as synthesised, for {@link narratedTimeline}. */
export interface SpeechSeconds {
  disclosure: number;
  scenes: number[];
  callToAction: number;
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

function plannedDurations(script: Script): number[] {
  if (script.scenes.length === 0) throw new RenderError(`Script "${script.title}" has no scenes to render`);
  return script.scenes.map((scene, i) => {
    if (!Number.isFinite(scene.durationSeconds) || scene.durationSeconds <= 0) {
      throw new RenderError(`Scene ${i + 1} of "${script.title}" has invalid duration ${scene.durationSeconds}`);
    }
    return scene.durationSeconds;
  });
}

function layOut(durations: number[], endCardSeconds: number): Timeline {
  let at = 0;
  const scenes = durations.map((d) => {
    const span = { start: round(at), end: round(at + d) };
    at = span.end;
    return span;
  });
  const endCard = { start: round(at), end: round(at + endCardSeconds) };
  return { scenes, endCard, totalSeconds: endCard.end };
}

/** Lays the script's scenes end to end at their planned durations, followed by the end card (no narration). */
export function sceneTimeline(script: Script): Timeline {
  return layOut(plannedDurations(script), END_CARD_SECONDS);
}

/**
 * Lays out a narrated video: the disclosure is spoken first in scene 1, each scene's narration starts shortly after
 * the scene (or the disclosure) begins, and a scene or the end card whose speech runs longer than planned is
 * extended to the speech plus {@link SPEECH_TAIL_SECONDS}; shorter speech is padded with silence.
 */
export function narratedTimeline(script: Script, speech: SpeechSeconds): Timeline {
  const planned = plannedDurations(script);
  if (speech.scenes.length !== planned.length) {
    throw new RenderError(`Got speech for ${speech.scenes.length} of ${planned.length} scenes of "${script.title}"`);
  }
  const disclosureEnd = speech.disclosure > 0 ? speech.disclosure + SPEECH_TAIL_SECONDS : 0;
  const offsets = planned.map((_, i) => (i === 0 ? disclosureEnd : 0) + SPEECH_LEAD_SECONDS);
  const durations = planned.map((p, i) =>
    Math.max(p, (offsets[i] ?? 0) + (speech.scenes[i] ?? 0) + SPEECH_TAIL_SECONDS),
  );
  const endCardSeconds = Math.max(END_CARD_SECONDS, SPEECH_LEAD_SECONDS + speech.callToAction + SPEECH_TAIL_SECONDS);
  const timeline = layOut(durations, endCardSeconds);
  const spoken = (start: number, seconds: number): Span => ({ start: round(start), end: round(start + seconds) });
  return {
    ...timeline,
    narration: {
      disclosure: spoken(0, speech.disclosure),
      scenes: timeline.scenes.map((s, i) => spoken(s.start + (offsets[i] ?? 0), speech.scenes[i] ?? 0)),
      callToAction: spoken(timeline.endCard.start + SPEECH_LEAD_SECONDS, speech.callToAction),
    },
  };
}
