// Request limits at the server: bodies over their route's limit are refused with 413 while they are read.
import { request } from 'node:http';
import { connect } from 'node:net';
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '../../db/pool.ts';
import {
  createSite,
  FORM_BODY_LIMIT,
  JSON_BODY_LIMIT,
  LAUNCH_BODY_LIMIT,
  SERVER_LIMITS,
  startServer,
  type RunningServer,
} from '../../server/site.ts';

// None of the requests below reaches the database or Temporal.
const deps = { pool: {} as Pool, temporal: {} as Client, outDir: '/nonexistent' };
const FIFTY_MB = 50 * 1024 * 1024;

/** Streams `total` bytes to `path` in 64 KiB chunks, stopping once the answer arrives; resolves status and bytes sent. */
function streamBody(url: string, path: string, total: number, declareLength: boolean) {
  return new Promise<{ status: number; body: string; sent: number }>((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const headers: Record<string, string | number> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (declareLength) headers['content-length'] = total;
    const req = request(`${url}${path}`, { method: 'POST', headers }, (res) => {
      answered = true;
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, sent }));
    });
    req.on('error', (err) => (answered ? undefined : reject(err)));
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', () => setTimeout(pump, 1));
      }
      if (!answered) req.end();
    };
    pump();
  });
}

describe('createSite request limits', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(deps, '127.0.0.1', 0);
  });
  afterAll(() => server.stop());

  it('refuses a 50 MB login body with 413 before reading it when the length is declared', async () => {
    const res = await streamBody(server.url, '/login', FIFTY_MB, true);
    expect(res.status).toBe(413);
    expect(res.body).toContain('16 KiB limit');
    expect(res.sent).toBeLessThan(FIFTY_MB / 2);
  });

  it('refuses a 50 MB chunked login body with 413 once the limit is passed', async () => {
    const res = await streamBody(server.url, '/login', FIFTY_MB, false);
    expect(res.status).toBe(413);
    expect(res.sent).toBeLessThan(FIFTY_MB / 2);
  });

  it('refuses a JSON API body over 1 MiB with 413 naming the limit', async () => {
    const body = JSON.stringify({ comment: 'x'.repeat(JSON_BODY_LIMIT) });
    const res = await createSite(deps).request('/api/reviews/c1/s1/approve', { method: 'POST', body });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { message: expect.stringContaining('1024 KiB limit') } });
  });

  it('gives a campaign launch, whose segments come inline, room beyond 1 MiB up to 8 MiB', async () => {
    const site = createSite(deps);
    const roomy = await site.request('/api/campaigns', { method: 'POST', body: 'x'.repeat(2 * JSON_BODY_LIMIT) });
    expect(roomy.status).toBe(401);
    const over = await site.request('/api/campaigns', { method: 'POST', body: 'x'.repeat(LAUNCH_BODY_LIMIT + 1) });
    expect(over.status).toBe(413);
  });

  it('lets a form body under the limit through to its route', async () => {
    const body = 'x'.repeat(FORM_BODY_LIMIT - 10);
    const res = await createSite(deps).request('/api/campaigns', { method: 'POST', body });
    expect(res.status).toBe(401);
  });
});

describe('startServer limits', () => {
  it('answers 408 and closes the connection when headers do not arrive in time', async () => {
    const limits = { ...SERVER_LIMITS, headersTimeout: 300, requestTimeout: 600, connectionsCheckingInterval: 50 };
    const slow = await startServer(deps, '127.0.0.1', 0, limits);
    try {
      const { port } = new URL(slow.url);
      const socket = connect(Number(port), '127.0.0.1');
      let answer = '';
      socket.on('data', (d: Buffer) => (answer += d.toString()));
      // Half a request line and one header, then silence: a slow-headers client holding a connection open.
      socket.write('GET /login HTTP/1.1\r\nHost: x\r\n');
      const started = Date.now();
      await new Promise((closed) => socket.on('close', closed));
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      await slow.stop();
    }
  });

  it('answers 431 to headers over 16 KiB', async () => {
    const server = await startServer(deps, '127.0.0.1', 0);
    try {
      const res = await fetch(`${server.url}/login`, { headers: { 'x-big': 'a'.repeat(SERVER_LIMITS.maxHeaderSize) } });
      expect(res.status).toBe(431);
    } finally {
      await server.stop();
    }
  });
});
