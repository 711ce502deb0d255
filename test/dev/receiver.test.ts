// Tests for the dev receiver itself: what it accepts, what it refuses, and how it misbehaves on request.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWebhookReceiver as startDevReceiver } from '../../dev/receiver.ts';
import { signPayload } from '../../channels/signing.ts';
import { startWebhookReceiver } from '../fakes/webhook-receiver.ts';
import type { FakeWebhookReceiver } from '../fakes/webhook-receiver.ts';

let receiver: FakeWebhookReceiver;

beforeEach(async () => {
  receiver = await startWebhookReceiver();
});

afterEach(async () => {
  await receiver.close();
});

function post(
  body: string,
  options: { id?: string; signedBody?: string; url?: string; timestamp?: number } = {},
): Promise<Response> {
  const id = options.id ?? 'dlv_1';
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = signPayload({ secret: receiver.secret, msgId: id, timestamp, body: options.signedBody ?? body });
  return fetch(options.url ?? receiver.url, {
    method: 'POST',
    headers: { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature },
    body,
  });
}

const ping = JSON.stringify({ type: 'ping', timestamp: '2026-10-01T08:00:00.000Z', data: {} });

describe('startWebhookReceiver', () => {
  it('listens on 127.0.0.1 and records a verified delivery', async () => {
    expect(receiver.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/webhooks$/);
    const response = await post(ping);

    expect(response.status).toBe(200);
    expect(receiver.received).toEqual([
      expect.objectContaining({ id: 'dlv_1', type: 'ping', timestamp: '2026-10-01T08:00:00.000Z', data: {} }),
    ]);
  });

  it('answers 401 and records nothing when the body was changed after signing', async () => {
    const response = await post(ping.replace('ping', 'video.retracted'), { signedBody: ping });

    expect(response.status).toBe(401);
    expect(receiver.received).toHaveLength(0);
    expect(receiver.unauthorised).toBe(1);
  });

  it('answers 401 when the timestamp is older than five minutes', async () => {
    const response = await post(ping, { timestamp: Math.floor(Date.now() / 1000) - 301 });

    expect(response.status).toBe(401);
  });

  it('answers 400 when a verified body is not a {type, timestamp, data} event', async () => {
    const response = await post(JSON.stringify({ hello: 'world' }));

    expect(response.status).toBe(400);
    expect(receiver.received).toHaveLength(0);
  });

  it('answers 404 to other paths', async () => {
    const response = await post(ping, { url: receiver.url.replace('/webhooks', '/other') });

    expect(response.status).toBe(404);
  });

  it('acknowledges a repeated webhook-id and counts it as a duplicate', async () => {
    expect((await post(ping)).status).toBe(200);
    expect((await post(ping)).status).toBe(200);
    expect((await post(ping, { id: 'dlv_2' })).status).toBe(200);

    expect(receiver.received.map((webhook) => webhook.id)).toEqual(['dlv_1', 'dlv_2']);
    expect(receiver.duplicates).toBe(1);
  });

  it('fails the next N requests with the given status and Retry-After, then recovers', async () => {
    receiver.failNext(2, 503, '7');
    const first = await post(ping);
    const second = await post(ping);
    const third = await post(ping);

    expect([first.status, second.status, third.status]).toEqual([503, 503, 200]);
    expect(first.headers.get('retry-after')).toBe('7');
    expect(receiver.received).toHaveLength(1);
    expect(receiver.duplicates).toBe(0);
  });

  it('holds the response for the given delay after recording the delivery', async () => {
    receiver.delayNext(1, 300);
    const started = performance.now();
    const response = await post(ping);

    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    expect(receiver.received).toHaveLength(1);
  });

  it('calls onReceive once per newly recorded delivery', async () => {
    const seen: string[] = [];
    const dev = await startDevReceiver({ secret: receiver.secret, onReceive: (webhook) => seen.push(webhook.id) });
    try {
      await post(ping, { url: dev.url });
      await post(ping, { url: dev.url });
      expect(seen).toEqual(['dlv_1']);
    } finally {
      await dev.close();
    }
  });
});
