import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCampaign, validateCampaign } from '../../cli/load-campaign.ts';
import { launchRequestSchema } from '../../api/schemas.ts';
import { validateCampaignTexts } from '../../services/campaign-files.ts';

const ENV = {
  KLARTEXT_DEMO_WEBHOOK_URL: 'http://127.0.0.1:9/hook',
  KLARTEXT_DEMO_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  KLARTEXT_DEMO_FEED_TOKEN: 'feed-token-for-logo-tests-only',
};
const LOGO_SVG = join(import.meta.dirname, '..', 'fixtures', 'branding', 'logo.svg');
const brandingSchema = launchRequestSchema.shape.brief.shape.branding;
let dir: string;

/** The example campaign with `logo: <logo>` added to its branding. */
async function campaignWithLogo(logo: string): Promise<string> {
  const file = join(dir, 'campaign.yaml');
  const text = await readFile(join(dir, 'campaign.original.yaml'), 'utf8');
  await writeFile(file, text.replace(/^branding:\n/m, `branding:\n  logo: ${logo}\n`));
  return file;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'klartext-logo-campaign-'));
  await cp(join('examples', 'measles-catch-up'), dir, { recursive: true });
  await cp(join(dir, 'campaign.yaml'), join(dir, 'campaign.original.yaml'));
  await cp(LOGO_SVG, join(dir, 'logo.svg'));
  await writeFile(join(dir, 'logo.gif'), 'GIF89a not a logo');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadCampaign with branding.logo', () => {
  it('carries the logo named relative to campaign.yaml as a data: URI the API accepts', async () => {
    const { brief } = await loadCampaign(await campaignWithLogo('logo.svg'), ENV);
    const svg = await readFile(LOGO_SVG);
    expect(brief.branding.logo).toBe(`data:image/svg+xml;base64,${svg.toString('base64')}`);
    expect(brandingSchema.safeParse(brief.branding).success).toBe(true);
  });

  it('names the line of a logo that is missing or neither PNG nor SVG', async () => {
    const missing = await validateCampaign(await campaignWithLogo('gone.svg'), ENV);
    expect(missing.problems.map((p) => [p.line, p.message])).toEqual([
      [expect.any(Number), expect.stringMatching(/branding\.logo: cannot read .*gone\.svg/)],
    ]);
    expect(missing.problems[0]!.line).toBeGreaterThan(1);
    const gif = await validateCampaign(await campaignWithLogo('logo.gif'), ENV);
    expect(gif.problems[0]?.message).toMatch(/neither a PNG nor an SVG/);
  });

  it('names the logo line of campaign files sent as text, whose logo file the server cannot read', async () => {
    const file = await campaignWithLogo('logo.svg');
    const text = async (name: string) => ({ path: name, text: await readFile(join(dir, name), 'utf8') });
    const checked = validateCampaignTexts(
      {
        campaign: { path: 'campaign.yaml', text: await readFile(file, 'utf8') },
        segments: await text('segments.csv'),
        claims: await text('claims.yaml'),
      },
      ENV,
      { sentAsTexts: true },
    );
    expect(checked.loaded).toBeUndefined();
    expect(checked.problems).toEqual([
      expect.objectContaining({
        file: 'campaign.yaml',
        message: expect.stringMatching(/^branding\.logo: a logo file cannot come/),
      }),
    ]);
    expect(checked.problems[0]!.line).toBeGreaterThan(1);
  });

  it('refuses a logo path sent to the API (a path names a file on the sender’s machine)', () => {
    const branding = {
      primaryColor: '#1F5C3A',
      backgroundColor: '#FBFAF5',
      textColor: '#141414',
      logo: '/tmp/logo.svg',
    };
    expect(brandingSchema.safeParse(branding).success).toBe(false);
  });
});
