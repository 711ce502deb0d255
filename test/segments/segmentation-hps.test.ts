import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSegments } from '../../segments/segmentation.ts';
import type { AudienceSegment } from '../../segments/segmentation.ts';
import { parseSegmentationSpec } from '../../segments/spec.ts';
import { csvFileSource, readCsv } from './row-source.ts';

const DATA = join(import.meta.dirname, '../fixtures/hps_week22_sample/hps_week22_vaccine_sample_1in10.csv');
const SPEC = join(import.meta.dirname, '../../examples/hps-week22/segmentation.yaml');
const specText = readFileSync(SPEC, 'utf8');
// The same spec with exact counts, for checks that compare counts one to one (shares are the same either way).
const exactText = specText.replace('method: cellKey', 'method: none');
const REASONS = [
  'side-effects',
  'effectiveness',
  'not-needed',
  'dislike-vaccines',
  'no-doctor-recommendation',
  'wait-and-see',
  'others-need-more',
  'cost',
  'distrust-vaccine',
  'distrust-government',
  'other',
];

// The hand computation, written from the codebook (SOURCE.md), independent of the spec machinery.
const { header, rows } = readCsv(DATA);
const col = (name: string) => header.indexOf(name);
const shown = rows.filter((r) => r[col('DOSES')] === '2' || ['2', '3', '4'].includes(r[col('GETVACC')] as string));
const age = (r: string[]) => {
  const years = 2021 - Number(r[col('TBIRTH_YEAR')]);
  return years < 30 ? '18-29' : years < 45 ? '30-44' : years < 65 ? '45-64' : '65+';
};
const LABELS: Record<string, (r: string[]) => string> = {
  age,
  sex: (r) => (r[col('EGENDER')] === '1' ? 'male' : 'female'),
  region: (r) => ['northeast', 'south', 'midwest', 'west'][Number(r[col('REGION')]) - 1] as string,
  education: (r) => {
    const e = Number(r[col('EEDUC')]);
    return e <= 3 ? 'high-school-or-less' : e <= 5 ? 'some-college' : 'bachelor-or-higher';
  },
};

/** Weighted share of reason `i` (1-based) among `members` shown the item: Σ w·[=1] / Σ w·[1 or -99]. */
function handShare(members: string[][], i: number): { share: number; asked: number } {
  const asked = members.filter((r) => ['1', '-99'].includes(r[col(`WHYNOT${i}`)] as string));
  const weight = (list: string[][]) => list.reduce((sum, r) => sum + Number(r[col('PWEIGHT')]), 0);
  return { share: weight(asked.filter((r) => r[col(`WHYNOT${i}`)] === '1')) / weight(asked), asked: asked.length };
}

describe('buildSegments on the Household Pulse Survey sample', () => {
  it('segments the sample cleanly with the shipped spec', async () => {
    const { segments, report } = await buildSegments(csvFileSource(DATA), parseSegmentationSpec(specText, SPEC));
    expect(report).toMatchObject({
      k: 11,
      rowsRead: 6835,
      rowsFiltered: 6835 - shown.length,
      rowsUsed: shown.length,
      rowsRejected: 0,
      identifiersDropped: ['SCRAM'],
      weight: 'PWEIGHT',
    });
    expect(shown).toHaveLength(2438);
    expect(segments.length).toBeGreaterThan(20);
    // Published sizes are perturbed (cell key method, at most ±3) and never below k.
    expect(Math.min(...segments.map((s) => s.size))).toBeGreaterThanOrEqual(11);
    const published = segments.reduce((sum, s) => sum + s.size, 0);
    expect(Math.abs(published - (report.rowsUsed - report.rowsSuppressed))).toBeLessThanOrEqual(3 * segments.length);
    expect(published).not.toBe(report.rowsUsed - report.rowsSuppressed);
    const exact = await buildSegments(csvFileSource(DATA), parseSegmentationSpec(exactText, SPEC));
    expect(exact.segments.reduce((sum, s) => sum + s.size, 0)).toBe(report.rowsUsed - report.rowsSuppressed);
    // The main concern of every segment is published (the figure the README quotes).
    expect(report.mainConcernPublished).toEqual({ published: segments.length, segments: segments.length });
    expect(report.rowsSuppressed === 0 || report.rowsSuppressed >= 11).toBe(true);
    expect(report.smallestPublished).toBeGreaterThanOrEqual(11);
  });

  it('matches a hand computation for a segment published at its finest labels', async () => {
    const { segments } = await buildSegments(csvFileSource(DATA), parseSegmentationSpec(exactText, SPEC));
    const perturbed = await buildSegments(csvFileSource(DATA), parseSegmentationSpec(specText, SPEC));
    const finest = segments.filter((s) => s.generalisation === 'not generalised');
    expect(finest.length).toBeGreaterThan(10);
    const segment = finest.reduce((a, b) => (b.size > a.size ? b : a)) as AudienceSegment;
    const members = shown.filter((r) =>
      Object.entries(LABELS).every(([d, label]) => label(r) === segment.dimensions[d]),
    );
    expect(segment.size).toBe(members.length);
    const population = members.reduce((sum, r) => sum + Number(r[col('PWEIGHT')]), 0);
    expect(segment.population).toBeCloseTo(population, 1);
    REASONS.forEach((id, i) => {
      const { share, asked } = handShare(members, i + 1);
      expect(segment.concerns[id]?.share, id).toBeCloseTo(share, 5);
      expect(segment.concerns[id]?.denominator, id).toBe(asked);
      // Perturbed: the same share, a base within ±3 of the true one.
      const same = perturbed.segments.find((p) => p.id === segment.id);
      expect(same?.concerns[id]?.share, id).toBe(segment.concerns[id]?.share);
      expect(Math.abs((same?.concerns[id]?.denominator as number) - asked), id).toBeLessThanOrEqual(3);
    });
  });

  it('matches the weighted share of every reason among all those asked when everything is merged', async () => {
    const everyone = parseSegmentationSpec(exactText.replace('k: 11', `k: ${shown.length}`), SPEC);
    const { segments } = await buildSegments(csvFileSource(DATA), everyone);
    expect(segments.map((s) => [s.label, s.size])).toEqual([['everyone', 2438]]);
    REASONS.forEach((id, i) => {
      const { share, asked } = handShare(shown, i + 1);
      expect(segments[0]?.concerns[id]?.share, id).toBeCloseTo(share, 5);
      expect(segments[0]?.concerns[id]?.denominator, id).toBe(asked);
    });
    // Side effects, the most common reason in week 22: about half of those asked, weighted.
    expect(segments[0]?.concerns['side-effects']?.share).toBeGreaterThan(0.45);
  });

  it('publishes no respondent id or raw weight', async () => {
    const result = JSON.stringify(await buildSegments(csvFileSource(DATA), parseSegmentationSpec(specText, SPEC)));
    for (const r of shown.slice(0, 50)) {
      expect(result).not.toContain(r[col('SCRAM')]);
      expect(result).not.toContain(r[col('PWEIGHT')]);
    }
  });
});
