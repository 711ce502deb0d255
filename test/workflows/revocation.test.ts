// Publication to webhook, folder and feed channels, then retraction reaching all three, with signed asset links.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../db/audit-repo.ts';
import type { ClaimWithdrawalOutcome } from '../../shared/withdrawal.ts';
import { revocationWorkflowId } from '../../shared/task-queues.ts';
import { createHarness, eventually, type Harness } from '../support/harness.ts';
import { withOwnClaims } from '../promises/own-claims.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.startWorkers();
});
afterAll(() => h?.close());

interface FeedPage {
  entries: { id: string; type: string; data: Record<string, unknown> }[];
  nextCursor?: string;
}

async function feed(channelId: string, token: string, cursor?: string): Promise<FeedPage> {
  const query = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
  const res = await fetch(`${h.server.url}/api/feeds/${channelId}${query}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as FeedPage;
}

async function publishOne(ownClaims = false) {
  const suffix = randomBytes(3).toString('hex');
  // Folder channels may write only inside the asset store (the default KLARTEXT_FOLDER_CHANNEL_ROOTS).
  const directory = await mkdtemp(join(h.outDir, 'folder-channel-'));
  const feedId = `feed-${suffix}`;
  const token = `kft_${randomBytes(24).toString('base64url')}`;
  const loaded = await h.example({ segments: 1 });
  const example = ownClaims ? withOwnClaims(loaded).campaign : loaded;
  const campaign = {
    ...example,
    brief: {
      ...example.brief,
      channels: [
        ...example.brief.channels,
        // The folder also takes the portrait format with captions in the picture (social video, muted autoplay).
        { id: `folder-${suffix}`, kind: 'folder' as const, directory, renditions: ['portrait-open-captions' as const] },
        { id: feedId, kind: 'feed' as const, token },
      ],
    },
  };
  const campaignId = await h.launch(campaign);
  const segmentId = campaign.segments[0]!.id;
  const video = await h.signOff(campaignId, segmentId);
  await h.client.workflow.getHandle(`campaign/${campaignId}`).result();
  return { campaignId, segmentId, directory, feedId, token, video, claimIds: campaign.claims.map((c) => c.id) };
}

// A delivery is sent until the receiver answers it 2xx, and never again after that (counted per test).
let repeatsBefore = 0;
beforeEach(() => void (repeatsBefore = h.receiver.repeatsAfterSuccess));
afterEach(() => expect(h.receiver.repeatsAfterSuccess - repeatsBefore).toBe(0));

describe('publication and retraction', () => {
  it('delivers to a webhook, a folder and a feed, and a retraction reaches all three', async () => {
    const { campaignId, segmentId, directory, feedId, token, video } = await publishOne();

    // Webhook: the payload's links are signed and expire; the video behind one hashes to the announced sha256.
    const approved = h.receiver.received.filter((r) => r.data.campaignId === campaignId);
    expect(approved.map((r) => r.type)).toEqual(['video.approved']);
    const link = (approved[0]!.data.video as { url: string; sha256: string }).url;
    expect(link).toMatch(/\/video\.mp4\?expires=\d+&sig=/);
    // The webhook asked for no rendition: its payload names none.
    expect(approved[0]!.data).not.toHaveProperty('renditions');
    const bytes = Buffer.from(await (await fetch(link)).arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(video.sha256);
    // Change the signature's first character to a different one (a fixed 'A' equals it one time in 64).
    const forged = link.replace(/sig=(.)/, (_, c: string) => `sig=${c === 'A' ? 'B' : 'A'}`);
    expect(forged).not.toBe(link);
    expect((await fetch(forged)).status).toBe(403);
    expect((await fetch(link.split('?')[0]!)).status).toBe(401);

    // Folder: the files and a sidecar, written under their final names only.
    const dir = join(directory, campaignId, segmentId);
    const files = await readdir(dir);
    expect(files).toEqual(
      expect.arrayContaining(['video.mp4', 'video-portrait-open-captions.mp4', 'captions.vtt', 'manifest.json']),
    );
    expect(files.filter((f) => f.startsWith('.'))).toEqual([]);
    const video2 = await readFile(join(dir, 'video.mp4'));
    expect(createHash('sha256').update(video2).digest('hex')).toBe(video.sha256);
    // The rendition is the one the signed manifest lists, and the provenance record answers for its hash too.
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as {
      renditions: { id: string; sha256: string; width: number; height: number }[];
    };
    const portrait = await readFile(join(dir, 'video-portrait-open-captions.mp4'));
    const portraitSha = createHash('sha256').update(portrait).digest('hex');
    expect(manifest.renditions).toEqual([
      expect.objectContaining({ id: 'portrait-open-captions', sha256: portraitSha, width: 720, height: 1280 }),
    ]);
    const portraitStatus = await (await fetch(`${h.server.url}/api/provenance/${portraitSha}`)).json();
    expect(portraitStatus).toMatchObject({
      authentic: true,
      endorsed: true,
      rendition: 'portrait-open-captions',
      mainVideoSha256: video.sha256,
    });

    // Feed: one entry, pulled with the channel's token.
    const first = await feed(feedId, token);
    expect(first.entries.map((e) => e.type)).toEqual(['video.approved']);

    const retract = await h.manager.post<{ workflowId: string }>(`/api/campaigns/${campaignId}/retract`, {
      reason: 'STIKO changed the recommendation for this age group.',
    });
    expect(retract.workflowId).toMatch(new RegExp(`^${revocationWorkflowId(campaignId, '')}`));
    const result = await h.client.workflow.getHandle(retract.workflowId).result();
    expect(result).toMatchObject({ videos: 1 });
    expect(result.deliveries.map((d: { status: string }) => d.status)).toEqual(['delivered', 'delivered', 'delivered']);

    const events = h.receiver.received.filter((r) => r.data.campaignId === campaignId);
    expect(events.map((r) => r.type)).toEqual(['video.approved', 'video.retracted']);
    expect(events[1]!.data).toMatchObject({
      segmentId,
      video: { sha256: video.sha256 },
      reason: 'STIKO changed the recommendation for this age group.',
    });
    expect(existsSync(join(dir, 'RETRACTED.json'))).toBe(true);
    expect(existsSync(join(dir, 'video.mp4'))).toBe(false);
    expect(existsSync(join(dir, 'video-portrait-open-captions.mp4'))).toBe(false);
    const retracted = await (await fetch(`${h.server.url}/api/provenance/${portraitSha}`)).json();
    expect(retracted).toMatchObject({ status: 'retracted', endorsed: false });
    const next = await feed(feedId, token, first.nextCursor);
    expect(next.entries.map((e) => e.type)).toEqual(['video.retracted']);

    // Everyone who checks the video now hears it is retracted, and why.
    const status = await (await fetch(`${h.server.url}/api/provenance/${video.sha256}`)).json();
    expect(status).toMatchObject({ status: 'retracted' });
    const audit = await h.pool.query(`SELECT action FROM audit_log WHERE subject = $1 ORDER BY seq`, [
      `campaign/${campaignId}/segment/${segmentId}`,
    ]);
    expect(audit.rows.map((r) => r.action)).toContain('video.retracted');
    expect(await verifyAudit(h.pool)).toMatchObject({ ok: true });

    // Asking again changes nothing: the same retraction ids are already delivered.
    const again = await h.manager.post<{ workflowId: string }>(`/api/campaigns/${campaignId}/retract`, {
      reason: 'STIKO changed the recommendation for this age group.',
    });
    await h.client.workflow.getHandle(again.workflowId).result();
    expect(h.receiver.received.filter((r) => r.data.campaignId === campaignId)).toHaveLength(2);
  }, 180_000);

  it('cancels a running campaign: unfinished segments stop, published videos are retracted', async () => {
    const example = await h.example({ segments: 2 });
    const campaignId = await h.launch(example);
    const [done, open] = [example.segments[0]!, example.segments[1]!];
    const video = await h.signOff(campaignId, done.id);
    await eventually(async () =>
      h.receiver.received.some((r) => r.data.campaignId === campaignId && r.data.segmentId === done.id)
        ? true
        : undefined,
    );

    const cancelled = await h.manager.post<{ workflowId: string }>(`/api/campaigns/${campaignId}/cancel`, {
      reason: 'The campaign is withdrawn pending new guidance.',
    });
    await h.client.workflow.getHandle(cancelled.workflowId).result();
    const status = await h.manager.get<{ status: string; segments: { segmentId: string; status: string }[] }>(
      `/api/campaigns/${campaignId}`,
    );
    expect(status.status).toBe('CANCELLED');
    expect(status.segments.find((s) => s.segmentId === open.id)?.status).toBe('CANCELLED');
    const provenance = await (await fetch(`${h.server.url}/api/provenance/${video.sha256}`)).json();
    expect(provenance).toMatchObject({ status: 'retracted' });
    const types = h.receiver.received.filter((r) => r.data.campaignId === campaignId).map((r) => r.type);
    expect(types).toEqual(['video.approved', 'video.retracted']);
    const audit = await h.pool.query(`SELECT action FROM audit_log WHERE subject = $1`, [`campaign/${campaignId}`]);
    expect(audit.rows.map((r) => r.action)).toContain('campaign.cancelled');
    const again = await h.manager.post(`/api/campaigns/${campaignId}/cancel`, { reason: 'twice' }).catch((e) => e);
    expect((again as { status?: number }).status).toBe(409);
  }, 180_000);

  it('retracts every published video citing a withdrawn claim', async () => {
    const { campaignId, video, claimIds } = await publishOne(true);
    const manifest = (await (await fetch(`${h.server.url}/api/provenance/${video.sha256}`)).json()) as {
      manifest: { claims: { id: string }[] };
    };
    const claimId = manifest.manifest.claims[0]!.id;
    // The campaign's claims are its own (suffixed ids): the withdrawal reaches this test's video only.
    expect(claimIds).toContain(claimId);
    const withdrawn = await h.manager.post<{ status: string; outcome: ClaimWithdrawalOutcome }>(
      `/api/claims/${claimId}/withdraw`,
      { reason: 'Superseded by the 2026/27 recommendation.' },
    );
    expect(withdrawn.status).toBe('COMPLETED');
    expect(withdrawn.outcome.videosRetracted).toEqual([
      { campaignId, videos: 1, revocationWorkflowId: expect.stringMatching(revocationWorkflowId(campaignId, '')) },
    ]);
    // The cascade has reported; its revocation goes on telling the channels.
    await h.client.workflow.getHandle(withdrawn.outcome.videosRetracted[0]!.revocationWorkflowId).result();
    const status = await (await fetch(`${h.server.url}/api/provenance/${video.sha256}`)).json();
    expect(status).toMatchObject({ status: 'retracted' });
    const types = h.receiver.received.filter((r) => r.data.campaignId === campaignId).map((r) => r.type);
    expect(types).toEqual(['video.approved', 'video.retracted']);
    // The library's current version of the claim is withdrawn: no new script can cite it.
    const library = await h.manager.get<{ items: { claim: { id: string; status: string }; usable: boolean }[] }>(
      '/api/claims',
    );
    expect(library.items.find((c) => c.claim.id === claimId)).toMatchObject({
      claim: { status: 'withdrawn' },
      usable: false,
    });
  }, 180_000);
});
