// The review page of variant B says what it is and what it says differently, in the reviewer's language.
import { describe, expect, it } from 'vitest';
import { loadTemplates } from '../../../prompts/templates.ts';
import { composeScript } from '../../../scripts/compose.ts';
import type { ScriptView } from '../../../services/script-view.ts';
import { briefForSegment, type CampaignVariants } from '../../../shared/variants.ts';
import { reviewBody } from '../../../web/views/review-page.ts';
import { HEAT_TODAY, heatBrief, heatClaims, heatSegment } from '../../scripts/heat-campaign.ts';

const variants: CampaignVariants = {
  split: 'schedule',
  switchAt: '2027-07-01T00:00:00Z',
  b: {
    name: 'shade-first',
    instruction: 'Start with where to find shade.',
    callToAction: { de: 'Suchen Sie heute mittags Schatten.' },
    wording: { de: { greeting: 'Kurz gesagt, für {audience}:' } },
  },
};
const words = (page: string) => page.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');

function page(segmentId: string, variant: ScriptView['variant'], locale: 'en' | 'de' = 'en'): string {
  const brief = briefForSegment({ ...heatBrief, variants }, segmentId);
  const segment = heatSegment(segmentId);
  const script = composeScript({
    brief,
    segment,
    claims: heatClaims,
    templates: loadTemplates().sources,
    today: HEAT_TODAY,
  });
  const view: ScriptView = {
    campaignId: 'heat',
    segmentId,
    segment,
    ...(variant ? { variant } : {}),
    current: {
      sha256: 'a'.repeat(64),
      campaignId: 'heat',
      segmentId,
      script,
      provider: 'local',
      templateHash: 'b'.repeat(64),
      round: 1,
      findings: [],
      createdAt: new Date('2027-06-15T08:00:00Z'),
    },
    claims: [],
    findings: [],
    sideBySide: [],
    versions: [],
  };
  return String(
    reviewBody({
      view,
      campaignTitle: 'Gut durch die Hitze',
      locale,
      decision: {
        campaignId: 'heat',
        segmentId,
        scriptSha256: view.current.sha256,
        status: 'IN_REVIEW',
        round: 1,
        approvalsRequired: 1,
        decisions: [],
        scenes: script.scenes.map((s) => s.onScreenText),
        user: { id: 'dr', displayName: 'Dr. R', role: 'medical_reviewer' },
        csrfToken: 'csrf',
      },
    }),
  );
}

describe('review page of a script variant', () => {
  const shown = {
    name: 'shade-first',
    of: 'gardeners',
    instruction: variants.b.instruction,
    callToAction: 'Suchen Sie heute mittags Schatten.',
    wording: ['greeting'],
  };

  it('names variant B, links its segment and says what was asked and what it says differently', () => {
    const html = page('gardeners.b', shown);
    const text = words(html);
    expect(text).toContain('B (shade-first) of segment gardeners');
    expect(html).toContain('href="/review/heat/gardeners"');
    expect(text).toContain('Asked of variant B: Start with where to find shade.');
    expect(text).toContain('Its own call to action: Suchen Sie heute mittags Schatten.');
    expect(text).toContain('Its own wording of: greeting');
    expect(words(page('gardeners.b', shown, 'de'))).toContain(
      'Eigene Handlungsaufforderung: Suchen Sie heute mittags Schatten.',
    );
  });

  it('says nothing of variants on the page of a segment’s own script', () => {
    expect(words(page('gardeners', undefined))).not.toMatch(/variant/i);
  });
});
