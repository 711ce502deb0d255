// The launch API takes what campaign.yaml may say about review and script variants, as the file parser does.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { launchRequestSchema } from '../../api/schemas.ts';
import { loadCampaign } from '../../cli/load-campaign.ts';

const briefSchema = launchRequestSchema.shape.brief;

async function measlesBrief() {
  return (await loadCampaign(join('examples', 'measles-catch-up', 'campaign.yaml'), {})).brief;
}

describe('launch request: review and variants', () => {
  it('accepts review.maxInReview and script variants as campaign.yaml writes them', async () => {
    const brief = {
      ...(await measlesBrief()),
      review: { approvalsRequired: 1, maxInReview: 50 },
      variants: {
        split: 'schedule' as const,
        switchAt: '2027-03-01T00:00:00+01:00',
        segments: ['childcare-staff'],
        b: {
          name: 'record-check',
          instruction: 'Open with the question.',
          callToAction: { de: 'Fragen Sie in Ihrer Praxis.' },
          wording: { de: { greeting: 'Guten Tag, {audience}!' } },
        },
      },
    };
    const parsed = briefSchema.safeParse(brief);
    expect(parsed.error?.issues).toBeUndefined();
    expect(parsed.data?.review.maxInReview).toBe(50);
    expect(parsed.data?.variants?.b.name).toBe('record-check');
  });

  it('refuses a variant split it does not know, a switch time without an offset and a segment id with a dot', async () => {
    const base = await measlesBrief();
    const bad = (variants: unknown) => briefSchema.safeParse({ ...base, variants }).error?.issues.map((i) => i.path);
    expect(bad({ split: 'random', b: { name: 'x' } })).toEqual([['variants', 'split']]);
    expect(bad({ split: 'schedule', switchAt: '2027-03-01 00:00', b: { name: 'x' } })).toEqual([
      ['variants', 'switchAt'],
    ]);
    expect(bad({ split: 'channel', segments: ['a.b'], channels: ['c'], b: { name: 'x' } })).toEqual([
      ['variants', 'segments', 0],
    ]);
  });

  it('checks a whole launch request as campaign.yaml is checked: the split needs its channels, B must differ', async () => {
    const brief = { ...(await measlesBrief()), variants: { split: 'channel' as const, b: { name: 'same' } } };
    const request = { brief, segments: [], claims: [] };
    const issues = launchRequestSchema.safeParse(request).error?.issues ?? [];
    expect(issues.filter((i) => i.path[0] === 'brief').map((i) => [i.path.join('.'), i.message])).toEqual([
      ['brief.variants.channels', 'is missing: name the channels that get variant B'],
      ['brief.variants.b', 'says nothing different from variant A: give an instruction, a callToAction or wording'],
    ]);
  });
});
