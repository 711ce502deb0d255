// Tests for the README's TypeScript receiver example, run as its own process and sent real deliveries by the webhook
// channel: verification (v1 and v1a), de-duplication, each event type, and the optional asset and manifest checks.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { deliveryData, type PayloadInput } from '../../activities/delivery-payload.ts';
import { keyIdOf } from '../../video/provenance/keys.ts';
import { signManifest, type ProvenanceContent } from '../../video/provenance/manifest.ts';
import { keySetOf } from '../../video/provenance/public-keys.ts';
import { createChannelAdapter } from '../../channels/index.ts';
import type { Delivery, DeliveryEventType } from '../../channels/channel.ts';
import { generateWebhookKeyPair, generateWebhookSecret } from '../../channels/signing.ts';
import { DeliveryRejectedError } from '../../shared/errors.ts';
import { sha256Hex, startAssetServer } from './asset-server.ts';

const RECEIVER = join(import.meta.dirname, '..', '..', 'examples', 'receivers', 'receiver.ts');
// The same suite checks the Python example by hand (CI has no Python standardwebhooks), e.g.
// KLARTEXT_TEST_RECEIVER='.venv/bin/python examples/receivers/receiver.py' npx vitest run test/examples
const COMMAND = process.env.KLARTEXT_TEST_RECEIVER?.split(' ') ?? [process.execPath, RECEIVER];
const LINK_KEY = randomBytes(32);

interface RunningReceiver {
  url: string;
  lines: string[];
  /** Resolves with the first line (already printed or still to come) that contains `text`. */
  line(text: string): Promise<string>;
}

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

async function startReceiver(env: Record<string, string>): Promise<RunningReceiver> {
  const [program = '', ...args] = COMMAND;
  const child: ChildProcessWithoutNullStreams = spawn(program, args, {
    env: { ...process.env, PORT: '0', ...env },
  });
  stops.push(async () => {
    if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve).kill());
  });
  const lines: string[] = [];
  const waiting: { text: string; resolve: (line: string) => void }[] = [];
  createInterface({ input: child.stdout }).on('line', (text) => {
    lines.push(text);
    for (const w of waiting.filter((w) => text.includes(w.text))) w.resolve(text);
  });
  const line = (text: string) =>
    new Promise<string>((resolve) => {
      const seen = lines.find((l) => l.includes(text));
      if (seen) resolve(seen);
      else waiting.push({ text, resolve });
    });
  const started = await line('listening on ');
  return { url: /(http:\/\/\S+)/.exec(started)?.[1] ?? '', lines, line };
}

function channel(url: string, secret: string) {
  return createChannelAdapter({ kind: 'webhook', target: url, secret }, { allowHttpLoopback: true });
}

function videoEvent(
  eventType: Exclude<DeliveryEventType, 'ping'>,
  options: Partial<PayloadInput> & { deliveryId: string; videoSha256?: string },
): Delivery {
  const input: PayloadInput = {
    eventType,
    campaignId: 'autumn-2026',
    segment: { id: 'seniors-75plus-de', label: 'Seniorinnen und Senioren ab 75', language: 'de', tags: ['age-75+'] },
    video: {
      campaignId: 'autumn-2026',
      segmentId: 'seniors-75plus-de',
      generationKey: 'gen_1',
      scriptSha256: 'a'.repeat(64),
      videoPath: '/unused/video.mp4',
      videoSha256: options.videoSha256 ?? 'b'.repeat(64),
      durationSeconds: 42,
      captionsPath: '/unused/captions.vtt',
      manifestSha256: 'c'.repeat(64),
    },
    channelKind: 'webhook',
    outDir: '/unused',
    publicBaseUrl: 'https://klartext.example',
    linkKey: LINK_KEY,
    ...options,
  };
  return { deliveryId: options.deliveryId, eventType, timestamp: new Date(), data: deliveryData(input) };
}

const ping = (deliveryId: string): Delivery => ({
  deliveryId,
  eventType: 'ping',
  timestamp: new Date(),
  data: { channelId: 'partner-cms', message: 'klartext channel test' },
});

async function rejection(promise: Promise<unknown>): Promise<DeliveryRejectedError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(DeliveryRejectedError);
  return error as DeliveryRejectedError;
}

describe('examples/receivers/receiver.ts', () => {
  it('processes a ping and each video event once, acknowledging a duplicate without processing it again', async () => {
    const secret = generateWebhookSecret();
    const receiver = await startReceiver({ KLARTEXT_WEBHOOK_SECRET: secret });
    const webhook = channel(receiver.url, secret);
    const approved = videoEvent('video.approved', { deliveryId: 'msg_approved' });

    expect((await webhook.deliver(ping('ping_1'))).statusCode).toBe(200);
    expect((await webhook.deliver(approved)).statusCode).toBe(200);
    expect((await webhook.deliver(approved)).statusCode).toBe(200);
    const replaced = videoEvent('video.replaced', {
      deliveryId: 'msg_replaced',
      videoSha256: 'd'.repeat(64),
      replacesVideoSha256: 'b'.repeat(64),
    });
    expect((await webhook.deliver(replaced)).statusCode).toBe(200);
    const retracted = videoEvent('video.retracted', {
      deliveryId: 'msg_retracted',
      videoSha256: 'd'.repeat(64),
      reason: 'STIKO changed its recommendation',
    });
    expect((await webhook.deliver(retracted)).statusCode).toBe(200);
    const replayed = videoEvent('video.approved', { deliveryId: 'msg_replayed', videoSha256: 'd'.repeat(64) });
    expect((await webhook.deliver(replayed)).statusCode).toBe(200);
    await receiver.line('msg_replayed');

    const about = (id: string) => receiver.lines.filter((l) => l.includes(id));
    expect(await receiver.line('ping ping_1')).toContain('klartext channel test');
    expect(about('msg_approved')).toEqual([
      `video.approved msg_approved: show autumn-2026/seniors-75plus-de video ${'b'.repeat(64)}`,
      'duplicate msg_approved (video.approved): acknowledged, not processed again',
    ]);
    expect(about('msg_replaced')).toEqual([
      `video.replaced msg_replaced: show autumn-2026/seniors-75plus-de video ${'d'.repeat(64)} instead of ${'b'.repeat(64)}`,
    ]);
    expect(about('msg_retracted')).toEqual([
      `video.retracted msg_retracted: take down autumn-2026/seniors-75plus-de video ${'d'.repeat(64)}: STIKO changed its recommendation`,
    ]);
    expect(about('msg_replayed')).toEqual([
      `video.approved msg_replayed: autumn-2026/seniors-75plus-de video ${'d'.repeat(64)} was withdrawn earlier, not shown`,
    ]);
  });

  it('answers 401 to a delivery signed with another secret and processes nothing', async () => {
    const receiver = await startReceiver({ KLARTEXT_WEBHOOK_SECRET: generateWebhookSecret() });
    const forged = channel(receiver.url, generateWebhookSecret());

    const error = await rejection(forged.deliver(videoEvent('video.approved', { deliveryId: 'msg_forged' })));

    expect(error.statusCode).toBe(401);
    expect(await receiver.line('refused msg_forged')).toContain('No matching signature found');
    expect(receiver.lines.filter((l) => l.startsWith('video.approved'))).toEqual([]);
  });

  it('verifies v1a deliveries with the whpk_ public key and refuses another key pair', async () => {
    const pair = generateWebhookKeyPair();
    const receiver = await startReceiver({ KLARTEXT_WEBHOOK_SECRET: pair.publicKey });

    expect(receiver.lines[0]).toContain('(v1a)');
    expect((await channel(receiver.url, pair.privateKey).deliver(ping('ping_v1a'))).statusCode).toBe(200);
    const other = channel(receiver.url, generateWebhookKeyPair().privateKey);
    expect((await rejection(other.deliver(ping('ping_other')))).statusCode).toBe(401);
    expect(await receiver.line('refused ping_other')).toContain('no matching v1a signature');
    expect(receiver.lines.filter((l) => l.startsWith('ping '))).toEqual(['ping ping_v1a: klartext channel test']);
  });

  it('checks a downloaded video against its SHA-256 and signed manifest, and refuses a mismatch with 422', async () => {
    const keys = generateKeyPairSync('ed25519');
    const video = randomBytes(4096);
    const content: ProvenanceContent = {
      schema: 'klartext.provenance/v2',
      aiGenerated: true,
      disclosure: 'KI-generiert / AI-generated',
      digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/algorithmicMedia',
      campaignId: 'autumn-2026',
      segmentId: 'seniors-75plus-de',
      video: { mimeType: 'video/mp4', sha256: sha256Hex(video), sizeBytes: video.length, durationSeconds: 42 },
      script: { sha256: 'a'.repeat(64) },
      claims: [],
      signatures: [],
      generator: { renderer: 'local', scriptProvider: 'local' },
      createdAt: '2026-10-01T08:00:00.000Z',
    };
    const manifest = signManifest(content, { keyId: keyIdOf(keys.publicKey), privateKey: keys.privateKey });
    const assets = await startAssetServer({ video, manifest, keySet: keySetOf([keys.publicKey]) });
    stops.push(assets.close);
    const secret = generateWebhookSecret();
    const receiver = await startReceiver({ KLARTEXT_WEBHOOK_SECRET: secret, KLARTEXT_FETCH_ASSETS: '1' });
    const webhook = channel(receiver.url, secret);
    const event = (deliveryId: string, videoSha256: string) =>
      videoEvent('video.approved', { deliveryId, videoSha256, publicBaseUrl: assets.url });
    const approved = event('msg_checked', sha256Hex(video));
    (approved.data.manifest as { sha256: string }).sha256 = assets.manifestSha256;

    expect((await webhook.deliver(approved)).statusCode).toBe(200);
    expect(await receiver.line('checked autumn-2026')).toContain('video SHA-256 and signed manifest match');
    const tampered = event('msg_tampered', 'e'.repeat(64));
    expect((await rejection(webhook.deliver(tampered))).statusCode).toBe(422);
    expect(await receiver.line('failed msg_tampered')).toContain(`the event names ${'e'.repeat(64)}`);
    expect(assets.requests.filter((path) => path.includes('sig='))).toHaveLength(3);
  });
});

describe('README for integrators', () => {
  it('shows a video.replaced payload with exactly the fields klartext sends', async () => {
    const readme = await readFile(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    const block = /### Payloads[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)?.[1];
    const documented = JSON.parse(block ?? '{}') as { type: string; data: Record<string, unknown> };
    // A channel that takes the portrait rendition with open captions, as in the README's example.
    const base = videoEvent('video.replaced', { deliveryId: 'msg_base' });
    const portrait = {
      id: 'portrait-open-captions' as const,
      width: 720,
      height: 1280,
      openCaptions: true,
      file: 'video-portrait-open-captions.mp4',
      sha256: 'd'.repeat(64),
      sizeBytes: 1,
      path: '/unused/video-portrait-open-captions.mp4',
    };
    const video = {
      campaignId: 'autumn-2026',
      segmentId: 'seniors-75plus-de',
      generationKey: 'gen_1',
      scriptSha256: 'a'.repeat(64),
      videoPath: '/unused/video.mp4',
      videoSha256: (base.data.video as { sha256: string }).sha256,
      durationSeconds: 42,
      captionsPath: '/unused/captions.vtt',
      manifestSha256: 'c'.repeat(64),
      renditions: [portrait],
    };
    const sent = videoEvent('video.replaced', {
      deliveryId: 'msg_doc',
      replacesVideoSha256: 'f'.repeat(64),
      video,
      renditions: ['portrait-open-captions'],
    });
    const shape = (value: unknown): unknown =>
      value !== null && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)]))
        : typeof value;

    expect(documented.type).toBe('video.replaced');
    expect(shape(documented.data)).toEqual(shape(sent.data));
  });
});
