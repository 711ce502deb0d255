// Text both render graphs draw the same way: the campaign title in the header band, and the end card's call to
// action with the publishers of the evidence.
import type { FontFiles } from './ffmpeg.ts';
import { during, type FilterWriter, type TextSpec } from './filters.ts';
import { TITLE_LINE_SPACING, type FrameLayout as Layout } from './frame-layout.ts';
import { ffColor, onColor, readableOn } from './layout.ts';
import type { EndCardLayout } from './end-card-layout.ts';
import type { TextBlock } from './slide-layout.ts';
import type { Span } from './timeline.ts';

/** The campaign title, vertically centred in the header band, shown during `span`. */
export function titleText(out: FilterWriter, fonts: FontFiles, layout: Layout, primary: string, span: Span): string {
  const { title, titleBox } = layout;
  return out.drawtext({
    text: title.lines.join('\n'),
    font: fonts.bold,
    size: title.fontSize,
    lineSpacing: Math.round(title.fontSize * TITLE_LINE_SPACING),
    color: ffColor(onColor(primary)),
    x: String(titleBox.x),
    y: String(titleBox.y),
    enable: during(span),
  });
}

/** Draws a laid-out text block; `extra` sets colour, timing and optional motion or box. */
export function drawBlock(
  out: FilterWriter,
  fonts: FontFiles,
  block: TextBlock,
  extra: Pick<TextSpec, 'color' | 'enable'> & Partial<Pick<TextSpec, 'alpha' | 'box'>> & { y?: string },
): string {
  return out.drawtext({
    text: block.lines.join('\n'),
    font: fonts[block.weight],
    size: block.fontSize,
    lineSpacing: block.lineSpacing,
    x: String(block.x),
    ...extra,
    y: extra.y ?? String(block.y),
  });
}

/**
 * The end card's call to action (rising in with `ease`, when given: an expression of `t` going from 1 to 0), under it
 * the publishers of the evidence behind the claims and, with a check address, the address beside its QR code.
 */
export function endCardTexts(
  out: FilterWriter,
  opts: {
    card: EndCardLayout;
    fonts: FontFiles;
    layout: Layout;
    colors: { primary: string; background: string };
    span: Span;
    ease?: string;
  },
): string[] {
  const { card, fonts, layout, span, ease } = opts;
  const cardColor = readableOn(opts.colors.primary, opts.colors.background);
  const texts = [
    drawBlock(out, fonts, card.cta, {
      color: ffColor(cardColor),
      y: `${card.cta.y}${ease ? `+${layout.px(24)}*${ease}` : ''}`,
      ...(ease ? { alpha: `1-${ease}` } : {}),
      enable: during(span),
    }),
  ];
  if (card.sources) {
    texts.push(drawBlock(out, fonts, card.sources, { color: ffColor(cardColor, 0.85), enable: during(span) }));
  }
  if (card.check)
    texts.push(drawBlock(out, fonts, card.check.address, { color: ffColor(cardColor), enable: during(span) }));
  return texts;
}
