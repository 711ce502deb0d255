// One segment in the console: audience, concerns, strategy, script state, review history, video and deliveries.
import { html } from 'hono/html';
import type { SegmentRow } from '../../db/campaign-repo.ts';
import type { ReviewDecisionRecord } from '../../db/review-repo.ts';
import type { SegmentSummary } from '../../services/summary.ts';
import { variantOf } from '../../shared/variants.ts';
import { fillHtml, reviewPath, shortSha, userText, variantTag } from './format.ts';
import type { Html } from './layout.ts';
import {
  breadcrumb,
  consolePath,
  dateTime,
  languageName,
  number,
  statusText,
  type ConsoleText,
} from './console-common.ts';

export interface SegmentPageInput {
  campaignId: string;
  campaignTitle: string;
  segment: SegmentRow;
  summary?: SegmentSummary;
  decisions: readonly ReviewDecisionRecord[];
  /** Whether a published video may be replaced (the campaign's manager, a published segment). */
  replaceable: boolean;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A survey segment's strategy, read defensively (stored JSON): each concern with its approach. */
function strategyOf(profile: unknown): { label: string; approach: string }[] {
  const strategy = isRecord(profile) && isRecord(profile.strategy) ? profile.strategy : undefined;
  const concerns = strategy && Array.isArray(strategy.concerns) ? strategy.concerns : [];
  return concerns.filter(isRecord).map((c) => ({
    label: String(c.label ?? c.id ?? ''),
    approach: typeof c.approach === 'string' ? c.approach : '',
  }));
}

export function segmentBody(text: ConsoleText, input: SegmentPageInput): Html {
  const { t, locale } = text;
  const { segment: s, summary, campaignId } = input;
  const strategy = strategyOf(s.profile);
  const variant = variantOf(s.id);
  return html`${breadcrumb(
      [[t('campaigns'), '/campaigns'], [input.campaignTitle, consolePath.campaign(campaignId)], [s.label]],
      t('breadcrumb'),
    )}
    <div class="page-head">
      <h1>${userText(s.label)} ${variantTag(s.id, locale)}</h1>
      <p class="lede">
        ${t('segmentLede', { language: languageName(locale, s.language), status: statusText(locale, s.status) })}
      </p>
      ${
        variant.variant === 'b'
          ? html`<p class="variant-of">
              ${fillHtml(t('segmentVariantOf'), {
                segment: html`<a href="${consolePath.segment(campaignId, variant.baseId)}">${variant.baseId}</a>`,
              })}
            </p>`
          : ''
      }
    </div>
    <section class="panel" aria-labelledby="profile-h">
      <h2 id="profile-h">${t('profile')}</h2>
      <dl class="facts">
        <dt>${t('size')}</dt>
        <dd>${number(locale, s.size)}</dd>
        <dt>${t('readingLevel')}</dt>
        <dd>${statusText(locale, s.readingLevel)}</dd>
        <dt>${t('tags')}</dt>
        <dd>${s.tags.length ? s.tags.map((tag) => html`<span class="tag">${userText(tag)}</span> `) : '—'}</dd>
        <dt>${t('concerns')}</dt>
        <dd>${s.concerns.length ? s.concerns.map((c) => html`<span class="tag">${userText(c)}</span> `) : '—'}</dd>
      </dl>
      <h3>${t('strategy')}</h3>
      ${
        strategy.length
          ? html`<ul>
              ${strategy.map((c) => html`<li><strong>${userText(c.label)}</strong>: ${userText(c.approach)}</li>`)}
            </ul>`
          : html`<p class="muted">${t('noStrategy')}</p>`
      }
    </section>
    <section class="panel" aria-labelledby="script-h">
      <h2 id="script-h">${t('scriptStatus')}</h2>
      ${
        summary?.scriptSha256
          ? html`<dl class="facts">
                <dt>${t('scriptVersion')}</dt>
                <dd><code>${shortSha(summary.scriptSha256)}</code></dd>
                <dt>${t('findings')}</dt>
                <dd>
                  ${t('findingsCounts', { blocking: summary.checks?.blocking ?? 0, warnings: summary.checks?.warnings ?? 0 })}
                </dd>
              </dl>
              <p><a href="${reviewPath(campaignId, s.id)}">${t('openReview')}</a></p>`
          : s.status === 'IN_REVIEW'
            ? html`<p class="muted">${t('scriptInReview')}</p>
                <p><a href="${reviewPath(campaignId, s.id)}">${t('openReview')}</a></p>`
            : html`<p class="muted">${t('noScript')}</p>`
      }
    </section>
    ${historySection(text, input.decisions)} ${videoSection(text, input)} ${deliveriesSection(text, summary)}`;
}

function historySection({ t, locale }: ConsoleText, decisions: readonly ReviewDecisionRecord[]): Html {
  return html`<section class="panel" aria-labelledby="history-h">
    <h2 id="history-h">${t('history')}</h2>
    ${
      decisions.length === 0
        ? html`<p class="muted">${t('noHistory')}</p>`
        : html`<table class="data compact">
            <caption class="visually-hidden">
              ${t('history')}
            </caption>
            <thead>
              <tr>
                <th scope="col" class="num">${t('colRound')}</th>
                <th scope="col">${t('colReviewer')}</th>
                <th scope="col">${t('colDecision')}</th>
                <th scope="col">${t('colWhen')}</th>
                <th scope="col">${t('colComment')}</th>
              </tr>
            </thead>
            <tbody>
              ${decisions.map(
                (d) =>
                  html`<tr>
                    <td class="num">${d.round}</td>
                    <td>${userText(d.reviewerName)}</td>
                    <td>${statusText(locale, d.decision)}</td>
                    <td class="nowrap">${dateTime(locale, d.decidedAt)}</td>
                    <td class="comment">${d.comment ? userText(d.comment) : '—'}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
  </section>`;
}

function videoSection({ t }: ConsoleText, input: SegmentPageInput): Html {
  const { campaignId, segment, summary } = input;
  const assets = `/assets/${encodeURIComponent(campaignId)}/${encodeURIComponent(segment.id)}`;
  return html`<section class="panel" aria-labelledby="video-h">
    <h2 id="video-h">${t('video')}</h2>
    ${
      summary?.video
        ? html`<p>
              <a href="${assets}/video.mp4">${t('watchVideo')}</a> <code>${shortSha(summary.video.sha256)}</code>
            </p>
            ${
              summary.renditions?.length
                ? html`<p>${t('renditions')}</p>
                    <ul class="renditions">
                      ${summary.renditions.map(
                        (r) =>
                          html`<li>
                            <a href="${assets}/${r.file}">${r.id}</a> ${r.width}×${r.height}
                            <code>${shortSha(r.sha256)}</code>
                          </li>`,
                      )}
                    </ul>`
                : ''
            }`
        : html`<p class="muted">${t('noVideo')}</p>`
    }
    ${
      input.replaceable
        ? html`<p><a href="${consolePath.segment(campaignId, segment.id)}/replace">${t('actionReplace')}</a></p>`
        : ''
    }
  </section>`;
}

function deliveriesSection({ t, locale }: ConsoleText, summary: SegmentSummary | undefined): Html {
  const rows = summary?.deliveries ?? [];
  return html`<section class="panel" aria-labelledby="deliveries-h">
    <h2 id="deliveries-h">${t('deliveries')}</h2>
    ${
      rows.length === 0
        ? html`<p class="muted">${t('noDeliveries')}</p>`
        : html`<table class="data compact deliveries">
            <caption class="visually-hidden">
              ${t('deliveriesCaption')}
            </caption>
            <thead>
              <tr>
                <th scope="col">${t('colChannel')}</th>
                <th scope="col">${t('colEvent')}</th>
                <th scope="col">${t('colStatus')}</th>
                <th scope="col" class="num">${t('colAttempts')}</th>
                <th scope="col">${t('colLastAnswer')}</th>
              </tr>
            </thead>
            <tbody>
              ${rows.map(
                (d) =>
                  html`<tr>
                    <th scope="row">${d.channel}</th>
                    <td>${d.event}</td>
                    <td>${statusText(locale, d.status)}</td>
                    <td class="num">${d.attempts}</td>
                    <td class="comment">
                      ${[d.lastStatusCode, d.lastError].filter((x) => x !== undefined).join(' · ') || '—'}
                    </td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
  </section>`;
}
