// Tests for the webhook channel against a real receiver that verifies with the official standardwebhooks library.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Delivery } from '../../channels/channel.ts';
import { createWebhookChannel } from '../../channels/webhook.ts';
import {
  ChannelGoneError,
  ChannelUnavailableError,
  ConfigError,
  DeliveryRejectedError,
  NON_RETRYABLE_ERRORS,
} from '../../shared/errors.ts';
import { startWebhookReceiver } from '../fakes/webhook-receiver.ts';
import type { FakeWebhookReceiver } from '../fakes/webhook-receiver.ts';

const delivery: Delivery = {
  deliveryId: 'campaign-flu-2026.segment-75plus.channel-cms',
  eventType: 'video.approved',
  timestamp: new Date('2026-10-01T08:00:00.000Z'),
  data: { videoId: 'vid_1', title: 'Grippeimpfung ab 75', url: 'https://assets.example/vid_1.mp4' },
};

let receiver: FakeWebhookReceiver;

beforeEach(async () => {
  receiver = await startWebhookReceiver();
});

afterEach(async () => {
  await receiver.close();
});

function channel(options: { timeoutMs?: number } = {}) {
  return createWebhookChannel({ url: receiver.url, secret: receiver.secret, allowHttpLoopback: true, ...options });
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

describe('createWebhookChannel', () => {
  it('delivers a signed request that the official library verifies', async () => {
    const result = await channel().deliver(delivery);

    expect(result.statusCode).toBe(200);
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(receiver.unauthorised).toBe(0);
    expect(receiver.received).toHaveLength(1);
    const [webhook] = receiver.received;
    expect(webhook).toMatchObject({
      id: delivery.deliveryId,
      type: 'video.approved',
      timestamp: '2026-10-01T08:00:00.000Z',
      data: delivery.data,
    });
    expect(webhook?.headers['content-type']).toBe('application/json');
    expect(webhook?.headers['user-agent']).toBe('klartext-webhooks/0.1');
    expect(Number(webhook?.headers['webhook-timestamp'])).toBeCloseTo(Date.now() / 1000, -1);
    expect(webhook?.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
  });

  it('is refused by the receiver when signed with another secret', async () => {
    const other = createWebhookChannel({
      url: receiver.url,
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      allowHttpLoopback: true,
    });
    const error = await failure(other.deliver(delivery));

    expect(error).toBeInstanceOf(DeliveryRejectedError);
    expect((error as DeliveryRejectedError).statusCode).toBe(401);
    expect(error.message).not.toContain('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
    expect(error.message).not.toContain(receiver.secret.slice(6));
    expect(receiver.unauthorised).toBe(1);
  });

  it('records a retried delivery once when the same deliveryId arrives again', async () => {
    const adapter = channel();
    await adapter.deliver(delivery);
    await adapter.deliver(delivery);

    expect(receiver.received).toHaveLength(1);
    expect(receiver.duplicates).toBe(1);
  });

  it('throws a permanent ChannelGoneError when the receiver answers 410', async () => {
    receiver.failNext(1, 410);
    const error = await failure(channel().deliver(delivery));

    expect(error).toBeInstanceOf(ChannelGoneError);
    expect(error.name).toBe('ChannelGoneError');
    expect(NON_RETRYABLE_ERRORS).toContain(error.name);
    expect((error as ChannelGoneError).statusCode).toBe(410);
    expect(error.message).toMatch(/disable the channel/);
  });

  it('throws a permanent DeliveryRejectedError with a body excerpt when the receiver answers 400', async () => {
    receiver.setBehaviour({ fail: { count: 1, status: 400, body: `unknown field 'videoId'\n${'x'.repeat(5000)}` } });
    const error = await failure(channel().deliver(delivery));

    expect(error.name).toBe('DeliveryRejectedError');
    expect(NON_RETRYABLE_ERRORS).toContain(error.name);
    expect((error as DeliveryRejectedError).statusCode).toBe(400);
    expect(error.message).toContain("answered 400: unknown field 'videoId' xxx");
    expect(error.message.length).toBeLessThan(400);
    expect(receiver.received).toHaveLength(0);
  });

  it('throws a retryable error with retryAfterSeconds when the receiver answers 429 with Retry-After', async () => {
    receiver.failNext(1, 429, '120');
    const error = await failure(channel().deliver(delivery));

    expect(error).toBeInstanceOf(ChannelUnavailableError);
    expect(NON_RETRYABLE_ERRORS).not.toContain(error.name);
    expect(error).toMatchObject({ statusCode: 429, retryAfterSeconds: 120 });
  });

  it('throws a retryable error and then succeeds on retry when the receiver answers 503 once', async () => {
    receiver.failNext(1, 503);
    const adapter = channel();
    const error = await failure(adapter.deliver(delivery));

    expect(error).toBeInstanceOf(ChannelUnavailableError);
    expect(error).toMatchObject({ statusCode: 503, retryAfterSeconds: undefined });
    await expect(adapter.deliver(delivery)).resolves.toMatchObject({ statusCode: 200 });
    expect(receiver.received).toHaveLength(1);
  });

  it('throws a retryable error when the receiver does not answer within timeoutMs', async () => {
    receiver.delayNext(1, 2_000);
    const adapter = channel({ timeoutMs: 200 });
    const error = await failure(adapter.deliver(delivery));

    expect(error).toBeInstanceOf(ChannelUnavailableError);
    expect(error.message).toMatch(/did not answer within 200 ms/);
    expect((error as ChannelUnavailableError).statusCode).toBeUndefined();
    // The slow receiver did record it; the retry with the same id is acknowledged but not recorded twice.
    await adapter.deliver(delivery);
    expect(receiver.received).toHaveLength(1);
    expect(receiver.duplicates).toBe(1);
  });

  it('throws a retryable error when nothing listens at the URL', async () => {
    const adapter = channel();
    await receiver.close();
    const error = await failure(adapter.deliver(delivery));

    expect(error).toBeInstanceOf(ChannelUnavailableError);
    expect(error.message).toMatch(/could not be reached: ECONNREFUSED/);
    receiver = await startWebhookReceiver();
  });

  it('treats a 302 redirect as a permanent failure and does not follow it', async () => {
    const redirector = createServer((_req, res) => res.writeHead(302, { location: receiver.url }).end());
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
    const { port } = redirector.address() as AddressInfo;
    try {
      const adapter = createWebhookChannel({
        url: `http://127.0.0.1:${port}/hook`,
        secret: receiver.secret,
        allowHttpLoopback: true,
      });
      const error = await failure(adapter.deliver(delivery));

      expect(error).toBeInstanceOf(DeliveryRejectedError);
      expect((error as DeliveryRejectedError).statusCode).toBe(302);
      expect(error.message).toMatch(/redirects are not followed/);
      expect(receiver.received).toHaveLength(0);
      expect(receiver.unauthorised).toBe(0);
    } finally {
      redirector.closeAllConnections();
      redirector.close();
    }
  });

  it.each([
    ['plain http to a public host', 'http://cms.example/hook', true, /plain http/],
    ['plain http to loopback without allowHttpLoopback', 'http://127.0.0.1:8080/hook', false, /allowHttpLoopback/],
    ['credentials in the URL', 'https://user:hunter2@cms.example/hook', false, /credentials/],
    ['another scheme', 'ftp://cms.example/hook', false, /only https/],
    ['a relative URL', '/hook', false, /absolute URL/],
  ])('refuses %s with a ConfigError', (_what, url, allowHttpLoopback, message) => {
    const create = () => createWebhookChannel({ url, secret: receiver.secret, allowHttpLoopback });
    expect(create).toThrow(ConfigError);
    expect(create).toThrow(message);
    expect(create).not.toThrow(/hunter2/);
  });

  it.each(['http://localhost:8080/hook', 'http://[::1]:8080/hook', 'http://127.1.2.3/hook', 'http://127.1/hook'])(
    'accepts the loopback URL %s with allowHttpLoopback',
    (url) => {
      expect(() => createWebhookChannel({ url, secret: receiver.secret, allowHttpLoopback: true })).not.toThrow();
    },
  );

  it('refuses a malformed secret before any delivery', () => {
    expect(() => createWebhookChannel({ url: 'https://cms.example/hook', secret: 'whsec_' })).toThrow(ConfigError);
  });
});
