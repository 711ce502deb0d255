// Tests for the webhook channel's v1a signing and its outbound safety: injected client, capped bodies, unsafe targets.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Delivery } from '../../channels/channel.ts';
import type { OutboundClient, OutboundRequest } from '../../channels/outbound.ts';
import { generateWebhookKeyPair, generateWebhookSecret, verifyAsymmetricSignature } from '../../channels/signing.ts';
import { startWebhookReceiver } from '../../dev/receiver.ts';
import { createWebhookChannel } from '../../channels/webhook.ts';
import { ConfigError, NON_RETRYABLE_ERRORS, UnsafeTargetError } from '../../shared/errors.ts';

const delivery: Delivery = {
  deliveryId: 'campaign-flu-2026.segment-75plus.channel-cms',
  eventType: 'video.approved',
  timestamp: new Date('2026-10-01T08:00:00.000Z'),
  data: { videoId: 'vid_1', title: 'Grippeimpfung ab 75', url: 'https://assets.example/vid_1.mp4' },
};

const secret = generateWebhookSecret();

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

describe('createWebhookChannel', () => {
  it('sends the Standard Webhooks headers through the injected outbound client for an https URL', async () => {
    let seen: OutboundRequest | undefined;
    const outbound: OutboundClient = {
      request: async (request) => {
        seen = request;
        return { status: 204, headers: {}, body: '', truncated: false, remoteAddress: '93.184.215.14' };
      },
    };
    const adapter = createWebhookChannel({
      url: 'https://cms.example/hook?token=abc',
      secret: secret,
      outbound,
    });

    await expect(adapter.deliver(delivery)).resolves.toMatchObject({ statusCode: 204 });
    expect(seen?.url.href).toBe('https://cms.example/hook?token=abc');
    expect(seen?.timeoutMs).toBe(15_000);
    expect(seen?.headers).toMatchObject({ 'webhook-id': delivery.deliveryId, 'user-agent': 'klartext-webhooks/0.1' });
  });

  it('stops reading an endless error body at the cap and reports the status', async () => {
    let written = 0;
    const endless = createServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      const chunk = 'fehler '.repeat(1000);
      const pump = () => {
        while (!res.destroyed && written < 50_000_000 && res.write(chunk)) written += chunk.length;
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    });
    await new Promise<void>((resolve) => endless.listen(0, '127.0.0.1', resolve));
    const { port } = endless.address() as AddressInfo;
    try {
      const adapter = createWebhookChannel({
        url: `http://127.0.0.1:${port}/hook`,
        secret: secret,
        allowHttpLoopback: true,
      });
      const error = await failure(adapter.deliver(delivery));

      expect(error).toMatchObject({ name: 'ChannelUnavailableError', statusCode: 500 });
      expect(error.message).toContain('answered 500: fehler fehler');
      expect(written).toBeLessThan(50_000_000);
    } finally {
      endless.closeAllConnections();
      endless.close();
    }
  });

  it('signs v1a with a whsk_ key so that the whpk_ key verifies the delivery', async () => {
    const pair = generateWebhookKeyPair();
    const seen: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        seen.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const adapter = createWebhookChannel({
        url: `http://127.0.0.1:${port}/hook`,
        secret: pair.privateKey,
        allowHttpLoopback: true,
      });
      await adapter.deliver(delivery);

      const [{ headers, body }] = seen as [(typeof seen)[number]];
      const signatureHeader = String(headers['webhook-signature']);
      expect(signatureHeader).toMatch(/^v1a,[A-Za-z0-9+/]{86}==$/);
      const check = { msgId: String(headers['webhook-id']), timestamp: Number(headers['webhook-timestamp']), body };
      expect(verifyAsymmetricSignature(pair.publicKey, { ...check, signatureHeader })).toBe(true);
      expect(verifyAsymmetricSignature(generateWebhookKeyPair().publicKey, { ...check, signatureHeader })).toBe(false);
      expect(JSON.parse(body)).toMatchObject({ type: 'video.approved', data: delivery.data });
    } finally {
      server.close();
    }
  });

  it('throws a permanent UnsafeTargetError, not a retryable one, when the host resolves to a private address', async () => {
    const adapter = createWebhookChannel({
      url: 'https://cms.example/hook',
      secret: secret,
      resolver: async () => [{ address: '10.0.0.5', family: 4 }],
    });
    const error = await failure(adapter.deliver(delivery));

    expect(error).toBeInstanceOf(UnsafeTargetError);
    expect(NON_RETRYABLE_ERRORS).toContain(error.name);
    expect(error.message).toMatch(/cms\.example resolves to 10\.0\.0\.5, which is private/);
  });

  it('refuses a public-key (whpk_) secret with a ConfigError', () => {
    const create = () =>
      createWebhookChannel({ url: 'https://cms.example/hook', secret: generateWebhookKeyPair().publicKey });
    expect(create).toThrow(ConfigError);
    expect(create).toThrow(/public key/);
  });
});

describe('startWebhookReceiver (dev receiver)', () => {
  it('verifies v1a deliveries when given the whpk_ public key', async () => {
    const pair = generateWebhookKeyPair();
    const receiver = await startWebhookReceiver({ secret: pair.publicKey });
    try {
      const adapter = createWebhookChannel({ url: receiver.url, secret: pair.privateKey, allowHttpLoopback: true });
      await adapter.deliver(delivery);
      const forged = createWebhookChannel({
        url: receiver.url,
        secret: generateWebhookKeyPair().privateKey,
        allowHttpLoopback: true,
      });
      await expect(forged.deliver({ ...delivery, deliveryId: 'forged' })).rejects.toMatchObject({ statusCode: 401 });

      expect(receiver.received.map((webhook) => webhook.id)).toEqual([delivery.deliveryId]);
      expect(receiver.unauthorised).toBe(1);
    } finally {
      await receiver.close();
    }
  });
});
