// What the slide and the footage graph build the same way: their set-up, a scene's on-screen text, the end card
// and the AI label, so both renders meet one standard from one piece of code.
import type { Branding, Scene, Script } from '../../shared/types.ts';
import { drawBlock, endCardTexts } from './card-text.ts';
import type { FontFiles } from './ffmpeg.ts';
import { during, FilterWriter, num } from './filters.ts';
import { loadFontMetrics } from './font-metrics.ts';
import { AI_LABEL, CAPTION_STYLE, frameLayout, type Box } from './frame-layout.ts';
import { openCaptionFilters, placeCaptions } from './open-captions.ts';
import { tinted } from './backdrop.ts';
import type { PictogramSpec } from './pictogram.ts';
import { checkCardText } from './qr.ts';
import { ffColor, onColor, readableOn } from './layout.ts';
import { endCardLayout } from './end-card-layout.ts';
import { sceneTextLayout, type SceneTextMode } from './slide-layout.ts';
import type { Span, Timeline } from './timeline.ts';

/** How long on-screen text takes to fade and rise in. */
export const FADE_SECONDS = 0.6;
/** How long a scene's text takes to fade out before the cut, so scenes pass calmly from one to the next. */
export const FADE_OUT_SECONDS = 0.4;
/** Opacity of the box behind on-screen text over footage: footage shows through a little, the text stays readable. */
const TEXT_BOX_OPACITY = 0.88;

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
  /** ffmpeg input index of the logo PNG (one frame), when the campaign has a logo. */
  logoInput?: number;
  /** Burn the captions into the frames (the open-captions rendition). */
  openCaptions?: boolean;
  /** The check page's address (shown on the end card as text and as a QR code) and the QR PNG's ffmpeg input. */
  check?: { address: string; qrInput: number };
  /** ffmpeg input index of the drifting backdrop PNG (slides only; `SlideGraph.backdrop` says what to write). */
  backdropInput?: number;
  /** ffmpeg input index of the first pictogram PNG; the graph lists the pictograms it uses (`SlideGraph.pictograms`). */
  pictogramInput?: number;
}

/**
 * A `-filter_complex_script` body (outputs `[v]`; the audio graph adds `[a]`), the text files it reads, with a check
 * address the square the QR code's PNG must fill, and the pictograms to write (the caller writes both at those sizes).
 */
export interface SlideGraph {
  graph: string;
  textFiles: { path: string; content: string }[];
  qr?: Box;
  /** The backdrop PNG the slide graph reads (its colour and side), when it was given a `backdropInput`. */
  backdrop?: { color: string; size: number };
  /** The pictogram PNGs the graph reads, in input order from `pictogramInput` on (the caller writes them). */
  pictograms?: PictogramSpec[];
}

/** The set-up both graphs share: fonts, the text-file writer, the frame's layout, spans and the fade-in. */
export function graphBasics(input: SlideGraphInput) {
  const { script, branding, width, height, fonts, timeline } = input;
  const metrics = { regular: loadFontMetrics(fonts.regular), bold: loadFontMetrics(fonts.bold) };
  // Under the drifting backdrop the background darkens (or lightens) a little: colours must read on both.
  const surfaces = [
    branding.backgroundColor,
    ...(input.backdropInput === undefined ? [] : [tinted(branding.backgroundColor, branding.primaryColor)]),
  ];
  const readable = (preferred: string): string =>
    surfaces.reduce((color, surface) => readableOn(surface, color), preferred);
  const layout = frameLayout(width, height, script.title, metrics.bold, {
    logo: input.logoInput !== undefined,
    openCaptions: input.openCaptions === true,
  });
  return {
    input,
    metrics,
    out: new FilterWriter(input.textDir),
    layout,
    card: endCardLayout(
      layout,
      metrics,
      script,
      { width, height },
      {
        reserveTop: layout.logo ? layout.logo.card.h + layout.px(24) : 0,
        ...(input.check ? { checkText: checkCardText(input.check.address) } : {}),
      },
    ),
    primary: branding.primaryColor,
    background: branding.backgroundColor,
    textColor: ffColor(readable(branding.textColor)),
    /** Headings above a key fact: the brand's primary colour where it reads on the background. */
    headingColor: ffColor(readable(branding.primaryColor)),
    /** The pictograms' colour: the primary colour where it reads on the background. */
    iconColor: readable(branding.primaryColor),
    slides: { start: 0, end: timeline.endCard.start } satisfies Span,
    all: { start: 0, end: timeline.totalSeconds } satisfies Span,
    /** An expression of `t` going from 1 to 0 over the fade after `start`. */
    ease: (start: number): string => `max(0,1-(t-${num(start)})/${FADE_SECONDS})`,
  };
}

export type GraphBasics = ReturnType<typeof graphBasics>;

/**
 * A scene's text (its key fact under a small heading, or the heading alone), fading and rising in by `rise` pixels;
 * `top` is where the group starts. Over footage each block sits in a box of the brand background.
 */
export function sceneText(g: GraphBasics, scene: Scene, span: Span, mode: SceneTextMode) {
  const { out, layout } = g;
  const text = sceneTextLayout(layout, g.metrics, scene, g.input.width, mode);
  const rise = layout.px(mode === 'footage' ? 16 : 24);
  const ease = g.ease(span.start);
  const boxed =
    mode === 'footage' ? { box: { color: ffColor(g.background, TEXT_BOX_OPACITY), padding: layout.px(18) } } : {};
  // Fades in (rising) after the cut and out before the next one; min() keeps a short scene from flashing.
  const fadeOut = `min(1,max(0,(${num(span.end)}-t)/${FADE_OUT_SECONDS}))`;
  const alpha = `min(1-${ease},${fadeOut})`;
  const moving = (y: number) => ({ y: `${y}+${rise}*${ease}`, alpha, enable: during(span), ...boxed });
  const filters = [
    ...(text.heading
      ? [drawBlock(out, g.input.fonts, text.heading, { color: g.headingColor, ...moving(text.heading.y) })]
      : []),
    drawBlock(out, g.input.fonts, text.main, { color: g.textColor, ...moving(text.main.y) }),
  ];
  return { top: text.group.y, filters };
}

/** The end card: the call to action (rising in when `ease` is given) and the publishers of the evidence. */
export function endCard(g: GraphBasics, ease?: string): string[] {
  const { fonts, timeline } = g.input;
  return endCardTexts(g.out, {
    card: g.card,
    fonts,
    layout: g.layout,
    colors: { primary: g.primary, background: g.background },
    span: timeline.endCard,
    ...(ease ? { ease } : {}),
  });
}

/**
 * Overlays the logo on `from` (a labelled stream): small at the bottom right during the scenes, large on the end card.
 * Returns graph lines ending in `[to]`, or a pass-through when the campaign has no logo.
 */
export function logoOverlays(g: GraphBasics, from: string, to: string): string[] {
  const { logo } = g.layout;
  const input = g.input.logoInput;
  if (!logo || input === undefined) return [`${from}null${to}`];
  const fit = (box: { w: number; h: number }) => `scale=${box.w}:${box.h}:force_original_aspect_ratio=decrease`;
  return [
    `[${input}:v]format=rgba,split[logo_in_a][logo_in_b]`,
    `[logo_in_a]${fit(logo.bug)}[logo_bug]`,
    `[logo_in_b]${fit(logo.card)}[logo_card]`,
    `${from}[logo_bug]overlay=x=W-w-${g.input.width - logo.bug.x - logo.bug.w}:y=${logo.bug.y}+${logo.bug.h}-h:` +
      `enable='${during(g.slides)}'[logo_mid]`,
    `[logo_mid][logo_card]overlay=x=${logo.card.x}:y=${logo.card.y}:enable='${during(g.input.timeline.endCard)}'${to}`,
  ];
}

/**
 * Overlays the check page's QR code on `from` during the end card, at the size its PNG was made (no scaling keeps
 * the modules sharp). Returns graph lines ending in `[to]`, or a pass-through without a check address.
 */
export function checkOverlay(g: GraphBasics, from: string, to: string): string[] {
  const qr = g.card.check?.qr;
  const input = g.input.check?.qrInput;
  if (!qr || input === undefined) return [`${from}null${to}`];
  return [`${from}[${input}:v]overlay=x=${qr.x}:y=${qr.y}:enable='${during(g.input.timeline.endCard)}'${to}`];
}

/**
 * Overlays each scene's pictogram (see `sceneTextLayout`) on `from` during its scene, over footage on a box of the
 * brand background as the text is. Returns graph lines ending in `[to]` and the PNGs they read, one input per scene.
 */
export function pictogramOverlays(
  g: GraphBasics,
  mode: SceneTextMode,
  from: string,
  to: string,
): { lines: string[]; pictograms: PictogramSpec[] } {
  const first = g.input.pictogramInput;
  const placed = g.input.script.scenes.flatMap((scene, i) => {
    const box = first === undefined ? undefined : sceneTextLayout(g.layout, g.metrics, scene, g.input.width, mode).icon;
    return box && scene.icon ? [{ box, name: scene.icon, span: g.input.timeline.scenes[i] as Span }] : [];
  });
  if (placed.length === 0 || first === undefined) return { lines: [`${from}null${to}`], pictograms: [] };
  const pad = g.layout.px(18);
  const boxes =
    mode === 'footage'
      ? placed.map(({ box, span }) =>
          g.out.fill(
            { x: box.x - pad, y: box.y - pad, w: box.w + 2 * pad, h: box.h + 2 * pad },
            ffColor(g.background, TEXT_BOX_OPACITY),
            during(span),
          ),
        )
      : ['null'];
  const lines = [`${from}${boxes.join(',')}[icon_0]`];
  placed.forEach(({ box, span }, i) => {
    const out = i === placed.length - 1 ? to : `[icon_${i + 1}]`;
    lines.push(`[icon_${i}][${first + i}:v]overlay=x=${box.x}:y=${box.y}:enable='${during(span)}'${out}`);
  });
  const color = g.iconColor;
  return { lines, pictograms: placed.map(({ box, name }) => ({ name, color, size: box.w })) };
}

/** The open captions (none unless asked for), drawn over everything but the AI label. */
export function captionFilters(g: GraphBasics): string[] {
  const band = g.layout.captions;
  if (!band) return [];
  const { script, timeline, fonts } = g.input;
  const placed = placeCaptions(script, timeline, g.layout, g.metrics.bold, band);
  return openCaptionFilters(g.out, fonts.bold, placed, g.layout.px(CAPTION_STYLE.padding));
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
