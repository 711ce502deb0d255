// Concern pictograms as PNG files for ffmpeg: a Lucide icon (`lucide-static`, ISC) in one colour, rasterised by resvg.
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { RenderError } from '../../shared/errors.ts';

const ICON_DIR = join(dirname(createRequire(import.meta.url).resolve('lucide-static/package.json')), 'icons');

/** One pictogram to draw: the icon's name, its colour (`#RRGGBB`) and the side of its square in pixels. */
export interface PictogramSpec {
  name: string;
  color: string;
  size: number;
}

/**
 * Writes the icon as a transparent PNG of `size` × `size` pixels, its strokes in `color`.
 * @throws RenderError when the set has no icon of that name (campaign files are checked on loading; this guards a
 * script stored before the set changed).
 */
export async function writePictogramPng(spec: PictogramSpec, outPng: string): Promise<void> {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(spec.name) || !/^#[0-9A-Fa-f]{6}$/.test(spec.color)) {
    throw new RenderError(`Pictogram '${spec.name}' in ${spec.color} cannot be drawn: not an icon name or colour`);
  }
  let svg: string;
  try {
    svg = await readFile(join(ICON_DIR, `${spec.name}.svg`), 'utf8');
  } catch (cause) {
    throw new RenderError(`Pictogram '${spec.name}' is not a Lucide icon; fix concerns.<id>.icon`, { cause });
  }
  const coloured = svg.replaceAll('currentColor', spec.color);
  const png = new Resvg(coloured, { fitTo: { mode: 'width', value: spec.size }, font: { loadSystemFonts: false } });
  await writeFile(outPng, png.render().asPng());
}
