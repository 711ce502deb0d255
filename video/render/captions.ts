// WebVTT captions (WCAG 1.2.2) built from the approved script and timed by the shared scene timeline.
import { stripBidiControls } from '../../shared/text-guard.ts';
import { sceneNarration } from '../../shared/text.ts';
import type { Script } from '../../shared/types.ts';
import { sceneTimeline, type Span, type Timeline } from './timeline.ts';
import { splitWords } from './words.ts';

export { END_CARD_SECONDS, sceneTimeline, type Span, type Timeline } from './timeline.ts';

/** Caption line and cue limits (common broadcast practice: 42 characters, 2 lines). */
export const MAX_LINE_CHARS = 42;
export const MAX_CUE_LINES = 2;

const length = (s: string): number => [...s].length;

/** Greedy word wrap to `max` characters; words longer than a line are hard-split. */
export function wrapWords(text: string, max = MAX_LINE_CHARS): string[] {
  const lines: string[] = [];
  let line = '';
  for (let word of splitWords(text)) {
    while (length(word) > max) {
      if (line) lines.push(line);
      line = '';
      lines.push([...word].slice(0, max - 1).join('') + '-');
      word = [...word].slice(max - 1).join('');
    }
    if (!line) line = word;
    else if (length(line) + 1 + length(word) <= max) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** Sentences, and clauses of sentences too long for one cue: the units cue breaks should fall between. */
function breakUnits(text: string): string[] {
  // A boundary is whitespace after closing punctuation, so decimals like "3.5" stay whole.
  const sentences = text.trim().split(/(?<=[.!?…]["'»«“”)]*)\s+/);
  return sentences
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .flatMap((s) => (wrapWords(s).length <= MAX_CUE_LINES ? [s] : s.split(/(?<=[,;:–—])\s+/)));
}

/**
 * Splits text into cues of at most 2 lines × 42 characters. Breaks fall between sentences first, then between
 * clauses, then between words; short units share a cue.
 */
export function splitIntoCues(text: string): string[][] {
  const cues: string[][] = [];
  let pending = '';
  for (const unit of breakUnits(text)) {
    const joined = pending ? `${pending} ${unit}` : unit;
    if (wrapWords(joined).length <= MAX_CUE_LINES) {
      pending = joined;
      continue;
    }
    if (pending) cues.push(wrapWords(pending));
    const lines = wrapWords(unit);
    for (let i = 0; i + MAX_CUE_LINES < lines.length; i += MAX_CUE_LINES) cues.push(lines.slice(i, i + MAX_CUE_LINES));
    pending = lines.slice(Math.floor((lines.length - 1) / MAX_CUE_LINES) * MAX_CUE_LINES).join(' ');
  }
  if (pending) cues.push(wrapWords(pending));
  return cues;
}

/**
 * Escapes cue text per WebVTT: `&`, `<` and `>` (the latter so no line can contain `-->`); bidi controls are dropped so
 * no cue reads as other text.
 */
export function escapeVtt(text: string): string {
  return stripBidiControls(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Formats seconds as a WebVTT timestamp, `HH:MM:SS.mmm`. */
export function vttTime(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}.${pad(ms % 1000, 3)}`;
}

/** One caption cue: its time, its lines (at most {@link MAX_CUE_LINES}) and WebVTT cue settings. */
export interface Cue extends Span {
  lines: string[];
  settings?: string;
}

/** Spreads cues over a span in proportion to their character counts. */
function timeCues(text: string, span: Span, settings?: string): Cue[] {
  const cues = splitIntoCues(text);
  const total = cues.reduce((sum, lines) => sum + length(lines.join(' ')), 0);
  let at = span.start;
  return cues.map((lines, i) => {
    const end = i === cues.length - 1 ? span.end : at + ((span.end - span.start) * length(lines.join(' '))) / total;
    const cue = { start: at, end, lines, ...(settings ? { settings } : {}) };
    at = end;
    return cue;
  });
}

/**
 * Builds WebVTT captions: the AI disclosure at the top of the frame first (disclosure at first exposure, EU AI Act
 * Art. 50), scene narration, the call to action last. A narrated timeline times each cue group to its speech;
 * without narration the disclosure stays up through scene 1 and narration spreads over each scene.
 */
export function buildCaptionsVtt(script: Script, timeline: Timeline = sceneTimeline(script)): string {
  const blocks = captionCues(script, timeline).map(
    (cue) =>
      `${vttTime(cue.start)} --> ${vttTime(cue.end)}${cue.settings ? ` ${cue.settings}` : ''}\n` +
      cue.lines.map(escapeVtt).join('\n'),
  );
  return `WEBVTT\n\n${blocks.join('\n\n')}\n`;
}

/** The caption cues in time order, as {@link buildCaptionsVtt} writes them and open captions draw them. */
export function captionCues(script: Script, timeline: Timeline = sceneTimeline(script)): Cue[] {
  const spoken = timeline.narration;
  return [
    ...timeCues(script.aiDisclosure, spoken?.disclosure ?? (timeline.scenes[0] as Span), 'line:0'),
    ...script.scenes.flatMap((scene, i) =>
      timeCues(sceneNarration(scene), (spoken?.scenes[i] ?? timeline.scenes[i]) as Span),
    ),
    ...timeCues(script.callToAction, spoken?.callToAction ?? timeline.endCard),
  ].sort((a, b) => a.start - b.start);
}
