// /health answers within its probe bound even when the database or Temporal does not answer at all.
import type { Client } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { createApp, HEALTH_PROBE_MS } from '../../api/app.ts';
import type { Pool } from '../../db/pool.ts';

const never = () => new Promise<never>(() => undefined);

describe('GET /health', () => {
  it('reports a hanging database and Temporal as down within the probe bound', async () => {
    const pool = { query: never } as unknown as Pool;
    const temporal = { connection: { workflowService: { getSystemInfo: never } } } as unknown as Client;
    const started = Date.now();
    const res = await createApp({ pool, temporal, outDir: '/nonexistent' }).request('/health');
    expect(Date.now() - started).toBeLessThan(HEALTH_PROBE_MS + 1_000);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'degraded', db: 'down', temporal: 'down' });
  });

  it('reports ok when both answer', async () => {
    const pool = { query: () => Promise.resolve({ rows: [] }) } as unknown as Pool;
    const temporal = { connection: { workflowService: { getSystemInfo: () => Promise.resolve({}) } } };
    const res = await createApp({ pool, temporal: temporal as unknown as Client, outDir: '/nonexistent' }).request(
      '/health',
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', db: 'ok', temporal: 'ok' });
  });
});
