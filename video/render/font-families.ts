// Font files of the bundled families: a campaign's `branding.font` picks one, DejaVu Sans by default.
import { dirname, join } from 'node:path';
import type { FontFamily } from '../../shared/fonts.ts';
import { resolveFont, type FontFiles } from './ffmpeg.ts';

const FILES: Readonly<Record<FontFamily, [regular: string, bold: string]>> = {
  'dejavu-sans': ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'],
  'dejavu-sans-condensed': ['DejaVuSansCondensed.ttf', 'DejaVuSansCondensed-Bold.ttf'],
  'dejavu-serif': ['DejaVuSerif.ttf', 'DejaVuSerif-Bold.ttf'],
};

/** The regular and bold files of `family` (default DejaVu Sans), from the same package as {@link resolveFont}. */
export function resolveFontFamily(family?: string): FontFiles {
  const fallback = resolveFont();
  const files = FILES[family as FontFamily];
  if (!files) return fallback;
  const dir = dirname(fallback.regular);
  return { regular: join(dir, files[0]), bold: join(dir, files[1]) };
}
