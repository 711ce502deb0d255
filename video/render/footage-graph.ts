// Builds the ffmpeg filter graph for provider footage: generated clips as scene backgrounds, with the same on-screen
// text, title band, end card and AI label as the slide render, so every provider meets one standard.
import { RenderError } from '../../shared/errors.ts';
import type { Span } from './timeline.ts';
import { during, FilterWriter, num } from './filters.ts';
import type { SlideGraph, SlideGraphInput } from './filter-graph.ts';
import { loadFontMetrics } from './font-metrics.ts';
import { endCardTexts, titleText } from './card-text.ts';
import { AI_LABEL, frameLayout } from './frame-layout.ts';
import { ffColor, fitText, onColor, readableOn } from './layout.ts';

const FADE_SECONDS = 0.6;
/** Opacity of the box behind on-screen text: footage shows through a little, the text stays readable. */
const TEXT_BOX_OPACITY = 0.88;

/** The slide graph's input plus, per scene, the ffmpeg input index of its clip (opened with `-stream_loop -1`). */
export interface FootageGraphInput extends SlideGraphInput {
  clipInputs: number[];
}

/**
 * Lays out the footage video: each clip scaled and cropped to fill the frame, cut to its scene's span (clips opened
 * with `-stream_loop -1` repeat when the narration runs longer than the clip), then an end card in the primary
 * colour; the scene's on-screen text sits in a box in the lower part of the frame, and the label is drawn last in a
 * solid box, so footage of any brightness never makes the disclosure hard to read.
 */
export function buildFootageGraph(input: FootageGraphInput): SlideGraph {
  const { script, branding, width: W, height: H, fonts, timeline, fps } = input;
  const { primaryColor: primary, backgroundColor: bg } = branding;
  if (input.clipInputs.length !== script.scenes.length) {
    throw new RenderError(`Got ${input.clipInputs.length} clips for ${script.scenes.length} scenes`);
  }
  const bold = loadFontMetrics(fonts.bold);
  const out = new FilterWriter(input.textDir);
  const overlay: string[] = [];
  const slides: Span = { start: 0, end: timeline.endCard.start };
  const all: Span = { start: 0, end: timeline.totalSeconds };
  const ease = (start: number): string => `max(0,1-(t-${num(start)})/${FADE_SECONDS})`;
  const frame = (seconds: number): number => Math.round(seconds * fps);
  const layout = frameLayout(W, H, script.title, bold);
  const { px, margin, band, label, area } = layout;

  const backgrounds = timeline.scenes.map((span, i) => {
    const frames = frame(span.end) - frame(span.start);
    return (
      `[${input.clipInputs[i]}:v]scale=${W}:${H}:force_original_aspect_ratio=increase,crop=${W}:${H},setsar=1,` +
      `fps=${fps},trim=end_frame=${frames},setpts=PTS-STARTPTS[c${i}]`
    );
  });
  const cardFrames = frame(timeline.endCard.end) - frame(timeline.endCard.start);
  backgrounds.push(`color=c=${ffColor(primary)}:s=${W}x${H}:r=${fps},trim=end_frame=${cardFrames}[card]`);
  const labels = [...timeline.scenes.map((_, i) => `[c${i}]`), '[card]'].join('');

  overlay.push(out.fill({ x: 0, y: 0, w: 'iw', h: band }, ffColor(primary), during(slides)));
  overlay.push(titleText(out, fonts, layout, primary, all));

  // On-screen text in the lower part of the frame, leaving the upper footage free, in a box of the brand background.
  const textColor = ffColor(readableOn(bg, branding.textColor));
  const padding = px(18);
  script.scenes.forEach((scene, i) => {
    const span = timeline.scenes[i] as Span;
    const box = { width: W - 2 * margin - 2 * padding, height: area.height * 0.55, maxSize: px(54), minSize: px(28) };
    const fitted = fitText(scene.onScreenText, bold, { ...box, lineSpacing: 0.22 });
    const spacing = Math.round(fitted.fontSize * 0.22);
    const blockHeight = fitted.lines.length * (fitted.fontSize * bold.lineHeightEm + spacing) - spacing;
    const top = Math.round(area.top + area.height - blockHeight - padding);
    overlay.push(
      out.drawtext({
        text: fitted.lines.join('\n'),
        font: fonts.bold,
        size: fitted.fontSize,
        lineSpacing: spacing,
        color: textColor,
        x: String(margin + padding),
        y: `${top}+${px(16)}*${ease(span.start)}`,
        alpha: `1-${ease(span.start)}`,
        box: { color: ffColor(bg, TEXT_BOX_OPACITY), padding },
        enable: during(span),
      }),
    );
  });

  // End card: the call to action and the publishers of the evidence, as on the slide render.
  overlay.push(
    ...endCardTexts(out, {
      script,
      fonts,
      bold,
      layout,
      width: W,
      height: H,
      colors: { primary, background: bg },
      span: timeline.endCard,
    }),
  );

  // The AI label last, in a solid box contrasting with the primary colour it sits on or next to.
  overlay.push(
    out.drawtext({
      text: AI_LABEL,
      font: fonts.bold,
      size: label.size,
      color: ffColor(onColor(onColor(primary))),
      x: `w-text_w-${W - label.box.x - label.box.w + label.padding}`,
      y: label.y,
      box: { color: ffColor(onColor(primary)), padding: label.padding },
      enable: during(all),
    }),
  );

  const graph = [
    ...backgrounds,
    `${labels}concat=n=${timeline.scenes.length + 1}:v=1:a=0,setpts=N/(${fps}*TB),${overlay.join(',')},` +
      `format=yuv420p[v]`,
  ].join(';\n');
  return { graph, textFiles: out.textFiles };
}
