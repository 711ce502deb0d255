// The campaign console page: status, segments per stage, each segment's progress, and the steering actions.
import { SEGMENT_STAGES } from '../../shared/types.ts';
import { html } from 'hono/html';
import type { ChannelRecord } from '../../db/channel-repo.ts';
import type { CampaignSummary } from '../../services/summary.ts';
import { userText, variantTag } from './format.ts';
import { outcomesSection, type OutcomesView } from './console-outcomes.ts';
import { variantsSection, type VariantsView } from './console-variants.ts';
import type { Html } from './layout.ts';
import { pager, type PageLinks } from './pager.ts';
import {
  breadcrumb,
  consolePath,
  languageName,
  notice,
  number,
  statusBadge,
  statusText,
  type ConsoleText,
} from './console-common.ts';

/** Pipeline order of segment statuses, for the per-stage counts: the one list in shared/types.ts. */
export const STAGE_ORDER = SEGMENT_STAGES;

/** Which steering actions a campaign status allows (the services refuse the others with 409 anyway). */
export function actionsFor(status: string): string[] {
  switch (status) {
    case 'DRAFT':
      return [];
    case 'RUNNING':
      return ['pause', 'budget', 'retract', 'cancel'];
    case 'PAUSED':
      return ['resume', 'budget', 'retract', 'cancel'];
    case 'CANCELLED':
      return ['retract'];
    default:
      return ['retract', 'cancel'];
  }
}

const ACTION_LABEL = {
  pause: 'actionPause',
  resume: 'actionResume',
  budget: 'actionBudget',
  retract: 'actionRetract',
  cancel: 'actionCancel',
} as const;

export interface ConsolePageInput {
  /** The campaign with one page of its segments (all of them when it was built without a page). */
  summary: CampaignSummary;
  /** Segments per status over the whole campaign (`countSegmentsByStatus`); absent: counted from `summary`. */
  stages?: Readonly<Record<string, number>>;
  /** The links to the segment table's next and first page. */
  pages?: PageLinks;
  /** Channels not yet linked to the campaign, for the late-channel form. */
  linkable: readonly Pick<ChannelRecord, 'id' | 'name' | 'status'>[];
  flash?: string;
  /** The campaign's video budget in seconds (`video.budgetSeconds`), when it has one. */
  budgetSeconds?: number;
  /** What channels reported for this page's segments, suppressed below the campaign's k; absent: no section. */
  outcomes?: Omit<OutcomesView, 'labels' | 'partial'>;
  /** Script variants A and B of this page's varied segments; absent (the brief has no `variants`): no section. */
  variants?: Omit<VariantsView, 'labels' | 'partial'>;
}

export function consoleBody(
  text: ConsoleText,
  { summary, stages, pages = {}, linkable, flash, budgetSeconds, outcomes, variants }: ConsolePageInput,
): Html {
  const { t, locale } = text;
  const id = summary.campaignId;
  const counts = new Map<string, number>(Object.entries(stages ?? {}));
  if (!stages) for (const s of summary.segments) counts.set(s.status, (counts.get(s.status) ?? 0) + 1);
  const segmentCount = summary.segmentCount ?? summary.segments.length;
  const actions = actionsFor(summary.status);
  return html`${breadcrumb([[t('campaigns'), '/campaigns'], [summary.title]], t('breadcrumb'))}
    <div class="page-head">
      <h1>${userText(summary.title)}</h1>
      <p class="lede">
        ${t('consoleLede', { name: summary.name, status: statusText(locale, summary.status), n: segmentCount })}
      </p>
      <p><a href="/campaigns/${encodeURIComponent(id)}">${t('summaryLink')}</a></p>
    </div>
    ${notice(flash)} ${summary.status === 'PAUSED' ? html`<p class="notice notice-warning">${t('pausedNote')}</p>` : ''}
    <section class="panel" aria-labelledby="steering-h">
      <h2 id="steering-h">${t('steering')}</h2>
      <p class="section-intro">${t('steeringLede')}</p>
      <p>${budgetSeconds === undefined ? t('budgetNone') : t('budgetNow', { n: number(locale, budgetSeconds) })}</p>
      <ul class="actions">
        ${summary.status === 'DRAFT' ? html`<li><a href="${consolePath.plan(id)}">${t('actionLaunch')}</a></li>` : ''}
        ${actions.map(
          (a) =>
            html`<li>
              <a href="${consolePath.action(id, a)}">${t(ACTION_LABEL[a as keyof typeof ACTION_LABEL])}</a>
            </li>`,
        )}
      </ul>
      ${linkForm(text, id, linkable)}
    </section>
    <table class="data compact stages">
      <caption>
        ${t('stagesCaption')}
      </caption>
      <thead>
        <tr>
          ${STAGE_ORDER.filter((s) => counts.has(s)).map(
            (s) => html`<th scope="col" class="num">${statusText(locale, s)}</th>`,
          )}
        </tr>
      </thead>
      <tbody>
        <tr>
          ${STAGE_ORDER.filter((s) => counts.has(s)).map((s) => html`<td class="num">${counts.get(s)}</td>`)}
        </tr>
      </tbody>
    </table>
    <table class="data">
      <caption>
        ${t('segmentsCaption')}
      </caption>
      <thead>
        <tr>
          <th scope="col">${t('colSegment')}</th>
          <th scope="col">${t('colLanguage')}</th>
          <th scope="col">${t('colStatus')}</th>
          <th scope="col">${t('colScript')}</th>
          <th scope="col" class="num">${t('colDelivered')}</th>
        </tr>
      </thead>
      <tbody>
        ${summary.segments.map((s) => {
          const delivered = s.deliveries.filter((d) => d.status === 'delivered').length;
          return html`<tr>
            <th scope="row">
              <a href="${consolePath.segment(id, s.segmentId)}">${userText(s.label)}</a>
              ${variantTag(s.segmentId, locale)}
              <span class="sub">${s.segmentId}</span>
            </th>
            <td>${languageName(locale, s.language)}</td>
            <td>${statusBadge(locale, s.status)}</td>
            <td>
              ${s.review ? html`${statusText(locale, s.review.decision)} <span class="sub">${userText(s.review.reviewer)}</span>` : t('noneYet')}
            </td>
            <td class="num">
              ${s.deliveries.length > 0 ? t('ofN', { done: delivered, all: s.deliveries.length }) : '—'}
            </td>
          </tr>`;
        })}
      </tbody>
    </table>
    ${pager(pages, locale)}
    ${
      outcomes
        ? outcomesSection(text, consolePath.outcomesCsv(id), {
            ...outcomes,
            labels: new Map(summary.segments.map((s) => [s.segmentId, s.label])),
            partial: summary.segments.length < segmentCount,
          })
        : ''
    }
    ${
      variants
        ? variantsSection(text, {
            ...variants,
            labels: new Map(summary.segments.map((s) => [s.segmentId, s.label])),
            partial: summary.segments.length < segmentCount,
          })
        : ''
    }`;
}

/** The late-channel form: choose a channel and whether to backfill; the next page previews and confirms. */
function linkForm({ t }: ConsoleText, id: string, linkable: ConsolePageInput['linkable']): Html {
  if (linkable.length === 0) return html`<p class="hint">${t('noChannels')}</p>`;
  return html`<form method="get" action="${consolePath.action(id, 'link')}" class="link-channel">
    <div class="field">
      <label for="f-channel">${t('channel')}</label>
      <select id="f-channel" name="channel" required>
        <option value="">${t('chooseChannel')}</option>
        ${linkable.map(
          (ch) =>
            html`<option value="${ch.id}">${ch.id}${ch.name && ch.name !== ch.id ? ` (${ch.name})` : ''}</option>`,
        )}
      </select>
    </div>
    <div class="field-check">
      <input id="f-backfill" type="checkbox" name="backfill" value="1" checked />
      <label for="f-backfill">${t('backfill')}</label>
    </div>
    <div class="field-actions"><button type="submit" class="button-secondary">${t('actionLink')}</button></div>
  </form>`;
}
