// What `klartext serve` tells operators: one JSON request line without query strings, X-Request-Id, GET /metrics.
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../config/logger.ts';
import { createMetrics } from '../../config/metrics.ts';
import type { Pool } from '../../db/pool.ts';
import type { Observability } from '../../server/observe.ts';
import { createSite, SERVER_LIMITS, startServer, type RunningServer } from '../../server/site.ts';

// None of the requests below reaches the database or Temporal.
const deps = { pool: {} as Pool, temporal: {} as Client, outDir: '/nonexistent' };

function observed(metricsToken?: string) {
  const lines: string[] = [];
  const logger = createLogger({ level: 'info', format: 'json' }, { write: (line: string) => void lines.push(line) });
  const obs: Observability = {
    logger,
    metrics: createMetrics({ processMetrics: false }),
    ...(metricsToken ? { metricsToken } : {}),
  };
  const requestLines = () =>
    lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'request');
  return { obs, lines, requestLines };
}

describe('request observation', () => {
  it('logs one JSON line per request with request id, method, route pattern, status and duration', async () => {
    const { obs, requestLines } = observed();
    const res = await createSite(deps, obs).request('/api/campaigns/c-42/summary?token=s3cret-query-token');
    const [line, ...more] = requestLines();
    expect(more).toEqual([]);
    expect(line).toMatchObject({ level: 'info', method: 'GET', status: res.status, msg: 'request' });
    expect(line!.route).toBe('/api/campaigns/:id/summary');
    expect(typeof line!.requestId).toBe('string');
    expect(line!.requestId).toBe(res.headers.get('x-request-id'));
    expect(typeof line!.durationMs).toBe('number');
    expect(typeof line!.time).toBe('string');
  });

  it('never writes the query string, its token or the concrete path into the log', async () => {
    const { obs, lines } = observed();
    await createSite(deps, obs).request('/api/campaigns/c-42/summary?token=s3cret-query-token');
    await createSite(deps, obs).request('/no/such/page?access_token=s3cret-query-token');
    const all = lines.join('\n');
    expect(all).not.toContain('s3cret-query-token');
    expect(all).not.toContain('c-42');
    expect(all).toContain('"route":"unmatched"');
  });

  it('logs an unexpected failure through the same logger, with the request id, at error level', async () => {
    const { obs, lines } = observed();
    // The stub pool has no query(): looking up the token fails unexpectedly.
    const res = await createSite(deps, obs).request('/api/campaigns/c-1/summary', {
      headers: { authorization: 'Bearer kt_not-a-real-token' },
    });
    expect(res.status).toBe(500);
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, { message?: string } | string>);
    const failure = parsed.find((l) => l.msg === 'unexpected failure');
    expect(failure).toMatchObject({ level: 'error', requestId: res.headers.get('x-request-id') });
    expect(failure!.err).toHaveProperty('message');
    expect(parsed.find((l) => l.msg === 'request')).toMatchObject({ level: 'error', status: 500 });
  });

  it('echoes a sane incoming X-Request-Id and replaces one that is not', async () => {
    const { obs, requestLines } = observed();
    const site = createSite(deps, obs);
    const kept = await site.request('/healthz', { headers: { 'x-request-id': 'lb-7f3a9c21-0001' } });
    expect(kept.headers.get('x-request-id')).toBe('lb-7f3a9c21-0001');
    const replaced = await site.request('/healthz', { headers: { 'x-request-id': 'evil\u00e9 id <script>' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestLines().map((l) => l.requestId)).toEqual(['lb-7f3a9c21-0001', replaced.headers.get('x-request-id')]);
  });
});

describe('GET /metrics on serve', () => {
  const token = 'metrics-token-0123456789';

  it('refuses without the token when one is set, and serves the HTTP counter with it', async () => {
    const { obs } = observed(token);
    const site = createSite(deps, obs);
    await site.request('/healthz');
    expect((await site.request('/metrics')).status).toBe(401);
    expect(
      (await site.request('/metrics', { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status,
    ).toBe(401);
    const res = await site.request('/metrics', { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/^klartext_http_requests_total\{method="GET",route="\/healthz",status="200"\} 1$/m);
    expect(text).toContain('klartext_http_request_duration_seconds_bucket');
  });

  it('refuses a request not from loopback when no token is set', async () => {
    const { obs } = observed();
    const outside = { incoming: { socket: { remoteAddress: '203.0.113.9' } } };
    expect((await createSite(deps, obs).request('/metrics', {}, outside)).status).toBe(403);
  });

  describe('on a listening server without a token', () => {
    let server: RunningServer;
    const { obs } = observed();
    beforeAll(async () => {
      server = await startServer(deps, '127.0.0.1', 0, SERVER_LIMITS, obs);
    });
    afterAll(() => server?.stop());

    it('serves a loopback scraper, but not one behind a forwarding proxy', async () => {
      await fetch(`${server.url}/healthz`);
      const res = await fetch(`${server.url}/metrics`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('klartext_http_requests_total{method="GET",route="/healthz",status="200"} 1');
      const proxied = await fetch(`${server.url}/metrics`, { headers: { 'x-forwarded-for': '198.51.100.4' } });
      expect(proxied.status).toBe(403);
    });
  });
});
