// Wilson intervals against known values, and the variant comparison's sums over published rows only.
import { describe, expect, it } from 'vitest';
import { publishOutcomes, type OutcomeCounts } from '../../shared/outcomes.ts';
import { compareVariants } from '../../shared/variant-comparison.ts';
import { wilsonInterval } from '../../shared/variants.ts';

describe('wilsonInterval', () => {
  it.each([
    [0, 10, 0, 0, 0.2775],
    [10, 10, 1, 0.7225, 1],
    [50, 100, 0.5, 0.4038, 0.5962],
    [1, 20, 0.05, 0.0089, 0.2361],
  ])('gives %i of %i a rate of %f within [%f, %f]', (successes, trials, rate, low, high) => {
    const interval = wilsonInterval(successes, trials)!;
    expect(interval.rate).toBeCloseTo(rate, 4);
    expect(interval.low).toBeCloseTo(low, 4);
    expect(interval.high).toBeCloseTo(high, 4);
  });

  it('has no interval without trials, or with more successes than trials', () => {
    expect(wilsonInterval(0, 0)).toBeUndefined();
    expect(wilsonInterval(3, 2)).toBeUndefined();
  });
});

/** A hearing-screening campaign's rows: segment `older-adults` runs B on the feed, its own script on the CMS. */
const row = (segmentId: string, channelId: string, views: number, completions: number): OutcomeCounts => ({
  segmentId,
  channelId,
  videoSha256: `${segmentId}-${channelId}`.padEnd(64, '0'),
  views,
  completions,
  ctaClicks: 0,
  observedAt: '2026-12-07T10:00:00.000Z',
});
const K = 11;
const published = publishOutcomes(
  [
    row('older-adults', 'cms', 200, 120),
    row('older-adults', 'radio-site', 80, 40),
    // Views published, completions below k: left out whole, its 80 views too.
    row('older-adults', 'newsletter', 80, 6),
    row('older-adults.b', 'feed', 150, 105),
    row('older-adults.b', 'app', 5, 4),
    row('parents-tr', 'cms', 300, 150),
  ],
  K,
);

describe('compareVariants', () => {
  it('sums each variant over the rows whose views and completions both show, and counts the rows left out', () => {
    const [cmp, ...rest] = compareVariants(published);
    expect(rest).toEqual([]);
    expect(cmp).toMatchObject({
      segmentId: 'older-adults',
      a: { segmentId: 'older-adults', views: 280, completions: 160, rows: 2, withheldRows: 1 },
      b: { segmentId: 'older-adults.b', views: 150, completions: 105, rows: 1, withheldRows: 1 },
    });
    expect(cmp!.a.channels).toEqual(['cms', 'newsletter', 'radio-site']);
    expect(cmp!.b.channels).toEqual(['app', 'feed']);
    expect(cmp!.a.completionRate).toBeCloseTo(160 / 280, 10);
    expect(cmp!.b.interval!.low).toBeCloseTo(wilsonInterval(105, 150)!.low, 10);
    expect(cmp!.b.interval!.high).toBeCloseTo(wilsonInterval(105, 150)!.high, 10);
  });

  it('never adds a suppressed count: the sums are those of rows the outcomes table shows', () => {
    const [cmp] = compareVariants(published);
    const shown = published.filter(
      (r) => r.segmentId === 'older-adults' && typeof r.views === 'number' && typeof r.completions === 'number',
    );
    expect(cmp!.a.views).toBe(shown.reduce((n, r) => n + (r.views as number), 0));
    // The hidden completions (6) and the B row's counts below k (5, 4) appear nowhere.
    expect(JSON.stringify(cmp)).not.toMatch(/"(views|completions)":(6|5|4|360|166|155|109)\b/);
  });

  it('shows a varied segment without outcomes, and leaves segments without a B row out', () => {
    const cmp = compareVariants(published, ['hearing-aids-de', 'hearing-aids-de.b', 'parents-tr.b']);
    expect(cmp.map((c) => c.segmentId)).toEqual(['hearing-aids-de', 'older-adults', 'parents-tr']);
    expect(cmp[0]).toMatchObject({ a: { views: 0, rows: 0, withheldRows: 0, channels: [] }, b: { views: 0 } });
    expect(cmp[0]!.a).not.toHaveProperty('interval');
    expect(cmp[0]!.a).not.toHaveProperty('completionRate');
    expect(cmp[2]).toMatchObject({ a: { views: 300, completions: 150 }, b: { views: 0, rows: 0 } });
  });

  it('names no winner: A and B carry the same fields, nothing ranks them', () => {
    const [cmp] = compareVariants(published);
    expect(Object.keys(cmp!).sort()).toEqual(['a', 'b', 'segmentId']);
    expect(Object.keys(cmp!.a).sort()).toEqual(Object.keys(cmp!.b).sort());
    expect(JSON.stringify(cmp)).not.toMatch(/winner|better|significant|overlap/i);
  });
});
