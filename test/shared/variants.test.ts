// Script variants' rules: ids, the brief variant B is drafted from, which channel takes which video, the schedule.
import { describe, expect, it } from 'vitest';
import { composeScript } from '../../scripts/compose.ts';
import { loadTemplates } from '../../prompts/templates.ts';
import {
  briefForSegment,
  deliveredVariant,
  isVaried,
  variantFor,
  variantOf,
  variantRows,
  variantSchedule,
  variantSegmentId,
  variantShowing,
  variantTakesChannel,
  wilsonInterval,
  type CampaignVariants,
} from '../../shared/variants.ts';
import { HEAT_TODAY, heatBrief, heatClaims, heatSegment } from '../scripts/heat-campaign.ts';

const byChannel: CampaignVariants = {
  split: 'channel',
  segments: ['gardeners'],
  channels: ['social-b'],
  b: { name: 'shade-first', callToAction: { de: 'Suchen Sie heute mittags Schatten.' } },
};

describe('variant ids', () => {
  it('names variant B after its segment and reads both back', () => {
    const b = variantSegmentId('gardeners');
    expect(b).toBe('gardeners.b');
    expect(variantOf(b)).toEqual({ baseId: 'gardeners', variant: 'b' });
    expect(variantOf('gardeners')).toEqual({ baseId: 'gardeners', variant: 'a' });
    // An id merely ending in "b" is a segment of its own.
    expect(variantOf('night-shift-b')).toEqual({ baseId: 'night-shift-b', variant: 'a' });
  });

  it('copies only the segments that run variants, with their audience and aggregates', () => {
    const segments = [heatSegment('gardeners', { size: 700 }), heatSegment('night-shift')];
    expect(variantRows(byChannel, segments)).toEqual([{ ...segments[0], id: 'gardeners.b' }]);
    expect(variantRows({ ...byChannel, segments: undefined }, segments).map((s) => s.id)).toEqual([
      'gardeners.b',
      'night-shift.b',
    ]);
    expect(variantRows(undefined, segments)).toEqual([]);
    expect(isVaried(byChannel, 'night-shift')).toBe(false);
  });
});

describe('briefForSegment', () => {
  const brief = {
    ...heatBrief,
    variants: {
      ...byChannel,
      b: { ...byChannel.b, wording: { de: { greeting: 'Kurz gesagt, für {audience}:' } } },
    },
  };

  it("gives variant B its call to action and wording over the campaign's, and leaves A's brief alone", () => {
    const b = briefForSegment(brief, 'gardeners.b');
    expect(b.callToAction).toEqual({ de: 'Suchen Sie heute mittags Schatten.', en: heatBrief.callToAction.en });
    expect(b.wording?.de?.greeting).toBe('Kurz gesagt, für {audience}:');
    // The campaign's own wording in other languages stays.
    expect(b.wording?.en?.ctaHeading).toBe('Start today');
    expect(briefForSegment(brief, 'gardeners')).toBe(brief);
    expect(variantFor(brief, 'gardeners.b')?.name).toBe('shade-first');
    expect(variantFor(brief, 'gardeners')).toBeUndefined();
  });

  it('makes the composer write a different script for variant B of a second campaign', () => {
    const { sources: templates } = loadTemplates();
    const compose = (id: string) =>
      composeScript({
        brief: briefForSegment(brief, id),
        segment: heatSegment(id),
        claims: heatClaims,
        templates,
        today: HEAT_TODAY,
      });
    const a = compose('gardeners');
    const b = compose('gardeners.b');
    expect(a.callToAction).toBe(heatBrief.callToAction.de);
    expect(b.callToAction).toBe('Suchen Sie heute mittags Schatten.');
    expect(JSON.stringify(b)).toContain('Kurz gesagt, für');
    expect(JSON.stringify(a)).not.toContain('Kurz gesagt, für');
  });
});

describe('splits', () => {
  it('by channel: B to the named channels only, A to every other, unvaried segments everywhere', () => {
    expect(variantTakesChannel(byChannel, 'gardeners.b', 'social-b')).toBe(true);
    expect(variantTakesChannel(byChannel, 'gardeners.b', 'website')).toBe(false);
    expect(variantTakesChannel(byChannel, 'gardeners', 'social-b')).toBe(false);
    expect(variantTakesChannel(byChannel, 'gardeners', 'website')).toBe(true);
    expect(variantTakesChannel(byChannel, 'night-shift', 'social-b')).toBe(true);
    expect(variantTakesChannel(undefined, 'gardeners', 'social-b')).toBe(true);
  });

  it('by schedule: B from the switch replacing A, A only before it, others unscheduled', () => {
    const at = '2027-07-01T00:00:00+02:00';
    const runs = new Set(['gardeners.b']);
    const hasVariant = (id: string) => runs.has(variantSegmentId(id));
    expect(variantSchedule(at, 'gardeners.b', hasVariant)).toEqual({
      deliverFrom: at,
      replacesSegmentId: 'gardeners',
    });
    expect(variantSchedule(at, 'gardeners', hasVariant)).toEqual({ deliverUntil: at });
    expect(variantSchedule(at, 'night-shift', hasVariant)).toBeUndefined();
    expect(variantSchedule(undefined, 'gardeners.b', hasVariant)).toBeUndefined();
  });

  it('by schedule, a late channel gets the variant others show: A before the switch, B after it once published', () => {
    const variants: CampaignVariants = {
      split: 'schedule',
      switchAt: '2027-07-01T00:00:00Z',
      segments: ['gardeners'],
      b: { name: 'later', instruction: 'Ask first.' },
    };
    const before = new Date('2027-06-30T12:00:00Z');
    const after = new Date('2027-07-01T00:00:00Z');
    const bPublished = () => true;
    const bPending = () => false;
    expect(variantShowing(variants, 'gardeners', before, bPublished)).toBe(true);
    expect(variantShowing(variants, 'gardeners.b', before, bPublished)).toBe(false);
    expect(variantShowing(variants, 'gardeners', after, bPublished)).toBe(false);
    expect(variantShowing(variants, 'gardeners.b', after, bPublished)).toBe(true);
    // After the switch, while B has no published video, A is what channels have.
    expect(variantShowing(variants, 'gardeners', after, bPending)).toBe(true);
    expect(variantShowing(variants, 'night-shift', after, bPublished)).toBe(true);
    expect(variantShowing(byChannel, 'gardeners.b', before, bPending)).toBe(true);
  });

  it("tells channels a varied segment's letter and variant name", () => {
    expect(deliveredVariant(byChannel, 'gardeners.b')).toEqual({
      segmentId: 'gardeners',
      letter: 'b',
      name: 'shade-first',
    });
    expect(deliveredVariant(byChannel, 'gardeners')).toEqual({ segmentId: 'gardeners', letter: 'a', name: 'a' });
    expect(deliveredVariant(byChannel, 'night-shift')).toBeUndefined();
  });
});

describe('wilsonInterval', () => {
  it('matches published values and stays inside [0, 1]', () => {
    const half = wilsonInterval(50, 100)!;
    expect(half.rate).toBe(0.5);
    expect(half.low).toBeCloseTo(0.4038, 4);
    expect(half.high).toBeCloseTo(0.5962, 4);
    expect(wilsonInterval(0, 10)).toMatchObject({ low: 0 });
    expect(wilsonInterval(0, 10)!.high).toBeCloseTo(0.2775, 4);
    expect(wilsonInterval(10, 10)!.low).toBeCloseTo(0.7225, 4);
    expect(wilsonInterval(10, 10)!.high).toBe(1);
  });

  it('has no interval without views or for impossible counts', () => {
    expect(wilsonInterval(0, 0)).toBeUndefined();
    expect(wilsonInterval(5, 3)).toBeUndefined();
  });
});
