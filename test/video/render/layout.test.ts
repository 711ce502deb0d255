import { describe, expect, it } from 'vitest';
import { resolveFont } from '../../../video/render/ffmpeg.ts';
import { loadFontMetrics } from '../../../video/render/font-metrics.ts';
import { frameLayout, titleSafeArea } from '../../../video/render/frame-layout.ts';
import {
  contrastRatio,
  ffColor,
  fitText,
  INK,
  onColor,
  readableOn,
  WHITE,
  wrapToWidth,
} from '../../../video/render/layout.ts';
import { RenderError } from '../../../shared/errors.ts';

const bold = loadFontMetrics(resolveFont().bold);

describe('loadFontMetrics', () => {
  it('measures wide glyphs wider than narrow ones, in Latin and Cyrillic', () => {
    expect(bold.widthEm('W')).toBeGreaterThan(bold.widthEm('i'));
    expect(bold.widthEm('Щ')).toBeGreaterThan(bold.widthEm('і'));
    expect(bold.widthEm('ğüşİ')).toBeGreaterThan(1.5);
    expect(bold.lineHeightEm).toBeGreaterThan(1);
  });
});

describe('contrast helpers', () => {
  it('computes the WCAG contrast of black on white as 21', () => {
    expect(contrastRatio('#000000', '#FFFFFF')).toBeCloseTo(21, 5);
  });

  it('picks white on dark and near-black on light colours', () => {
    expect(onColor('#0B5394')).toBe(WHITE);
    expect(onColor('#FFE066')).toBe(INK);
  });

  it('replaces a preferred text colour that fails WCAG AA', () => {
    expect(readableOn('#F4F7FB', '#1B2733')).toBe('#1B2733');
    expect(readableOn('#F4F7FB', '#BBBBBB')).toBe(INK);
  });

  it('rejects colours that are not #RRGGBB', () => {
    expect(() => ffColor('blue')).toThrow(RenderError);
    expect(ffColor('#0b5394', 0.5)).toBe('0x0B5394@0.5');
  });
});

describe('fitText', () => {
  const box = { width: 1136, height: 500, maxSize: 68, minSize: 30, lineSpacing: 0.22 };

  it('keeps short text at the largest size with every line inside the box width', () => {
    const fitted = fitText('Щеплення безкоштовне для людей 60+', bold, box);
    expect(fitted.fontSize).toBe(68);
    for (const line of fitted.lines) expect(bold.widthEm(line) * fitted.fontSize).toBeLessThanOrEqual(box.width);
  });

  it('shrinks the font when long text would not fit the box height', () => {
    const long = 'Die Grippeimpfung ist für alle Menschen ab sechzig Jahren kostenlos. '.repeat(4);
    const fitted = fitText(long, bold, box);
    expect(fitted.fontSize).toBeLessThan(68);
    expect(fitted.lines.join(' ')).toBe(long.trim());
  });

  it('hyphen-breaks one overlong word instead of shrinking the slide to the minimum size', () => {
    const fitted = fitText('Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen', bold, { ...box, width: 600 });
    expect(fitted.fontSize).toBeGreaterThan(box.minSize);
    expect(fitted.lines.length).toBeGreaterThan(1);
    expect(fitted.lines[0]?.endsWith('-')).toBe(true);
    for (const line of fitted.lines) expect(bold.widthEm(line) * fitted.fontSize).toBeLessThanOrEqual(600);
  });

  it('never cuts text that does not fit at the smallest size, and says so', () => {
    const long = 'Die Grippeimpfung ist für alle Menschen ab sechzig Jahren kostenlos. '.repeat(20);
    const fitted = fitText(long, bold, { ...box, height: 100 });
    expect(fitted.fits).toBe(false);
    expect(fitted.lines.join(' ')).toBe(long.trim());
  });

  it('keeps explicit line breaks', () => {
    expect(wrapToWidth('Erstens\nZweitens', bold, 60, 1000)).toEqual(['Erstens', 'Zweitens']);
  });
});

describe('frameLayout', () => {
  it.each([
    [1280, 720],
    [720, 1280],
    [640, 360],
    [720, 720],
    [1080, 1920],
  ])('keeps the AI label box inside the 90 %% title-safe area at %ix%i', (width, height) => {
    const { label } = frameLayout(width, height, 'Grippe & Corona: Impfung im Herbst', bold);
    const safe = titleSafeArea(width, height);
    expect(label.box.x).toBeGreaterThanOrEqual(safe.x);
    expect(label.box.y).toBeGreaterThanOrEqual(safe.y);
    expect(label.box.x + label.box.w).toBeLessThanOrEqual(safe.x + safe.w);
    expect(label.box.y + label.box.h).toBeLessThanOrEqual(safe.y + safe.h);
    expect(Number(label.y)).toBe(label.box.y + label.padding);
  });
});

describe('frameLayout title', () => {
  const long = 'Masern-Impfung nachholen – für junge Erwachsene, die nach 1970 geboren sind und ihren Impfpass suchen';

  it('wraps a long title instead of cutting it, beside the label when it fits there', () => {
    const layout = frameLayout(1280, 720, long, bold);
    expect(layout.title.fits).toBe(true);
    expect(layout.title.lines.join(' ')).toBe(long);
    for (const line of layout.title.lines) {
      expect(bold.widthEm(line) * layout.title.fontSize).toBeLessThanOrEqual(layout.titleBox.w);
    }
  });

  it('moves the label below the band when the title needs the full width', () => {
    const layout = frameLayout(720, 720, long, bold);
    expect(layout.stacked).toBe(true);
    expect(layout.label.box.y).toBeGreaterThanOrEqual(layout.band);
    expect(layout.area.top).toBeGreaterThan(layout.label.box.y + layout.label.box.h);
  });
});
