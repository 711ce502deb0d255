// Login and logout for the web workspace: rate-limited password check, fresh session id, CSRF on both forms.
import { getConnInfo } from '@hono/node-server/conninfo';
import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { appendAudit } from '../../db/audit-repo.ts';
import type { Pool } from '../../db/pool.ts';
import { checkCredentials } from '../../services/login-guard.ts';
import {
  clearCookie,
  cookieName,
  csrfProtection,
  sessionMiddleware,
  setStrictCookie,
  SESSION_COOKIE,
  type WebEnv,
} from '../../api/session.ts';
import { createSessionStore, safeEqual, SESSION_ABSOLUTE_MS } from '../../services/session.ts';
import { textProblem } from '../../shared/text-guard.ts';
import { localeOf, translator, type Locale } from '../i18n.ts';
import { WORKSPACE } from '../i18n/workspace.ts';

/** What a login page shows; `csrfToken` goes into a hidden `_csrf` field, `next` into a hidden `next` field. */
export interface LoginPageProps {
  csrfToken: string;
  next: string;
  username: string;
  error?: string;
  /** The language the page and its `error` are in (the user's setting when logged in, else Accept-Language). */
  locale: Locale;
}

export interface LoginRoutesOptions {
  pool: Pool;
  /** Renders the login page (the workspace supplies its own); the default is a plain accessible form. */
  page?: (props: LoginPageProps) => HtmlEscapedString | Promise<HtmlEscapedString>;
  /**
   * The client address for the per-address limit; by default the socket's peer, or behind a trusted proxy
   * (KLARTEXT_TRUST_PROXY) the last `X-Forwarded-For` entry.
   */
  clientIp?: (c: Context) => string | undefined;
}

// Before login there is no session to carry a CSRF token, so the login form uses a double-submit cookie: a
// cross-site form cannot read it, and SameSite=Strict keeps the browser from sending it along.
const LOGIN_CSRF_COOKIE = 'klartext_login_csrf';

/** Only same-site paths: `//host` and `/\host` would leave klartext. */
const safeNext = (next: unknown) => (typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : '/');

function peerAddress(c: Context): string | undefined {
  const forwarded = c.get('forwardedFor') as string | undefined;
  if (forwarded) return forwarded; // set only behind a trusted proxy (KLARTEXT_TRUST_PROXY)
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined; // in-process requests (tests) have no socket
  }
}

export function defaultLoginPage({ csrfToken, next, username, error }: LoginPageProps) {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Log in · klartext</title>
      </head>
      <body>
        <main>
          <h1>Log in to klartext</h1>
          <div id="login-error" role="alert">${error ?? ''}</div>
          <form method="post" action="/login">
            <input type="hidden" name="_csrf" value="${csrfToken}" />
            <input type="hidden" name="next" value="${next}" />
            <p>
              <label for="username">User name</label>
              <input id="username" name="username" autocomplete="username" required value="${username}" />
            </p>
            <p>
              <label for="password">Password</label>
              <input id="password" name="password" type="password" autocomplete="current-password" required />
            </p>
            <p><button type="submit">Log in</button></p>
          </form>
        </main>
      </body>
    </html>`;
}

/** `GET /login`, `POST /login`, `POST /logout`. Mount at the site root. */
export function loginRoutes({ pool, page = defaultLoginPage, clientIp = peerAddress }: LoginRoutesOptions) {
  const store = createSessionStore(pool);
  const session = sessionMiddleware(pool, store);
  // Middleware per route, not `use('*')`: mounted at the root, that would run for every request of the app.
  const app = new Hono<WebEnv>();

  // A logged-in visitor's form carries the session's token, which a global csrfProtection() also accepts.
  const formToken = (c: Context<WebEnv>) => {
    if (c.var.session) return c.var.session.csrfToken;
    const existing = getCookie(c, cookieName(c, LOGIN_CSRF_COOKIE));
    const token = existing && existing.length <= 128 ? existing : randomBytes(32).toString('base64url');
    setStrictCookie(c, LOGIN_CSRF_COOKIE, token, 3600);
    return token;
  };
  const render = async (c: Context<WebEnv>, status: 200 | 400 | 401 | 403 | 429, props: Partial<LoginPageProps>) => {
    c.header('cache-control', 'no-store');
    const body = await page({ csrfToken: formToken(c), next: '/', username: '', locale: localeOf(c), ...props });
    return c.html(body, status);
  };

  app.get('/login', session, (c) => render(c, 200, { next: safeNext(c.req.query('next')) }));

  app.post('/login', session, async (c) => {
    const form = await c.req.parseBody();
    const t = translator(WORKSPACE, localeOf(c));
    const next = safeNext(form.next);
    const username = typeof form.username === 'string' ? form.username.trim() : '';
    const password = typeof form.password === 'string' ? form.password : '';
    const sent = typeof form._csrf === 'string' ? form._csrf : '';
    const expected = c.var.session?.csrfToken ?? getCookie(c, cookieName(c, LOGIN_CSRF_COOKIE));
    if (!expected || !safeEqual(sent, expected)) {
      return render(c, 403, { next, username, error: t('login.expired') });
    }
    if (!username || !password) return render(c, 400, { next, username, error: t('login.empty') });
    if (textProblem(username, 'name', 200) || password.length > 1_000) {
      return render(c, 400, { next, username: '', error: t('login.impossible') });
    }
    const ip = clientIp(c);
    const result = await checkCredentials(pool, { userId: username, password, ip, purpose: 'login' });
    if (!result.ok && result.reason === 'rate-limited') {
      c.header('retry-after', String(result.retryAfterSeconds));
      const minutes = Math.ceil(result.retryAfterSeconds / 60);
      const error = t(minutes === 1 ? 'login.rateLimited.one' : 'login.rateLimited.other', { n: minutes });
      return render(c, 429, { next, username, error });
    }
    if (!result.ok) return render(c, 401, { next, username, error: t('login.wrong') });
    await appendAudit(pool, {
      actor: result.user.id,
      action: 'login',
      subject: `user/${result.user.id}`,
      details: ip ? { ip } : {},
    });
    // A new session id on every login, so an id planted before login (session fixation) is worthless after it.
    if (c.var.session) await store.destroy(c.var.session.id);
    const { cookieValue } = await store.create(result.user.id);
    setStrictCookie(c, SESSION_COOKIE, cookieValue, SESSION_ABSOLUTE_MS / 1000);
    clearCookie(c, LOGIN_CSRF_COOKIE);
    return c.redirect(next, 303);
  });

  app.post('/logout', session, csrfProtection(), async (c) => {
    const session = c.var.session as WebEnv['Variables']['session'] | undefined;
    if (session) {
      await store.destroy(session.id);
      await appendAudit(pool, { actor: c.var.user.id, action: 'logout', subject: `user/${c.var.user.id}` });
    }
    clearCookie(c, SESSION_COOKIE);
    return c.redirect('/login', 303);
  });

  return app;
}
