// The campaign page's variants panel in both console languages: both intervals in numbers and as labelled bars on one
// scale, the rows left out below k, and no word that names a winner.
import { describe, expect, it } from 'vitest';
import { publishOutcomes } from '../../../shared/outcomes.ts';
import { compareVariants } from '../../../shared/variant-comparison.ts';
import { testSegment } from '../../support/fixtures.ts';
import { consoleBody } from '../../../web/views/console-campaign.ts';
import { consoleText } from '../../../web/views/console-common.ts';
import { variantsSection } from '../../../web/views/console-variants.ts';

const row = (segmentId: string, channelId: string, views: number, completions: number) => ({
  segmentId,
  channelId,
  videoSha256: `${segmentId}${channelId}`.padEnd(64, 'f'),
  views,
  completions,
  ctaClicks: 0,
  observedAt: '2026-12-07T10:00:00.000Z',
});
const K = 11;
const outcomes = publishOutcomes(
  [row('older-adults', 'cms', 400, 220), row('older-adults', 'radio', 60, 7), row('older-adults.b', 'feed', 350, 245)],
  K,
);
const variants = compareVariants(outcomes, ['carers']);
const labels = new Map([
  ['older-adults', 'Ältere <ab 60>'],
  ['carers', 'Pflegende'],
]);
const b = { name: 'question-first', split: 'channel' as const };
const render = (locale: 'en' | 'de') => String(variantsSection(consoleText(locale), { k: K, variants, b, labels }));
/** The page's text without markup, as read. */
const words = (page: string) => page.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('variants section', () => {
  it.each([
    [
      'en',
      'Script variants',
      '55 %',
      '50.1–59.8 %',
      '70 %',
      '65–74.6 %',
      'completion rate 70 %, 95 % interval from 65',
    ],
    ['de', 'Skriptvarianten', '55 %', '50,1–59,8 %', '70 %', '65–74,6 %', 'Abschlussquote 70 %, 95-%-Intervall von 65'],
  ] as const)(
    'shows A and B with their rates and 95 %% intervals (%s)',
    (locale, heading, rateA, ivA, rateB, ivB, aria) => {
      const page = render(locale);
      expect(page).toContain(heading);
      const text = words(page);
      expect(text).toContain(rateA);
      expect(text).toContain(ivA);
      expect(text).toContain(rateB);
      expect(text).toContain(ivB);
      // Each interval also as a bar with its words; two bars for the varied segment that has views.
      expect(page.match(/role="img"/g)).toHaveLength(2);
      expect(page).toContain(aria);
      expect(page).toContain('question-first');
      expect(page).toContain('Ältere &lt;ab 60&gt;');
    },
  );

  it('says which rows a variant leaves out below k and never shows their counts', () => {
    const page = render('en');
    expect(words(page)).toContain('Rows left out of variant A (a count below 11): 1');
    expect(words(page)).not.toMatch(/\b460\b|\b227\b/);
    expect(page).not.toMatch(/>\s*7\s*</);
  });

  it('shows a segment without views as such, with no bar', () => {
    const page = render('en');
    const carers = page.slice(page.indexOf('Pflegende'), page.indexOf('Ältere'));
    expect(carers).toContain('No views yet');
    expect(carers).not.toContain('role="img"');
  });

  it('shows a variant whose every row is left out as not shown, not as no views', () => {
    const hidden = compareVariants(
      publishOutcomes([row('carers', 'cms', 300, 200), row('carers.b', 'feed', 9, 5)], K),
      [],
    );
    const page = String(variantsSection(consoleText('en'), { k: K, variants: hidden, b, labels }));
    const rowB = page.slice(page.indexOf('carers.b'));
    expect(words(rowB)).toContain('Not shown: each of its rows has a count below 11');
    expect(words(rowB)).not.toContain('No views yet');
    expect(rowB).not.toMatch(/>\s*0\s*</);
  });

  it.each(['en', 'de'] as const)('names no winner and calls neither script better (%s)', (locale) => {
    expect(words(render(locale))).not.toMatch(/winner|better|significant|gewinn|besser|signifikant|sieger/i);
  });

  it('appears on the campaign page after the outcomes only when the campaign has variants', () => {
    const summary = {
      campaignId: 'hearing-screening-1',
      name: 'hearing-screening',
      title: 'Hörtest ab 60',
      status: 'RUNNING',
      segments: [testSegment('older-adults'), testSegment('older-adults.b'), testSegment('carers')].map((s) => ({
        segmentId: s.id,
        label: s.label,
        language: s.language,
        status: 'PUBLISHED',
        deliveries: [],
      })),
    } as unknown as Parameters<typeof consoleBody>[1]['summary'];
    const text = consoleText('en');
    const input = { summary, linkable: [], outcomes: { k: K, outcomes } };
    const without = String(consoleBody(text, input));
    expect(without).not.toContain('Script variants');
    const page = String(consoleBody(text, { ...input, variants: { k: K, variants, b } }));
    expect(page.indexOf('Script variants')).toBeGreaterThan(page.indexOf('Outcomes from channels'));
    expect(page.match(/role="img"/g)).toHaveLength(2);
  });
});
