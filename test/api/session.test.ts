// Web sessions in-process: login cookie attributes, generic failures, rate limits, CSRF, hashed ids, logout.
import { createHash, randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { errorResponse } from '../../api/errors.ts';
import { verifySignature } from '../../services/login-guard.ts';
import { loginRoutes } from '../../web/routes/login.ts';
import { csrfProtection, requireWebRole, sessionMiddleware, type WebEnv } from '../../api/session.ts';
import { createSessionStore, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from '../../services/session.ts';
import { createPool, type Pool } from '../../db/pool.ts';
import { createUser, disableUser } from '../../db/user-repo.ts';
import type { Role } from '../../shared/roles.ts';

const postgresUrl = inject('postgresUrl');
const databases: [string, string][] = [
  ['PGlite', inject('pgliteUrl')],
  ...(postgresUrl ? [['PostgreSQL', postgresUrl] as [string, string]] : []),
];
const PASSWORD = 'correct horse battery';

/** The audit entries about one subject, oldest first. */
async function auditOf(pool: Pool, subject: string) {
  const r = await pool.query(`SELECT actor, action, details FROM audit_log WHERE subject = $1 ORDER BY seq`, [subject]);
  return r.rows as { actor: string; action: string; details: Record<string, unknown> }[];
}

function testApp(pool: Pool) {
  const app = new Hono<WebEnv>();
  app.route('/', loginRoutes({ pool, clientIp: (c) => c.req.header('x-test-ip') }));
  const session = sessionMiddleware(pool);
  app.get('/desk', session, requireWebRole(['medical_reviewer']), (c) => c.text(`hello ${c.var.user.id}`));
  app.post('/desk', session, requireWebRole(['medical_reviewer']), csrfProtection(), (c) => c.text('saved'));
  app.onError(errorResponse);
  return app;
}

/** A client that keeps cookies like a browser, over http or https. */
function browser(app: Hono<WebEnv>, origin = 'http://localhost', ip = randomBytes(4).join('.')) {
  const jar = new Map<string, string>();
  const request = async (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    headers.set('x-test-ip', ip);
    const res = await app.request(`${origin}${path}`, { ...init, headers });
    for (const cookie of res.headers.getSetCookie()) {
      const [name = '', value = ''] = cookie.split(';')[0]!.split('=');
      if (/max-age=0/i.test(cookie)) jar.delete(name);
      else jar.set(name, value);
    }
    return res;
  };
  const csrfFrom = async (res: Response) => /name="_csrf" value="([^"]+)"/.exec(await res.text())?.[1] ?? '';
  return {
    jar,
    request,
    csrfFrom,
    post: (path: string, form: Record<string, string>) =>
      request(path, { method: 'POST', body: new URLSearchParams(form), redirect: 'manual' }),
    async login(username: string, password: string, next = '/desk') {
      const csrf = await csrfFrom(await request('/login'));
      return this.post('/login', { username, password, _csrf: csrf, next });
    },
  };
}

describe.each(databases)('web sessions on %s', (_name, url) => {
  const pool = createPool(url, 4);
  const app = testApp(pool);
  afterAll(() => pool.end());
  const newUser = async (role: Role = 'medical_reviewer', password: string | undefined = PASSWORD) => {
    const id = `sess-${randomBytes(4).toString('hex')}`;
    await createUser(pool, { id, displayName: 'Dr. Test', role, password });
    return id;
  };

  it('renders a login form with a label per field and an alert region', async () => {
    const res = await browser(app).request('/login?next=/desk');
    const page = await res.text();
    expect(res.status).toBe(200);
    expect(page).toMatch(/<label for="username">/);
    expect(page).toMatch(/<label for="password">/);
    expect(page).toMatch(/role="alert"/);
    expect(page).toMatch(/name="next" value="\/desk"/);
  });

  it('sets an HttpOnly SameSite=Strict session cookie on login and redirects to next', async () => {
    const id = await newUser();
    const b = browser(app);
    const res = await b.login(id, PASSWORD);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/desk');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('klartext_session='))!;
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\//);
    expect(await (await b.request('/desk')).text()).toBe(`hello ${id}`);
    expect((await auditOf(pool, `user/${id}`)).map((e) => e.action)).toEqual(['login']);
  });

  it('uses a __Host- Secure cookie over https', async () => {
    const id = await newUser();
    const res = await browser(app, 'https://klartext.example').login(id, PASSWORD);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('__Host-klartext_session='))!;
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; HttpOnly/);
  });

  it('answers a wrong password and an unknown user with the same generic message', async () => {
    const id = await newUser();
    for (const [user, password] of [
      [id, 'wrong password!'],
      [`nobody-${id}`, PASSWORD],
    ] as const) {
      const res = await browser(app).login(user, password);
      expect(res.status).toBe(401);
      const page = await res.text();
      expect(page).toMatch(/role="alert">Wrong user name or password\.</);
      expect(res.headers.getSetCookie().some((c) => c.startsWith('klartext_session='))).toBe(false);
    }
    const failed = await auditOf(pool, `user/${id}`);
    expect(failed.map((e) => [e.action, e.details.purpose])).toEqual([['login.failed', 'login']]);
  });

  it('refuses the 6th attempt within 15 minutes with 429, even with the right password', async () => {
    const id = await newUser();
    for (let i = 0; i < 5; i++) expect((await browser(app).login(id, `wrong password ${i}`)).status).toBe(401);
    const res = await browser(app).login(id, PASSWORD);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(800);
    expect(await res.text()).toMatch(/Too many failed attempts/);
  });

  it('refuses the 21st failed attempt from one address across user names', async () => {
    const b = browser(app);
    for (let i = 0; i < 20; i++)
      expect((await b.login(`spray-${i}-${randomBytes(2).toString('hex')}`, 'guess')).status).toBe(401);
    expect((await b.login(await newUser(), PASSWORD)).status).toBe(429);
  });

  it('refuses a login form that did not come from the login page', async () => {
    const id = await newUser();
    const res = await browser(app).post('/login', { username: id, password: PASSWORD, _csrf: 'forged' });
    expect(res.status).toBe(403);
  });

  it('never redirects to another site after login', async () => {
    const id = await newUser();
    expect((await browser(app).login(id, PASSWORD, '//evil.example/x')).headers.get('location')).toBe('/');
  });

  it('refuses a POST without or with a wrong _csrf and accepts the right one', async () => {
    const b = browser(app);
    await b.login(await newUser(), PASSWORD);
    const token = (await b.csrfFrom(await b.request('/login')))!;
    expect((await b.post('/desk', { note: 'x' })).status).toBe(403);
    expect((await b.post('/desk', { note: 'x', _csrf: `${token}x` })).status).toBe(403);
    expect(await (await b.post('/desk', { note: 'x', _csrf: token })).text()).toBe('saved');
    const viaHeader = await b.request('/desk', { method: 'POST', headers: { 'x-csrf-token': token } });
    expect(viaHeader.status).toBe(200);
  });

  it('sends a GET without a session to the login page, answers other methods 401 and a wrong role 403', async () => {
    const res = await browser(app).request('/desk?tab=2', { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/login?next=%2Fdesk%3Ftab%3D2');
    expect((await browser(app).post('/desk', {})).status).toBe(401);
    const manager = browser(app);
    await manager.login(await newUser('campaign_manager'), PASSWORD);
    expect((await manager.request('/desk')).status).toBe(403);
  });

  it('stores only the hash of a session id', async () => {
    const id = await newUser();
    const b = browser(app);
    await b.login(id, PASSWORD);
    const value = b.jar.get('klartext_session')!;
    const rows = await pool.query(`SELECT * FROM sessions WHERE user_id = $1`, [id]);
    expect(rows.rows).toHaveLength(1);
    expect(JSON.stringify(rows.rows)).not.toContain(value);
    expect(rows.rows[0].id_sha256).toBe(createHash('sha256').update(value).digest('hex'));
  });

  it('issues a new session id on login and invalidates the old one', async () => {
    const id = await newUser();
    const b = browser(app);
    await b.login(id, PASSWORD);
    const first = b.jar.get('klartext_session')!;
    await b.login(id, PASSWORD);
    expect(b.jar.get('klartext_session')).not.toBe(first);
    expect(await createSessionStore(pool).lookup(first)).toBeUndefined();
  });

  it('ends the session on logout', async () => {
    const id = await newUser();
    const b = browser(app);
    await b.login(id, PASSWORD);
    const value = b.jar.get('klartext_session')!;
    const token = await b.csrfFrom(await b.request('/login'));
    expect((await b.post('/logout', {})).status).toBe(403);
    const res = await b.post('/logout', { _csrf: token });
    expect(res.status).toBe(303);
    expect(b.jar.has('klartext_session')).toBe(false);
    expect(await createSessionStore(pool).lookup(value)).toBeUndefined();
    expect((await auditOf(pool, `user/${id}`)).map((e) => e.action)).toEqual(['login', 'logout']);
  });

  it('ends the session of a disabled user', async () => {
    const id = await newUser();
    const b = browser(app);
    await b.login(id, PASSWORD);
    await disableUser(pool, id);
    expect((await b.request('/desk', { redirect: 'manual' })).status).toBe(302);
    expect((await browser(app).login(id, PASSWORD)).status).toBe(401);
  });

  it('expires a session after 8 idle hours and 12 hours after login', async () => {
    const id = await newUser();
    const start = Date.now();
    let now = new Date(start);
    const store = createSessionStore(pool, { now: () => now });
    const idle = await store.create(id);
    const busy = await store.create(id);
    const after = (ms: number) => (now = new Date(start + ms));
    for (const hours of [4, 7.5, 11]) {
      after(hours * 3600_000);
      expect(await store.lookup(busy.cookieValue)).toMatchObject({ user: { id } });
    }
    after(SESSION_IDLE_MS + 1000);
    expect(await store.lookup(idle.cookieValue)).toBeUndefined();
    after(SESSION_ABSOLUTE_MS + 1000);
    expect(await store.lookup(busy.cookieValue)).toBeUndefined();
  });
});

describe.each(databases)('verifySignature on %s', (_name, url) => {
  const pool = createPool(url, 2);
  afterAll(() => pool.end());

  it('accepts the password, audits a wrong one and counts it toward the login limit', async () => {
    const id = `sig-${randomBytes(4).toString('hex')}`;
    const user = (await createUser(pool, {
      id,
      displayName: 'Dr. Sig',
      role: 'medical_reviewer',
      password: PASSWORD,
    }))!;
    expect(await verifySignature(pool, user, PASSWORD)).toEqual({ ok: true });
    for (let i = 0; i < 5; i++) {
      expect(await verifySignature(pool, user, 'not my password')).toEqual({ ok: false, reason: 'wrong-credentials' });
    }
    expect(await verifySignature(pool, user, PASSWORD)).toMatchObject({ ok: false, reason: 'rate-limited' });
    const failed = await auditOf(pool, `user/${id}`);
    expect(failed).toHaveLength(5);
    expect(failed[0]).toMatchObject({ actor: id, action: 'login.failed', details: { purpose: 'signature' } });
  });
});
