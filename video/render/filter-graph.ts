// Builds the ffmpeg filter graph for the local explainer: one slide per scene, an end card, the AI label.
import type { Branding, Script } from '../../shared/types.ts';
import type { Span, Timeline } from './timeline.ts';
import type { FontFiles } from './ffmpeg.ts';
import { during, FilterWriter, heldFramesChain, num } from './filters.ts';
import { loadFontMetrics } from './font-metrics.ts';
import { endCardTexts, titleText } from './card-text.ts';
import { AI_LABEL, frameLayout } from './frame-layout.ts';
import { ffColor, fitText, onColor, readableOn } from './layout.ts';

const FADE_SECONDS = 0.6;

/** What the slide graph needs; text goes into files under `textDir`, which the caller writes. */
export interface SlideGraphInput {
  script: Script;
  branding: Branding;
  width: number;
  height: number;
  fps: number;
  fonts: FontFiles;
  timeline: Timeline;
  textDir: string;
}

/** A `-filter_complex_script` body (outputs `[v]`; the audio graph adds `[a]`) and the text files it reads. */
export interface SlideGraph {
  graph: string;
  textFiles: { path: string; content: string }[];
}

/** Lays out every slide and returns the graph; pure apart from naming the text files the caller must write. */
export function buildSlideGraph(input: SlideGraphInput): SlideGraph {
  const { script, branding, width: W, height: H, fonts, timeline } = input;
  const { primaryColor: primary, backgroundColor: bg } = branding;
  const bold = loadFontMetrics(fonts.bold);
  const out = new FilterWriter(input.textDir);
  const base: string[] = [];
  const slides: Span = { start: 0, end: timeline.endCard.start };
  const all: Span = { start: 0, end: timeline.totalSeconds };
  const ease = (start: number): string => `max(0,1-(t-${num(start)})/${FADE_SECONDS})`;

  const layout = frameLayout(W, H, script.title, bold);
  const { portrait, px, margin, band, label, area, bar } = layout;

  // Header band with the campaign title on every slide; the end card is all band colour.
  base.push(out.fill({ x: 0, y: 0, w: 'iw', h: band }, ffColor(primary), during(slides)));
  base.push(out.fill({ x: 0, y: 0, w: 'iw', h: 'ih' }, ffColor(primary), during(timeline.endCard)));
  base.push(titleText(out, fonts, layout, primary, all));

  // One slide per scene: large on-screen text that fades and rises in under an accent bar.
  const textColor = ffColor(readableOn(bg, branding.textColor));
  script.scenes.forEach((scene, i) => {
    const span = timeline.scenes[i] as Span;
    const box = { width: W - 2 * margin, height: area.height, maxSize: px(portrait ? 62 : 68), minSize: px(30) };
    const fitted = fitText(scene.onScreenText, bold, { ...box, lineSpacing: 0.22 });
    const spacing = Math.round(fitted.fontSize * 0.22);
    // Centre on the estimated block height so the accent bar sits a fixed gap above the text's top.
    const blockHeight = fitted.lines.length * (fitted.fontSize * bold.lineHeightEm + spacing) - spacing;
    const top = Math.round(area.top + Math.max(0, (area.height - blockHeight) / 2));
    base.push(out.fill({ x: margin, y: top - px(36), w: px(88), h: px(8) }, ffColor(primary), during(span)));
    base.push(
      out.drawtext({
        text: fitted.lines.join('\n'),
        font: fonts.bold,
        size: fitted.fontSize,
        lineSpacing: spacing,
        color: textColor,
        x: String(margin),
        y: `${top}+${px(24)}*${ease(span.start)}`,
        alpha: `1-${ease(span.start)}`,
        enable: during(span),
      }),
    );
  });
  base.push(out.fill({ x: 0, y: H - bar, w: 'iw', h: bar }, ffColor(primary, 0.2), during(slides)));
  const progress = timeline.scenes.map((s) => `${during(s)}*(t-${num(s.start)})/${num(s.end - s.start)}`).join('+');

  // End card: the call to action, and the publishers of the evidence behind the claims.
  base.push(
    ...endCardTexts(out, {
      script,
      fonts,
      bold,
      layout,
      width: W,
      height: H,
      colors: { primary, background: bg },
      span: timeline.endCard,
      ease: ease(timeline.endCard.start),
    }),
  );

  // The AI label is drawn last so nothing covers it; its box contrasts with whatever lies beneath.
  const surfaces: [Span, string][] = portrait
    ? [
        [slides, bg],
        [timeline.endCard, primary],
      ]
    : [[all, primary]];
  const labels = surfaces.map(([span, surface]) =>
    out.drawtext({
      text: AI_LABEL,
      font: fonts.bold,
      size: label.size,
      color: ffColor(onColor(onColor(surface))),
      x: `w-text_w-${W - label.box.x - label.box.w + label.padding}`,
      y: label.y,
      box: { color: ffColor(onColor(surface)), padding: label.padding },
      enable: during(span),
    }),
  );

  const total = num(timeline.totalSeconds);
  const graph = [
    heldFramesChain({
      source: `color=c=${ffColor(bg)}:s=${W}x${H}:r=${input.fps}`,
      chain: base.join(','),
      spans: [...timeline.scenes, timeline.endCard],
      fps: input.fps,
      motionSeconds: FADE_SECONDS,
      output: '[base]',
    }),
    `color=c=${ffColor(primary)}:s=${W}x${bar}:r=${input.fps}:d=${total}[bar]`,
    `[base][bar]overlay=x='-w+w*(${progress})':y=${H - bar}:eval=frame:enable='${during(slides)}',` +
      `${labels.join(',')},format=yuv420p[v]`,
  ].join(';\n');
  return { graph, textFiles: out.textFiles };
}
