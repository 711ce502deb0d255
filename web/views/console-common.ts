// Pieces every console page shares: its translator, statuses, dates, the problems table, notices and breadcrumbs.
import { html } from 'hono/html';
import { CONSOLE, STATUS_LABELS, type ConsoleKey } from '../i18n/console.ts';
import { translator, type Locale } from '../i18n.ts';
import { userText } from './format.ts';
import type { Html } from './layout.ts';

/** What every console view gets: the language and the texts in it. */
export interface ConsoleText {
  locale: Locale;
  t: (key: ConsoleKey, vars?: Record<string, string | number>) => string;
}

export function consoleText(locale: Locale): ConsoleText {
  return { locale, t: translator(CONSOLE, locale) };
}

/** A campaign or segment status in the page's language (unknown ones as stored). */
export function statusText(locale: Locale, status: string): string {
  return STATUS_LABELS[locale][status] ?? status.toLowerCase();
}

export function statusBadge(locale: Locale, status: string): Html {
  return html`<span class="status status-${status}">${statusText(locale, status)}</span>`;
}

/** A date and time in the page's language. */
export function dateTime(locale: Locale, value: Date | string): Html {
  const d = typeof value === 'string' ? new Date(value) : value;
  const text = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(d);
  return html`<time datetime="${d.toISOString()}">${text} UTC</time>`;
}

/** A language code's name in the page's language ("de" → "Deutsch" / "German"). */
export function languageName(locale: Locale, code: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

export function number(locale: Locale, n: number, digits = 0): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(n);
}

/** A problem in an uploaded file, at file:line:column (line 0: where is not known); the message says what and how to fix. */
export interface FileProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** Problems (or warnings) as a table: one row per problem, file and line first. */
export function problemTable({ t }: ConsoleText, id: string, problems: readonly FileProblem[]): Html {
  return html`<table class="data compact problems" id="${id}">
    <caption class="visually-hidden">
      ${t('problemsCaption')}
    </caption>
    <thead>
      <tr>
        <th scope="col">${t('colFile')}</th>
        <th scope="col" class="num">${t('colLine')}</th>
        <th scope="col" class="num">${t('colColumn')}</th>
        <th scope="col">${t('colProblem')}</th>
      </tr>
    </thead>
    <tbody>
      ${problems.map(
        (p) =>
          html`<tr>
            <td class="nowrap">
              ${p.line > 0 ? html`<code>${p.file}:${p.line}:${p.column}</code>` : p.file ? html`<code>${p.file}</code>` : '—'}
            </td>
            <td class="num">${p.line > 0 ? p.line : '—'}</td>
            <td class="num">${p.line > 0 ? p.column : '—'}</td>
            <td class="comment">${p.message}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

/** A confirmation after an action (role="status", so screen readers announce it). */
export function notice(text: string | undefined): Html {
  return text ? html`<p class="notice notice-ok" role="status">${text}</p>` : html``;
}

/** An error shown above a form (role="alert"). */
export function alert(text: string | undefined): Html {
  return text ? html`<p class="alert alert-blocking" role="alert">${text}</p>` : html``;
}

/** Breadcrumbs: every entry but the last is a link; the last is the current page. */
export function breadcrumb(items: readonly [label: string, href?: string][], label = 'Breadcrumb'): Html {
  return html`<nav class="breadcrumb" aria-label="${label}">
    <ol>
      ${items.map(([text, href]) =>
        href
          ? html`<li><a href="${href}">${userText(text)}</a></li>`
          : html`<li><span aria-current="page">${userText(text)}</span></li>`,
      )}
    </ol>
  </nav>`;
}

/** Paths of the console's pages; ids are path-encoded whatever characters they hold. */
export const consolePath = {
  campaign: (id: string) => `/campaigns/${encodeURIComponent(id)}/console`,
  plan: (id: string) => `/campaigns/${encodeURIComponent(id)}/plan`,
  action: (id: string, action: string) => `/campaigns/${encodeURIComponent(id)}/${action}`,
  segment: (id: string, segmentId: string) =>
    `/campaigns/${encodeURIComponent(id)}/segments/${encodeURIComponent(segmentId)}`,
  outcomesCsv: (id: string) => `/campaigns/${encodeURIComponent(id)}/outcomes.csv`,
};

/** The hidden CSRF field every console form carries. */
export const csrfField = (token: string) => html`<input type="hidden" name="_csrf" value="${token}" />`;
