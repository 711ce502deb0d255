// `GET /api/me` in-process: the caller's own id, name and role, for any role; nothing without a valid token.
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { errorResponse } from '../../api/errors.ts';
import { meRoutes } from '../../api/routes/me.ts';
import { createPool } from '../../db/pool.ts';
import { disableUser, upsertUserWithToken } from '../../db/user-repo.ts';

const pool = createPool(inject('pgliteUrl'), 2);
const app = new Hono().route('/api/me', meRoutes({ pool })).onError(errorResponse);
const me = (token?: string) => app.request('/api/me', { headers: token ? { authorization: `Bearer ${token}` } : {} });

afterAll(() => pool.end());

describe('GET /api/me', () => {
  it('answers the token owner’s id, display name and role', async () => {
    const id = `me-${randomBytes(3).toString('hex')}`;
    const token = await upsertUserWithToken(pool, { id, displayName: 'Dr. Me', role: 'medical_reviewer' });
    const res = await me(token);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id, displayName: 'Dr. Me', role: 'medical_reviewer' });
  });

  it('answers for a channel token too, the least privileged role', async () => {
    const id = `me-ch-${randomBytes(3).toString('hex')}`;
    const token = await upsertUserWithToken(pool, { id, displayName: 'Feed reader', role: 'channel' });
    expect(await (await me(token)).json()).toMatchObject({ id, role: 'channel' });
  });

  it('refuses a missing, unknown or disabled user’s token with 401', async () => {
    expect((await me()).status).toBe(401);
    expect((await me('kt_not-a-token')).status).toBe(401);
    const id = `me-off-${randomBytes(3).toString('hex')}`;
    const token = await upsertUserWithToken(pool, { id, displayName: 'Gone', role: 'admin' });
    await disableUser(pool, id);
    expect((await me(token)).status).toBe(401);
  });
});
