// Builds the ffmpeg filter graph for the local explainer: one slide per scene, an end card, the AI label.
import { titleText } from './card-text.ts';
import { during, heldFramesChain, num } from './filters.ts';
import {
  aiLabel,
  captionFilters,
  checkOverlay,
  endCard,
  FADE_OUT_SECONDS,
  FADE_SECONDS,
  graphBasics,
  logoOverlays,
  pictogramOverlays,
  sceneText,
  type SlideGraph,
  type SlideGraphInput,
} from './graph-parts.ts';
import { ffColor } from './layout.ts';
import type { Span } from './timeline.ts';

export type { SlideGraph, SlideGraphInput } from './graph-parts.ts';

/** Lays out every slide and returns the graph; pure apart from naming the text files the caller must write. */
export function buildSlideGraph(input: SlideGraphInput): SlideGraph {
  const { script, width: W, height: H, fonts, timeline } = input;
  const g = graphBasics(input);
  const { out, layout, primary, background: bg, slides, all, ease } = g;
  const base: string[] = [];
  const { stacked, px, margin, band, bar } = layout;

  // Header band with the campaign title on every slide; the end card is all band colour.
  base.push(out.fill({ x: 0, y: 0, w: 'iw', h: band }, ffColor(primary), during(slides)));
  base.push(out.fill({ x: 0, y: 0, w: 'iw', h: 'ih' }, ffColor(primary), during(timeline.endCard)));
  base.push(titleText(out, fonts, layout, primary, all));

  // One slide per scene: its key fact (or heading) in large text that fades and rises in under an accent bar.
  script.scenes.forEach((scene, i) => {
    const span = timeline.scenes[i] as Span;
    const { top, filters } = sceneText(g, scene, span, 'slide');
    base.push(out.fill({ x: margin, y: top - px(36), w: px(88), h: px(8) }, ffColor(primary), during(span)));
    base.push(...filters);
  });
  base.push(out.fill({ x: 0, y: H - bar, w: 'iw', h: bar }, ffColor(primary, 0.2), during(slides)));
  const progress = timeline.scenes.map((s) => `${during(s)}*(t-${num(s.start)})/${num(s.end - s.start)}`).join('+');

  // End card: the call to action, and the publishers of the evidence behind the claims.
  base.push(...endCard(g, ease(timeline.endCard.start)));

  // The AI label is drawn last so nothing covers it; its box contrasts with whatever lies beneath.
  const surfaces: [Span, string][] = stacked
    ? [
        [slides, bg],
        [timeline.endCard, primary],
      ]
    : [[all, primary]];
  const labels = surfaces.map(([span, surface]) => aiLabel(g, surface, span));

  const total = num(timeline.totalSeconds);
  const icons = pictogramOverlays(g, 'slide', '[checked]', '[branded]');
  const graph = [
    heldFramesChain({
      source: `color=c=${ffColor(bg)}:s=${W}x${H}:r=${input.fps}`,
      chain: base.join(','),
      spans: [...timeline.scenes, timeline.endCard],
      fps: input.fps,
      motionSeconds: FADE_SECONDS,
      tailSeconds: FADE_OUT_SECONDS,
      output: '[base]',
    }),
    `color=c=${ffColor(primary)}:s=${W}x${bar}:r=${input.fps}:d=${total}[bar]`,
    `[base][bar]overlay=x='-w+w*(${progress})':y=${H - bar}:eval=frame:enable='${during(slides)}'[barred]`,
    ...logoOverlays(g, '[barred]', '[logoed]'),
    ...checkOverlay(g, '[logoed]', '[checked]'),
    ...icons.lines,
    `[branded]${[...captionFilters(g), ...labels].join(',')},format=yuv420p[v]`,
  ].join(';\n');
  return {
    graph,
    textFiles: out.textFiles,
    ...(g.card.check ? { qr: g.card.check.qr } : {}),
    ...(icons.pictograms.length > 0 ? { pictograms: icons.pictograms } : {}),
  };
}
