// /healthz and /readyz of the API: alive whatever the dependencies do; ready only while the database and Temporal
// answer, else 503 naming what is down and nothing more (no address, no error text).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { createApp } from '../../api/app.ts';
import { connectClient } from '../../config/temporal-connection.ts';
import { createPool, type Pool } from '../../db/pool.ts';
import { freePort } from '../../dev/ports.ts';

let temporal: Client;
let closeTemporal: () => Promise<void>;
let pool: Pool;
let unreachable: Pool;
beforeAll(async () => {
  ({ client: temporal, close: closeTemporal } = await connectClient(
    { address: inject('temporalAddress'), namespace: 'default' },
    {},
  ));
  pool = createPool(inject('postgresUrl') ?? inject('pgliteUrl'), 2);
  // Nothing listens on a port just found free: connections are refused, as with a database that is down.
  unreachable = createPool(`postgres://klartext@127.0.0.1:${await freePort()}/klartext`, 1, 1_000);
});
afterAll(async () => {
  await closeTemporal?.();
  await pool?.end();
  await unreachable?.end();
});

describe('GET /healthz and /readyz', () => {
  it('is ready while the database and Temporal answer', async () => {
    const app = createApp({ pool, temporal, outDir: '/nonexistent' });
    const res = await app.request('/readyz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', checks: { database: 'ok', temporal: 'ok' } });
  });

  it('answers 503 naming the database when it is unreachable, while /healthz stays 200', async () => {
    const app = createApp({ pool: unreachable, temporal, outDir: '/nonexistent' });
    const res = await app.request('/readyz');
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body).toEqual({
      status: 'not ready',
      checks: { database: 'down', temporal: 'ok' },
      reason: 'database unreachable',
    });
    expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|postgres:|ECONNREFUSED/);
    const alive = await app.request('/healthz');
    expect(alive.status).toBe(200);
    expect(await alive.json()).toEqual({ status: 'ok' });
  });
});
