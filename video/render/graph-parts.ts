// What the slide and the footage graph build the same way: their set-up, a scene's on-screen text, the end card
// and the AI label, so both renders meet one standard from one piece of code.
import type { Branding, Script } from '../../shared/types.ts';
import { endCardTexts } from './card-text.ts';
import type { FontFiles } from './ffmpeg.ts';
import { during, FilterWriter, num } from './filters.ts';
import { loadFontMetrics } from './font-metrics.ts';
import { AI_LABEL, frameLayout } from './frame-layout.ts';
import { ffColor, fitText, onColor, readableOn } from './layout.ts';
import type { Span, Timeline } from './timeline.ts';

/** How long on-screen text takes to fade and rise in. */
export const FADE_SECONDS = 0.6;

/** What a render graph needs; text goes into files under `textDir`, which the caller writes. */
export interface SlideGraphInput {
  script: Script;
  branding: Branding;
  width: number;
  height: number;
  fps: number;
  fonts: FontFiles;
  timeline: Timeline;
  textDir: string;
}

/** A `-filter_complex_script` body (outputs `[v]`; the audio graph adds `[a]`) and the text files it reads. */
export interface SlideGraph {
  graph: string;
  textFiles: { path: string; content: string }[];
}

/** The set-up both graphs share: fonts, the text-file writer, the frame's layout, spans and the fade-in. */
export function graphBasics(input: SlideGraphInput) {
  const { script, branding, width, height, fonts, timeline } = input;
  const bold = loadFontMetrics(fonts.bold);
  return {
    input,
    bold,
    out: new FilterWriter(input.textDir),
    layout: frameLayout(width, height, script.title, bold),
    primary: branding.primaryColor,
    background: branding.backgroundColor,
    textColor: ffColor(readableOn(branding.backgroundColor, branding.textColor)),
    slides: { start: 0, end: timeline.endCard.start } satisfies Span,
    all: { start: 0, end: timeline.totalSeconds } satisfies Span,
    /** An expression of `t` going from 1 to 0 over the fade after `start`. */
    ease: (start: number): string => `max(0,1-(t-${num(start)})/${FADE_SECONDS})`,
  };
}

export type GraphBasics = ReturnType<typeof graphBasics>;

/** Where and how large a scene's on-screen text may be, and how it is placed once its height is known. */
export interface SceneTextPlacement {
  box: { width: number; height: number; maxSize: number; minSize: number };
  x: number;
  /** The text block's top edge, given the block's estimated height. */
  top(blockHeight: number): number;
  /** Pixels the text rises while it fades in. */
  rise: number;
  /** A box behind the text (over footage). */
  boxed?: { color: string; padding: number };
}

/** A scene's on-screen text, fitted into its box, fading and rising in; `top` is where the block starts. */
export function sceneText(g: GraphBasics, text: string, span: Span, at: SceneTextPlacement) {
  const { bold, out } = g;
  const fitted = fitText(text, bold, { ...at.box, lineSpacing: 0.22 });
  const spacing = Math.round(fitted.fontSize * 0.22);
  const blockHeight = fitted.lines.length * (fitted.fontSize * bold.lineHeightEm + spacing) - spacing;
  const top = at.top(blockHeight);
  const filter = out.drawtext({
    text: fitted.lines.join('\n'),
    font: g.input.fonts.bold,
    size: fitted.fontSize,
    lineSpacing: spacing,
    color: g.textColor,
    x: String(at.x),
    y: `${top}+${at.rise}*${g.ease(span.start)}`,
    alpha: `1-${g.ease(span.start)}`,
    ...(at.boxed ? { box: at.boxed } : {}),
    enable: during(span),
  });
  return { top, filter };
}

/** The end card: the call to action (rising in when `ease` is given) and the publishers of the evidence. */
export function endCard(g: GraphBasics, ease?: string): string[] {
  const { script, fonts, width, height, timeline } = g.input;
  return endCardTexts(g.out, {
    script,
    fonts,
    bold: g.bold,
    layout: g.layout,
    width,
    height,
    colors: { primary: g.primary, background: g.background },
    span: timeline.endCard,
    ...(ease ? { ease } : {}),
  });
}

/** The AI label during `span`, in a box that contrasts with the `surface` colour it sits on. */
export function aiLabel(g: GraphBasics, surface: string, span: Span): string {
  const { label } = g.layout;
  return g.out.drawtext({
    text: AI_LABEL,
    font: g.input.fonts.bold,
    size: label.size,
    color: ffColor(onColor(onColor(surface))),
    x: `w-text_w-${g.input.width - label.box.x - label.box.w + label.padding}`,
    y: label.y,
    box: { color: ffColor(onColor(surface)), padding: label.padding },
    enable: during(span),
  });
}
