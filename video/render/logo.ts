// The campaign's logo as a PNG file for ffmpeg: SVG rasterised with resvg, PNG passed through; from a data URI or path.
import { readFile, writeFile } from 'node:fs/promises';
import { Resvg } from '@resvg/resvg-js';
import { RenderError } from '../../shared/errors.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const DATA_URI = /^data:(image\/png|image\/svg\+xml);base64,([A-Za-z0-9+/]+={0,2})$/;

/** A logo's bytes and kind. */
export interface LogoImage {
  type: 'png' | 'svg';
  bytes: Buffer;
}

/** Tells PNG from SVG by content; undefined when the bytes are neither. */
export function logoType(bytes: Buffer): LogoImage['type'] | undefined {
  if (bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return 'png';
  const head = bytes.subarray(0, 4096).toString('utf8');
  return /<svg[\s>]/.test(head) ? 'svg' : undefined;
}

/** Reads a logo given as a `data:image/png|svg+xml;base64,…` URI or as a file path. */
export async function readLogo(logo: string): Promise<LogoImage> {
  const data = DATA_URI.exec(logo);
  let bytes: Buffer;
  if (data) bytes = Buffer.from(data[2] ?? '', 'base64');
  else {
    try {
      bytes = await readFile(logo);
    } catch (cause) {
      throw new RenderError(`Logo file ${logo} cannot be read on this worker; fix branding.logo`, { cause });
    }
  }
  const type = logoType(bytes);
  if (!type) throw new RenderError('The campaign logo is neither a PNG nor an SVG image; fix branding.logo');
  return { type, bytes };
}

/** `data:` URI of a logo, as the campaign brief carries it. */
export function logoDataUri(image: LogoImage): string {
  return `data:${image.type === 'png' ? 'image/png' : 'image/svg+xml'};base64,${image.bytes.toString('base64')}`;
}

/**
 * Writes the logo as a PNG at `outPng`; an SVG is rasterised `heightPx` high (ffmpeg scales it down from there).
 * @throws RenderError when the SVG cannot be parsed.
 */
export async function writeLogoPng(image: LogoImage, heightPx: number, outPng: string): Promise<void> {
  if (image.type === 'png') return writeFile(outPng, image.bytes);
  try {
    const svg = new Resvg(image.bytes, {
      fitTo: { mode: 'height', value: heightPx },
      font: { loadSystemFonts: false },
    });
    await writeFile(outPng, svg.render().asPng());
  } catch (cause) {
    throw new RenderError(`The campaign's SVG logo cannot be drawn (${(cause as Error).message}); fix branding.logo`, {
      cause,
    });
  }
}
