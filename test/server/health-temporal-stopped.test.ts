// /health with a real Temporal that is stopped while the API keeps running: 'down' within the probe bound, not a hang.
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createApp, HEALTH_PROBE_MS } from '../../api/app.ts';
import { connectClient } from '../../config/temporal-connection.ts';
import { createPool } from '../../db/pool.ts';
import { freePort } from '../../dev/ports.ts';
import { startEmbeddedTemporal } from '../../dev/temporal-dev-server.ts';

const pool = createPool(inject('postgresUrl') ?? inject('pgliteUrl'), 2);
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close().catch(() => undefined);
  await pool.end();
});

describe('GET /health when Temporal stops', () => {
  it(
    'reports Temporal up while it runs, then down (503) once it is stopped',
    async () => {
      const temporal = await startEmbeddedTemporal({
        env: process.env,
        dataDir: join(inject('tmpRoot'), `health-temporal-${process.pid}`),
        cacheDir: resolve(import.meta.dirname, '../../.cache'),
        port: await freePort(),
        uiPort: 0,
        ui: false,
        persist: false,
        log: () => undefined,
      });
      let stopped = false;
      closers.push(async () => void (stopped || (await temporal.stop())));
      const { client, close } = await connectClient({ address: temporal.address, namespace: 'default' }, {});
      closers.push(close);
      const app = createApp({ pool, temporal: client, outDir: '/nonexistent' });

      const up = await app.request('/health');
      expect(await up.json()).toEqual({ status: 'ok', db: 'ok', temporal: 'ok' });

      await temporal.stop();
      stopped = true;
      // Each probe gives up after HEALTH_PROBE_MS; the test's own timeout (a few probes long) is the bound here.
      const down = await app.request('/health');
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ status: 'degraded', db: 'ok', temporal: 'down' });
    },
    60_000 + 3 * HEALTH_PROBE_MS,
  );
});
