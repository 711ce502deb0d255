// Open (burned-in) captions for muted autoplay: each caption cue drawn in a dark box along the foot of the frame.
import type { Script } from '../../shared/types.ts';
import { captionCues } from './captions.ts';
import { during, type FilterWriter } from './filters.ts';
import type { FontMetrics } from './font-metrics.ts';
import { CAPTION_STYLE, type Box, type FrameLayout } from './frame-layout.ts';
import { blockHeight, fitText, WHITE, ffColor } from './layout.ts';
import type { Timeline } from './timeline.ts';
import type { TextBlock } from './slide-layout.ts';

/** A caption cue laid out in the captions band: its text block and when it shows. */
export interface PlacedCaption {
  start: number;
  end: number;
  block: TextBlock;
}

/** Lays out the scenes' caption cues inside `band`, bottom-aligned, wrapped to the band's width and never cut. */
export function placeCaptions(
  script: Script,
  timeline: Timeline,
  layout: FrameLayout,
  bold: FontMetrics,
  band: Box,
): PlacedCaption[] {
  const pad = layout.px(CAPTION_STYLE.padding);
  const room = { x: band.x + pad, y: band.y + pad, w: band.w - 2 * pad, h: band.h - 2 * pad };
  const cues = captionCues(script, timeline);
  // A cue placed elsewhere in WebVTT (the spoken disclosure, at the top) shares the band only when nothing else is
  // showing: unnarrated videos caption it alongside scene 1, where the permanent AI label already discloses.
  // The end card shows the call to action in large letters as it is spoken, so its caption is not drawn twice.
  const shown = cues.filter(
    (cue) =>
      cue.start < timeline.endCard.start &&
      (!cue.settings || !cues.some((o) => o !== cue && !o.settings && o.start < cue.end && cue.start < o.end)),
  );
  return shown.map((cue) => {
    const fitted = fitText(cue.lines.join(' '), bold, {
      width: room.w,
      height: room.h,
      maxSize: layout.px(CAPTION_STYLE.size),
      minSize: layout.px(CAPTION_STYLE.minSize),
      lineSpacing: CAPTION_STYLE.lineSpacing,
    });
    const height = blockHeight(bold, fitted.fontSize, fitted.lines.length, CAPTION_STYLE.lineSpacing);
    const block: TextBlock = {
      lines: fitted.lines,
      fontSize: fitted.fontSize,
      lineSpacing: Math.round(fitted.fontSize * CAPTION_STYLE.lineSpacing),
      weight: 'bold',
      x: room.x,
      y: room.y + room.h - height,
      height,
      box: room,
      fits: fitted.fits,
    };
    return { start: cue.start, end: cue.end, block };
  });
}

/** drawtext filters showing each cue in white on a dark box, centred, during its time. */
export function openCaptionFilters(out: FilterWriter, boldFont: string, captions: PlacedCaption[], pad: number) {
  return captions.map(({ start, end, block }) =>
    out.drawtext({
      text: block.lines.join('\n'),
      font: boldFont,
      size: block.fontSize,
      lineSpacing: block.lineSpacing,
      color: ffColor(WHITE),
      x: `${block.box.x}+(${block.box.w}-text_w)/2`,
      y: String(block.y),
      box: { color: '0x000000@0.9', padding: pad },
      enable: during({ start, end }),
    }),
  );
}
