// The campaign page's variants panel: per varied segment, A and B's completion rates with their 95 % intervals, as
// numbers and as bars on one shared 0–100 % scale. It names no winner.
import { html } from 'hono/html';
import type { SegmentVariantComparison, VariantTotals } from '../../shared/variant-comparison.ts';
import type { CampaignVariants } from '../../shared/variants.ts';
import { userText } from './format.ts';
import type { Html } from './layout.ts';
import { number, type ConsoleText } from './console-common.ts';

/** The comparison as `campaignVariants` answers it, for the segments of one page. */
export interface VariantsView {
  k: number;
  variants: readonly SegmentVariantComparison[];
  b: { name: string; split: CampaignVariants['split'] };
  /** Segment id → label, for the table captions. */
  labels: ReadonlyMap<string, string>;
  /** The segments are those of one page, not the whole campaign's. */
  partial?: boolean;
}

/** The bars' scale: 0 % at `PAD`, 100 % at `PAD + SCALE`, the same in every row and in the axis above them. */
const PAD = 6;
const SCALE = 200;
const WIDTH = SCALE + 2 * PAD;
const TICKS = [0, 0.25, 0.5, 0.75, 1];
const at = (p: number) => (PAD + p * SCALE).toFixed(1);

/** The shared axis in the column header: 0, 50 and 100 %, read visually only (the header's hidden text says it). */
function axis(): Html {
  return html`<svg
    class="vi-bar"
    viewBox="0 0 ${WIDTH} 16"
    width="${WIDTH}"
    height="16"
    aria-hidden="true"
    focusable="false"
  >
    ${[0, 0.5, 1].map(
      (p) =>
        html`<text
          x="${at(p)}"
          y="11"
          text-anchor="${p === 0 ? 'start' : p === 1 ? 'end' : 'middle'}"
          class="vi-tick-label"
        >
          ${p === 1 ? '100 %' : p * 100}
        </text>`,
    )}
  </svg>`;
}

/** One variant's interval as a band with the rate as a mark; its label says the same in words. */
function bar(label: string, t: VariantTotals): Html {
  const interval = t.interval!;
  const width = Math.max(1, (interval.high - interval.low) * SCALE);
  return html`<svg
    class="vi-bar"
    viewBox="0 0 ${WIDTH} 24"
    width="${WIDTH}"
    height="24"
    role="img"
    aria-label="${label}"
  >
    <line class="vi-axis" x1="${at(0)}" y1="12" x2="${at(1)}" y2="12" />
    ${TICKS.map((p) => html`<line class="vi-tick" x1="${at(p)}" y1="7" x2="${at(p)}" y2="17" />`)}
    <rect class="vi-range" x="${at(interval.low)}" y="7" width="${width.toFixed(1)}" height="10" rx="2" />
    <rect class="vi-rate" x="${(Number(at(t.completionRate!)) - 1.5).toFixed(1)}" y="3" width="3" height="18" />
  </svg>`;
}

function variantRow(text: ConsoleText, letter: 'A' | 'B', heading: string, v: VariantTotals, k: number): Html {
  const { t, locale } = text;
  const pct = (p: number) => number(locale, p * 100, 1);
  const shown = v.interval !== undefined && v.completionRate !== undefined;
  // Every row of the variant left out: its sums are not "0 views", they are not shown.
  const allWithheld = v.rows === 0 && v.withheldRows > 0;
  return html`<tr>
    <th scope="row">${userText(heading)} <span class="sub">${v.segmentId}</span></th>
    <td>${v.channels.length > 0 ? v.channels.join(', ') : '—'}</td>
    <td class="num">${allWithheld ? '—' : number(locale, v.views)}</td>
    <td class="num">${allWithheld ? '—' : number(locale, v.completions)}</td>
    <td class="num">${shown ? `${pct(v.completionRate!)} %` : '—'}</td>
    <td class="num">${shown ? t('intervalRange', { low: pct(v.interval!.low), high: pct(v.interval!.high) }) : '—'}</td>
    <td>
      ${
        shown
          ? bar(
              t('intervalLabel', {
                variant: letter,
                rate: pct(v.completionRate!),
                low: pct(v.interval!.low),
                high: pct(v.interval!.high),
              }),
              v,
            )
          : html`<span class="hint">${allWithheld ? t('variantAllWithheld', { k }) : t('noViewsYet')}</span>`
      }
    </td>
  </tr>`;
}

function segmentTable(text: ConsoleText, view: VariantsView, c: SegmentVariantComparison): Html {
  const { t, locale } = text;
  const label = view.labels.get(c.segmentId) ?? c.segmentId;
  const withheld = (
    [
      ['A', c.a],
      ['B', c.b],
    ] as const
  ).filter(([, v]) => v.withheldRows > 0);
  return html`<table class="data compact variants">
      <caption>
        ${t('variantsCaption', { segment: label })}
        <span class="sub">${c.segmentId}</span>
      </caption>
      <thead>
        <tr>
          <th scope="col" class="vi-col-variant">${t('colVariant')}</th>
          <th scope="col">${t('colChannels')}</th>
          <th scope="col" class="num">${t('colViews')}</th>
          <th scope="col" class="num">${t('colCompletions')}</th>
          <th scope="col" class="num">${t('colCompletionRate')}</th>
          <th scope="col" class="num">${t('colInterval')}</th>
          <th scope="col" class="vi-col-bar"><span class="visually-hidden">${t('colIntervalBar')}</span>${axis()}</th>
        </tr>
      </thead>
      <tbody>
        ${variantRow(text, 'A', t('variantA'), c.a, view.k)}
        ${variantRow(text, 'B', t('variantB', { name: view.b.name }), c.b, view.k)}
      </tbody>
    </table>
    ${withheld.map(
      ([letter, v]) =>
        html`<p class="hint">
          ${t('variantsWithheld', { variant: letter, k: view.k, n: number(locale, v.withheldRows) })}
        </p>`,
    )}`;
}

/** One small table per varied segment: A and B with views, completions, rate, interval and the interval as a bar. */
export function variantsSection(text: ConsoleText, view: VariantsView): Html {
  const { t } = text;
  const split = t(view.b.split === 'channel' ? 'variantsSplitChannel' : 'variantsSplitSchedule');
  return html`<section class="panel" aria-labelledby="variants-h">
    <h2 id="variants-h">${t('variants')}</h2>
    <p class="section-intro">${t('variantsLede', { name: view.b.name, split })}</p>
    <p class="hint">${t('variantsSums', { k: view.k })}</p>
    ${view.partial ? html`<p class="hint">${t('variantsPage')}</p>` : ''}
    ${
      view.variants.length === 0
        ? html`<p class="hint">${t('variantsNone')}</p>`
        : html`<div class="table-scroll">${view.variants.map((c) => segmentTable(text, view, c))}</div>`
    }
  </section>`;
}
