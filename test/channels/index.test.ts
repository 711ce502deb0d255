// Tests for createChannelAdapter: one configuration object to each kind of adapter.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Delivery } from '../../channels/channel.ts';
import { createMemoryFeedStore } from '../../channels/feed.ts';
import { createChannelAdapter } from '../../channels/index.ts';
import type { ChannelConfig } from '../../channels/index.ts';
import { generateWebhookSecret } from '../../channels/signing.ts';
import { ConfigError } from '../../shared/errors.ts';
import { startWebhookReceiver } from '../fakes/webhook-receiver.ts';

const delivery: Delivery = {
  deliveryId: 'dlv-registry-1',
  eventType: 'video.approved',
  timestamp: new Date('2026-10-01T08:00:00.000Z'),
  data: { campaignId: 'flu-2026', segmentId: '75plus', videoId: 'vid-1' },
};

describe('createChannelAdapter', () => {
  it('builds a webhook adapter that delivers to a verifying receiver', async () => {
    const receiver = await startWebhookReceiver();
    try {
      const adapter = createChannelAdapter(
        { kind: 'webhook', target: receiver.url, secret: receiver.secret },
        { allowHttpLoopback: true },
      );
      await adapter.deliver(delivery);
      expect(receiver.received.map((webhook) => webhook.id)).toEqual(['dlv-registry-1']);
    } finally {
      await receiver.close();
    }
  });

  it('builds a folder adapter that writes under the target directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'klartext-registry-'));
    try {
      await createChannelAdapter({ kind: 'folder', target: dir }).deliver(delivery);
      expect(await readdir(join(dir, 'flu-2026', '75plus'))).toEqual(['dlv-registry-1.json']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses to deliver to a folder outside its roots, and delivers inside them', async () => {
    const root = await mkdtemp(join(tmpdir(), 'klartext-root-'));
    const elsewhere = await mkdtemp(join(tmpdir(), 'klartext-elsewhere-'));
    try {
      const outside = createChannelAdapter({ kind: 'folder', target: elsewhere }, { folderRoots: [root] });
      await expect(outside.deliver(delivery)).rejects.toThrow(/outside the allowed roots/);
      expect(await readdir(elsewhere)).toEqual([]);
      const inside = createChannelAdapter({ kind: 'folder', target: join(root, 'drop') }, { folderRoots: [root] });
      await expect(inside.deliver(delivery)).resolves.toMatchObject({ statusCode: 201 });
    } finally {
      await rm(root, { recursive: true, force: true });
      await rm(elsewhere, { recursive: true, force: true });
    }
  });

  it('builds a feed adapter that appends to the given store', async () => {
    const feedStore = createMemoryFeedStore();
    await createChannelAdapter({ kind: 'feed', target: '' }, { channelId: 'ch-1', feedStore }).deliver(delivery);
    expect(feedStore.entries('ch-1').map((entry) => entry.id)).toEqual(['dlv-registry-1']);
  });

  it.each([
    ['an unknown kind', { kind: 'email', target: 'x' }, /unknown; use one of webhook, folder, feed/],
    ['a webhook without a secret', { kind: 'webhook', target: 'https://cms.example/hook' }, /no secret/],
    [
      'a webhook to plain http',
      { kind: 'webhook', target: 'http://cms.example/hook', secret: generateWebhookSecret() },
      /plain http/,
    ],
    ['a relative folder', { kind: 'folder', target: 'drop' }, /absolute directory/],
    ['a feed without a store', { kind: 'feed', target: '' }, /feed store/],
  ])('refuses %s with a ConfigError', (_what, config, message) => {
    const create = () => createChannelAdapter(config as ChannelConfig);
    expect(create).toThrow(ConfigError);
    expect(create).toThrow(message);
  });
});
