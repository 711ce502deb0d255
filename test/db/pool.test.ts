// The pool across a database restart: a dropped connection is logged, not fatal; the API answers 503, then recovers.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../api/app.ts';
import { SESSION_COOKIE } from '../../api/session.ts';
import { migrate } from '../../db/migrate.ts';
import { createPool, inTransaction, type Pool } from '../../db/pool.ts';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../dev/pglite-server.ts';
import { freePort } from '../../dev/ports.ts';
import { createSite } from '../../server/site.ts';
import { mapError } from '../../services/errors.ts';

let dataDir: string;
let port: number;
let db: EmbeddedDatabase;
let pool: Pool;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'klartext-pool-'));
  port = await freePort();
  db = await startEmbeddedDatabase({ dataDir, port });
  pool = createPool(db.url, 2, 1_000);
  await migrate(pool);
}, 60_000);
afterAll(async () => {
  await pool?.end();
  await db?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('createPool', () => {
  it('survives a database restart: logs the lost connection, answers 503 meanwhile, then reconnects', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const deps = { pool, temporal: {} as Client, outDir: '/nonexistent' };
    const app = createApp(deps);
    const asManager = { method: 'POST', headers: { authorization: 'Bearer not-a-token' } };
    // Both clients connected and idle, so the stop drops connections the pool holds.
    await Promise.all([pool.query('SELECT pg_sleep(0.05)'), pool.query('SELECT pg_sleep(0.05)')]);
    expect((await app.request('/api/campaigns', asManager)).status).toBe(401);

    await db.stop();
    await vi.waitFor(() => expect(warn).toHaveBeenCalledWith(expect.stringMatching(/database connection lost/)));
    const err = await pool.query('SELECT 1').catch((e: unknown) => e);
    expect(mapError(err).status).toBe(503);
    await expect(inTransaction(pool, (c) => c.query('SELECT 1'))).rejects.toSatisfy((e) => mapError(e).status === 503);
    const outage = await app.request('/api/campaigns', asManager);
    expect(outage.status).toBe(503);
    expect(await outage.json()).toMatchObject({ error: { code: 'DatabaseUnavailable' } });
    const page = await createSite(deps).request('/queue', { headers: { cookie: `${SESSION_COOKIE}=not-a-session` } });
    expect(page.status).toBe(503);
    expect(await page.text()).toContain('database is unavailable');

    db = await startEmbeddedDatabase({ dataDir, port });
    expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    expect((await app.request('/api/campaigns', asManager)).status).toBe(401);
    warn.mockRestore();
  }, 60_000);
});
