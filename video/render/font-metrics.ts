// Reads glyph advance widths from a TrueType font (cmap + hmtx), so slide text is wrapped to its real width.
import { readFileSync } from 'node:fs';
import { RenderError } from '../../shared/errors.ts';

/** Horizontal metrics of one font, in em units (multiply by the font size in pixels). */
export interface FontMetrics {
  /** Advance width of a string, in em. */
  widthEm(text: string): number;
  /** Ascender minus descender, in em: the height ffmpeg's drawtext gives a line at most. */
  lineHeightEm: number;
}

const cache = new Map<string, FontMetrics>();

/** Finds the glyph id of a code point in a cmap format 4 (BMP) or format 12 (full Unicode) subtable. */
function glyphLookup(font: Buffer, sub: number): (cp: number) => number {
  const format = font.readUInt16BE(sub);
  if (format === 12) {
    const groups = font.readUInt32BE(sub + 12);
    return (cp) => {
      for (let g = 0; g < groups; g++) {
        const at = sub + 16 + g * 12;
        const start = font.readUInt32BE(at);
        if (cp >= start && cp <= font.readUInt32BE(at + 4)) return font.readUInt32BE(at + 8) + cp - start;
      }
      return 0;
    };
  }
  if (format !== 4) throw new RenderError(`Unsupported cmap format ${format}`);
  const segCount = font.readUInt16BE(sub + 6) / 2;
  const ends = sub + 14;
  const starts = ends + segCount * 2 + 2;
  const deltas = starts + segCount * 2;
  const rangeOffsets = deltas + segCount * 2;
  return (cp) => {
    if (cp > 0xffff) return 0;
    for (let s = 0; s < segCount; s++) {
      if (cp > font.readUInt16BE(ends + s * 2)) continue;
      const start = font.readUInt16BE(starts + s * 2);
      if (cp < start) return 0;
      const delta = font.readInt16BE(deltas + s * 2);
      const rangeOffset = font.readUInt16BE(rangeOffsets + s * 2);
      if (rangeOffset === 0) return (cp + delta) & 0xffff;
      const glyph = font.readUInt16BE(rangeOffsets + s * 2 + rangeOffset + (cp - start) * 2);
      return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
    }
    return 0;
  };
}

/** Loads (and caches) the metrics of a TrueType font file. */
export function loadFontMetrics(file: string): FontMetrics {
  const cached = cache.get(file);
  if (cached) return cached;
  const font = readFileSync(file);
  const tables = new Map<string, number>();
  for (let i = 0; i < font.readUInt16BE(4); i++) {
    const at = 12 + i * 16;
    tables.set(font.toString('latin1', at, at + 4), font.readUInt32BE(at + 8));
  }
  const [head, hhea, hmtx, cmap] = ['head', 'hhea', 'hmtx', 'cmap'].map((tag) => tables.get(tag));
  if (head === undefined || hhea === undefined || hmtx === undefined || cmap === undefined) {
    throw new RenderError(`${file} is not a TrueType font with horizontal metrics`);
  }
  const unitsPerEm = font.readUInt16BE(head + 18);
  const numberOfHMetrics = font.readUInt16BE(hhea + 34);
  const subtables = Array.from({ length: font.readUInt16BE(cmap + 2) }, (_, i) => ({
    platform: font.readUInt16BE(cmap + 4 + i * 8),
    encoding: font.readUInt16BE(cmap + 6 + i * 8),
    offset: cmap + font.readUInt32BE(cmap + 8 + i * 8),
  }));
  const unicode =
    subtables.find((t) => t.platform === 3 && t.encoding === 10) ??
    subtables.find((t) => t.platform === 3 && t.encoding === 1) ??
    subtables.find((t) => t.platform === 0);
  if (!unicode) throw new RenderError(`${file} has no Unicode cmap`);
  const glyphOf = glyphLookup(font, unicode.offset);
  const advances = new Map<number, number>();
  const advanceEm = (cp: number): number => {
    let em = advances.get(cp);
    if (em === undefined) {
      const glyph = Math.min(glyphOf(cp), numberOfHMetrics - 1);
      em = font.readUInt16BE(hmtx + glyph * 4) / unitsPerEm;
      advances.set(cp, em);
    }
    return em;
  };
  const metrics: FontMetrics = {
    widthEm: (text) => [...text].reduce((sum, ch) => sum + advanceEm(ch.codePointAt(0) ?? 0), 0),
    lineHeightEm: (font.readInt16BE(hhea + 4) - font.readInt16BE(hhea + 6)) / unitsPerEm,
  };
  cache.set(file, metrics);
  return metrics;
}
