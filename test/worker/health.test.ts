// The worker's health listener: /healthz while the process answers; /readyz 200 only while the database, Temporal and
// every worker are up, else 503 with the reason; nothing else served.
import { afterEach, describe, expect, it } from 'vitest';
import { startHealthListener, type HealthListener } from '../../worker/health.ts';

let listener: HealthListener | undefined;
afterEach(async () => {
  await listener?.stop();
  listener = undefined;
});

const up = () => Promise.resolve();
const down = () => Promise.reject(new Error('connect ECONNREFUSED 10.0.0.5:5432 password=hunter2'));

describe('worker health listener', () => {
  it('is ready while database, Temporal and workers are up', async () => {
    listener = await startHealthListener({ database: up, temporal: up, workersRunning: () => true }, '127.0.0.1', 0);
    const res = await fetch(`${listener.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', checks: { database: 'ok', temporal: 'ok', workers: 'ok' } });
    expect((await fetch(`${listener.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${listener.url}/metrics`)).status).toBe(404);
  });

  it('answers 503 with the reasons when the database is down and the workers stopped, leaking no error text', async () => {
    listener = await startHealthListener({ database: down, temporal: up, workersRunning: () => false }, '127.0.0.1', 0);
    const res = await fetch(`${listener.url}/readyz`);
    expect(res.status).toBe(503);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      status: 'not ready',
      checks: { database: 'down', temporal: 'ok', workers: 'down' },
      reason: 'database unreachable, workers not running',
    });
    expect(text).not.toMatch(/hunter2|10\.0\.0\.5/);
    expect((await fetch(`${listener.url}/healthz`)).status).toBe(200);
  });
});
