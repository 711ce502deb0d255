// The campaign manager's view: every campaign with its segments counted per stage, and one campaign's segments.
import type { CampaignCounts } from '../../db/overview-repo.ts';
import { html } from 'hono/html';
import type { CampaignSummary } from '../../services/summary.ts';
import {
  DECISION_LABELS,
  SEGMENT_STAGES,
  campaignPath,
  formatDate,
  formatDateTime,
  languageLabel,
  reviewPath,
  userText,
  statusLabel,
} from './format.ts';
import type { Html } from './layout.ts';

const STAGES = SEGMENT_STAGES.filter(([s]) => s !== 'PENDING');

const cell = (n: number | undefined, status: string) =>
  n ? html`<td class="num stage-${status}"><strong>${n}</strong></td>` : html`<td class="num muted">0</td>`;

/** The dashboard's main content. */
export function dashboardBody(campaigns: readonly CampaignCounts[]): Html {
  return html`<div class="page-head">
      <h1>Campaigns</h1>
      <p class="lede">Segments per stage, newest campaign first. Open a campaign to see each segment.</p>
    </div>
    ${
      campaigns.length === 0
        ? html`<p class="empty">No campaigns yet.</p>`
        : html`<div class="table-scroll" role="region" aria-labelledby="campaigns-caption" tabindex="0">
            <table class="data stages">
              <caption id="campaigns-caption">
                Campaigns and their segments per stage
              </caption>
              <thead>
                <tr>
                  <th scope="col">Campaign</th>
                  <th scope="col">Started</th>
                  ${STAGES.map(([, label]) => html`<th scope="col" class="num">${label}</th>`)}
                  <th scope="col" class="num">Total</th>
                </tr>
              </thead>
              <tbody>
                ${campaigns.map((c) => {
                  const total = Object.values(c.counts).reduce((a, b) => a + b, 0);
                  return html`<tr>
                    <th scope="row">
                      <a href="${campaignPath(c.id)}">${userText(c.title)}</a>
                      <span class="sub">${c.id} · ${c.status.toLowerCase()}</span>
                    </th>
                    <td class="nowrap">${formatDate(c.createdAt)}</td>
                    ${STAGES.map(([s]) => cell(c.counts[s], s))}
                    <td class="num">${total}</td>
                  </tr>`;
                })}
              </tbody>
            </table>
          </div>`
    }`;
}

function segmentRow(campaignId: string, s: CampaignSummary['segments'][number]): Html {
  const delivered = s.deliveries.filter((d) => d.status === 'delivered').length;
  return html`<tr>
    <th scope="row">
      <a href="${reviewPath(campaignId, s.segmentId)}">${userText(s.label)}</a>
      <span class="sub">${s.segmentId}</span>
    </th>
    <td>${languageLabel(s.language)}</td>
    <td><span class="status status-${s.status}">${statusLabel(s.status)}</span></td>
    <td>
      ${
        s.review
          ? html`${DECISION_LABELS[s.review.decision] ?? s.review.decision}
              <span class="sub">${s.review.reviewer}, ${formatDateTime(s.review.decidedAt)}</span>`
          : html`<span class="muted">None yet</span>`
      }
    </td>
    <td>
      ${
        s.video
          ? html`<a href="/assets/${encodeURIComponent(campaignId)}/${encodeURIComponent(s.segmentId)}/video.mp4"
              >Video<span class="visually-hidden"> of ${userText(s.label)}</span></a
            >`
          : html`<span class="muted">—</span>`
      }
    </td>
    <td class="num">${s.deliveries.length > 0 ? `${delivered} of ${s.deliveries.length}` : '—'}</td>
  </tr>`;
}

/** A campaign page: its segments with status, latest decision, video and deliveries. */
export function campaignBody(summary: CampaignSummary): Html {
  return html`<nav class="breadcrumb" aria-label="Breadcrumb">
      <ol>
        <li><a href="/dashboard">Campaigns</a></li>
        <li><span aria-current="page">${userText(summary.title)}</span></li>
      </ol>
    </nav>
    <div class="page-head">
      <h1>${userText(summary.title)}</h1>
      <p class="lede">${summary.name} · ${summary.status.toLowerCase()} · ${summary.segments.length} segments</p>
    </div>
    <table class="data">
      <caption>
        Segments of this campaign
      </caption>
      <thead>
        <tr>
          <th scope="col">Segment</th>
          <th scope="col">Language</th>
          <th scope="col">Status</th>
          <th scope="col">Latest decision</th>
          <th scope="col">Video</th>
          <th scope="col" class="num">Delivered</th>
        </tr>
      </thead>
      <tbody>
        ${summary.segments.map((s) => segmentRow(summary.campaignId, s))}
      </tbody>
    </table>
    ${deliveryProblems(summary)}`;
}

/** Deliveries that are not (yet) delivered, with the receiver's last answer: what the manager may need to act on. */
function deliveryProblems(summary: CampaignSummary): Html {
  const open = summary.segments.flatMap((s) =>
    s.deliveries.filter((d) => d.status !== 'delivered').map((d) => ({ ...d, segment: s.label })),
  );
  if (open.length === 0) return html``;
  return html`<section class="panel" aria-labelledby="deliveries-h">
    <h2 id="deliveries-h">Deliveries needing attention</h2>
    <p class="section-intro">
      Failed deliveries were refused for good (fix the channel, then redeliver with
      <code>POST /api/deliveries/&lt;id&gt;/redeliver</code>); disabled channels answered 410 or were switched off.
    </p>
    <table class="data compact">
      <caption class="visually-hidden">
        Deliveries not delivered
      </caption>
      <thead>
        <tr>
          <th scope="col">Segment</th>
          <th scope="col">Channel</th>
          <th scope="col">Event</th>
          <th scope="col">Status</th>
          <th scope="col" class="num">Attempts</th>
          <th scope="col">Last answer</th>
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
