// Session middleware for both route trees: the session cookie (HttpOnly, SameSite=Strict), CSRF and role checks.
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Queryable } from '../db/pool.ts';
import type { User } from '../db/user-repo.ts';
import type { Role } from '../shared/roles.ts';
import { ApiError } from '../services/errors.ts';
import { createSessionStore, safeEqual } from '../services/session.ts';
import { requireRole, type AuthEnv } from './auth.ts';

/** Variables a logged-in web request carries; `session.id` is the raw session id (the cookie value). */
export type WebEnv = { Variables: { user: User; session: { id: string; csrfToken: string } } };

declare module 'hono' {
  interface ContextVariableMap {
    /** Set by {@link transportSecurity}: whether the browser reached klartext over https. */
    secureTransport: boolean;
    /** Set by {@link transportSecurity} behind a trusted proxy: the client's address as the proxy saw it. */
    forwardedFor: string | undefined;
    /**
     * Set by {@link sessionMiddleware} when the user chose a workspace language (users.locale); read it through
     * `localeOf(c)` in web/i18n.ts, which also checks that it is a language the workspace speaks.
     */
    locale: string | undefined;
  }
}

// The English words of the session layer's refusals (the JSON API's); the workspace's catalog has the same keys.
const REFUSALS = {
  'error.csrf': () => 'This form is out of date or did not come from klartext: reload the page and try again.',
  'error.sessionEnded': () => 'Your session has ended: log in again.',
  'error.role': (v: Record<string, string>) => `This needs one of the roles ${v.roles}; you are ${v.role}.`,
} as const;

/**
 * A refusal of the session layer. Its message is English (the JSON API's); the workspace's error page says it in the
 * page's language by `key` and `vars`.
 */
export class SessionRefusal extends ApiError {
  readonly key: keyof typeof REFUSALS;
  readonly vars: Record<string, string>;
  constructor(status: 401 | 403, key: keyof typeof REFUSALS, vars: Record<string, string> = {}) {
    super(status, REFUSALS[key](vars));
    this.key = key;
    this.vars = vars;
  }
}

const roleRefusal = (roles: readonly Role[], role: Role) =>
  new SessionRefusal(403, 'error.role', { roles: roles.join(', '), role });

/** How to tell that a browser reached klartext over https when TLS ends before it (config: `proxy`). */
export interface ProxyTrust {
  /**
   * KLARTEXT_TRUST_PROXY: one proxy in front, which sets `X-Forwarded-Proto` and appends the client's address to
   * `X-Forwarded-For`; its first protocol and its last address are believed.
   */
  trustProxy?: boolean;
  /** KLARTEXT_PUBLIC_URL: the address browsers use; an https one makes every cookie Secure. */
  publicUrl?: string;
}

/**
 * Decides once per request whether the browser's connection is https: an https public URL says so always; a
 * trusted proxy's `X-Forwarded-Proto` says so per request; otherwise only the request's own URL counts. Without
 * either setting `X-Forwarded-*` is ignored, since any client can send it.
 */
export function transportSecurity(trust: ProxyTrust = {}): MiddlewareHandler {
  const alwaysSecure = trust.publicUrl !== undefined && new URL(trust.publicUrl).protocol === 'https:';
  return async (c, next) => {
    const forwarded = trust.trustProxy ? c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() : '';
    c.set('secureTransport', alwaysSecure || forwarded === 'https' || new URL(c.req.url).protocol === 'https:');
    // Behind a proxy every request comes from the proxy: the login limit per address needs the client's instead.
    // Earlier entries are whatever the client sent; the last one is the proxy's own.
    if (trust.trustProxy)
      c.set('forwardedFor', c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim() || undefined);
    await next();
  };
}

// `__Host-` binds the cookie to this exact origin, but browsers accept it only with Secure, so plain-http
// development on loopback uses the unprefixed name.
const isHttps = (c: Context) =>
  (c.get('secureTransport') as boolean | undefined) ?? new URL(c.req.url).protocol === 'https:';

/** The cookie name for this request: `__Host-<base>` over https, `<base>` otherwise. */
export const cookieName = (c: Context, base: string) => (isHttps(c) ? `__Host-${base}` : base);

/** Sets an HttpOnly, SameSite=Strict cookie for the whole site (Secure over https). */
export function setStrictCookie(c: Context, base: string, value: string, maxAgeSeconds: number): void {
  setCookie(c, cookieName(c, base), value, {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/',
    secure: isHttps(c),
    maxAge: maxAgeSeconds,
  });
}

export const clearCookie = (c: Context, base: string) =>
  deleteCookie(c, cookieName(c, base), { path: '/', secure: isHttps(c) });

export const SESSION_COOKIE = 'klartext_session';

/**
 * Sets `user` and `session` when the request carries a valid session cookie. Requests with an Authorization header
 * are API calls: their cookies are ignored, so a bearer request never acts through a session.
 */
export function sessionMiddleware(db: Queryable, store = createSessionStore(db)): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    if (c.var.session || c.req.header('authorization')) return next();
    const value = getCookie(c, cookieName(c, SESSION_COOKIE));
    if (value) {
      const found = await store.lookup(value);
      if (found) {
        c.set('user', found.user);
        c.set('session', { id: value, csrfToken: found.csrfToken });
        if (found.locale) c.set('locale', found.locale);
      } else {
        clearCookie(c, SESSION_COOKIE);
      }
    }
    await next();
  };
}

/**
 * Refuses (403) a state-changing request made through a session unless it carries the session's CSRF token as the
 * form field `_csrf` or the header `x-csrf-token`. Requests without a session (bearer API calls) have no cookie a
 * forged request could ride on, so they pass. Mount after {@link sessionMiddleware}.
 */
export function csrfProtection(): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    const session = c.var.session as WebEnv['Variables']['session'] | undefined;
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || !session) return next();
    let sent = c.req.header('x-csrf-token');
    if (
      sent === undefined &&
      /^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(c.req.header('content-type') ?? '')
    ) {
      const field = (await c.req.parseBody())['_csrf'];
      sent = typeof field === 'string' ? field : undefined;
    }
    if (sent === undefined || !safeEqual(sent, session.csrfToken)) {
      throw new SessionRefusal(403, 'error.csrf');
    }
    await next();
  };
}

/**
 * Requires a logged-in user with one of `roles`: a GET without a session is sent to `/login?next=…`, any other
 * method gets 401; a wrong role gets 403. Mount after {@link sessionMiddleware}.
 */
export function requireWebRole(roles: readonly Role[]): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    const user = c.var.user as User | undefined;
    if (!user) {
      if (c.req.method === 'GET' || c.req.method === 'HEAD') {
        const url = new URL(c.req.url);
        return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 302);
      }
      throw new SessionRefusal(401, 'error.sessionEnded');
    }
    if (!roles.includes(user.role)) throw roleRefusal(roles, user.role);
    await next();
  };
}

/** For API routes open to both: a bearer token when one is sent, else a session (with CSRF checked). */
export function requireBearerOrSession(db: Queryable, roles: readonly Role[]): MiddlewareHandler<WebEnv> {
  const bearer = requireRole(db, roles);
  const session = sessionMiddleware(db);
  const csrf = csrfProtection();
  return async (c, next) => {
    if (c.req.header('authorization')) return bearer(c as unknown as Context<AuthEnv>, next);
    return session(c, async () => {
      await csrf(c, async () => {
        if (!c.var.user) throw new ApiError(401, 'Send an API token as `Authorization: Bearer <token>`, or log in.');
        if (!roles.includes(c.var.user.role)) throw roleRefusal(roles, c.var.user.role);
        await next();
      });
    });
  };
}
