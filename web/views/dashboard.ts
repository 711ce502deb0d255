// The campaign manager's view: every campaign with its segments counted per stage, and one campaign's segments.
import type { CampaignCounts } from '../../db/overview-repo.ts';
import { html } from 'hono/html';
import { CONSOLE } from '../i18n/console.ts';
import { consolePath } from './console-common.ts';
import type { CampaignSummary } from '../../services/summary.ts';
import { DEFAULT_LOCALE, translator, type Locale } from '../i18n.ts';
import { LISTS, type ListsKey } from '../i18n/lists.ts';
import {
  SEGMENT_STAGES,
  campaignPath,
  campaignStatusLabel,
  count,
  decisionLabel,
  fillHtml,
  formatDate,
  formatDateTime,
  languageLabel,
  pluralKey,
  reviewPath,
  userText,
  statusLabel,
  variantTag,
} from './format.ts';
import type { Html } from './layout.ts';
import { pager, type PageLinks } from './pager.ts';

const STAGES = SEGMENT_STAGES.filter(([s]) => s !== 'PENDING').map(([s]) => s);

type T = (key: ListsKey, vars?: Record<string, string | number>) => string;

const cell = (n: number | undefined, status: string, locale: Locale) =>
  n
    ? html`<td class="num stage-${status}"><strong>${count(n, locale)}</strong></td>`
    : html`<td class="num muted">0</td>`;

/** The dashboard's main content. */
export function dashboardBody(
  campaigns: readonly CampaignCounts[],
  locale: Locale = DEFAULT_LOCALE,
  links: PageLinks = {},
): Html {
  const t = translator(LISTS, locale);
  return html`<div class="page-head">
      <h1>${t('dash.title')}</h1>
      <p class="lede">${t('dash.lede')}</p>
    </div>
    ${
      campaigns.length === 0
        ? html`<p class="empty">${t('dash.empty')}</p>`
        : html`<div class="table-scroll" role="region" aria-labelledby="campaigns-caption" tabindex="0">
            <table class="data stages">
              <caption id="campaigns-caption">
                ${t('dash.caption')}
              </caption>
              <thead>
                <tr>
                  <th scope="col">${t('dash.col.campaign')}</th>
                  <th scope="col">${t('dash.col.started')}</th>
                  ${STAGES.map((s) => html`<th scope="col" class="num">${statusLabel(s, locale)}</th>`)}
                  <th scope="col" class="num">${t('dash.col.total')}</th>
                </tr>
              </thead>
              <tbody>
                ${campaigns.map((c) => {
                  const total = Object.values(c.counts).reduce((a, b) => a + b, 0);
                  return html`<tr>
                    <th scope="row">
                      <a href="${campaignPath(c.id)}">${userText(c.title)}</a>
                      <span class="sub">${c.id} · ${campaignStatusLabel(c.status, locale)}</span>
                    </th>
                    <td class="nowrap">${formatDate(c.createdAt, locale)}</td>
                    ${STAGES.map((s) => cell(c.counts[s], s, locale))}
                    <td class="num">${count(total, locale)}</td>
                  </tr>`;
                })}
              </tbody>
            </table>
          </div>`
    }
    ${pager(links, locale)}`;
}

function segmentRow(campaignId: string, s: CampaignSummary['segments'][number], t: T, locale: Locale): Html {
  const delivered = s.deliveries.filter((d) => d.status === 'delivered').length;
  return html`<tr>
    <th scope="row">
      <a href="${reviewPath(campaignId, s.segmentId)}">${userText(s.label)}</a>
      ${variantTag(s.segmentId, locale)}
      <span class="sub">${s.segmentId}</span>
    </th>
    <td>${languageLabel(s.language, locale)}</td>
    <td><span class="status status-${s.status}">${statusLabel(s.status, locale)}</span></td>
    <td>
      ${
        s.review
          ? html`${decisionLabel(s.review.decision, locale)}
              <span class="sub">${s.review.reviewer}, ${formatDateTime(s.review.decidedAt, locale)}</span>`
          : html`<span class="muted">${t('campaign.noDecision')}</span>`
      }
    </td>
    <td>
      ${
        s.video
          ? html`<a href="/assets/${encodeURIComponent(campaignId)}/${encodeURIComponent(s.segmentId)}/video.mp4"
              >${t('campaign.col.video')}<span class="visually-hidden"
                >${fillHtml(t('campaign.videoOf'), { label: userText(s.label) })}</span
              ></a
            >`
          : html`<span class="muted">—</span>`
      }
    </td>
    <td class="num">
      ${s.deliveries.length > 0 ? t('campaign.deliveredOf', { n: delivered, total: s.deliveries.length }) : '—'}
    </td>
  </tr>`;
}

/** A campaign page: its segments with status, latest decision, video and deliveries. */
export function campaignBody(summary: CampaignSummary, locale: Locale = DEFAULT_LOCALE, links: PageLinks = {}): Html {
  const t = translator(LISTS, locale);
  const n = summary.segmentCount ?? summary.segments.length;
  const segments = t(pluralKey('campaign.segments', n), { n: count(n, locale) });
  return html`<nav class="breadcrumb" aria-label="${t('campaign.breadcrumb')}">
      <ol>
        <li><a href="/dashboard">${t('dash.title')}</a></li>
        <li><span aria-current="page">${userText(summary.title)}</span></li>
      </ol>
    </nav>
    <div class="page-head">
      <h1>${userText(summary.title)}</h1>
      <p class="lede">${summary.name} · ${campaignStatusLabel(summary.status, locale)} · ${segments}</p>
      <p><a href="${consolePath.campaign(summary.campaignId)}">${translator(CONSOLE, locale)('console')}</a></p>
    </div>
    <table class="data">
      <caption>
        ${t('campaign.caption')}
      </caption>
      <thead>
        <tr>
          <th scope="col">${t('campaign.col.segment')}</th>
          <th scope="col">${t('campaign.col.language')}</th>
          <th scope="col">${t('campaign.col.status')}</th>
          <th scope="col">${t('campaign.col.decision')}</th>
          <th scope="col">${t('campaign.col.video')}</th>
          <th scope="col" class="num">${t('campaign.col.delivered')}</th>
        </tr>
      </thead>
      <tbody>
        ${summary.segments.map((s) => segmentRow(summary.campaignId, s, t, locale))}
      </tbody>
    </table>
    ${pager(links, locale)} ${deliveryProblems(summary, t)}`;
}

/** Deliveries that are not (yet) delivered, with the receiver's last answer: what the manager may need to act on. */
function deliveryProblems(summary: CampaignSummary, t: T): Html {
  const open = summary.segments.flatMap((s) =>
    s.deliveries.filter((d) => d.status !== 'delivered').map((d) => ({ ...d, segment: s.label })),
  );
  if (open.length === 0) return html``;
  return html`<section class="panel" aria-labelledby="deliveries-h">
    <h2 id="deliveries-h">${t('deliveries.heading')}</h2>
    <p class="section-intro">
      ${fillHtml(t('deliveries.intro'), { command: html`<code>POST /api/deliveries/&lt;id&gt;/redeliver</code>` })}
    </p>
    <table class="data compact">
      <caption class="visually-hidden">
        ${t('deliveries.caption')}
      </caption>
      <thead>
        <tr>
          <th scope="col">${t('deliveries.col.segment')}</th>
          <th scope="col">${t('deliveries.col.channel')}</th>
          <th scope="col">${t('deliveries.col.event')}</th>
          <th scope="col">${t('deliveries.col.status')}</th>
          <th scope="col" class="num">${t('deliveries.col.attempts')}</th>
          <th scope="col">${t('deliveries.col.lastAnswer')}</th>
        </tr>
      </thead>
      <tbody>
        ${open.map(
          (d) =>
            html`<tr>
              <th scope="row">${userText(d.segment)}</th>
              <td>${d.channel}</td>
              <td>${d.event}</td>
              <td>${d.status}</td>
              <td class="num">${d.attempts}</td>
              <td class="comment">
                ${[d.lastStatusCode, d.lastError].filter((x) => x !== undefined).join(' · ') || '—'}
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}
