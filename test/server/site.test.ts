// The server entry's composition: the JSON API and the workspace on one app, each tree answering its own way.
import type { Client } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { createSite } from '../../server/site.ts';
import type { Pool } from '../../db/pool.ts';

// None of the requests below reaches the database or Temporal.
const deps = { pool: {} as Pool, temporal: {} as Client, outDir: '/nonexistent' };

describe('createSite', () => {
  it('serves the workspace login page beside the JSON API', async () => {
    const site = createSite(deps);
    const login = await site.request('/login');
    expect(login.status).toBe(200);
    expect(login.headers.get('content-type')).toMatch(/^text\/html/);
    const api = await site.request('/api/campaigns', { method: 'POST' });
    expect(api.status).toBe(401);
    expect(await api.json()).toMatchObject({ error: { code: 'ApiError' } });
  });

  it('answers a path neither tree serves with the JSON 404', async () => {
    const res = await createSite(deps).request('/nowhere');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'NotFound', message: 'No route GET /nowhere.' } });
  });

  it('leaves the workspace out of the JSON API app', async () => {
    expect((await createApp(deps).request('/login')).status).toBe(404);
  });
});
