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
}

/**
 * Draws each span's first `motionSeconds` (and last `tailSeconds`) frame by frame, and in between one settled frame
 * repeated with `loop`.
 * Slides stand still after their fade-in, and drawing large text into every frame cost more than encoding it.
 */
export function heldFramesChain(o: HeldFramesInput): string {
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
