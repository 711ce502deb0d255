// The review queue page: scripts waiting for a medical reviewer, oldest first, with filters that work without JS.
import { html } from 'hono/html';
import { DECISION_LABELS, languageLabel, plainUserText, reviewPath, userText, waitingFor } from './format.ts';
import type { Html } from './layout.ts';

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
}

/** The queue's GET filters, already parsed. */
export interface QueueFilters {
  campaign?: string;
  language?: string;
  minHours?: number;
  escalated?: boolean;
}

export interface QueueView {
  items: QueueItem[];
  /** Items before filtering, so an empty filtered list can say so. */
  total: number;
  filters: QueueFilters;
  campaigns: { id: string; title: string }[];
  languages: string[];
  now: Date;
  /** A fixed confirmation after a decision (never text from the request). */
  flash?: string;
}

/** The waiting-time choices of the filter, in hours. */
export const WAITING_CHOICES = [1, 4, 24, 72] as const;

const option = (value: string, label: string, selected: boolean) =>
  html`<option value="${value}" ${selected ? html`selected` : ''}>${label}</option>`;

function filterForm(v: QueueView): Html {
  const f = v.filters;
  return html`<form method="get" action="/queue" class="filters" role="search" aria-label="Filter the queue">
    <div class="field">
      <label for="f-campaign">Campaign</label>
      <select id="f-campaign" name="campaign">
        ${option('', 'All campaigns', !f.campaign)}
        ${v.campaigns.map((c) => option(c.id, plainUserText(c.title), c.id === f.campaign))}
      </select>
    </div>
    <div class="field">
      <label for="f-language">Language</label>
      <select id="f-language" name="language">
        ${option('', 'All languages', !f.language)}
        ${v.languages.map((l) => option(l, languageLabel(l), l === f.language))}
      </select>
    </div>
    <div class="field">
      <label for="f-waiting">Waiting at least</label>
      <select id="f-waiting" name="waiting">
        ${option('', 'Any time', !f.minHours)}
        ${WAITING_CHOICES.map((h) => option(String(h), h < 48 ? `${h} h` : `${h / 24} days`, h === f.minHours))}
      </select>
    </div>
    <div class="field field-check">
      <input type="checkbox" id="f-escalated" name="escalated" value="1" ${f.escalated ? html`checked` : ''} />
      <label for="f-escalated">Escalated only</label>
    </div>
    <div class="field field-actions">
      <button type="submit" class="button-secondary">Apply filters</button>
      <a href="/queue">Clear</a>
    </div>
  </form>`;
}

function findingsCell(item: QueueItem): Html {
  const parts: Html[] = [];
  if (item.blocking) parts.push(html`<span class="tag tag-blocking">${item.blocking} blocking</span>`);
  if (item.warnings)
    parts.push(html`<span class="tag tag-warning">${item.warnings} warning${item.warnings === 1 ? '' : 's'}</span>`);
  return parts.length > 0 ? html`<span class="tags">${parts}</span>` : html`<span class="muted">None</span>`;
}

function row(item: QueueItem, now: Date): Html {
  return html`<tr>
    <td class="nowrap">
      <time datetime="${item.since.toISOString()}">${waitingFor(item.since, now)}</time>
      ${item.escalated ? html`<span class="tag tag-escalated">Escalated</span>` : ''}
    </td>
    <th scope="row">
      <a href="${reviewPath(item.campaignId, item.segmentId)}">${userText(item.label)}</a>
      <span class="sub">${item.segmentId}</span>
      ${item.stage === 'video' ? html`<span class="tag tag-info">Video check</span>` : ''}
      ${item.mine ? html`<span class="tag tag-info">You: ${DECISION_LABELS[item.mine] ?? item.mine}</span>` : ''}
    </th>
    <td>${userText(item.campaignTitle)}</td>
    <td class="nowrap">${languageLabel(item.language)}</td>
    <td class="num">${item.round ?? '—'}</td>
    <td>${findingsCell(item)}</td>
  </tr>`;
}

/** The queue page's main content. */
export function queueBody(v: QueueView): Html {
  const filtered = v.items.length !== v.total;
  const summary =
    v.total === 0
      ? 'Nothing is waiting for review.'
      : `${v.total} script${v.total === 1 ? '' : 's'} waiting for review${filtered ? `, ${v.items.length} shown` : ''}.`;
  return html`<div class="page-head">
      <h1>Review queue</h1>
      <p class="lede">${summary} The longest-waiting script is listed first.</p>
    </div>
    ${v.flash ? html`<div class="notice notice-ok" role="status"><p>${v.flash}</p></div>` : ''} ${filterForm(v)}
    ${
      v.items.length === 0
        ? html`<p class="empty">
            ${v.total === 0 ? 'No script waits for a reviewer.' : 'No script matches these filters.'}
          </p>`
        : html`<table class="data queue">
            <caption>
              Scripts waiting for review, oldest first
            </caption>
            <thead>
              <tr>
                <th scope="col">Waiting</th>
                <th scope="col">Segment</th>
                <th scope="col">Campaign</th>
                <th scope="col">Language</th>
                <th scope="col" class="num">Round</th>
                <th scope="col">Automated findings</th>
              </tr>
            </thead>
            <tbody>
              ${v.items.map((item) => row(item, v.now))}
            </tbody>
          </table>`
    }`;
}
