// Slide layout helpers: WCAG contrast for colour choices and fitting text into a box with real glyph widths.
import { RenderError } from '../../shared/errors.ts';
import type { FontMetrics } from './font-metrics.ts';
import { splitWords } from './words.ts';

const HEX = /^#([0-9a-fA-F]{6})$/;
export const WHITE = '#FFFFFF';
export const INK = '#111111';

/** Converts `#RRGGBB` to ffmpeg's `0xRRGGBB` (optionally `@alpha`). */
export function ffColor(hex: string, alpha?: number): string {
  const match = HEX.exec(hex);
  if (!match) throw new RenderError(`Colour ${JSON.stringify(hex)} is not #RRGGBB; fix the campaign branding`);
  return `0x${match[1]?.toUpperCase()}${alpha === undefined ? '' : `@${alpha}`}`;
}

function luminance(hex: string): number {
  const n = Number.parseInt(ffColor(hex).slice(2), 16);
  const [r, g, b] = [n >> 16, (n >> 8) & 0xff, n & 0xff].map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2.1 contrast ratio between two colours (1–21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** White or near-black, whichever reads better on `background`. */
export function onColor(background: string): string {
  return contrastRatio(background, WHITE) >= contrastRatio(background, INK) ? WHITE : INK;
}

/** `preferred` if it meets WCAG AA (4.5:1) on `background`, else the better of white and near-black. */
export function readableOn(background: string, preferred: string): string {
  return contrastRatio(background, preferred) >= 4.5 ? preferred : onColor(background);
}

/** Text set at a font size, broken into lines; `fits` is false when even the smallest size overflows the box. */
export interface FittedText {
  fontSize: number;
  lines: string[];
  fits: boolean;
}

/** Wraps paragraphs (explicit newlines kept) to `maxWidth` pixels; words wider than a line are hard-broken. */
export function wrapToWidth(text: string, metrics: FontMetrics, fontSize: number, maxWidth: number): string[] {
  return wrap(text, metrics, fontSize, maxWidth).lines;
}

function wrap(text: string, metrics: FontMetrics, fontSize: number, maxWidth: number) {
  let brokeWords = false;
  const fits = (s: string): boolean => metrics.widthEm(s) * fontSize <= maxWidth;
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let line = '';
    for (let word of splitWords(paragraph)) {
      while (!fits(word)) {
        const chars = [...word];
        let n = chars.length - 1;
        while (n > 1 && !fits(`${chars.slice(0, n).join('')}-`)) n--;
        brokeWords = true;
        if (line) lines.push(line);
        line = '';
        lines.push(`${chars.slice(0, n).join('')}-`);
        word = chars.slice(n).join('');
      }
      if (line && fits(`${line} ${word}`)) line += ` ${word}`;
      else {
        if (line) lines.push(line);
        line = word;
      }
    }
    if (line) lines.push(line);
  }
  return { lines, brokeWords };
}

/** Height in pixels of `lines` lines at `fontSize` with `lineSpacing` (a fraction of the size) between them. */
export function blockHeight(metrics: FontMetrics, fontSize: number, lines: number, lineSpacing: number): number {
  const spacing = Math.round(fontSize * lineSpacing);
  return Math.ceil(lines * (fontSize * metrics.lineHeightEm + spacing) - spacing);
}

/**
 * Picks the largest font size (from `maxSize` down to `minSize`) at which `text` fits the box. Words are only
 * hyphen-broken below three quarters of `maxSize`, so one very long compound word does not shrink a whole slide
 * to the minimum. Text is never cut: when it does not fit even at `minSize`, all of it is returned at `minSize`
 * with `fits: false`, for the caller to make room (the layout tests require every example to fit).
 */
export function fitText(
  text: string,
  metrics: FontMetrics,
  box: { width: number; height: number; maxSize: number; minSize: number; lineSpacing: number },
): FittedText {
  const fitsHeight = (size: number, lines: number): boolean =>
    blockHeight(metrics, size, lines, box.lineSpacing) <= box.height;
  for (let size = Math.round(box.maxSize); size >= box.minSize; size -= 2) {
    const { lines, brokeWords } = wrap(text, metrics, size, box.width);
    if ((!brokeWords || size <= box.maxSize * 0.75) && fitsHeight(size, lines.length)) {
      return { fontSize: size, lines, fits: true };
    }
  }
  const size = Math.round(box.minSize);
  const lines = wrapToWidth(text, metrics, size, box.width);
  return { fontSize: size, lines, fits: fitsHeight(size, lines.length) };
}
