// The audio half of the render's filter graph: speech clips laid on the timeline and padded with silence, or silence.
import { RenderError } from '../../shared/errors.ts';
import { num } from './filters.ts';
import type { Span } from './timeline.ts';

/** A synthesised speech clip: the ffmpeg input index of its WAV file and when it is heard. */
export interface SpeechClip {
  input: number;
  span: Span;
}

const FORMAT = 'aresample=48000,aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo';

/** A silent stereo 48 kHz track of `totalSeconds`, output as `[a]`. */
export function silentAudioGraph(totalSeconds: number): string {
  return `anullsrc=r=48000:cl=stereo,atrim=duration=${num(totalSeconds)}[a]`;
}

/**
 * Places clips (sorted, non-overlapping) end to end: each piece runs from its clip's start (the first from 0) to the
 * next clip's start, delayed and padded with silence, and the pieces are concatenated into `[a]`. Concatenation
 * needs no mixing, so speech keeps its level, and it works with the older ffmpeg the npm installer ships.
 */
export function narrationAudioGraph(clips: SpeechClip[], totalSeconds: number): string {
  const sorted = [...clips].sort((a, b) => a.span.start - b.span.start);
  if (sorted.length === 0) return silentAudioGraph(totalSeconds);
  const bounds = [0, ...sorted.slice(1).map((c) => c.span.start), totalSeconds];
  const pieces = sorted.map((clip, i) => {
    const from = bounds[i] ?? 0;
    const to = bounds[i + 1] ?? totalSeconds;
    if (clip.span.start < from || to < from) throw new RenderError('Speech clips overlap or run past the video end');
    const delay = Math.round((clip.span.start - from) * 1000);
    return `[${clip.input}:a]${FORMAT},adelay=${delay}|${delay},apad,atrim=duration=${num(to - from)}[s${i}]`;
  });
  const labels = sorted.map((_, i) => `[s${i}]`).join('');
  return [...pieces, `${labels}concat=n=${sorted.length}:v=0:a=1[a]`].join(';\n');
}
