// Tests for the chaos run's parts that decide its verdict: the command line, the misbehaving receiver (real HTTP,
// signatures from the official library), the generated campaign and the pass/fail rule. The run itself is not here.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { chaosOutcome, startChaosReceiver, type ChaosReceiver } from '../../dev/chaos-receiver.ts';
import { isLoopbackHost, parseChaosArgs, seededRandom } from '../../dev/chaos-args.ts';
import { chaosSegmentsCsv, writeChaosCampaign } from '../../dev/chaos-campaign.ts';
import { chaosPassed, deliveredSegments } from '../../dev/chaos.ts';
import { generateWebhookSecret } from '../../channels/signing.ts';
import { InputError } from '../../shared/errors.ts';

const noChaos = { fail: 0, hang: 0, limit: 0 };

describe('parseChaosArgs', () => {
  it('takes the documented defaults when no flag is given', () => {
    const opts = parseChaosArgs([], () => 0.5);
    expect(opts).toEqual({
      segments: 6,
      kills: 3,
      rates: { fail: 0.3, hang: 0.1, limit: 0.05 },
      retryAfterSeconds: 1,
      timeoutMs: 600_000,
      seed: 2 ** 30,
      host: '127.0.0.1',
      keep: false,
    });
  });

  it('reads every flag, with timeouts in seconds or minutes', () => {
    const opts = parseChaosArgs(
      '--segments 12 --kills 0 --fail 0 --hang 0.2 --limit 0.1 --retry-after 3 --timeout 90s --seed 7 --host ::1 --keep'.split(
        ' ',
      ),
    );
    expect(opts).toEqual({
      segments: 12,
      kills: 0,
      rates: { fail: 0, hang: 0.2, limit: 0.1 },
      retryAfterSeconds: 3,
      timeoutMs: 90_000,
      seed: 7,
      host: '::1',
      keep: true,
    });
    expect(parseChaosArgs(['--timeout', '2m']).timeoutMs).toBe(120_000);
    expect(parseChaosArgs(['--timeout', '45']).timeoutMs).toBe(45_000);
  });

  it('refuses a non-loopback host, naming the flag and what is allowed', () => {
    for (const host of ['0.0.0.0', '10.0.0.5', 'example.org', '::', '[::2]']) {
      expect(() => parseChaosArgs(['--host', host])).toThrow(/--host .* is not a loopback address.*127\.0\.0\.1/);
    }
  });

  it('refuses out-of-range numbers with the flag, its range and the value given', () => {
    expect(() => parseChaosArgs(['--segments', '0'])).toThrow(
      "--segments must be a whole number from 1 to 200 (got '0')",
    );
    expect(() => parseChaosArgs(['--kills', '2.5'])).toThrow("--kills must be a whole number from 0 to 50 (got '2.5')");
    expect(() => parseChaosArgs(['--fail', '1.5'])).toThrow(
      "--fail must be a probability from 0 to 1, such as 0.3 (got '1.5')",
    );
    expect(() => parseChaosArgs(['--hang', 'often'])).toThrow(/--hang must be a probability/);
    expect(() => parseChaosArgs(['--timeout', '5s'])).toThrow(/--timeout must be a duration from 10s/);
    expect(() => parseChaosArgs(['--timeout', 'soon'])).toThrow(/--timeout must be a duration/);
  });

  it('refuses rates that leave no room for a delivery to succeed', () => {
    expect(() => parseChaosArgs(['--fail', '0.6', '--hang', '0.3', '--limit', '0.1'])).toThrow(
      /--fail \+ --hang \+ --limit is 1\.00; keep it below 0\.95/,
    );
  });

  it('names an unknown flag and shows the usage', () => {
    let error: unknown;
    try {
      parseChaosArgs(['--segmnts', '3']);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toContain("'--segmnts'");
    expect((error as Error).message).toContain('usage: npm run chaos');
  });
});

describe('isLoopbackHost', () => {
  it('accepts only addresses of this machine', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost']) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['128.0.0.1', '0.0.0.0', '192.168.1.1', '::', 'localhost.example.org', '']) {
      expect(isLoopbackHost(host)).toBe(false);
    }
  });
});

describe('seededRandom', () => {
  it('repeats its sequence for the same seed and stays in [0, 1)', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const first = Array.from({ length: 50 }, a);
    expect(Array.from({ length: 50 }, b)).toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(Array.from({ length: 50 }, seededRandom(43))).not.toEqual(first);
  });
});

describe('chaosOutcome', () => {
  it('splits [0, 1) into fail, hang, limit and accept bands in that order', () => {
    const rates = { fail: 0.3, hang: 0.1, limit: 0.05 };
    expect(chaosOutcome(0, rates)).toBe('fail');
    expect(chaosOutcome(0.299, rates)).toBe('fail');
    expect(chaosOutcome(0.3, rates)).toBe('hang');
    expect(chaosOutcome(0.399, rates)).toBe('hang');
    expect(chaosOutcome(0.4, rates)).toBe('limit');
    expect(chaosOutcome(0.449, rates)).toBe('limit');
    expect(chaosOutcome(0.45, rates)).toBe('accept');
    expect(chaosOutcome(0.99, noChaos)).toBe('accept');
  });
});

describe('startChaosReceiver', () => {
  let receiver: ChaosReceiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });

  const secret = generateWebhookSecret();
  const event = (segmentId: string) =>
    JSON.stringify({
      type: 'video.approved',
      timestamp: '2026-10-01T08:00:00.000Z',
      data: { campaignId: 'c-1', segmentId },
    });
  /** Signed by the official library, as an independent sender would sign it. */
  const send = (url: string, id: string, body: string, opts: { key?: string; signal?: AbortSignal } = {}) => {
    const at = new Date();
    const signature = new Webhook(opts.key ?? secret).sign(id, at, body);
    return fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body,
      signal: opts.signal,
    });
  };
  const start = async (rolls: number[], rates = noChaos) => {
    receiver = await startChaosReceiver({
      secret,
      host: '127.0.0.1',
      rates,
      retryAfterSeconds: 7,
      random: () => rolls.shift() ?? 0.99,
    });
    return receiver;
  };

  it('processes a verified delivery once and counts a second success of the same webhook-id as a duplicate', async () => {
    const r = await start([]);
    expect((await send(r.url, 'msg_1', event('s-1'))).status).toBe(200);
    expect((await send(r.url, 'msg_2', event('s-2'))).status).toBe(200);
    expect((await send(r.url, 'msg_1', event('s-1'))).status).toBe(200);
    // Each with the verified event's data, so a test can follow its links.
    expect(r.processed).toEqual([
      {
        id: 'msg_1',
        type: 'video.approved',
        campaignId: 'c-1',
        segmentId: 's-1',
        data: { campaignId: 'c-1', segmentId: 's-1' },
      },
      {
        id: 'msg_2',
        type: 'video.approved',
        campaignId: 'c-1',
        segmentId: 's-2',
        data: { campaignId: 'c-1', segmentId: 's-2' },
      },
    ]);
    expect(r.counts()).toMatchObject({ requests: 3, duplicates: 1, badSignatures: 0 });
  });

  it('answers 401 to a delivery signed with another secret or altered after signing, and counts it', async () => {
    const r = await start([]);
    const wrongKey = await send(r.url, 'msg_1', event('s-1'), { key: generateWebhookSecret() });
    expect(wrongKey.status).toBe(401);
    const signature = new Webhook(secret).sign('msg_2', new Date(), event('s-2'));
    const altered = await fetch(r.url, {
      method: 'POST',
      headers: {
        'webhook-id': 'msg_2',
        'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
        'webhook-signature': signature,
      },
      body: event('s-3'),
    });
    expect(altered.status).toBe(401);
    expect(r.counts()).toMatchObject({ requests: 2, badSignatures: 2, duplicates: 0 });
    expect(r.processed).toEqual([]);
  });

  it('fails with 500 and rate-limits with 429 and Retry-After without processing, then accepts the retry', async () => {
    const rates = { fail: 0.3, hang: 0.1, limit: 0.05 };
    const r = await start([0.1, 0.42, 0.9], rates);
    expect((await send(r.url, 'msg_1', event('s-1'))).status).toBe(500);
    const limited = await send(r.url, 'msg_1', event('s-1'));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(r.processed).toEqual([]);
    expect((await send(r.url, 'msg_1', event('s-1'))).status).toBe(200);
    expect(r.processed.map((p) => p.id)).toEqual(['msg_1']);
    expect(r.counts()).toMatchObject({ requests: 3, failed: 1, limited: 1, duplicates: 0 });
  });

  it('never answers a hung delivery, so only the sender ending the request finishes it', async () => {
    const r = await start([0.35], { fail: 0.3, hang: 0.1, limit: 0 });
    const sender = new AbortController();
    const pending = send(r.url, 'msg_1', event('s-1'), { signal: sender.signal });
    await expect.poll(() => r.counts().hung).toBe(1);
    sender.abort();
    await expect(pending).rejects.toThrow();
    expect(r.processed).toEqual([]);
  });
});

describe('deliveredSegments and chaosPassed', () => {
  it('counts only video.approved events of the run campaign', () => {
    const delivered = deliveredSegments(
      [
        { id: 'a', type: 'video.approved', campaignId: 'c-1', segmentId: 's-1' },
        { id: 'b', type: 'video.retracted', campaignId: 'c-1', segmentId: 's-2' },
        { id: 'c', type: 'video.approved', campaignId: 'c-2', segmentId: 's-3' },
      ],
      'c-1',
    );
    expect([...delivered]).toEqual(['s-1']);
  });

  it('passes only with nothing lost or duplicated, no bad signature and at most one render per segment', () => {
    const clean = { launched: 6, published: 6, lost: 0, duplicates: 0, badSignatures: 0, maxRendersPerSegment: 1 };
    expect(chaosPassed(clean)).toBe(true);
    expect(chaosPassed({ ...clean, lost: 1 })).toBe(false);
    expect(chaosPassed({ ...clean, duplicates: 1 })).toBe(false);
    expect(chaosPassed({ ...clean, badSignatures: 1 })).toBe(false);
    expect(chaosPassed({ ...clean, maxRendersPerSegment: 2 })).toBe(false);
  });
});

describe('writeChaosCampaign', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('generates N distinct segments and a webhook channel to the receiver, accepted by the campaign parsers', async () => {
    dir = await mkdtemp(join(tmpdir(), 'chaos-campaign-'));
    const secret = generateWebhookSecret();
    const campaign = await writeChaosCampaign(dir, 25, { url: 'http://127.0.0.1:4567/webhooks', secret });
    expect(campaign.segments).toHaveLength(25);
    expect(new Set(campaign.segments.map((s) => s.id)).size).toBe(25);
    expect(campaign.brief.channels).toEqual([
      expect.objectContaining({ id: 'chaos-webhook', kind: 'webhook', url: 'http://127.0.0.1:4567/webhooks', secret }),
    ]);
    expect(chaosSegmentsCsv(3).trim().split('\n')).toHaveLength(4);
  });
});
