// Security headers for every response the site sends: a CSP on every HTML page, a sandbox on served asset files.
import type { MiddlewareHandler } from 'hono';

/** Workspace pages show unpublished medical content: no scripts, frames or foreign form targets; never cached. */
export const PAGE_CSP =
  "default-src 'none'; style-src 'self'; img-src 'self'; media-src 'self'; form-action 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'";

/**
 * Files from the asset store (a transcript is HTML built from script text) open as an opaque sandboxed document
 * that may load nothing: a script or form that slipped into one could neither run nor reach the workspace's origin.
 */
export const ASSET_CSP = "sandbox; default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

const HTML_TYPE = /^\s*(text\/html|application\/xhtml\+xml|image\/svg\+xml)\b/i;

/**
 * After each route answers: every response gets `X-Content-Type-Options: nosniff`; asset files get the sandbox CSP
 * (HTML and SVG ones as an inline download named after the file); any other HTML response without a policy of its
 * own (the login page, error pages) gets the page policy, `no-store` and a referrer policy.
 * `assetPrefix` is where the asset store is served.
 */
export function securityHeaders(assetPrefix = '/assets/'): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const headers = writable(c);
    headers.set('x-content-type-options', 'nosniff');
    const type = headers.get('content-type') ?? '';
    if (c.req.path.startsWith(assetPrefix) && c.res.status < 300) {
      headers.set('content-security-policy', ASSET_CSP);
      const file = c.req.path.slice(c.req.path.lastIndexOf('/') + 1);
      if (HTML_TYPE.test(type) && /^[\w.-]+$/.test(file)) {
        headers.set('content-disposition', `inline; filename="${file}"`);
      }
      return;
    }
    if (!HTML_TYPE.test(type)) return;
    if (!headers.has('content-security-policy')) headers.set('content-security-policy', PAGE_CSP);
    if (!headers.has('cache-control')) headers.set('cache-control', 'no-store');
    if (!headers.has('referrer-policy')) headers.set('referrer-policy', 'same-origin');
  };
}

/** The response's headers, copying the response first when they are immutable (a `fetch` result's are). */
function writable(c: Parameters<MiddlewareHandler>[0]): Headers {
  try {
    c.res.headers.set('x-content-type-options', 'nosniff');
  } catch {
    c.res = new Response(c.res.body, c.res);
  }
  return c.res.headers;
}
