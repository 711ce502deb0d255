// How the workspace sends a page: HTML in the request's language with the headers every page carries; error pages.
import type { Context } from 'hono';
import { html } from 'hono/html';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { SessionRefusal, type WebEnv } from '../../api/session.ts';
import { mapError } from '../../services/errors.ts';
import { logUnexpected } from '../../api/errors.ts';
import { LOCALES, localeOf, translator } from '../i18n.ts';
import { WORKSPACE } from '../i18n/workspace.ts';
import { layout, messagePage, type Html, type LayoutInput } from '../views/layout.ts';

// Pages show unpublished medical content: never cached; no scripts, frames or foreign form targets.
const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'content-security-policy':
    "default-src 'none'; style-src 'self'; img-src 'self'; media-src 'self'; form-action 'self'; " +
    "frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

export type PageStatus = ContentfulStatusCode;

/** Sends a workspace page with its security headers. */
export async function sendPage(c: Context<WebEnv>, page: Html, status: PageStatus = 200): Promise<Response> {
  return c.html(await page, status, SECURITY_HEADERS);
}

/** What the frame of a page takes from the request: user, CSRF token, language and the switch's way back. */
export function frameOf(c: Context<WebEnv>): Omit<LayoutInput, 'title' | 'body'> {
  const url = new URL(c.req.url);
  return {
    locale: localeOf(c),
    user: c.var.user,
    csrfToken: c.var.session?.csrfToken,
    languageSetting: LOCALES.find((l) => l === c.get('locale')) ?? '',
    path: url.pathname + url.search,
  };
}

/** Sends `body` in the workspace frame, in the request's language. */
export function sendFramed(
  c: Context<WebEnv>,
  page: { title: string; current?: string; body: Html },
  status: PageStatus = 200,
): Promise<Response> {
  return sendPage(c, layout({ ...frameOf(c), ...page }), status);
}

/** A "not found" or "not allowed" page in the workspace frame. */
export function sendMessage(c: Context<WebEnv>, status: PageStatus, heading: string, message: string | Html) {
  return sendPage(c, messagePage({ ...frameOf(c), title: heading, heading, message }), status);
}

const HEADINGS = { 401: 'error.401', 404: 'error.404', 500: 'error.500' } as const;

/** `onError` of the workspace: the JSON API's status and message for the same failure, as a page in its language. */
export function workspaceErrorPage(err: Error, c: Context<WebEnv>): Promise<Response> {
  const { status, message } = mapError(err);
  if (status === 500) logUnexpected(c, err);
  const t = translator(WORKSPACE, localeOf(c));
  const heading = t(Object.hasOwn(HEADINGS, status) ? HEADINGS[status as keyof typeof HEADINGS] : 'error.other');
  // The session layer's refusals and unexpected failures are said in the page's language; a refusal from the service
  // layer (a workflow's validator) keeps its own English words, marked so on a page in another language.
  if (err instanceof SessionRefusal) return sendMessage(c, status, heading, t(err.key, err.vars));
  if (status === 500) return sendMessage(c, status, heading, t('error.internal'));
  return sendMessage(c, status, heading, localeOf(c) === 'en' ? message : html`<span lang="en">${message}</span>`);
}
