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

/**
 * Text whose lines must not be hyphenated (a web address): the largest size at which every line fits the box's width,
 * a line too long even at `sizes.min` broken after a dot, slash or dash, never with an added hyphen.
 */
function unbrokenBlock(text: string, metrics: TextMetrics, box: Box, sizes: { max: number; min: number }): TextBlock {
  const m = metrics.regular;
  const wrap = (size: number): string[] =>
    text.split('\n').flatMap((line) => {
      const lines: string[] = [];
      for (const part of line.split(/(?<=[./-])/)) {
        const last = lines.at(-1);
        if (last !== undefined && m.widthEm(last + part) * size <= box.w) lines[lines.length - 1] = last + part;
        else lines.push(part);
      }
      return lines;
    });
  let size = sizes.max;
  let lines = wrap(size);
  const fitsAt = (n: number, ls: string[]) =>
    ls.every((l) => m.widthEm(l) * n <= box.w) && blockHeight(m, n, ls.length, SPACING) <= box.h;
  // Smaller text before a broken address: shrink while a line had to break or the block does not fit.
  const explicit = text.split('\n').length;
  while (size > sizes.min && (lines.length > explicit || !fitsAt(size, lines))) {
    size -= 1;
    lines = wrap(size);
  }
  return {
    lines,
    fontSize: size,
    lineSpacing: Math.round(size * SPACING),
    weight: 'regular',
    x: box.x,
    y: box.y,
    height: blockHeight(m, size, lines.length, SPACING),
    box,
    fits: fitsAt(size, lines),
  };
}

/** A scene's text: the key fact as main text with the heading small above it, or the heading alone as main text. */
export interface SceneTextLayout {
  heading?: TextBlock;
  main: TextBlock;
  /** The square of the concern's pictogram: left of the heading, or above the main text when there is no heading. */
  icon?: Box;
  /** The whole text group, heading and pictogram included. */
  group: Box;
}

/** Side of a concern's pictogram (at a 720 px short side) on slides and over footage. */
export const ICON_SIZE = { slide: 60, footage: 48 } as const;

const fits = (text: SceneTextLayout): boolean => text.main.fits && (text.heading?.fits ?? true);

/**
 * Lays out a scene's text inside the frame's content area, with the scene's pictogram when it has one and the text
 * still fits beside it (else the text goes without: words before pictures).
 */
export function sceneTextLayout(
  layout: FrameLayout,
  metrics: TextMetrics,
  scene: Scene,
  width: number,
  mode: SceneTextMode,
): SceneTextLayout {
  const attempts = scene.icon ? [true, false] : [false];
  // Over footage the text keeps to the lower part of the content area, leaving the picture free above, unless it
  // needs more room (a short area: a square frame with logo and open captions).
  const shares = mode === 'footage' ? [0.6, 1] : [1];
  let last: SceneTextLayout | undefined;
  for (const withIcon of attempts) {
    for (const share of shares) {
      last = placeSceneText(layout, metrics, scene, width, mode, share, withIcon);
      if (fits(last)) return last;
    }
  }
  return last!;
}

function placeSceneText(
  layout: FrameLayout,
  metrics: TextMetrics,
  scene: Scene,
  width: number,
  mode: SceneTextMode,
  share: number,
  withIcon: boolean,
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
  const iconSize = withIcon ? px(ICON_SIZE[mode]) : 0;
  // Over footage every block has a box of its own; the gap keeps the pictogram's box clear of the heading's.
  const iconGap = mode === 'footage' ? 2 * inset + px(8) : px(20);
  const beside = iconSize ? iconSize + iconGap : 0;
  const heading =
    scene.keyFact === undefined
      ? undefined
      : block(
          scene.onScreenText,
          metrics,
          'bold',
          { ...region, x: region.x + beside, w: region.w - beside, h: Math.round(region.h * 0.3) },
          { max: px(34), min: px(22) },
        );
  // The first row: the heading beside its pictogram, or the pictogram alone.
  const top0 = heading ? Math.max(heading.height, iconSize) : iconSize;
  const mainBox: Box = top0 ? { ...region, h: region.h - top0 - gap } : region;
  const fact = block(scene.keyFact ?? scene.onScreenText, metrics, 'bold', mainBox, main);
  const groupHeight = (top0 ? top0 + gap : 0) + fact.height;
  // Slides centre the group in the content area; over footage it sits at the foot of its region.
  const top =
    mode === 'footage'
      ? region.y + region.h - groupHeight
      : Math.round(region.y + Math.max(0, (region.h - groupHeight) / 2));
  const headingTop = heading ? top + Math.round((top0 - heading.height) / 2) : top;
  const placedHeading = heading && { ...heading, y: headingTop, box: { ...heading.box, y: headingTop } };
  const icon = iconSize
    ? { x: region.x, y: top + Math.round((top0 - iconSize) / 2), w: iconSize, h: iconSize }
    : undefined;
  const mainTop = top + (top0 ? top0 + gap : 0);
  const placedMain = { ...fact, y: mainTop, box: { ...fact.box, y: mainTop, h: region.y + region.h - mainTop } };
  return {
    ...(placedHeading ? { heading: placedHeading } : {}),
    main: placedMain,
    ...(icon ? { icon } : {}),
    group: { x: region.x, y: top, w: region.w, h: groupHeight },
  };
}

/** The end card's text: the call to action, the publishers of the evidence at the foot, the check page's address. */
export interface EndCardLayout {
  cta: TextBlock;
  sources?: TextBlock;
  /** With a check address: the QR code's square (its PNG is drawn at this size) and the address under or beside it. */
  check?: { qr: Box; address: TextBlock };
}

/** Options of {@link endCardLayout}. */
export interface EndCardOptions {
  /** Pixels at the top of the content area kept free (for a logo). */
  reserveTop?: number;
  /** The text shown with the QR code (the check page's short address under a bilingual lead). */
  checkText?: string;
}

/**
 * Lays out the end card. With a check text, the QR code and its address take a column at the right of the call to
 * action and the sources (landscape and square), or a row of their own above the sources (portrait).
 */
export function endCardLayout(
  layout: FrameLayout,
  metrics: TextMetrics,
  script: Script,
  size: { width: number; height: number },
  opts: EndCardOptions = {},
): EndCardLayout {
  const { px, margin, area, portrait } = layout;
  const safe = titleSafeArea(size.width, size.height);
  const bottom = Math.min(size.height - px(56), safe.y + safe.h);
  const ctaTop = area.top + (opts.reserveTop ?? 0);
  const gap = px(24);
  // A square frame has no width to spare: its column is as wide as a smaller code, the address wrapping under it.
  const wide = size.width >= 1.5 * size.height;
  const qrSize = px(portrait ? 200 : wide ? 150 : 130);
  const column = opts.checkText && !portrait ? (wide ? Math.max(qrSize, px(230)) : qrSize) : 0;
  const w = size.width - 2 * margin - (column ? column + gap : 0);
  const publishers = [...new Set(script.sources.map((s) => s.publisher))].join(' · ');
  let sources: TextBlock | undefined;
  if (publishers) {
    const room = { x: margin, y: 0, w, h: blockHeight(metrics.regular, px(22), 3, SPACING) };
    const fitted = block(publishers, metrics, 'regular', room, { max: px(22), min: px(16) });
    const y = bottom - fitted.height;
    sources = { ...fitted, y, box: { ...fitted.box, y: bottom - room.h } };
  }
  let ctaBottom = (sources ? sources.box.y : bottom) - gap;
  let check: EndCardLayout['check'];
  if (opts.checkText && column) {
    // The column runs from the top of the call to action's room to the foot; the code sits at its foot.
    const x = size.width - margin - column;
    const room = { x, y: 0, w: column, h: blockHeight(metrics.regular, px(22), 4, SPACING) };
    const fitted = unbrokenBlock(opts.checkText, metrics, room, { max: px(22), min: px(14) });
    const y = bottom - fitted.height;
    const address = { ...fitted, y, box: { ...room, y, h: fitted.height } };
    check = { qr: { x, y: y - px(12) - qrSize, w: qrSize, h: qrSize }, address };
  } else if (opts.checkText) {
    const y = ctaBottom - qrSize;
    const room = { x: margin + qrSize + px(20), y, w: w - qrSize - px(20), h: qrSize };
    const fitted = unbrokenBlock(opts.checkText, metrics, room, { max: px(26), min: px(16) });
    const address = { ...fitted, y: Math.round(y + (qrSize - fitted.height) / 2) };
    check = { qr: { x: margin, y, w: qrSize, h: qrSize }, address };
    ctaBottom = y - gap;
  }
  const room = { x: margin, y: ctaTop, w, h: ctaBottom - ctaTop };
  // Beside the code in a square frame the call to action may get a little smaller than elsewhere, never below 24 px.
  const cta = block(script.callToAction, metrics, 'bold', room, {
    max: px(portrait ? 64 : 72),
    min: px(column && !wide ? 24 : 28),
  });
  const placed = { ...cta, y: Math.round(ctaTop + (room.h - cta.height) / 2) };
  return { cta: placed, ...(sources ? { sources } : {}), ...(check ? { check } : {}) };
}
