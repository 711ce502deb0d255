import { describe, expect, it } from 'vitest';
import { isClaimCurrent } from '../../shared/claims.ts';
import { checkCoverage } from '../../campaign/validate-campaign.ts';
import type { Claim } from '../../shared/types.ts';
import { EXAMPLE_TODAY, inputErrorMessage, loadExample } from '../segments/helpers.ts';

describe('checkCoverage', () => {
  it('accepts the example campaign', () => {
    const { brief, claims, segments, lines } = loadExample();
    expect(() => checkCoverage(brief, segments, claims, { lines, today: EXAMPLE_TODAY })).not.toThrow();
  });

  it('names the segments file line of a segment whose language has no call to action', () => {
    const { brief, claims, segments, lines } = loadExample();
    const callToAction = { ...brief.callToAction };
    delete callToAction.tr;
    const message = inputErrorMessage(() =>
      checkCoverage({ ...brief, callToAction }, segments, claims, { lines, today: EXAMPLE_TODAY }),
    );
    expect(message).toBe(
      `${brief.segmentsFile}:5:1: segment 'turkish-speaking-adults' is in 'tr' but the campaign has no callToAction.tr; add one to the campaign file`,
    );
  });

  it('refuses a segment no current claim answers in its language', () => {
    const { brief, claims, segments, lines } = loadExample();
    const withoutUk = claims.map((c): Claim => ({ ...c, text: { de: c.text.de ?? '' } }));
    const message = inputErrorMessage(() => checkCoverage(brief, segments, withoutUk, { lines, today: EXAMPLE_TODAY }));
    expect(message).toContain(
      `${brief.segmentsFile}:6:1: segment 'ukrainian-speaking-adults': no current claim in 'uk' answers its concern 'safety'`,
    );
    // One line per unanswered concern: 4 of the Turkish, 4 of the Ukrainian and 4 of the English segment.
    expect(message.split('\n')).toHaveLength(12);
  });

  it('does not count withdrawn or expired claims', () => {
    const { brief, segments } = loadExample();
    const segment = segments.filter((s) => s.id === 'pregnant');
    const base: Claim = {
      id: 'x',
      text: { de: 'Satz.' },
      topics: ['pregnancy'],
      source: { title: 't', publisher: 'p', url: 'https://x.example', date: '2025-01-01' },
      status: 'withdrawn',
    };
    const expired: Claim = { ...base, id: 'y', status: 'active', validUntil: '2026-03-31' };
    expect(() => checkCoverage(brief, segment, [base, expired], { today: EXAMPLE_TODAY })).toThrow(
      /:1:1: segment 'pregnant'/,
    );
  });
});

describe('isClaimCurrent', () => {
  it('treats validity dates as inclusive', () => {
    const claim: Claim = {
      id: 'x',
      text: {},
      topics: [],
      source: { title: 't', publisher: 'p', url: 'https://x.example', date: '2025-01-01' },
      status: 'active',
      validFrom: '2026-09-01',
      validUntil: '2027-03-31',
    };
    expect(isClaimCurrent(claim, '2026-09-01')).toBe(true);
    expect(isClaimCurrent(claim, '2027-03-31')).toBe(true);
    expect(isClaimCurrent(claim, '2026-08-31')).toBe(false);
    expect(isClaimCurrent(claim, '2027-04-01')).toBe(false);
  });
});

describe('variants across files', () => {
  it('names a segment variants.segments lists that the segments file does not have', () => {
    const { brief, claims, segments, lines } = loadExample();
    const variants = {
      split: 'schedule' as const,
      switchAt: '2027-01-01T00:00:00Z',
      segments: [segments[0]!.id, 'nobody-here'],
      b: { name: 'q', instruction: 'Ask first.' },
    };
    const message = inputErrorMessage(() =>
      checkCoverage({ ...brief, variants }, segments, claims, { lines, today: EXAMPLE_TODAY }),
    );
    expect(message).toBe(
      "campaign.yaml:1:1: variants.segments: no segment 'nobody-here' in the segments file; use an id from its segment_id column",
    );
  });
});
