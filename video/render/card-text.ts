// Text both render graphs draw the same way: the campaign title in the header band, and the end card's call to
// action with the publishers of the evidence.
import type { Script } from '../../shared/types.ts';
import type { FontFiles } from './ffmpeg.ts';
import { during, type FilterWriter } from './filters.ts';
import { loadFontMetrics, type FontMetrics } from './font-metrics.ts';
import type { frameLayout } from './frame-layout.ts';
import { ffColor, fitText, onColor, readableOn, truncateToWidth } from './layout.ts';
import type { Span } from './timeline.ts';

type Layout = ReturnType<typeof frameLayout>;

/** The campaign title, vertically centred in the header band, shown during `span`. */
export function titleText(out: FilterWriter, fonts: FontFiles, layout: Layout, primary: string, span: Span): string {
  const { title, margin, band } = layout;
  return out.drawtext({
    text: title.lines.join('\n'),
    font: fonts.bold,
    size: title.fontSize,
    lineSpacing: Math.round(title.fontSize * 0.2),
    color: ffColor(onColor(primary)),
    x: String(margin),
    y: `(${band}-text_h)/2`,
    enable: during(span),
  });
}

/**
 * The end card's call to action (rising in with `ease`, when given: an expression of `t` going from 1 to 0) and, under
 * it, the publishers of the evidence behind the claims.
 */
export function endCardTexts(
  out: FilterWriter,
  opts: {
    script: Script;
    fonts: FontFiles;
    bold: FontMetrics;
    layout: Layout;
    width: number;
    height: number;
    colors: { primary: string; background: string };
    span: Span;
    ease?: string;
  },
): string[] {
  const { script, fonts, bold, layout, width: W, height: H, span, ease } = opts;
  const { px, margin, area, portrait } = layout;
  const cardColor = readableOn(opts.colors.primary, opts.colors.background);
  const sourcesSize = px(22);
  const ctaHeight = area.height - sourcesSize * 2;
  const cta = fitText(script.callToAction, bold, {
    width: W - 2 * margin,
    height: ctaHeight,
    maxSize: px(portrait ? 64 : 72),
    minSize: px(30),
    lineSpacing: 0.2,
  });
  const texts = [
    out.drawtext({
      text: cta.lines.join('\n'),
      font: fonts.bold,
      size: cta.fontSize,
      lineSpacing: Math.round(cta.fontSize * 0.2),
      color: ffColor(cardColor),
      x: String(margin),
      y: `${area.top}+(${ctaHeight}-text_h)/2${ease ? `+${px(24)}*${ease}` : ''}`,
      ...(ease ? { alpha: `1-${ease}` } : {}),
      enable: during(span),
    }),
  ];
  const sources = [...new Set(script.sources.map((s) => s.publisher))].join(' · ');
  if (sources) {
    texts.push(
      out.drawtext({
        text: truncateToWidth(sources, loadFontMetrics(fonts.regular), sourcesSize, W - 2 * margin),
        font: fonts.regular,
        size: sourcesSize,
        color: ffColor(cardColor, 0.85),
        x: String(margin),
        y: `${H - px(56)}-text_h`,
        enable: during(span),
      }),
    );
  }
  return texts;
}
