// Channel targets are judged when a channel is created (POST /api/channels, inline in a campaign) and when tested.
import { randomBytes } from 'node:crypto';
import { mkdtemp, symlink } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { testChannel } from '../../api/routes/channel-test.ts';
import { getCampaign } from '../../db/campaign-repo.ts';
import { upsertUserWithToken } from '../../db/user-repo.ts';
import { createHarness, type Harness } from '../support/harness.ts';

let h: Harness;
let app: ReturnType<typeof createApp>;
let manager: string;
let outside: string;
beforeAll(async () => {
  h = await createHarness();
  app = createApp({ pool: h.pool, temporal: h.client, outDir: h.outDir, secrets: h.secrets, allowHttpLoopback: true });
  manager = await upsertUserWithToken(h.pool, { id: `cm-${uid()}`, displayName: 'M', role: 'campaign_manager' });
  outside = await mkdtemp(join(inject('tmpRoot'), 'outside-'));
  await symlink(outside, join(h.outDir, 'escape'));
});
afterAll(() => h?.close());

function uid() {
  return randomBytes(3).toString('hex');
}

const post = async (path: string, body: unknown) => {
  const res = await app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${manager}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, message: ((await res.json()) as { error?: { message: string } }).error?.message };
};

const SECRET = `whsec_${randomBytes(32).toString('base64')}`;

describe('channel creation', () => {
  it('refuses folder directories with "..", in /proc, through a symlink out of the root or outside the roots', async () => {
    const refusals: [string, RegExp][] = [
      [`${h.outDir}/a/../b`, /^directory: .*"\.\." segments/],
      ['/proc/self', /^directory: .*inside \/proc, \/sys or \/dev/],
      [join(h.outDir, 'escape', 'drop'), /^directory: .*symbolic link/],
      [outside, /^directory: .*outside the allowed roots .*KLARTEXT_FOLDER_CHANNEL_ROOTS/],
    ];
    for (const [directory, reason] of refusals) {
      const res = await post('/api/channels', { id: `f-${uid()}`, kind: 'folder', directory });
      expect(res).toMatchObject({ status: 400, message: expect.stringMatching(reason) });
    }
  });

  it('refuses webhook URLs to the metadata service, private addresses, with credentials or plain http', async () => {
    const refusals: [string, RegExp][] = [
      ['https://169.254.169.254/latest/meta-data', /^url: .*cloud metadata service/],
      ['https://10.0.0.1/hooks', /^url: .*private \(10\.0\.0\.0\/8\).*allowCidrs/],
      ['https://user:hunter2@partner.example/hooks', /^url: .*carries credentials/],
      ['http://partner.example/hooks', /^url: .*plain http; use https/],
    ];
    for (const [url, reason] of refusals) {
      const res = await post('/api/channels', { id: `w-${uid()}`, kind: 'webhook', url, secret: SECRET });
      expect(res).toMatchObject({ status: 400, message: expect.stringMatching(reason) });
      expect(res.message).not.toContain('hunter2');
    }
  });

  it('refuses a campaign whose inline channel is unsafe, and stores nothing of it', async () => {
    const campaign = await h.example({ segments: 1 });
    const inline = [
      [{ id: 'drop', kind: 'folder', directory: '/proc/self' }, /^brief\.channels\.1\.directory: .*\/proc/],
      [{ id: 'meta', kind: 'webhook', url: 'https://169.254.169.254/', secret: SECRET }, /^brief\.channels\.1\.url: /],
    ] as const;
    for (const [channel, reason] of inline) {
      const campaignId = `unsafe-${uid()}`;
      const brief = { ...campaign.brief, channels: [...campaign.brief.channels, channel] };
      const res = await post('/api/campaigns', { ...campaign, brief, campaignId, launch: false });
      expect(res).toMatchObject({ status: 400, message: expect.stringMatching(reason) });
      expect(await getCampaign(h.pool, campaignId)).toBeUndefined();
    }
  });

  it('accepts a campaign whose folder channel lies inside the asset store', async () => {
    const campaign = await h.example({ segments: 1 });
    const channel = { id: `drop-${uid()}`, kind: 'folder', directory: join(h.outDir, 'cms-import') };
    const brief = { ...campaign.brief, channels: [...campaign.brief.channels, channel] };
    const res = await post('/api/campaigns', { ...campaign, brief, campaignId: `ok-${uid()}`, launch: false });
    expect(res.status).toBe(201);
  });
});

describe('testChannel', () => {
  it('gives up on a receiver that never answers once its time is up', async () => {
    const hanging = createServer(() => undefined);
    await new Promise<void>((done) => hanging.listen(0, '127.0.0.1', done));
    const url = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/hooks`;
    try {
      const channel = { id: 'slow', kind: 'webhook', target: url, secret: SECRET } as const;
      const opts = { pool: h.pool, allowHttpLoopback: true, folderRoots: [h.outDir], timeoutMs: 300 };
      const result = await testChannel(channel as Parameters<typeof testChannel>[0], opts);
      expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/did not answer within 0\.3 s/) });
    } finally {
      hanging.closeAllConnections();
      hanging.close();
    }
  });

  it('refuses to write a folder channel stored outside the roots', async () => {
    const channel = { id: 'old', kind: 'folder', target: '/proc/self' } as const;
    const opts = { pool: h.pool, allowHttpLoopback: false, folderRoots: [h.outDir] };
    const result = await testChannel(channel as Parameters<typeof testChannel>[0], opts);
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/inside \/proc/) });
  });
});
