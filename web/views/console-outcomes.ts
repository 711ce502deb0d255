// The campaign page's outcomes table: what each segment's video did on each channel, counts below k shown as "< k".
import { html } from 'hono/html';
import type { PublishedCount, PublishedOutcome } from '../../shared/outcomes.ts';
import { userText, variantTag } from './format.ts';
import type { Html } from './layout.ts';
import { number, type ConsoleText } from './console-common.ts';

/** The campaign's published outcomes and its k, as `campaignOutcomes` answers them. */
export interface OutcomesView {
  k: number;
  outcomes: readonly PublishedOutcome[];
  /** Segment id → label, for the row headers. */
  labels: ReadonlyMap<string, string>;
  /** The rows are those of one page of segments, not the whole campaign's. */
  partial?: boolean;
  /** More rows exist for these segments than are shown (the CSV has them). */
  more?: boolean;
}

function count({ locale }: ConsoleText, c: PublishedCount): string {
  return typeof c === 'number' ? number(locale, c) : `< ${number(locale, c.below)}`;
}

/** One row per segment, channel and video (a segment's two script variants are two rows), in segment order. */
export function outcomesSection(text: ConsoleText, csvHref: string, view: OutcomesView): Html {
  const { t, locale } = text;
  // The id under the label, and for a script variant B (the same label as its segment) a tag saying so.
  const idNote = (id: string) => html`<span class="sub">${id}${variantTag(id, locale)}</span>`;
  return html`<section class="panel" aria-labelledby="outcomes-h">
    <h2 id="outcomes-h">${t('outcomes')}</h2>
    <p class="section-intro">${t('outcomesLede', { k: view.k })}</p>
    ${view.partial ? html`<p class="hint">${t('outcomesPage')}</p>` : ''}
    ${view.more ? html`<p class="hint">${t('outcomesMore', { n: number(locale, view.outcomes.length) })}</p>` : ''}
    ${
      view.outcomes.length === 0
        ? html`<p class="hint">${t(view.partial ? 'outcomesNonePage' : 'outcomesNone')}</p>`
        : html`<table class="data compact">
            <caption>
              ${t('outcomesCaption')}
            </caption>
            <thead>
              <tr>
                <th scope="col">${t('colSegment')}</th>
                <th scope="col">${t('channel')}</th>
                <th scope="col">${t('video')}</th>
                <th scope="col" class="num">${t('colViews')}</th>
                <th scope="col" class="num">${t('colCompletions')}</th>
                <th scope="col" class="num">${t('colCompletionRate')}</th>
                <th scope="col" class="num">${t('colCtaClicks')}</th>
              </tr>
            </thead>
            <tbody>
              ${view.outcomes.map(
                (o) =>
                  html`<tr>
                    <th scope="row">${userText(view.labels.get(o.segmentId) ?? o.segmentId)} ${idNote(o.segmentId)}</th>
                    <td>${o.channelId}</td>
                    <td><code title="${o.videoSha256}">${o.videoSha256.slice(0, 12)}</code></td>
                    <td class="num">${count(text, o.views)}</td>
                    <td class="num">${count(text, o.completions)}</td>
                    <td class="num">
                      ${o.completionRate === undefined ? '—' : `${number(locale, o.completionRate * 100, 1)} %`}
                    </td>
                    <td class="num">${count(text, o.ctaClicks)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
    <p><a href="${csvHref}" download>${t('outcomesCsv')}</a></p>
  </section>`;
}
