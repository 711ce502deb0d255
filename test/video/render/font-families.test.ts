import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkCampaignFile } from '../../../campaign/campaign-file.ts';
import { FONT_FAMILIES } from '../../../shared/fonts.ts';
import { resolveFont } from '../../../video/render/ffmpeg.ts';
import { resolveFontFamily } from '../../../video/render/font-families.ts';
import { loadFontMetrics } from '../../../video/render/font-metrics.ts';

const ENV = {
  KLARTEXT_DEMO_WEBHOOK_URL: 'http://127.0.0.1:9/hook',
  KLARTEXT_DEMO_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  KLARTEXT_DEMO_FEED_TOKEN: 'feed-token-for-font-tests-only',
};
const withFont = (font: string) =>
  readFileSync('examples/measles-catch-up/campaign.yaml', 'utf8').replace(
    /^branding:\n/m,
    `branding:\n  font: ${font}\n`,
  );

describe('resolveFontFamily', () => {
  it('finds the regular and bold file of every bundled family', () => {
    for (const family of FONT_FAMILIES) {
      const files = resolveFontFamily(family);
      expect(existsSync(files.regular) && existsSync(files.bold)).toBe(true);
      expect(loadFontMetrics(files.bold).widthEm('Impfung')).toBeGreaterThan(1);
    }
  });

  it('sets the condensed family narrower than the default, which it falls back to when none is chosen', () => {
    const text = 'Bringen Sie Ihren Impfpass mit.';
    const width = (f: string) => loadFontMetrics(f).widthEm(text);
    expect(width(resolveFontFamily('dejavu-sans-condensed').bold)).toBeLessThan(width(resolveFont().bold));
    expect(resolveFontFamily(undefined)).toEqual(resolveFont());
  });
});

describe('branding.font in campaign.yaml', () => {
  it('takes a bundled family and names the line of any other', () => {
    expect(checkCampaignFile(withFont('dejavu-serif'), 'campaign.yaml', ENV).brief?.branding.font).toBe('dejavu-serif');
    const { problems } = checkCampaignFile(withFont('comic-sans'), 'campaign.yaml', ENV);
    expect(problems).toEqual([
      expect.objectContaining({ line: 15, message: expect.stringContaining('branding.font') }),
    ]);
  });
});
