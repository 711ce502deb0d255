// Calm motion on slides: a soft disc of the brand's primary colour drifting slowly behind the text.
import { writeFile } from 'node:fs/promises';
import { Resvg } from '@resvg/resvg-js';
import { num } from './filters.ts';
import type { FrameLayout } from './frame-layout.ts';

/** Opacity at the disc's centre; it fades to nothing at its rim, so the background never changes abruptly. */
export const BACKDROP_OPACITY = 0.1;
/** Seconds for one slow round of the drift. */
export const BACKDROP_PERIOD_SECONDS = 36;
/**
 * How often a second the disc moves on (a step of at most 3 px at 720 p, unseen in its soft gradient); between steps
 * frames repeat, which costs the filters and the encoder next to nothing.
 */
export const BACKDROP_STEPS_PER_SECOND = 5;

/** `#RRGGBB` of `top` laid over `base` at `opacity`: the darkest (or lightest) the background gets under the disc. */
export function tinted(base: string, top: string, opacity = BACKDROP_OPACITY): string {
  const channels = (hex: string) => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  const [b, t] = [channels(base), channels(top)];
  const mixed = b.map((c, i) => Math.round(c * (1 - opacity) + (t[i] ?? 0) * opacity));
  return `#${mixed.map((c) => c.toString(16).padStart(2, '0').toUpperCase()).join('')}`;
}

/** Where the disc goes: its side in pixels and overlay `x`/`y` expressions of `t` (a slow ellipse, no jumps). */
export function backdropPlacement(layout: FrameLayout, width: number, height: number) {
  const { px, area } = layout;
  const size = Math.round(Math.min(width, height) * 1.1);
  const cx = Math.round(width * (layout.portrait ? 0.6 : 0.7));
  const cy = Math.round(area.top + area.height * 0.55);
  const turn = `2*PI*t/${num(BACKDROP_PERIOD_SECONDS)}`;
  const reach = { x: px(80), y: px(40) };
  return {
    size,
    x: `${cx - Math.round(size / 2)}+${reach.x}*sin(${turn})`,
    y: `${cy - Math.round(size / 2)}+${reach.y}*cos(${turn})`,
    /** The fastest the disc moves, in pixels per second. */
    speed: (2 * Math.PI * Math.max(reach.x, reach.y)) / BACKDROP_PERIOD_SECONDS,
  };
}

/** Writes the disc as a transparent PNG of `size` × `size`: `color` at the centre, fading radially to nothing. */
export async function writeBackdropPng(color: string, size: number, outPng: string): Promise<void> {
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><defs><radialGradient id="g">' +
    `<stop offset="0" stop-color="${color}" stop-opacity="${BACKDROP_OPACITY}"/>` +
    `<stop offset="1" stop-color="${color}" stop-opacity="0"/></radialGradient></defs>` +
    '<circle cx="50" cy="50" r="50" fill="url(#g)"/></svg>';
  const png = new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } });
  await writeFile(outPng, png.render().asPng());
}
