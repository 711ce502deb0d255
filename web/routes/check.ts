// The public video check (no login): /check and its short address /c, the page's script, and its QR code.
import type { KeyObject } from 'node:crypto';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Hono, type Context } from 'hono';
import type { Pool } from '../../db/pool.ts';
import { checkAddress, CHECK_SHORT_PATH, qrPng, qrSvg } from '../../video/render/qr.ts';
import { LOCALES, negotiateLocale, translator, type Locale } from '../i18n.ts';
import { CHECK } from '../i18n/check.ts';
import { checkPage } from '../views/check-page.ts';
import { checkFingerprint, MAX_INPUT, resolveInput, type CheckResult, type InputProblem } from './check-data.ts';
import type { AssetStore } from '../../storage/asset-store.ts';

const script = readFileSync(new URL('../static/check.js', import.meta.url), 'utf8');
const SCRIPT = {
  path: '/static/check.js',
  href: `/static/check.js?v=${createHash('sha256').update(script).digest('hex').slice(0, 10)}`,
};

/**
 * The page may run its own same-origin script (hashing a chosen file) and nothing else: no inline code, no requests
 * from script (the answer comes as a page), no frames, forms only to itself.
 */
export const CHECK_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'";

const PAGE_HEADERS = {
  'content-security-policy': CHECK_CSP,
  // A retraction must reach the next visitor at once.
  'cache-control': 'no-store',
  // The fingerprint is in the address: a click on a source link must not pass it on.
  'referrer-policy': 'no-referrer',
  vary: 'accept-language',
};

export interface CheckRoutesDeps {
  pool: Pool;
  /** The signing key's public half, then retired ones (KLARTEXT_SIGNING_RETIRED_KEYS_FILE) older videos name. */
  publicKey: KeyObject | readonly KeyObject[];
  /** The asset store: a pasted link to one of its videos is hashed from the stored file. */
  assets: AssetStore;
  /** KLARTEXT_PUBLIC_URL: the address printed and encoded in the QR code; else the address of the request. */
  publicUrl?: string;
}

const QR_MIN_PX = 64;
const QR_MAX_PX = 2048;

/** Routes at the site root; every one is public and reads nothing but the provenance records. */
export function checkRoutes(deps: CheckRoutesDeps) {
  const app = new Hono();
  const siteUrl = (c: Context) => deps.publicUrl ?? new URL(c.req.url).origin;
  const address = (c: Context) => checkAddress(siteUrl(c));
  const pageLocale = (c: Context): Locale =>
    LOCALES.find((l) => l === c.req.query('lang')) ?? negotiateLocale(c.req.header('accept-language'));

  app.get('/check', async (c) => {
    const locale = pageLocale(c);
    const input = c.req.query('v') ?? '';
    let result: CheckResult | undefined;
    let problem: InputProblem | undefined;
    if (c.req.query('v') !== undefined) {
      const origins = [...new Set([new URL(c.req.url).origin, new URL(siteUrl(c)).origin])];
      const resolved = await resolveInput(input, { origins, assets: deps.assets });
      if ('problem' in resolved) problem = resolved.problem;
      else result = await checkFingerprint(deps.pool, deps.publicKey, resolved.sha256, deps.assets);
    }
    const page = checkPage({
      locale,
      input: input.slice(0, MAX_INPUT),
      ...(result ? { result } : {}),
      ...(problem ? { problem } : {}),
      address: address(c),
      scriptHref: SCRIPT.href,
      qrHref: '/check/qr.svg',
    });
    return c.html(await page, problem ? 400 : 200, PAGE_HEADERS);
  });

  // The short address printed on end cards and encoded in their QR code.
  app.get(CHECK_SHORT_PATH, (c) => {
    const v = c.req.query('v');
    return c.redirect(v === undefined ? '/check' : `/check?v=${encodeURIComponent(v)}`, 302);
  });
  app.get(`${CHECK_SHORT_PATH}/:v`, (c) => c.redirect(`/check?v=${encodeURIComponent(c.req.param('v'))}`, 302));

  app.get(SCRIPT.path, (c) =>
    c.body(script, 200, {
      'content-type': 'text/javascript; charset=utf-8',
      // Pages link to it with a content hash in the query, so a changed file has a new URL.
      'cache-control': 'public, max-age=31536000, immutable',
    }),
  );

  app.get('/check/qr.svg', (c) => {
    const title = translator(CHECK, pageLocale(c))('qr.alt');
    return c.body(qrSvg(address(c), title), 200, {
      'content-type': 'image/svg+xml; charset=utf-8',
      'cache-control': 'public, max-age=3600',
    });
  });

  app.get('/check/qr.png', (c) => {
    const size = Number(c.req.query('size') ?? 512);
    if (!Number.isInteger(size) || size < QR_MIN_PX || size > QR_MAX_PX) {
      return c.json(
        {
          error: {
            code: 'ApiError',
            message: `Query 'size' must be a whole number of pixels from ${QR_MIN_PX} to ${QR_MAX_PX}; omit it for 512.`,
          },
        },
        400,
      );
    }
    return c.body(new Uint8Array(qrPng(address(c), size)), 200, {
      'content-type': 'image/png',
      'cache-control': 'public, max-age=3600',
    });
  });
  return app;
}
