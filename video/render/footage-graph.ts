// Builds the ffmpeg filter graph for provider footage: generated clips as scene backgrounds, with the same on-screen
// text, title band, end card and AI label as the slide render, so every provider meets one standard.
import { RenderError } from '../../shared/errors.ts';
import { titleText } from './card-text.ts';
import { during } from './filters.ts';
import {
  aiLabel,
  captionFilters,
  checkOverlay,
  endCard,
  graphBasics,
  logoOverlays,
  pictogramOverlays,
  sceneText,
  type SlideGraph,
  type SlideGraphInput,
} from './graph-parts.ts';
import { ffColor } from './layout.ts';
import type { Span } from './timeline.ts';

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
  const { script, width: W, height: H, fonts, timeline, fps } = input;
  if (input.clipInputs.length !== script.scenes.length) {
    throw new RenderError(`Got ${input.clipInputs.length} clips for ${script.scenes.length} scenes`);
  }
  const g = graphBasics(input);
  const { out, layout, primary, slides, all } = g;
  const overlay: string[] = [];
  const frame = (seconds: number): number => Math.round(seconds * fps);
  const { band } = layout;

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
  script.scenes.forEach((scene, i) => {
    overlay.push(...sceneText(g, scene, timeline.scenes[i] as Span, 'footage').filters);
  });

  // End card: the call to action and the publishers of the evidence, as on the slide render.
  overlay.push(...endCard(g));

  // The AI label last, in a solid box contrasting with the primary colour it sits on or next to.
  overlay.push(aiLabel(g, primary, all));

  const icons = pictogramOverlays(g, 'footage', '[checked]', '[branded]');
  const graph = [
    ...backgrounds,
    `${labels}concat=n=${timeline.scenes.length + 1}:v=1:a=0,setpts=N/(${fps}*TB),${overlay.join(',')}[texts]`,
    ...logoOverlays(g, '[texts]', '[logoed]'),
    ...checkOverlay(g, '[logoed]', '[checked]'),
    ...icons.lines,
    `[branded]${[...captionFilters(g), 'format=yuv420p'].join(',')}[v]`,
  ].join(';\n');
  return {
    graph,
    textFiles: out.textFiles,
    ...(g.card.check ? { qr: g.card.check.qr } : {}),
    ...(icons.pictograms.length > 0 ? { pictograms: icons.pictograms } : {}),
  };
}
