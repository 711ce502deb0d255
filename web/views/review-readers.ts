// The review page's reader sign-offs: which the version needs, who gave them, which are missing, and the form for a
// language reviewer or test reader.
import { html } from 'hono/html';
import type { User } from '../../db/user-repo.ts';
import {
  READER_MEANINGS,
  READER_SIGN_OFFS,
  type ReaderSignOff,
  type ReaderSignOffKind,
  type SignOffRequirement,
} from '../../shared/reader-sign-offs.ts';
import { DEFAULT_LOCALE, translator, type Locale } from '../i18n.ts';
import { REVIEW } from '../i18n/review.ts';
import { formatDateTime, languageLabel, shortSha, userText } from './format.ts';
import type { Html } from './layout.ts';
import { signatureFields } from './review-sign-off.ts';

export interface ReadersContext {
  campaignId: string;
  segmentId: string;
  scriptSha256: string;
  status: string;
  /** Absent on versions drafted before reader sign-offs were recorded. */
  required?: SignOffRequirement;
  /** Sign-offs on the current version. */
  given: readonly ReaderSignOff[];
  /** Sign-offs on earlier versions: void since the script changed. */
  earlier: readonly ReaderSignOff[];
  user: User;
  /** The languages the viewing user reads. */
  userLanguages: readonly string[];
  csrfToken: string;
  locale?: Locale;
}

/** The sign-offs the version needs, each given (by whom, when) or missing; earlier ones as void; the reader's form. */
export function readersSection(ctx: ReadersContext): Html {
  const locale = ctx.locale ?? DEFAULT_LOCALE;
  const t = translator(REVIEW, locale);
  const { required } = ctx;
  if (!required) return html``;
  const lang = languageLabel(required.language, locale);
  const kinds: ReaderSignOffKind[] = ['language', ...(required.testReading ? (['test-reading'] as const) : [])];
  const need = (kind: ReaderSignOffKind) =>
    kind === 'test-reading'
      ? t('readers.testReadingNeed', { level: required.readingLevel })
      : required.languageReview === 'always'
        ? t('readers.languageAlways', { language: lang })
        : t('readers.languageUnread', { language: lang });
  const row = (kind: ReaderSignOffKind) => {
    const given = ctx.given.filter((s) => s.kind === kind);
    return html`<tr>
      <th scope="row">${t(kind === 'language' ? 'readers.language' : 'readers.testReading')}</th>
      <td>${need(kind)}</td>
      <td>
        ${
          given.length === 0
            ? html`<span class="decision decision-missing">${t('readers.missing')}</span>`
            : given.map(
                (s) =>
                  html`<span class="decision decision-APPROVED"
                      >${t('readers.signedBy', {
                        name: s.reviewerName,
                        when: formatDateTime(s.signedAt, locale),
                      })}</span
                    >
                    ${s.comment ? html`<span class="sub">${userText(s.comment)}</span>` : ''}`,
              )
        }
      </td>
    </tr>`;
  };
  return html`<section class="panel readers" id="readers" aria-labelledby="readers-h">
    <h2 id="readers-h">${t('readers.heading')}</h2>
    <p>${t('readers.intro', { language: lang })}</p>
    <table class="data compact">
      <caption class="visually-hidden">
        ${t('readers.heading')}
      </caption>
      <thead>
        <tr>
          <th scope="col">${t('readers.colSignOff')}</th>
          <th scope="col">${t('readers.colWhen')}</th>
          <th scope="col">${t('readers.colState')}</th>
        </tr>
      </thead>
      <tbody>
        ${kinds.map(row)}
      </tbody>
    </table>
    ${
      ctx.earlier.length > 0
        ? html`<p class="muted">
            ${t('readers.void', { n: ctx.earlier.length })}
            ${ctx.earlier.map((s) => html`<code title="${s.scriptSha256}">${shortSha(s.scriptSha256)}</code> `)}
          </p>`
        : ''
    }
    ${form(ctx, kinds, locale)}
  </section>`;
}

/** The sign-off form, for a reader whose role gives one of the needed kinds and who has not given it yet. */
function form(ctx: ReadersContext, kinds: readonly ReaderSignOffKind[], locale: Locale): Html {
  const t = translator(REVIEW, locale);
  const kind = kinds.find((k) => READER_SIGN_OFFS[k] === ctx.user.role);
  if (!kind || ctx.status !== 'IN_REVIEW') return html``;
  if (ctx.given.some((s) => s.kind === kind && s.reviewerId === ctx.user.id)) return html``;
  const language = ctx.required!.language;
  if (kind === 'language' && !ctx.userLanguages.includes(language)) {
    return html`<p class="muted">${t('readers.notYourLanguage', { language: languageLabel(language, locale) })}</p>`;
  }
  const meaning = READER_MEANINGS[kind].replace('{language}', language);
  const path = `/review/${encodeURIComponent(ctx.campaignId)}/${encodeURIComponent(ctx.segmentId)}/sign-off`;
  return html`<form method="post" action="${path}" class="decision-form">
    <input type="hidden" name="_csrf" value="${ctx.csrfToken}" />
    <input type="hidden" name="kind" value="${kind}" />
    <input type="hidden" name="scriptSha256" value="${ctx.scriptSha256}" />
    <div class="field">
      <label for="reader-comment">${t('readers.comment')}</label>
      <textarea id="reader-comment" name="comment" rows="3"></textarea>
    </div>
    ${signatureFields('reader-', t('readers.signNeed'), html`${t('sign.recordedAs', { meaning })}`, locale)}
  </form>`;
}
