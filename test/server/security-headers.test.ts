// Every HTML response carries a Content-Security-Policy, asset files a sandbox; the session cookie is Secure behind a
// TLS-terminating proxy only when the proxy is configured.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AppDeps } from '../../api/deps.ts';
import { createPool, type Pool } from '../../db/pool.ts';
import { upsertUserWithToken } from '../../db/user-repo.ts';
import { createSite } from '../../server/site.ts';
import { createSessionStore } from '../../services/session.ts';

let pool: Pool;
let outDir: string;
beforeAll(async () => {
  pool = createPool(inject('postgresUrl') ?? inject('pgliteUrl'), 2);
  outDir = await mkdtemp(join(inject('tmpRoot'), 'headers-'));
});
afterAll(() => pool?.end());

const site = (extra: Partial<AppDeps> = {}) => createSite({ pool, temporal: {} as Client, outDir, ...extra });

function expectPagePolicy(res: Response) {
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('cache-control')).toBe('no-store');
}

describe('security headers on HTML responses', () => {
  it('sends the page policy with the login page', async () => {
    const res = await site().request('/login');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expectPagePolicy(res);
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
  });

  it('sends the page policy with an error page: an expired login form and a workspace 404', async () => {
    const refused = await site().request('/login', {
      method: 'POST',
      body: new URLSearchParams({ username: 'x', password: 'y', _csrf: 'forged' }),
    });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toMatch(/^text\/html/);
    expectPagePolicy(refused);

    const id = `mgr-${randomBytes(3).toString('hex')}`;
    await upsertUserWithToken(pool, { id, displayName: 'Manager', role: 'campaign_manager' });
    const { cookieValue } = await createSessionStore(pool).create(id);
    const missing = await site().request('/campaigns/no-such-campaign', {
      headers: { cookie: `klartext_session=${cookieValue}` },
    });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^text\/html/);
    expectPagePolicy(missing);
  });

  it('serves an asset HTML file sandboxed, not sniffed, as an inline file', async () => {
    const token = await upsertUserWithToken(pool, {
      id: `rev-${randomBytes(3).toString('hex')}`,
      displayName: 'R',
      role: 'medical_reviewer',
    });
    await mkdir(join(outDir, 'c1', 's1'), { recursive: true });
    await writeFile(join(outDir, 'c1', 's1', 'transcript.html'), '<!doctype html><p>transcript</p>');
    await writeFile(join(outDir, 'c1', 's1', 'captions.vtt'), 'WEBVTT\n');
    const auth = { authorization: `Bearer ${token}` };

    const html = await site().request('/assets/c1/s1/transcript.html', { headers: auth });
    expect(html.status).toBe(200);
    expect(await html.text()).toContain('transcript');
    const csp = html.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/(^|; )sandbox(;|$)/);
    expect(csp).toContain("default-src 'none'");
    expect(html.headers.get('x-content-type-options')).toBe('nosniff');
    expect(html.headers.get('content-disposition')).toBe('inline; filename="transcript.html"');

    const vtt = await site().request('/assets/c1/s1/captions.vtt', { headers: auth });
    expect(vtt.status).toBe(200);
    expect(vtt.headers.get('x-content-type-options')).toBe('nosniff');
    expect(vtt.headers.get('content-security-policy')).toMatch(/(^|; )sandbox(;|$)/);
  });

  it('marks JSON API answers nosniff without an HTML policy', async () => {
    const res = await site().request('/nowhere');
    expect(res.status).toBe(404);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBeNull();
  });
});

/** The Set-Cookie header of the login form's CSRF cookie. */
const loginCookie = (res: Response) => res.headers.getSetCookie().find((c) => c.includes('klartext_login_csrf')) ?? '';

describe('session cookies behind a TLS-terminating proxy', () => {
  it('ignores X-Forwarded-Proto unless a proxy is trusted', async () => {
    const res = await site().request('http://klartext.example/login', { headers: { 'x-forwarded-proto': 'https' } });
    const cookie = loginCookie(res);
    expect(cookie).toMatch(/^klartext_login_csrf=/);
    expect(cookie).not.toMatch(/;\s*Secure/i);
  });

  it('makes cookies Secure (and __Host-) when a trusted proxy says the browser used https', async () => {
    const trusted = site({ proxy: { trustProxy: true } });
    const https = loginCookie(
      await trusted.request('http://klartext.example/login', { headers: { 'x-forwarded-proto': 'https' } }),
    );
    expect(https).toMatch(/^__Host-klartext_login_csrf=/);
    expect(https).toMatch(/;\s*Secure/i);
    const plain = loginCookie(
      await trusted.request('http://klartext.example/login', { headers: { 'x-forwarded-proto': 'http' } }),
    );
    expect(plain).toMatch(/^klartext_login_csrf=/);
    expect(plain).not.toMatch(/;\s*Secure/i);
  });

  it('makes cookies Secure always when the public URL is https, whatever a client forwards', async () => {
    const res = await site({ proxy: { publicUrl: 'https://klartext.example' } }).request(
      'http://klartext.example/login',
      { headers: { 'x-forwarded-proto': 'http' } },
    );
    const cookie = loginCookie(res);
    expect(cookie).toMatch(/^__Host-klartext_login_csrf=/);
    expect(cookie).toMatch(/;\s*Secure/i);
  });

  it('logs in behind the proxy with the Secure session cookie it set', async () => {
    const app = site({ proxy: { trustProxy: true } });
    const forwarded = { 'x-forwarded-proto': 'https' };
    const page = await app.request('http://klartext.example/login', { headers: forwarded });
    const csrfCookie = loginCookie(page).split(';')[0]!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    // A wrong password: the point is that the __Host- CSRF cookie is read back over the forwarded https.
    const res = await app.request('http://klartext.example/login', {
      method: 'POST',
      headers: { ...forwarded, cookie: csrfCookie },
      body: new URLSearchParams({ _csrf: csrf, username: 'nobody', password: 'wrong' }),
    });
    expect(res.status).toBe(401);
  });

  it('counts failed logins per client address from X-Forwarded-For only behind a trusted proxy', async () => {
    // Addresses unique to this run: the real database keeps attempts of earlier runs for the limit's window.
    const address = (n: number) => `198.51.${randomBytes(1)[0]}.${n}`;
    const [forged, client, ignored] = [address(66), address(7), address(99)];
    const attempt = async (app: ReturnType<typeof site>, forwardedFor: string) => {
      const headers = { 'x-forwarded-proto': 'https', 'x-forwarded-for': forwardedFor };
      const page = await app.request('http://klartext.example/login', { headers });
      const cookie = loginCookie(page).split(';')[0]!;
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
      const user = `nobody-${randomBytes(3).toString('hex')}`;
      await app.request('http://klartext.example/login', {
        method: 'POST',
        headers: { ...headers, cookie },
        body: new URLSearchParams({ _csrf: csrf, username: user, password: 'wrong' }),
      });
    };
    const counted = async () => {
      const keys = [forged, client, ignored].map((a) => `ip:${a}`);
      const r = await pool.query(`SELECT key FROM login_attempts WHERE key = ANY($1)`, [keys]);
      return r.rows.map((row: { key: string }) => row.key);
    };
    // The client's own entry comes first and is not believed; the proxy appends the address it saw.
    await attempt(site({ proxy: { trustProxy: true } }), `${forged}, ${client}`);
    expect(await counted()).toEqual([`ip:${client}`]);
    // Untrusted, the header is ignored (an in-process request has no socket address to count instead).
    await attempt(site(), ignored);
    expect(await counted()).toEqual([`ip:${client}`]);
  });
});
