// ffmpeg filter snippets for slides: drawtext reading text from files, filled boxes, time windows.
import { stripBidiControls } from '../../shared/text-guard.ts';
import type { Span } from './timeline.ts';

/** Formats a number for filter expressions (millisecond precision, no trailing zeros). */
export const num = (x: number): string => String(Number(x.toFixed(3)));

/** A timeline expression true during `span`; half-open, so adjacent scenes never share a frame. */
export const during = (span: Span): string => `gte(t,${num(span.start)})*lt(t,${num(span.end)})`;

/** Filter-option escaping, then filtergraph escaping (ffmpeg-filters "Notes on filtergraph escaping"). */
export const escapeValue = (v: string): string => v.replace(/[\\':]/g, '\\$&').replace(/[\\'[\],;]/g, '\\$&');

/** One drawtext: expressions (`x`, `y`, `alpha`, `enable`) are ffmpeg expressions without quotes. */
export interface TextSpec {
  text: string;
  font: string;
  size: number;
  color: string;
  x: string;
  y: string;
  enable: string;
  alpha?: string;
  lineSpacing?: number;
  box?: { color: string; padding: number };
}

/**
 * Produces filter strings and collects the text files they read. Text never enters the graph itself: drawtext
 * reads it from a file with `expansion=none`, so quotes, colons and `%` in any language need no escaping.
 */
export class FilterWriter {
  readonly textFiles: { path: string; content: string }[] = [];
  readonly textDir: string;

  constructor(textDir: string) {
    this.textDir = textDir;
  }

  drawtext(o: TextSpec): string {
    const path = `${this.textDir}/t${this.textFiles.length}.txt`;
    // Bidi controls (possibly in a title or label stored before they were refused) never reach the frame.
    this.textFiles.push({ path, content: stripBidiControls(o.text) });
    const opts = [
      `fontfile=${escapeValue(o.font)}`,
      `textfile=${escapeValue(path)}`,
      'expansion=none',
      `fontsize=${o.size}`,
      `fontcolor=${o.color}`,
      `x='${o.x}'`,
      `y='${o.y}'`,
      ...(o.alpha ? [`alpha='${o.alpha}'`] : []),
      ...(o.lineSpacing ? [`line_spacing=${o.lineSpacing}`] : []),
      ...(o.box ? ['box=1', `boxcolor=${o.box.color}`, `boxborderw=${o.box.padding}`] : []),
      `enable='${o.enable}'`,
    ];
    return `drawtext=${opts.join(':')}`;
  }

  /** A filled box; `replace` writes its colour and opacity over what is there (drawing on a transparent layer). */
  fill(
    box: { x: number; y: number; w: number | string; h: number | string },
    color: string,
    enable: string,
    replace = false,
  ): string {
    const mode = replace ? ':replace=1' : '';
    return `drawbox=x=${box.x}:y=${box.y}:w=${box.w}:h=${box.h}:color=${color}:t=fill${mode}:enable='${enable}'`;
  }
}

/** Input of {@link heldFramesChain}. */
export interface HeldFramesInput {
  /** A frame source without duration, e.g. `color=c=…:s=…:r=25`. */
  source: string;
  /** Filters drawing the slides; their expressions read absolute time `t`. */
  chain: string;
  /** Back-to-back spans covering the video: scenes and end card. */
  spans: Span[];
  fps: number;
  /** How long motion lasts at the start of each span; afterwards the frame stands still. */
  motionSeconds: number;
  /** How long motion lasts at the end of every span but the last (a fade-out before the cut); default none. */
  tailSeconds?: number;
  output: string;
  /**
   * A moving background under the slides, which are then drawn with transparency: `source` (a `color=…:s=…` without
   * rate) with the picture `input` (e.g. `[3:v]`) laid over it by `overlay` (options of ffmpeg's overlay, `t`
   * absolute). While the slides stand still it is drawn `heldRate` times a second and its frames repeated.
   */
  underlay?: { source: string; input: string; overlay: string; heldRate: number };
}

/**
 * Draws each span's first `motionSeconds` (and last `tailSeconds`) frame by frame, and in between one settled frame
 * repeated with `loop`.
 * Slides stand still after their fade-in, and drawing large text into every frame cost more than encoding it.
 */
export function heldFramesChain(o: HeldFramesInput): string {
  if (o.underlay) return heldFramesOver(o, o.underlay);
  const frame = (seconds: number): number => Math.round(seconds * o.fps);
  const at = (n: number): string => `setpts=PTS-STARTPTS+${n}/(${o.fps}*TB)`;
  const parts = o.spans.flatMap((span, i) => {
    const first = frame(span.start);
    const total = frame(span.end) - first;
    const moving = Math.min(total, Math.ceil(o.motionSeconds * o.fps));
    const lastSpan = i === o.spans.length - 1;
    const tail = lastSpan ? 0 : Math.min(total - moving, Math.ceil((o.tailSeconds ?? 0) * o.fps));
    const held = total - moving - tail;
    return [
      ...(moving > 0 ? [`${o.source},trim=end_frame=${moving},${at(first)},${o.chain}`] : []),
      ...(held > 0
        ? [`${o.source},trim=end_frame=1,${at(first + moving)},${o.chain},loop=loop=${held - 1}:size=1`]
        : []),
      ...(tail > 0 ? [`${o.source},trim=end_frame=${tail},${at(first + moving + held)},${o.chain}`] : []),
    ];
  });
  const labels = parts.map((_, i) => `[h${i}]`);
  return [
    ...parts.map((p, i) => `${p}${labels[i]}`),
    `${labels.join('')}concat=n=${parts.length}:v=1:a=0,setpts=N/(${o.fps}*TB)${o.output}`,
  ].join(';\n');
}

/** Each span's parts: `moving` frames drawn one by one, or one frame `held` for `frames`. */
function spanParts(o: HeldFramesInput): { first: number; frames: number; held: boolean }[] {
  const frame = (seconds: number): number => Math.round(seconds * o.fps);
  return o.spans.flatMap((span, i) => {
    const first = frame(span.start);
    const total = frame(span.end) - first;
    const moving = Math.min(total, Math.ceil(o.motionSeconds * o.fps));
    const lastSpan = i === o.spans.length - 1;
    const tail = lastSpan ? 0 : Math.min(total - moving, Math.ceil((o.tailSeconds ?? 0) * o.fps));
    const held = total - moving - tail;
    return [
      { first, frames: moving, held: false },
      { first: first + moving, frames: held, held: true },
      { first: first + moving + held, frames: tail, held: false },
    ].filter((p) => p.frames > 0);
  });
}

/**
 * {@link heldFramesChain} over a moving background: each part of the slides (drawn with transparency) is laid over
 * its stretch of the background; while the slides stand still, the background is drawn at its held rate only.
 */
function heldFramesOver(o: HeldFramesInput, u: NonNullable<HeldFramesInput['underlay']>): string {
  const at = (n: number): string => `setpts=PTS-STARTPTS+${n}/(${o.fps}*TB)`;
  const parts = spanParts(o);
  const lines = [`${u.input}split=${parts.length}${parts.map((_, i) => `[u${i}]`).join('')}`];
  parts.forEach((p, i) => {
    const text = `${o.source},trim=end_frame=${p.held ? 1 : p.frames},${at(p.first)},${o.chain}[t${i}]`;
    // A held part's background is drawn at the held rate, one frame more than it needs, then repeated and cut.
    const rate = p.held ? u.heldRate : o.fps;
    const drawn = p.held ? Math.ceil((p.frames * u.heldRate) / o.fps) + 1 : p.frames;
    const after = p.held ? `,fps=${o.fps},trim=end_frame=${p.frames}` : '';
    lines.push(
      text,
      `${u.source}:r=${rate},trim=end_frame=${drawn},${at(p.first)}[b${i}]`,
      `[b${i}][u${i}]overlay=${u.overlay}[m${i}]`,
      `[m${i}][t${i}]overlay=x=0:y=0${after}[h${i}]`,
    );
  });
  const labels = parts.map((_, i) => `[h${i}]`).join('');
  lines.push(`${labels}concat=n=${parts.length}:v=1:a=0,setpts=N/(${o.fps}*TB)${o.output}`);
  return lines.join(';\n');
}
