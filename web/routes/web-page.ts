// How the workspace sends a page: HTML with the headers every page carries, and HTML error pages.
import type { Context } from 'hono';
import { ApiError } from '../../api/errors.ts';
import type { WebEnv } from '../../api/session.ts';
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

export type PageStatus = 200 | 400 | 401 | 403 | 404 | 409 | 429 | 500;

/** Sends a workspace page with its security headers. */
export async function sendPage(c: Context<WebEnv>, page: Html, status: PageStatus = 200): Promise<Response> {
  return c.html(await page, status, SECURITY_HEADERS);
}

/** A "not found" or "not allowed" page in the workspace frame. */
export function sendMessage(c: Context<WebEnv>, status: PageStatus, heading: string, message: string) {
  const page = messagePage({ title: heading, heading, message, user: c.var.user, csrfToken: c.var.session?.csrfToken });
  return sendPage(c, page, status);
}

/** `onError` of the workspace: refusals (CSRF, role) and failures become pages instead of JSON. */
export function workspaceErrorPage(err: Error, c: Context<WebEnv>): Promise<Response> {
  if (err instanceof ApiError) {
    const heading = err.status === 404 ? 'Not found' : err.status === 401 ? 'Please log in again' : 'Not allowed';
    return sendMessage(c, err.status, heading, err.message);
  }
  console.error(err);
  return sendMessage(c, 500, 'Something went wrong', 'Something went wrong on our side; the server log has details.');
}
