import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { launchRequestSchema } from '../../api/schemas.ts';
import { loadCampaign } from '../../cli/load-campaign.ts';

const ENV = {
  KLARTEXT_DEMO_WEBHOOK_URL: 'http://127.0.0.1:9/hook',
  KLARTEXT_DEMO_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  KLARTEXT_DEMO_FEED_TOKEN: 'feed-token-for-icon-tests-only-0123456789',
};
const concernsSchema = launchRequestSchema.shape.brief.shape.concerns;

describe('launch request: concern pictograms', () => {
  it.each(['autumn-vaccination-2026', 'measles-catch-up'])('accepts the icons of the %s example', async (example) => {
    const { brief } = await loadCampaign(join('examples', example, 'campaign.yaml'), ENV);
    const icons = Object.values(brief.concerns ?? {}).map((c) => c.icon);
    expect(icons.length).toBeGreaterThan(0);
    expect(icons.every(Boolean)).toBe(true);
    expect(concernsSchema.safeParse(brief.concerns).success).toBe(true);
  });

  it('refuses an icon the set does not have, naming the nearest', () => {
    const result = concernsSchema.safeParse({ safety: { icon: 'calender' } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/'calender' is not a Lucide icon; did you mean 'calendar'/);
  });
});
