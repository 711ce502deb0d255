// The campaign page's outcomes table in both console languages: suppressed counts as "< k", no rate they would reveal.
import { describe, expect, it } from 'vitest';
import { publishOutcomes } from '../../../shared/outcomes.ts';
import { consoleText } from '../../../web/views/console-common.ts';
import { outcomesSection } from '../../../web/views/console-outcomes.ts';

const rows = publishOutcomes(
  [
    {
      segmentId: 'tr-parents',
      channelId: 'cms',
      videoSha256: 'a'.repeat(64),
      views: 1200,
      completions: 900,
      ctaClicks: 4,
      observedAt: '2026-12-07T10:00:00.000Z',
    },
    {
      segmentId: 'de-75plus',
      channelId: 'feed',
      videoSha256: 'b'.repeat(64),
      views: 7,
      completions: 3,
      ctaClicks: 0,
      observedAt: '2026-12-07T10:00:00.000Z',
    },
  ],
  11,
);
const labels = new Map([
  ['tr-parents', 'Eltern <türkisch>'],
  ['de-75plus', 'Ältere'],
]);
const render = (locale: 'en' | 'de') =>
  String(outcomesSection(consoleText(locale), '/x.csv', { k: 11, outcomes: rows, labels }));

describe('outcomes section', () => {
  it.each([
    ['en', 'Outcomes from channels', '1,200', '75 %', 'Download as CSV'],
    ['de', 'Rückmeldungen der Kanäle', '1.200', '75 %', 'Als CSV herunterladen'],
  ] as const)(
    'shows each segment and channel with counts below k suppressed (%s)',
    (locale, heading, views, rate, csv) => {
      const page = render(locale);
      expect(page).toContain(heading);
      expect(page).toContain(`<td class="num">${views}</td>`);
      expect(page).toContain(rate);
      expect(page).toContain(csv);
      // The small segment: views and completions (7, 3) and the clicks below k never show; 0 does.
      const small = page.slice(page.indexOf('de-75plus'));
      expect(small.match(/&lt; 11/g)).toHaveLength(2);
      expect(small).not.toMatch(/>\s*[37]\s*</);
      expect(small).toContain('—');
      expect(page).toContain('&lt; 11');
      expect(page).toContain('Eltern &lt;türkisch&gt;');
    },
  );

  it('says when no channel has reported yet', () => {
    const page = String(outcomesSection(consoleText('de'), '/x.csv', { k: 5, outcomes: [], labels }));
    expect(page).toContain('Noch kein Kanal hat Rückmeldungen gesendet.');
    expect(page).toContain('„&lt; 5“');
  });

  it.each([
    ['en', 'For the segments on this page', 'The first 2 rows are shown', 'for the segments on this page yet'],
    [
      'de',
      'Für die Segmente auf dieser Seite;',
      'Gezeigt werden die ersten 2 Zeilen',
      'Für die Segmente auf dieser Seite hat',
    ],
  ] as const)('says when it shows one page of segments, or not all their rows (%s)', (locale, partial, more, none) => {
    const text = consoleText(locale);
    const page = String(outcomesSection(text, '/x.csv', { k: 11, outcomes: rows, labels, partial: true, more: true }));
    expect(page).toContain(partial);
    expect(page).toContain(more);
    const empty = String(outcomesSection(text, '/x.csv', { k: 11, outcomes: [], labels, partial: true }));
    expect(empty).toContain(none);
    expect(render(locale)).not.toContain(partial);
  });
});
