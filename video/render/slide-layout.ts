// Where each piece of slide text goes: a scene's heading, key fact and pictogram (end-card-layout.ts: the end card).
// Pure geometry from real glyph widths, so the render draws and the tests check the same boxes.
import type { Scene } from '../../shared/types.ts';
import type { FontMetrics } from './font-metrics.ts';
import type { Box, FrameLayout } from './frame-layout.ts';
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

/** Line spacing of slide text, as a fraction of its size. */
export const SPACING = 0.22;

/** Text fitted into `box` between `sizes.max` and `sizes.min`, placed at the box's top-left corner. */
export function block(
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
