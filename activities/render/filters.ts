// ffmpeg filter snippets for slides: drawtext reading text from files, filled boxes, time windows.
import type { Span } from './captions.ts';

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
    this.textFiles.push({ path, content: o.text });
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

  fill(box: { x: number; y: number; w: number | string; h: number | string }, color: string, enable: string): string {
    return `drawbox=x=${box.x}:y=${box.y}:w=${box.w}:h=${box.h}:color=${color}:t=fill:enable='${enable}'`;
  }
}
