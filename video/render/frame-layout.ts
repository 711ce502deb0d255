// Geometry shared by all slides of one video: margins, header band, title, AI label and content area.
import type { FontMetrics } from './font-metrics.ts';
import { blockHeight, fitText } from './layout.ts';
import type { FittedText } from './layout.ts';

/** The permanent on-screen disclosure (EU AI Act Art. 50), bilingual so it reads in every campaign language. */
export const AI_LABEL = 'KI-generiert / AI-generated';

/** A rectangle in pixels. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The 90 % title-safe area: what platforms and TVs never crop, in 16:9 and 9:16 alike. */
export function titleSafeArea(width: number, height: number): Box {
  const x = Math.ceil(width * 0.05);
  const y = Math.ceil(height * 0.05);
  return { x, y, w: width - 2 * x, h: height - 2 * y };
}

/** Pixel positions for one frame size; sizes scale with the short side (designed at 720 px). */
export interface FrameLayout {
  portrait: boolean;
  /** True when the AI label sits below the header band (narrow formats, or a title too long to sit beside it). */
  stacked: boolean;
  /** Scales a length designed for a 720 px short side. */
  px: (v: number) => number;
  margin: number;
  band: number;
  title: FittedText;
  /** The box the title must stay in (the header band less the margins and, beside the label, the label's room). */
  titleBox: Box;
  /** The AI label: text size and box padding, top of the text, and the estimated box (inside the title-safe area). */
  label: { size: number; padding: number; y: string; box: Box };
  /** Where slide text and the call to action go. */
  area: { top: number; height: number };
  /** Height of the progress bar along the bottom edge. */
  bar: number;
  /**
   * With a logo: the largest box of the small logo (bottom right, on every scene) and of the end card's logo (top
   * left of the content area); the logo is scaled to fit, keeping its proportions.
   */
  logo?: { bug: Box; card: Box };
  /** With open captions: the band along the foot of the scenes where the caption of the moment is drawn. */
  captions?: Box;
}

/** Open captions: text size (at a 720 px short side), lines at most, padding of their box. */
export const CAPTION_STYLE = { size: 30, minSize: 22, lines: 3, padding: 10, lineSpacing: 0.2 } as const;

/** Line spacing of the title, as a fraction of its size. */
export const TITLE_LINE_SPACING = 0.2;

/**
 * Computes the frame layout for a size and title, measuring with the bold font's metrics. The title wraps to two
 * lines beside the AI label; when it does not fit there (or the frame is portrait), the label moves below the band
 * and the title gets the full width and up to three lines, shrinking within limits but never cut.
 */
export function frameLayout(
  width: number,
  height: number,
  titleText: string,
  bold: FontMetrics,
  opts: { logo?: boolean; openCaptions?: boolean } = {},
): FrameLayout {
  const portrait = height > width;
  const px = (v: number): number => Math.round((v * Math.min(width, height)) / 720);
  const safe = titleSafeArea(width, height);
  const margin = Math.max(px(portrait ? 48 : 72), safe.x);
  const titleSize = px(30);
  const label = { size: px(22), padding: px(10) };
  const labelWidth = bold.widthEm(AI_LABEL) * label.size + 2 * label.padding;
  const fitTitle = (w: number, lines: number): FittedText =>
    fitText(titleText, bold, {
      width: w,
      height: blockHeight(bold, titleSize, lines, TITLE_LINE_SPACING),
      maxSize: titleSize,
      minSize: px(22),
      lineSpacing: TITLE_LINE_SPACING,
    });
  const besideWidth = width - 2 * margin - labelWidth - px(32);
  const beside = portrait ? undefined : fitTitle(besideWidth, 2);
  const stacked = !beside?.fits;
  const title = beside && !stacked ? beside : fitTitle(width - 2 * margin, 3);
  const titleHeight = blockHeight(bold, title.fontSize, title.lines.length, TITLE_LINE_SPACING);
  // The band is tall enough to centre the title inside the title-safe area.
  const band = Math.max(px(92), titleHeight + px(40), 2 * safe.y + titleHeight);
  const titleBox = {
    x: margin,
    y: Math.round((band - titleHeight) / 2),
    w: stacked ? width - 2 * margin : Math.floor(besideWidth),
    h: titleHeight,
  };
  const labelHeight = Math.round(label.size * bold.lineHeightEm) + 2 * label.padding;
  const labelTextHeight = Math.round(label.size * bold.lineHeightEm);
  // The label box stays inside the title-safe area, so no crop to a platform's frame can cut the disclosure.
  const labelY = stacked
    ? Math.max(band + px(24), safe.y) + label.padding
    : Math.max(Math.round((band - labelTextHeight) / 2), safe.y + label.padding);
  const labelBox = {
    x: width - margin - Math.ceil(labelWidth),
    y: labelY - label.padding,
    w: Math.ceil(labelWidth),
    h: labelHeight,
  };
  const top = stacked ? band + px(24) + labelHeight + px(32) : band + px(40);
  const bar = px(10);
  const safeBottom = Math.min(height - bar - px(12), safe.y + safe.h);
  const bug = { w: px(200), h: px(44) };
  // The small logo keeps a row of its own at the foot, so scene text never runs under it.
  const aboveLogo = opts.logo ? safeBottom - bug.h - px(12) : safeBottom;
  const captionHeight =
    blockHeight(bold, px(CAPTION_STYLE.size), CAPTION_STYLE.lines, CAPTION_STYLE.lineSpacing) +
    2 * px(CAPTION_STYLE.padding);
  const captions = opts.openCaptions
    ? { x: margin, y: aboveLogo - captionHeight, w: width - 2 * margin, h: captionHeight }
    : undefined;
  const bottom =
    opts.logo || captions ? (captions?.y ?? aboveLogo) - px(12) : Math.min(height - bar - px(48), safe.y + safe.h);
  const logo = opts.logo && {
    bug: { x: width - margin - bug.w, y: safeBottom - bug.h, ...bug },
    card: { x: margin, y: top, w: Math.min(px(440), width - 2 * margin), h: px(portrait ? 150 : 110) },
  };
  return {
    portrait,
    stacked,
    px,
    margin,
    band,
    title,
    titleBox,
    label: { ...label, y: String(labelY), box: labelBox },
    area: { top, height: bottom - top },
    bar,
    ...(logo ? { logo } : {}),
    ...(captions ? { captions } : {}),
  };
}
