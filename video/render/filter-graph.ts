// Builds the ffmpeg filter graph for the local explainer: one slide per scene, an end card, the AI label.
import { BACKDROP_STEPS_PER_SECOND, backdropPlacement } from './backdrop.ts';
import { titleText } from './card-text.ts';
import { during, heldFramesChain, num, type FilterWriter } from './filters.ts';
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
  // With a backdrop the slides are drawn on a transparent layer over it: boxes then replace its pixels (colour and
  // opacity), as drawbox would otherwise leave the layer transparent there.
  const drift = input.backdropInput === undefined ? undefined : backdropPlacement(layout, W, H);
  const fill: FilterWriter['fill'] = (box, color, enable) => out.fill(box, color, enable, drift !== undefined);
  const base: string[] = [];
  const { stacked, px, margin, band, bar } = layout;

  // Header band with the campaign title on every slide; the end card is all band colour.
  base.push(fill({ x: 0, y: 0, w: 'iw', h: band }, ffColor(primary), during(slides)));
  base.push(fill({ x: 0, y: 0, w: 'iw', h: 'ih' }, ffColor(primary), during(timeline.endCard)));
  base.push(titleText(out, fonts, layout, primary, all));

  // One slide per scene: its key fact (or heading) in large text that fades and rises in under an accent bar.
  script.scenes.forEach((scene, i) => {
    const span = timeline.scenes[i] as Span;
    const { top, filters } = sceneText(g, scene, span, 'slide');
    base.push(fill({ x: margin, y: top - px(36), w: px(88), h: px(8) }, ffColor(primary), during(span)));
    base.push(...filters);
  });
  base.push(fill({ x: 0, y: H - bar, w: 'iw', h: bar }, ffColor(primary, 0.2), during(slides)));
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
    // Slides are drawn frame by frame only while their text moves; held frames repeat (see heldFramesChain). The
    // backdrop moves on under them, drawn BACKDROP_STEPS_PER_SECOND times a second while they stand still.
    heldFramesChain({
      source: drift
        ? `color=c=black@0:s=${W}x${H}:r=${input.fps},format=yuva420p`
        : `color=c=${ffColor(bg)}:s=${W}x${H}:r=${input.fps}`,
      chain: base.join(','),
      spans: [...timeline.scenes, timeline.endCard],
      fps: input.fps,
      motionSeconds: FADE_SECONDS,
      tailSeconds: FADE_OUT_SECONDS,
      output: '[base]',
      ...(drift
        ? {
            underlay: {
              source: `color=c=${ffColor(bg)}:s=${W}x${H}`,
              input: `[${input.backdropInput}:v]`,
              overlay: `x='${drift.x}':y='${drift.y}':eval=frame`,
              heldRate: BACKDROP_STEPS_PER_SECOND,
            },
          }
        : {}),
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
    ...(drift ? { backdrop: { color: primary, size: drift.size } } : {}),
  };
}
