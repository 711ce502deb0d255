// Geometry shared by all slides of one video: margins, header band, title, AI label and content area.
import type { FontMetrics } from './font-metrics.ts';
import { fitText, truncateToWidth } from './layout.ts';
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
  /** Scales a length designed for a 720 px short side. */
  px: (v: number) => number;
  margin: number;
  band: number;
  title: FittedText;
  /** The AI label: text size and box padding, top of the text, and the estimated box (inside the title-safe area). */
  label: { size: number; padding: number; y: string; box: Box };
  /** Where slide text and the call to action go. */
  area: { top: number; height: number };
  /** Height of the progress bar along the bottom edge. */
  bar: number;
}

/** Computes the frame layout for a size and title, measuring with the bold font's metrics. */
export function frameLayout(width: number, height: number, titleText: string, bold: FontMetrics): FrameLayout {
  const portrait = height > width;
  const px = (v: number): number => Math.round((v * Math.min(width, height)) / 720);
  const margin = px(portrait ? 48 : 72);
  const titleSize = px(30);
  const label = { size: px(22), padding: px(10) };
  const labelWidth = bold.widthEm(AI_LABEL) * label.size + 2 * label.padding;
  // Portrait is too narrow for title and label side by side: the title may take two lines, the label goes below.
  const title = portrait
    ? fitText(titleText, bold, {
        width: width - 2 * margin,
        height: titleSize * 2.6,
        maxSize: titleSize,
        minSize: px(24),
        lineSpacing: 0.2,
      })
    : {
        fontSize: titleSize,
        lines: [truncateToWidth(titleText, bold, titleSize, width - 2 * margin - labelWidth - px(32))],
      };
  const band = Math.max(px(92), Math.round(title.fontSize * 2.4 * title.lines.length) + px(16));
  const labelHeight = Math.round(label.size * bold.lineHeightEm) + 2 * label.padding;
  const safe = titleSafeArea(width, height);
  const labelTextHeight = Math.round(label.size * bold.lineHeightEm);
  // The label box stays inside the title-safe area, so no crop to a platform's frame can cut the disclosure.
  const labelY = portrait
    ? Math.max(band + px(24), safe.y) + label.padding
    : Math.max(Math.round((band - labelTextHeight) / 2), safe.y + label.padding);
  const labelBox = {
    x: width - Math.max(margin, safe.x) - Math.ceil(labelWidth),
    y: labelY - label.padding,
    w: Math.ceil(labelWidth),
    h: labelHeight,
  };
  const top = portrait ? band + px(24) + labelHeight + px(32) : band + px(40);
  const bar = px(10);
  return {
    portrait,
    px,
    margin,
    band,
    title,
    label: { ...label, y: String(labelY), box: labelBox },
    area: { top, height: height - bar - px(48) - top },
    bar,
  };
}
