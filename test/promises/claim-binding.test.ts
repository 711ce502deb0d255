// A script sign-off binds to the versions of the claims the script cites, not only to its text: when a cited claim
// changes (a new version), the same text needs a new signature, and the old one vouches for nothing under it.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getScriptVersion } from '../../db/script-repo.ts';
import { listSignatures } from '../../db/signature-repo.ts';
import { canonicalJson } from '../../shared/hash.ts';
import { campaignWorkflowId } from '../../shared/task-queues.ts';
import { scriptClaimIds } from '../../shared/text.ts';
import type { LoadedCampaign } from '../../cli/load-campaign.ts';
import { MANIFEST_FILE } from '../../video/render/manifest.ts';
import { createHarness, eventually, TEST_PASSWORD, type Harness } from '../support/harness.ts';
import { withOwnChannel } from './own-channel.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.startWorkers();
});
afterAll(() => h?.close());

const sha256 = (value: unknown) => createHash('sha256').update(canonicalJson(value)).digest('hex');

interface ReviewItem {
  state: { status: string; scriptSha256: string; decisions: unknown[] };
}

interface Manifest {
  script: { sha256: string };
  claims: { id: string; sha256: string }[];
  signatures: { reviewerId: string; contentSha256: string }[];
}

/** Waits until the segment's script is in review; returns what the reviewer sees. */
const inReview = (campaignId: string, segmentId: string) =>
  eventually(
    async () => {
      const item = await h.reviewer.get<ReviewItem>(`/api/reviews/${campaignId}/${segmentId}`).catch(() => undefined);
      return item?.state.status === 'IN_REVIEW' ? item : undefined;
    },
    60_000,
    `${segmentId} in review`,
  );

/** Approves (signed) and accepts the video, then reads the segment's one signature and its signed manifest. */
async function signAndPublish(campaignId: string, segmentId: string, scriptSha256: string) {
  await h.reviewer.post(`/api/reviews/${campaignId}/${segmentId}/approve`, { scriptSha256, password: TEST_PASSWORD });
  await h.acceptVideo(campaignId, segmentId);
  await h.client.workflow.getHandle(campaignWorkflowId(campaignId)).result();
  const signatures = await listSignatures(h.pool, campaignId, segmentId);
  expect(signatures).toHaveLength(1);
  const path = join(h.outDir, campaignId, segmentId, MANIFEST_FILE);
  const manifest = JSON.parse(await readFile(path, 'utf8')) as Manifest;
  return { signature: signatures[0]!, manifest };
}

/** What a signature over `manifest`'s script must cover, recomputed from the claim versions the manifest states. */
function expectedContent(manifest: Manifest) {
  const versions = [...manifest.claims]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map(({ id, sha256 }) => ({ id, sha256 }));
  const claimSetSha256 = sha256(versions);
  return { claimSetSha256, contentSha256: sha256({ scriptSha256: manifest.script.sha256, claimSetSha256 }) };
}

describe('a sign-off bound to the cited claim versions', () => {
  it('needs a new signature when a cited claim changes, though the script text is the same', async () => {
    const campaign = withOwnChannel(await h.example({ segments: 1 }));
    const segmentId = campaign.segments[0]!.id;
    const first = await h.launch(campaign);
    const script = (await inReview(first, segmentId)).state.scriptSha256;
    const old = await signAndPublish(first, segmentId, script);
    expect(old.signature).toMatchObject({ scriptSha256: script, ...expectedContent(old.manifest) });

    // A cited claim gets a new version whose change the script does not show (its validity runs longer).
    const version = await getScriptVersion(h.pool, { campaignId: first, segmentId, sha256: script });
    const cited = scriptClaimIds(version!.script)[0]!;
    const changed: LoadedCampaign = {
      ...campaign,
      claims: campaign.claims.map((c) =>
        c.id === cited ? { ...c, validUntil: c.validUntil === '2099-12-31' ? '2099-12-30' : '2099-12-31' } : c,
      ),
    };
    const second = await h.launch(changed);
    const waiting = await inReview(second, segmentId);
    // Same text, and nobody has signed it under the new claim version: the old sign-off is not carried over.
    expect(waiting.state.scriptSha256).toBe(script);
    expect(waiting.state.decisions).toEqual([]);

    const fresh = await signAndPublish(second, segmentId, script);
    const manifestClaim = (m: Manifest) => m.claims.find((c) => c.id === cited)!.sha256;
    expect(manifestClaim(fresh.manifest)).not.toBe(manifestClaim(old.manifest));
    const expected = expectedContent(fresh.manifest);
    // The new signature covers the new claim version; the old one covered another content and vouches for none here.
    expect(fresh.signature).toMatchObject({ scriptSha256: script, ...expected });
    expect(fresh.signature.claimSetSha256).not.toBe(old.signature.claimSetSha256);
    expect(old.signature.contentSha256).not.toBe(expected.contentSha256);
    expect(fresh.manifest.signatures.map((s) => s.contentSha256)).toEqual([expected.contentSha256]);
  }, 240_000);
});
