// The review queue page: scripts waiting for a medical reviewer, oldest first, with filters that work without JS.
import { html } from 'hono/html';
import { DEFAULT_LOCALE, translator, type Locale } from '../i18n.ts';
import { LISTS, type ListsKey } from '../i18n/lists.ts';
import {
  count,
  decisionLabel,
  languageLabel,
  plainUserText,
  pluralKey,
  reviewPath,
  userText,
  waitingFor,
  variantTag,
} from './format.ts';
import type { Html } from './layout.ts';
import { pager, type PageLinks } from './pager.ts';

/** One script waiting for review. */
export interface QueueItem {
  campaignId: string;
  campaignTitle: string;
  segmentId: string;
  label: string;
  language: string;
  /** When the current version entered review. */
  since: Date;
  round?: number;
  blocking?: number;
  warnings?: number;
  escalated?: boolean;
  /** The signed-in reviewer's own decision on this round, when they already made one. */
  mine?: string;
  /** What waits: the script, or the rendered video of an approved script. */
  stage?: 'script' | 'video';
  /** The version before this one was sent back: a claim it cited was withdrawn (the line reviewers read). */
  sentBack?: string;
}

/** The queue's GET filters, already parsed. */
export interface QueueFilters {
  campaign?: string;
  language?: string;
  minHours?: number;
  escalated?: boolean;
}

export interface QueueView extends PageLinks {
  /** This page's items. */
  items: QueueItem[];
  /** Items before filtering, so an empty filtered list can say so. */
  total: number;
  /** Items the filters keep, on every page (this page's when absent). */
  matching?: number;
  filters: QueueFilters;
  campaigns: { id: string; title: string }[];
  languages: string[];
  now: Date;
  /** A fixed confirmation after a decision (never text from the request). */
  flash?: string;
  /** The page's language; English when absent. */
  locale?: Locale;
}

/** The waiting-time choices of the filter, in hours. */
export const WAITING_CHOICES = [1, 4, 24, 72] as const;

type T = (key: ListsKey, vars?: Record<string, string | number>) => string;

const option = (value: string, label: string, selected: boolean) =>
  html`<option value="${value}" ${selected ? html`selected` : ''}>${label}</option>`;

function filterForm(v: QueueView, t: T, locale: Locale): Html {
  const f = v.filters;
  // A duration label for the filter, the same words the waiting column uses.
  const hours = (h: number) => waitingFor(new Date(0), new Date(h * 3600_000), locale);
  return html`<form method="get" action="/queue" class="filters" role="search" aria-label="${t('queue.filters')}">
    <div class="field">
      <label for="f-campaign">${t('queue.campaign')}</label>
      <select id="f-campaign" name="campaign">
        ${option('', t('queue.allCampaigns'), !f.campaign)}
        ${v.campaigns.map((c) => option(c.id, plainUserText(c.title), c.id === f.campaign))}
      </select>
    </div>
    <div class="field">
      <label for="f-language">${t('queue.language')}</label>
      <select id="f-language" name="language">
        ${option('', t('queue.allLanguages'), !f.language)}
        ${v.languages.map((l) => option(l, languageLabel(l, locale), l === f.language))}
      </select>
    </div>
    <div class="field">
      <label for="f-waiting">${t('queue.waitingAtLeast')}</label>
      <select id="f-waiting" name="waiting">
        ${option('', t('queue.anyTime'), !f.minHours)}
        ${WAITING_CHOICES.map((h) => option(String(h), hours(h), h === f.minHours))}
      </select>
    </div>
    <div class="field field-check">
      <input type="checkbox" id="f-escalated" name="escalated" value="1" ${f.escalated ? html`checked` : ''} />
      <label for="f-escalated">${t('queue.escalatedOnly')}</label>
    </div>
    <div class="field field-actions">
      <button type="submit" class="button-secondary">${t('queue.apply')}</button>
      <a href="/queue">${t('queue.clear')}</a>
    </div>
  </form>`;
}

function findingsCell(item: QueueItem, t: T, locale: Locale): Html {
  const parts: Html[] = [];
  if (item.blocking)
    parts.push(html`<span class="tag tag-blocking">${t('queue.blocking', { n: item.blocking })}</span>`);
  if (item.warnings) {
    const text = t(pluralKey('queue.warnings', item.warnings), { n: count(item.warnings, locale) });
    parts.push(html`<span class="tag tag-warning">${text}</span>`);
  }
  return parts.length > 0
    ? html`<span class="tags">${parts}</span>`
    : html`<span class="muted">${t('queue.none')}</span>`;
}

function row(item: QueueItem, now: Date, t: T, locale: Locale): Html {
  return html`<tr>
    <td class="nowrap">
      <time datetime="${item.since.toISOString()}">${waitingFor(item.since, now, locale)}</time>
      ${item.escalated ? html`<span class="tag tag-escalated">${t('queue.escalated')}</span>` : ''}
    </td>
    <th scope="row">
      <a href="${reviewPath(item.campaignId, item.segmentId)}">${userText(item.label)}</a>
      ${variantTag(item.segmentId, locale)}
      <span class="sub">${item.segmentId}</span>
      ${item.stage === 'video' ? html`<span class="tag tag-info">${t('queue.videoCheck')}</span>` : ''}
      ${item.sentBack ? html`<span class="tag tag-escalated">${item.sentBack}</span>` : ''}
      ${
        item.mine
          ? html`<span class="tag tag-info">${t('queue.you', { decision: decisionLabel(item.mine, locale) })}</span>`
          : ''
      }
    </th>
    <td>${userText(item.campaignTitle)}</td>
    <td class="nowrap">${languageLabel(item.language, locale)}</td>
    <td class="num">${item.round ?? '—'}</td>
    <td>${findingsCell(item, t, locale)}</td>
  </tr>`;
}

/** The queue page's main content. */
export function queueBody(v: QueueView): Html {
  const locale = v.locale ?? DEFAULT_LOCALE;
  const t = translator(LISTS, locale);
  const matching = v.matching ?? v.items.length;
  const filtered = matching !== v.total;
  const n = count(v.total, locale);
  const summary =
    v.total === 0
      ? t('queue.nothingWaiting')
      : filtered
        ? t(pluralKey('queue.waitingShown', v.total), { n, shown: count(matching, locale) })
        : t(pluralKey('queue.waiting', v.total), { n });
  return html`<div class="page-head">
      <h1>${t('queue.title')}</h1>
      <p class="lede">${summary} ${t('queue.oldestFirst')}</p>
    </div>
    ${v.flash ? html`<div class="notice notice-ok" role="status"><p>${v.flash}</p></div>` : ''}
    ${filterForm(v, t, locale)}
    ${
      v.items.length === 0
        ? html`<p class="empty">${v.total === 0 ? t('queue.emptyAll') : t('queue.emptyFiltered')}</p>`
        : html`<table class="data queue">
            <caption>
              ${t('queue.caption')}
            </caption>
            <thead>
              <tr>
                <th scope="col">${t('queue.col.waiting')}</th>
                <th scope="col">${t('queue.col.segment')}</th>
                <th scope="col">${t('queue.col.campaign')}</th>
                <th scope="col">${t('queue.col.language')}</th>
                <th scope="col" class="num">${t('queue.col.round')}</th>
                <th scope="col">${t('queue.col.findings')}</th>
              </tr>
            </thead>
            <tbody>
              ${v.items.map((item) => row(item, v.now, t, locale))}
            </tbody>
          </table>`
    }
    ${pager(v, locale)}`;
}
