// Where the end card's text goes: the call to action, the publishers of the evidence, the check page's address and
// its QR code. Pure geometry from real glyph widths, so the render draws and the tests check the same boxes.
import type { Script } from '../../shared/types.ts';
import { titleSafeArea, type Box, type FrameLayout } from './frame-layout.ts';
import { blockHeight } from './layout.ts';
import { block, SPACING, type TextBlock, type TextMetrics } from './slide-layout.ts';

/**
 * Text whose lines must not be hyphenated (a web address): the largest size at which every line fits the box's width,
 * a line too long even at `sizes.min` broken after a dot, slash or dash, never with an added hyphen.
 */
function unbrokenBlock(text: string, metrics: TextMetrics, box: Box, sizes: { max: number; min: number }): TextBlock {
  const m = metrics.regular;
  const wrap = (size: number): string[] =>
    text.split('\n').flatMap((line) => {
      const lines: string[] = [];
      for (const part of line.split(/(?<=[./-])/)) {
        const last = lines.at(-1);
        if (last !== undefined && m.widthEm(last + part) * size <= box.w) lines[lines.length - 1] = last + part;
        else lines.push(part);
      }
      return lines;
    });
  let size = sizes.max;
  let lines = wrap(size);
  const fitsAt = (n: number, ls: string[]) =>
    ls.every((l) => m.widthEm(l) * n <= box.w) && blockHeight(m, n, ls.length, SPACING) <= box.h;
  // Smaller text before a broken address: shrink while a line had to break or the block does not fit.
  const explicit = text.split('\n').length;
  while (size > sizes.min && (lines.length > explicit || !fitsAt(size, lines))) {
    size -= 1;
    lines = wrap(size);
  }
  return {
    lines,
    fontSize: size,
    lineSpacing: Math.round(size * SPACING),
    weight: 'regular',
    x: box.x,
    y: box.y,
    height: blockHeight(m, size, lines.length, SPACING),
    box,
    fits: fitsAt(size, lines),
  };
}

/** The end card's text: the call to action, the publishers of the evidence at the foot, the check page's address. */
export interface EndCardLayout {
  cta: TextBlock;
  sources?: TextBlock;
  /** With a check address: the QR code's square (its PNG is drawn at this size) and the address under or beside it. */
  check?: { qr: Box; address: TextBlock };
}

/** Options of {@link endCardLayout}. */
export interface EndCardOptions {
  /** Pixels at the top of the content area kept free (for a logo). */
  reserveTop?: number;
  /** The text shown with the QR code (the check page's short address under a bilingual lead). */
  checkText?: string;
}

/**
 * Lays out the end card. With a check text, the QR code and its address take a column at the right of the call to
 * action and the sources (landscape and square), or a row of their own above the sources (portrait).
 */
export function endCardLayout(
  layout: FrameLayout,
  metrics: TextMetrics,
  script: Script,
  size: { width: number; height: number },
  opts: EndCardOptions = {},
): EndCardLayout {
  const { px, margin, area, portrait } = layout;
  const safe = titleSafeArea(size.width, size.height);
  const bottom = Math.min(size.height - px(56), safe.y + safe.h);
  const ctaTop = area.top + (opts.reserveTop ?? 0);
  const gap = px(24);
  // A square frame has no width to spare: its column is as wide as a smaller code, the address wrapping under it.
  const wide = size.width >= 1.5 * size.height;
  const qrSize = px(portrait ? 200 : wide ? 150 : 130);
  const column = opts.checkText && !portrait ? (wide ? Math.max(qrSize, px(230)) : qrSize) : 0;
  const w = size.width - 2 * margin - (column ? column + gap : 0);
  const publishers = [...new Set(script.sources.map((s) => s.publisher))].join(' · ');
  let sources: TextBlock | undefined;
  if (publishers) {
    const room = { x: margin, y: 0, w, h: blockHeight(metrics.regular, px(22), 3, SPACING) };
    const fitted = block(publishers, metrics, 'regular', room, { max: px(22), min: px(16) });
    const y = bottom - fitted.height;
    sources = { ...fitted, y, box: { ...fitted.box, y: bottom - room.h } };
  }
  let ctaBottom = (sources ? sources.box.y : bottom) - gap;
  let check: EndCardLayout['check'];
  if (opts.checkText && column) {
    // The column runs from the top of the call to action's room to the foot; the code sits at its foot.
    const x = size.width - margin - column;
    const room = { x, y: 0, w: column, h: blockHeight(metrics.regular, px(22), 4, SPACING) };
    const fitted = unbrokenBlock(opts.checkText, metrics, room, { max: px(22), min: px(14) });
    const y = bottom - fitted.height;
    const address = { ...fitted, y, box: { ...room, y, h: fitted.height } };
    check = { qr: { x, y: y - px(12) - qrSize, w: qrSize, h: qrSize }, address };
  } else if (opts.checkText) {
    const y = ctaBottom - qrSize;
    const room = { x: margin + qrSize + px(20), y, w: w - qrSize - px(20), h: qrSize };
    const fitted = unbrokenBlock(opts.checkText, metrics, room, { max: px(26), min: px(16) });
    const address = { ...fitted, y: Math.round(y + (qrSize - fitted.height) / 2) };
    check = { qr: { x: margin, y, w: qrSize, h: qrSize }, address };
    ctaBottom = y - gap;
  }
  const room = { x: margin, y: ctaTop, w, h: ctaBottom - ctaTop };
  // Beside the code in a square frame the call to action may get a little smaller than elsewhere, never below 24 px.
  const cta = block(script.callToAction, metrics, 'bold', room, {
    max: px(portrait ? 64 : 72),
    min: px(column && !wide ? 24 : 28),
  });
  const placed = { ...cta, y: Math.round(ctaTop + (room.h - cta.height) / 2) };
  return { cta: placed, ...(sources ? { sources } : {}), ...(check ? { check } : {}) };
}
