// User administration and the audit API in-process: admin only, every change audited, disabled users shut out.
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { errorResponse } from '../../api/errors.ts';
import { auditRoutes } from '../../api/routes/audit.ts';
import { loginRoutes } from '../../web/routes/login.ts';
import { userRoutes } from '../../api/routes/users.ts';
import { createPool, type Pool } from '../../db/pool.ts';
import { createUser, upsertUserWithToken } from '../../db/user-repo.ts';
import type { Role } from '../../shared/roles.ts';

const postgresUrl = inject('postgresUrl');
const databases: [string, string][] = [
  ['PGlite', inject('pgliteUrl')],
  ...(postgresUrl ? [['PostgreSQL', postgresUrl] as [string, string]] : []),
];
const PASSWORD = 'a long enough passphrase';

describe.each(databases)('user administration on %s', (_name, url) => {
  const pool: Pool = createPool(url, 4);
  const app = new Hono();
  app.route('/', loginRoutes({ pool }));
  app.route('/api/users', userRoutes({ pool }));
  app.route('/api/audit', auditRoutes({ pool }));
  app.onError(errorResponse);
  const suffix = randomBytes(3).toString('hex');
  const uid = (name: string) => `${name}-${suffix}-${randomBytes(2).toString('hex')}`;
  let adminId: string;
  let admin: string;
  let reviewer: string;
  let lead: string;
  beforeAll(async () => {
    adminId = uid('admin');
    admin = await upsertUserWithToken(pool, { id: adminId, displayName: 'Admin', role: 'admin' });
    reviewer = await upsertUserWithToken(pool, { id: uid('rev'), displayName: 'Rev', role: 'medical_reviewer' });
    lead = await upsertUserWithToken(pool, { id: uid('lead'), displayName: 'Lead', role: 'lead_reviewer' });
  });
  afterAll(() => pool.end());

  const call = (token: string | undefined, method: string, path: string, body?: unknown) =>
    app.request(path, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const auditOf = async (subject: string) =>
    (await pool.query(`SELECT actor, action, details FROM audit_log WHERE subject = $1 ORDER BY seq`, [subject])).rows;
  const addUser = async (role: Role = 'medical_reviewer') => {
    const id = uid('u');
    expect(
      (await call(admin, 'POST', '/api/users', { id, displayName: 'Dr. Neu', role, password: PASSWORD })).status,
    ).toBe(201);
    return id;
  };

  it('is for admins only', async () => {
    expect((await call(undefined, 'GET', '/api/users')).status).toBe(401);
    expect((await call('kt_nonsense', 'GET', '/api/users')).status).toBe(401);
    expect((await call(reviewer, 'GET', '/api/users')).status).toBe(403);
    expect((await call(lead, 'POST', '/api/users', { id: uid('x'), displayName: 'X', role: 'admin' })).status).toBe(
      403,
    );
    expect((await call(admin, 'GET', '/api/users')).status).toBe(200);
  });

  it('creates a user once, audited, and lists it without any hash', async () => {
    const id = uid('new');
    const body = { id, displayName: 'Dr. Neu', role: 'medical_reviewer', password: PASSWORD };
    const res = await call(admin, 'POST', '/api/users', body);
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      user: { id, role: 'medical_reviewer', disabled: false, hasPassword: true },
    });
    expect((await call(admin, 'POST', '/api/users', body)).status).toBe(409);
    const stored = await pool.query(`SELECT password_hash FROM users WHERE id = $1`, [id]);
    expect(stored.rows[0].password_hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    const listed = (await (await call(admin, 'GET', '/api/users')).json()) as { items: { id: string }[] };
    const mine = listed.items.find((u) => u.id === id);
    expect(Object.keys(mine ?? {}).sort()).toEqual(
      ['createdAt', 'disabled', 'displayName', 'hasPassword', 'id', 'languages', 'role', 'updatedAt'].sort(),
    );
    expect(await auditOf(`user/${id}`)).toEqual([
      {
        actor: adminId,
        action: 'user.created',
        details: { role: 'medical_reviewer', displayName: 'Dr. Neu', password: true },
      },
    ]);
  });

  it('refuses a short password, an unknown role and a malformed id', async () => {
    const short = await call(admin, 'POST', '/api/users', {
      id: uid('s'),
      displayName: 'S',
      role: 'admin',
      password: 'short',
    });
    expect(short.status).toBe(400);
    expect(await short.text()).toMatch(/at least 12 characters/);
    expect((await call(admin, 'POST', '/api/users', { id: uid('r'), displayName: 'R', role: 'root' })).status).toBe(
      400,
    );
    expect((await call(admin, 'POST', '/api/users', { id: 'a b', displayName: 'A', role: 'admin' })).status).toBe(400);
  });

  it('audits a role change with the old and new role, and refuses changing one’s own role', async () => {
    const id = await addUser();
    const res = await call(admin, 'POST', `/api/users/${id}/role`, { role: 'lead_reviewer' });
    expect(await res.json()).toMatchObject({ user: { role: 'lead_reviewer' }, previousRole: 'medical_reviewer' });
    expect((await auditOf(`user/${id}`)).at(-1)).toEqual({
      actor: adminId,
      action: 'role.changed',
      details: { from: 'medical_reviewer', to: 'lead_reviewer' },
    });
    expect((await call(admin, 'POST', `/api/users/${adminId}/role`, { role: 'channel' })).status).toBe(409);
    expect((await call(admin, 'POST', `/api/users/nobody-${id}/role`, { role: 'channel' })).status).toBe(404);
  });

  it('issues an API token once, never logs it, and the token works', async () => {
    const id = await addUser('lead_reviewer');
    const res = await call(admin, 'POST', `/api/users/${id}/tokens`, { label: 'laptop' });
    expect(res.status).toBe(201);
    const { token, id: tokenId } = (await res.json()) as { token: string; id: string };
    const logged = (await auditOf(`user/${id}`)).at(-1);
    expect(logged).toEqual({ actor: adminId, action: 'token.created', details: { tokenId, label: 'laptop' } });
    expect(JSON.stringify(logged)).not.toContain(token);
    expect((await call(token, 'GET', '/api/audit/verify')).status).toBe(200);
    const row = await pool.query(`SELECT token_sha256, last_used_at FROM api_tokens WHERE id = $1`, [tokenId]);
    expect(row.rows[0].last_used_at).toBeInstanceOf(Date);
    expect(row.rows[0].token_sha256).not.toBe(token);
  });

  it('shuts a disabled user out of login, their tokens and the legacy token', async () => {
    const id = await addUser('lead_reviewer');
    const { token } = (await (await call(admin, 'POST', `/api/users/${id}/tokens`, { label: 'cli' })).json()) as {
      token: string;
    };
    const legacyId = uid('legacy');
    const legacy = await upsertUserWithToken(pool, { id: legacyId, displayName: 'Legacy', role: 'lead_reviewer' });
    expect((await call(legacy, 'GET', '/api/audit/verify')).status).toBe(200);
    for (const target of [id, legacyId]) {
      expect((await call(admin, 'POST', `/api/users/${target}/disable`)).status).toBe(200);
      expect((await auditOf(`user/${target}`)).at(-1)).toMatchObject({ actor: adminId, action: 'user.disabled' });
    }
    expect((await call(token, 'GET', '/api/audit/verify')).status).toBe(401);
    expect((await call(legacy, 'GET', '/api/audit/verify')).status).toBe(401);
    const page = await app.request('/login');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
    const login = await app.request('/login', {
      method: 'POST',
      headers: { cookie: page.headers.getSetCookie()[0]!.split(';')[0]! },
      body: new URLSearchParams({ username: id, password: PASSWORD, _csrf: csrf }),
    });
    expect(login.status).toBe(401);
    expect((await call(admin, 'POST', `/api/users/${adminId}/disable`)).status).toBe(409);
  });

  it('accepts an admin session with the CSRF header, and refuses it without', async () => {
    const id = uid('websadmin');
    await createUser(pool, { id, displayName: 'Web admin', role: 'admin', password: PASSWORD });
    const page = await app.request('/login');
    const loginCookie = page.headers.getSetCookie()[0]!.split(';')[0]!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
    const login = await app.request('/login', {
      method: 'POST',
      headers: { cookie: loginCookie },
      body: new URLSearchParams({ username: id, password: PASSWORD, _csrf: csrf }),
    });
    const cookie = login.headers
      .getSetCookie()
      .find((c) => c.startsWith('klartext_session='))!
      .split(';')[0]!;
    const sessionToken = /name="_csrf" value="([^"]+)"/.exec(
      await (await app.request('/login', { headers: { cookie } })).text(),
    )![1]!;
    const body = JSON.stringify({ id: uid('viaweb'), displayName: 'Via web', role: 'channel' });
    const headers = { cookie, 'content-type': 'application/json' };
    expect((await app.request('/api/users', { method: 'POST', headers, body })).status).toBe(403);
    const ok = await app.request('/api/users', {
      method: 'POST',
      headers: { ...headers, 'x-csrf-token': sessionToken },
      body,
    });
    expect(ok.status).toBe(201);
  });

  it('lets lead reviewers verify and page through the audit log, not medical reviewers', async () => {
    expect((await call(reviewer, 'GET', '/api/audit/verify')).status).toBe(403);
    const verify = (await (await call(lead, 'GET', '/api/audit/verify')).json()) as { ok: boolean; entries: number };
    expect(verify).toMatchObject({ ok: true });
    const first = (await (await call(lead, 'GET', '/api/audit?limit=2')).json()) as {
      items: { seq: number }[];
      next: number;
    };
    expect(first.items.map((e) => e.seq)).toEqual([1, 2]);
    expect(first.next).toBe(2);
    const second = (await (await call(lead, 'GET', `/api/audit?after=${first.next}&limit=2`)).json()) as {
      items: { seq: number }[];
    };
    expect(second.items.map((e) => e.seq)).toEqual([3, 4]);
    expect((await call(lead, 'GET', '/api/audit?limit=5000')).status).toBe(400);
  });
});
