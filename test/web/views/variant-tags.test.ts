// Variant B of a segment has its segment's label: lists and its own console page tag it, so the two never read alike.
import { describe, expect, it } from 'vitest';
import { testSegment } from '../../support/fixtures.ts';
import { consoleText } from '../../../web/views/console-common.ts';
import { segmentBody } from '../../../web/views/console-segment.ts';
import { variantTag } from '../../../web/views/format.ts';

const words = (page: string) => page.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const segmentPage = (id: string, status: 'IN_REVIEW' | 'PUBLISHED', locale: 'en' | 'de' = 'en') =>
  String(
    segmentBody(consoleText(locale), {
      campaignId: 'c1',
      campaignTitle: 'Campaign',
      segment: { ...testSegment(id), campaignId: 'c1', status },
      decisions: [],
      replaceable: false,
    }),
  );

describe('variant tags', () => {
  it('tags variant B and nothing else', () => {
    expect(String(variantTag('carers.b', 'en'))).toContain('Variant B');
    expect(String(variantTag('carers.b', 'de'))).toContain('Variante B');
    expect(String(variantTag('carers', 'en'))).toBe('');
  });

  it('says on the console page of variant B whose variant it is, with a link to the segment', () => {
    const page = segmentPage('carers.b', 'PUBLISHED');
    expect(words(page)).toContain('Script variant B of segment carers');
    expect(page).toContain('href="/campaigns/c1/segments/carers"');
    expect(words(segmentPage('carers', 'PUBLISHED'))).not.toMatch(/variant/i);
    expect(words(segmentPage('carers.b', 'PUBLISHED', 'de'))).toContain('Skriptvariante B des Segments carers');
  });

  it('does not say "no script yet" of a segment whose script is in review', () => {
    const page = segmentPage('carers.b', 'IN_REVIEW');
    expect(words(page)).not.toContain('No script yet');
    expect(words(page)).toContain('The script is in review');
    expect(page).toContain('href="/review/c1/carers.b"');
  });
});
