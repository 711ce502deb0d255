// Console pages before a campaign runs: the campaign list, the upload form with every problem, and the plan to launch.
import { html } from 'hono/html';
import { pager, type PageLinks } from './pager.ts';
import type { CampaignCounts } from '../../db/overview-repo.ts';
import { userText } from './format.ts';
import type { Html } from './layout.ts';
import {
  alert,
  breadcrumb,
  consolePath,
  csrfField,
  dateTime,
  languageName,
  notice,
  problemTable,
  statusBadge,
  statusText,
  type ConsoleText,
  type FileProblem,
} from './console-common.ts';

/** The campaign list: status, start, segments and how many are published; each row links to its console. */
export function campaignListBody(
  text: ConsoleText,
  campaigns: readonly CampaignCounts[],
  flash?: string,
  links: PageLinks = {},
): Html {
  const { t, locale } = text;
  return html`<div class="page-head">
      <h1>${t('campaigns')}</h1>
      <p class="lede">${t('campaignsLede')}</p>
      <p><a class="button-primary" href="/campaigns/new">${t('newCampaign')}</a></p>
    </div>
    ${notice(flash)}
    ${
      campaigns.length === 0
        ? html`<p class="empty">${t('noCampaigns')}</p>`
        : html`<table class="data campaigns">
            <caption>
              ${t('campaignsCaption')}
            </caption>
            <thead>
              <tr>
                <th scope="col">${t('colCampaign')}</th>
                <th scope="col">${t('colStatus')}</th>
                <th scope="col">${t('colStarted')}</th>
                <th scope="col" class="num">${t('colSegments')}</th>
                <th scope="col" class="num">${t('colPublished')}</th>
              </tr>
            </thead>
            <tbody>
              ${campaigns.map((c) => {
                const total = Object.values(c.counts).reduce((a, b) => a + b, 0);
                const href = c.status === 'DRAFT' ? consolePath.plan(c.id) : consolePath.campaign(c.id);
                return html`<tr>
                  <th scope="row">
                    <a href="${href}">${userText(c.title)}</a>
                    <span class="sub">${c.id}</span>
                  </th>
                  <td>${statusBadge(locale, c.status)}</td>
                  <td class="nowrap">${dateTime(locale, c.createdAt)}</td>
                  <td class="num">${total}</td>
                  <td class="num">${c.counts.PUBLISHED ?? 0}</td>
                </tr>`;
              })}
            </tbody>
          </table>`
    }
    ${pager(links, locale)}`;
}

/** What an upload attempt found: problems stop it; warnings are shown beside the plan too. */
export interface UploadOutcome {
  error?: string;
  problems?: readonly FileProblem[];
  warnings?: readonly FileProblem[];
}

/** The form for a new campaign's three files, with the problems of the last upload when there were any. */
export function newCampaignBody(text: ConsoleText, csrfToken: string, outcome: UploadOutcome = {}): Html {
  const { t } = text;
  const problems = outcome.problems ?? [];
  const field = (name: string, label: string, accept: string) =>
    html`<div class="field">
      <label for="f-${name}">${label}</label>
      <input id="f-${name}" name="${name}" type="file" accept="${accept}" required aria-describedby="f-hint" />
    </div>`;
  return html`${breadcrumb([[t('campaigns'), '/campaigns'], [t('newCampaign')]], t('breadcrumb'))}
    <div class="page-head">
      <h1>${t('newCampaign')}</h1>
      <p class="lede">${t('newLede')}</p>
    </div>
    ${alert(outcome.error)}
    ${
      problems.length > 0
        ? html`<section class="panel" aria-labelledby="problems-h">
            <h2 id="problems-h">${t('problemsHeading', { n: problems.length })}</h2>
            <p class="section-intro">${t('problemsLede')}</p>
            ${problemTable(text, 'problems', problems)}
          </section>`
        : ''
    }
    ${warningsSection(text, outcome.warnings ?? [])}
    <form method="post" action="/campaigns/new" enctype="multipart/form-data" class="panel upload">
      ${csrfField(csrfToken)} ${field('campaign', t('fileCampaign'), '.yaml,.yml')}
      ${field('segments', t('fileSegments'), '.csv')} ${field('claims', t('fileClaims'), '.yaml,.yml')}
      <p class="hint" id="f-hint">${t('fileHint')}</p>
      <div class="field-actions"><button type="submit" class="button-primary">${t('checkFiles')}</button></div>
    </form>`;
}

export function warningsSection(text: ConsoleText, warnings: readonly FileProblem[]): Html {
  if (warnings.length === 0) return html``;
  return html`<section class="panel" aria-labelledby="warnings-h">
    <h2 id="warnings-h">${text.t('warningsHeading', { n: warnings.length })}</h2>
    <p class="section-intro">${text.t('warningsLede')}</p>
    ${problemTable(text, 'warnings', warnings)}
  </section>`;
}

/** The plan as the page shows it: totals already formatted, and one row per segment. */
export interface PlanView {
  totals: readonly [label: string, value: string][];
  segments: readonly { segmentId: string; label: string; language: string; scenes?: number; seconds?: number }[];
  /** Why no plan could be computed; the campaign may still be launched. */
  unavailable?: string;
}

export interface PlanPageInput {
  campaignId: string;
  title: string;
  status: string;
  plan: PlanView;
  /** What would keep segments from a video: shown before the launch button, which stays. */
  problems: readonly FileProblem[];
  warnings: readonly FileProblem[];
  csrfToken: string;
  error?: string;
}

/** The plan of a stored draft, with the launch button (and a way to throw the draft away). */
export function planBody(text: ConsoleText, input: PlanPageInput): Html {
  const { t, locale } = text;
  const { plan } = input;
  const draft = input.status === 'DRAFT';
  return html`${breadcrumb([[t('campaigns'), '/campaigns'], [input.title]], t('breadcrumb'))}
    <div class="page-head">
      <h1>${t('planTitle', { title: input.title })}</h1>
      <p class="lede">${draft ? t('planLede') : t('notDraft', { status: statusText(locale, input.status) })}</p>
    </div>
    ${alert(input.error)} ${plan.unavailable ? alert(t('planUnavailable', { message: plan.unavailable })) : ''}
    <section class="panel" aria-labelledby="totals-h">
      <h2 id="totals-h">${t('planTotals')}</h2>
      <dl class="facts">
        ${plan.totals.map(
          ([label, value]) =>
            html`<dt>${label}</dt>
              <dd>${value}</dd>`,
        )}
      </dl>
    </section>
    <table class="data plan">
      <caption>
        ${t('planCaption')}
      </caption>
      <thead>
        <tr>
          <th scope="col">${t('colSegment')}</th>
          <th scope="col">${t('colLanguage')}</th>
          <th scope="col" class="num">${t('colScenes')}</th>
          <th scope="col" class="num">${t('colSeconds')}</th>
        </tr>
      </thead>
      <tbody>
        ${plan.segments.map(
          (s) =>
            html`<tr>
              <th scope="row">${userText(s.label)} <span class="sub">${s.segmentId}</span></th>
              <td>${languageName(locale, s.language)}</td>
              <td class="num">${s.scenes ?? '—'}</td>
              <td class="num">${s.seconds === undefined ? '—' : Math.round(s.seconds)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${
      input.problems.length > 0
        ? html`<section class="panel" aria-labelledby="problems-h">
            <h2 id="problems-h">${t('problemsHeading', { n: input.problems.length })}</h2>
            <p class="section-intro">${t('planProblemsLede')}</p>
            ${problemTable(text, 'problems', input.problems)}
          </section>`
        : ''
    }
    ${warningsSection(text, input.warnings)}
    ${
      draft
        ? html`<form method="post" action="${consolePath.action(input.campaignId, 'launch')}" class="panel">
              ${csrfField(input.csrfToken)}
              <p class="hint">${t('launchHint')}</p>
              <div class="field-actions"><button type="submit" class="button-primary">${t('launch')}</button></div>
            </form>
            <form method="post" action="${consolePath.action(input.campaignId, 'discard')}">
              ${csrfField(input.csrfToken)}
              <button type="submit" class="button-secondary">${t('discard')}</button>
            </form>`
        : html`<p><a href="${consolePath.campaign(input.campaignId)}">${t('console')}</a></p>`
    }`;
}
