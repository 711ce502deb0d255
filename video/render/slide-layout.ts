// Where each piece of slide text goes: a scene's heading and key fact, the end card's call to action and sources.
// Pure geometry from real glyph widths, so the render draws and the tests check the same boxes.
import type { Scene, Script } from '../../shared/types.ts';
import type { FontMetrics } from './font-metrics.ts';
import { titleSafeArea, type Box, type FrameLayout } from './frame-layout.ts';
import { blockHeight, fitText } from './layout.ts';

/** Text fitted into `box` and placed at (`x`, `y`), its top-left corner; `height` is the block's height. */
export interface TextBlock {
  lines: string[];
  fontSize: number;
  /** Pixels between lines (drawtext's `line_spacing`). */
  lineSpacing: number;
  weight: 'bold' | 'regular';
  x: number;
  y: number;
  height: number;
  /** The room the text was fitted into; `fits` is false when it overflows even at its smallest size. */
  box: Box;
  fits: boolean;
}

/** The regular and bold fonts' metrics. */
export interface TextMetrics {
  regular: FontMetrics;
  bold: FontMetrics;
}

const SPACING = 0.22;

function block(
  text: string,
  metrics: TextMetrics,
  weight: TextBlock['weight'],
  box: Box,
  sizes: { max: number; min: number },
): TextBlock {
  const m = metrics[weight];
  const fitted = fitText(text, m, {
    width: box.w,
    height: box.h,
    maxSize: sizes.max,
    minSize: sizes.min,
    lineSpacing: SPACING,
  });
  return {
    lines: fitted.lines,
    fontSize: fitted.fontSize,
    lineSpacing: Math.round(fitted.fontSize * SPACING),
    weight,
    x: box.x,
    y: box.y,
    height: blockHeight(m, fitted.fontSize, fitted.lines.length, SPACING),
    box,
    fits: fitted.fits,
  };
}

/** How a scene's text is placed: centred in the content area (slides) or at its foot, over footage. */
export type SceneTextMode = 'slide' | 'footage';

/** A scene's text: the key fact as main text with the heading small above it, or the heading alone as main text. */
export interface SceneTextLayout {
  heading?: TextBlock;
  main: TextBlock;
  /** The whole text group, heading included. */
  group: Box;
}

/** Lays out a scene's text inside the frame's content area. */
export function sceneTextLayout(
  layout: FrameLayout,
  metrics: TextMetrics,
  scene: Scene,
  width: number,
  mode: SceneTextMode,
): SceneTextLayout {
  // Over footage the text keeps to the lower part of the content area, leaving the picture free above, unless it
  // needs more room (a short area: a square frame with logo and open captions).
  if (mode === 'footage') {
    const lower = placeSceneText(layout, metrics, scene, width, mode, 0.6);
    if (lower.main.fits && (lower.heading?.fits ?? true)) return lower;
  }
  return placeSceneText(layout, metrics, scene, width, mode, 1);
}

function placeSceneText(
  layout: FrameLayout,
  metrics: TextMetrics,
  scene: Scene,
  width: number,
  mode: SceneTextMode,
  share: number,
): SceneTextLayout {
  const { px, margin, area } = layout;
  const inset = mode === 'footage' ? px(18) : 0;
  const h = Math.round(area.height * share) - inset;
  const region: Box = {
    x: margin + inset,
    y: area.top + area.height - inset - h,
    w: width - 2 * margin - 2 * inset,
    h,
  };
  const main = mode === 'footage' ? { max: px(54), min: px(26) } : { max: px(layout.portrait ? 62 : 68), min: px(28) };
  const gap = px(16);
  let heading: TextBlock | undefined;
  let mainBox: Box = region;
  if (scene.keyFact) {
    heading = block(
      scene.onScreenText,
      metrics,
      'bold',
      { ...region, h: Math.round(region.h * 0.3) },
      {
        max: px(34),
        min: px(22),
      },
    );
    mainBox = { ...region, h: region.h - heading.height - gap };
  }
  const fact = block(scene.keyFact ?? scene.onScreenText, metrics, 'bold', mainBox, main);
  const groupHeight = (heading ? heading.height + gap : 0) + fact.height;
  // Slides centre the group in the content area; over footage it sits at the foot of its region.
  const top =
    mode === 'footage'
      ? region.y + region.h - groupHeight
      : Math.round(region.y + Math.max(0, (region.h - groupHeight) / 2));
  const placedHeading = heading && { ...heading, y: top, box: { ...heading.box, y: top } };
  const mainTop = top + (heading ? heading.height + gap : 0);
  const placedMain = { ...fact, y: mainTop, box: { ...fact.box, y: mainTop, h: region.y + region.h - mainTop } };
  return {
    ...(placedHeading ? { heading: placedHeading } : {}),
    main: placedMain,
    group: { x: region.x, y: top, w: region.w, h: groupHeight },
  };
}

/** The end card's text: the call to action, and the publishers of the evidence at the foot. */
export interface EndCardLayout {
  cta: TextBlock;
  sources?: TextBlock;
}

/** Lays out the end card; `reserveTop` pixels at the top of the content area are kept free (for a logo). */
export function endCardLayout(
  layout: FrameLayout,
  metrics: TextMetrics,
  script: Script,
  size: { width: number; height: number },
  reserveTop = 0,
): EndCardLayout {
  const { px, margin, area } = layout;
  const safe = titleSafeArea(size.width, size.height);
  const w = size.width - 2 * margin;
  const publishers = [...new Set(script.sources.map((s) => s.publisher))].join(' · ');
  const bottom = Math.min(size.height - px(56), safe.y + safe.h);
  let sources: TextBlock | undefined;
  if (publishers) {
    const room = { x: margin, y: 0, w, h: blockHeight(metrics.regular, px(22), 3, SPACING) };
    const fitted = block(publishers, metrics, 'regular', room, { max: px(22), min: px(16) });
    const y = bottom - fitted.height;
    sources = { ...fitted, y, box: { ...fitted.box, y: bottom - room.h } };
  }
  const ctaTop = area.top + reserveTop;
  const ctaBottom = (sources ? sources.box.y : bottom) - px(24);
  const room = { x: margin, y: ctaTop, w, h: ctaBottom - ctaTop };
  const cta = block(script.callToAction, metrics, 'bold', room, {
    max: px(layout.portrait ? 64 : 72),
    min: px(28),
  });
  const placed = { ...cta, y: Math.round(ctaTop + (room.h - cta.height) / 2) };
  return { cta: placed, ...(sources ? { sources } : {}) };
}
