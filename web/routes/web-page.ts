// How the workspace sends a page: HTML with the headers every page carries, and HTML error pages.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { WebEnv } from '../../api/session.ts';
import { mapError } from '../../services/errors.ts';
import { messagePage, type Html } from '../views/layout.ts';

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

/** A "not found" or "not allowed" page in the workspace frame. */
export function sendMessage(c: Context<WebEnv>, status: PageStatus, heading: string, message: string) {
  const page = messagePage({ title: heading, heading, message, user: c.var.user, csrfToken: c.var.session?.csrfToken });
  return sendPage(c, page, status);
}

const HEADINGS: Partial<Record<number, string>> = {
  401: 'Please log in again',
  404: 'Not found',
  500: 'Something went wrong',
};

/** `onError` of the workspace: the JSON API's status and message for the same failure, as a page. */
export function workspaceErrorPage(err: Error, c: Context<WebEnv>): Promise<Response> {
  const { status, message } = mapError(err);
  if (status === 500) console.error(err);
  return sendMessage(c, status, HEADINGS[status] ?? 'Not allowed', message);
}
