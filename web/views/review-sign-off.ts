// Parts of the sign-off forms shared by script and video review: decision choices, the record table, the signature.
import { html } from 'hono/html';
import type { User } from '../../db/user-repo.ts';
import type { Subject } from '../../review/subjects.ts';
import { isReviewer } from '../../shared/roles.ts';
import { DEFAULT_LOCALE, translator, type Locale } from '../i18n.ts';
import { REVIEW } from '../i18n/review.ts';
import { decisionLabel, formatDateTime, shortSha, statusLabel } from './format.ts';
import type { Html } from './layout.ts';

/** Radio buttons for a decision, each with its consequence as a hint; `idPrefix` keeps ids unique on the page. */
export function choicesFieldset(
  legend: string,
  idPrefix: string,
  choices: readonly (readonly [string, string, string])[],
  checked: string | undefined,
): Html {
  return html`<fieldset class="choices">
    <legend>${legend}</legend>
    ${choices.map(
      ([value, label, hint]) =>
        html`<div class="choice">
          <input
            type="radio"
            name="decision"
            id="${idPrefix}-${value}"
            value="${value}"
            required
            aria-describedby="${idPrefix}-${value}-hint"
            ${checked === value ? html`checked` : ''}
          />
          <label for="${idPrefix}-${value}">${label}</label>
          <p class="hint" id="${idPrefix}-${value}-hint">${hint}</p>
        </div>`,
    )}
  </fieldset>`;
}

/** One row of a decision record: the round (script) or render (video) it applies to, and the hash it binds to. */
export interface DecisionRow {
  n: number;
  decision: string;
  reviewerName: string;
  decidedAt: string;
  sha256: string;
  comment: string;
}

/** The table of decisions on one subject, oldest first. */
export function decisionTable(
  rows: readonly DecisionRow[],
  labels: { caption: string; captionHidden: boolean; n: string; sha256: string },
  locale: Locale = DEFAULT_LOCALE,
): Html {
  const t = translator(REVIEW, locale);
  return html`<table class="data compact">
    <caption class="${labels.captionHidden ? 'visually-hidden' : ''}">
      ${labels.caption}
    </caption>
    <thead>
      <tr>
        <th scope="col" class="num">${labels.n}</th>
        <th scope="col">${t('table.decision')}</th>
        <th scope="col">${t('table.reviewer')}</th>
        <th scope="col">${t('table.when')}</th>
        <th scope="col">${labels.sha256}</th>
        <th scope="col">${t('table.comment')}</th>
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (d) =>
          html`<tr>
            <td class="num">${d.n}</td>
            <th scope="row">
              <span class="decision decision-${d.decision}">${decisionLabel(d.decision, locale)}</span>
            </th>
            <td class="nowrap">${d.reviewerName}</td>
            <td class="nowrap">${formatDateTime(d.decidedAt, locale)}</td>
            <td><code>${shortSha(d.sha256)}</code></td>
            <td class="comment">${d.comment || '—'}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

const CLOSED = {
  script: { reader: 'closed.readerScript', notWaiting: 'closed.notWaitingScript', decided: 'closed.decidedScript' },
  video: { reader: 'closed.readerVideo', notWaiting: 'closed.notWaitingVideo', decided: 'closed.decidedVideo' },
} as const;

/** Why a user sees no decision form, or undefined when they may decide; the checks mirror the workflow's validator. */
export function whyNoForm(
  subject: Subject,
  user: User,
  form: {
    status: string;
    waiting: boolean;
    /** The user's own decision on the current version or render, if any. */
    mine?: { decision: string; decidedAt: string };
    locale?: Locale;
  },
): string | undefined {
  const locale = form.locale ?? DEFAULT_LOCALE;
  const t = translator(REVIEW, locale);
  const keys = CLOSED[subject];
  if (!isReviewer(user.role)) return t(keys.reader);
  if (!form.waiting) return t(keys.notWaiting, { status: statusLabel(form.status, locale) });
  const { mine } = form;
  if (mine) {
    const when = formatDateTime(mine.decidedAt, locale);
    return t(keys.decided, { decision: decisionLabel(mine.decision, locale), when });
  }
  return undefined;
}

/** The password field and the words a signature means, under a decision form; `idPrefix` keeps ids unique. */
export function signatureFields(idPrefix: string, need: string, meaning: Html, locale: Locale = DEFAULT_LOCALE): Html {
  const t = translator(REVIEW, locale);
  return html`<div class="signature">
    <div class="field">
      <label for="${idPrefix}password"
        >${t('sign.password')} <span class="muted">${t('sign.needed', { need })}</span></label
      >
      <input
        type="password"
        id="${idPrefix}password"
        name="password"
        autocomplete="current-password"
        aria-describedby="${idPrefix}signature-meaning"
      />
    </div>
    <p id="${idPrefix}signature-meaning" class="signature-meaning">${meaning}</p>
    <button type="submit" class="button-primary">${t('sign.submit')}</button>
  </div>`;
}
