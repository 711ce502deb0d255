// A reviewer's script edits end to end: API → workflow → draft activity → local provider → next version and its diff.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiRequestError } from '../../cli/api-client.ts';
import { getScriptVersion } from '../../db/script-repo.ts';
import type { ScriptDiff } from '../../scripts/script-diff.ts';
import type { Script, ScriptEdit } from '../../shared/types.ts';
import { createHarness, eventually, type Harness } from '../support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.startWorkers();
});
afterAll(() => h?.close());

interface ReviewItem {
  state: { status: string; scriptSha256: string; round: number; decisions: { comment: string; round: number }[] };
  script: Script;
}

const waitForReview = (campaignId: string, segmentId: string, round: number) =>
  eventually(
    async () => {
      const item = await h.reviewer.get<ReviewItem>(`/api/reviews/${campaignId}/${segmentId}`).catch(() => undefined);
      return item?.state.status === 'IN_REVIEW' && item.state.round === round ? item : undefined;
    },
    30_000,
    `${segmentId} in review, round ${round}`,
  );

const requestChanges = (campaignId: string, segmentId: string, body: object) =>
  h.reviewer.post(`/api/reviews/${campaignId}/${segmentId}/request-changes`, body);

describe('script edits', () => {
  it('refuses an impossible edit and makes possible ones in the next version, shown as a diff', async () => {
    const example = await h.example({ segments: 1 });
    const short = 'Kurz gesagt: fragen Sie Ihre Praxis.';
    // No alternative wordings (the example's claims may carry some), so asking for one is an impossible edit.
    const claims = example.claims.map(({ alternatives: _, ...c }) => ({ ...c, shortText: { de: short } }));
    const campaign = { ...example, claims };
    const campaignId = await h.launch(campaign);
    const segmentId = campaign.segments[0]!.id;
    const first = await waitForReview(campaignId, segmentId, 1);
    const claimId = first.script.scenes[1]!.sentences[0]!.claimIds[0]!;
    const last = first.script.scenes.length - 1;

    const impossible = await requestChanges(campaignId, segmentId, {
      scriptSha256: first.state.scriptSha256,
      edits: [{ op: 'alternative', scene: 1, sentence: 0, claimId, wording: 0 }],
    }).catch((e: unknown) => e);
    expect(impossible).toBeInstanceOf(ApiRequestError);
    expect((impossible as ApiRequestError).status).toBe(400);
    expect((impossible as ApiRequestError).message).toContain(
      `Edit 1 (Say alternative wording 1 of claim '${claimId}'`,
    );

    const rejected = await h.reviewer
      .post(`/api/reviews/${campaignId}/${segmentId}/reject`, {
        scriptSha256: first.state.scriptSha256,
        comment: 'No.',
        edits: [{ op: 'drop', scene: 1 }],
      })
      .catch((e: unknown) => e);
    expect((rejected as ApiRequestError).message).toContain('Edits belong to a change request');

    const edits: ScriptEdit[] = [
      { op: 'shorten', scene: 1, sentence: 0, claimId },
      { op: 'move', scene: last - 1, to: 1 },
    ];
    await requestChanges(campaignId, segmentId, { scriptSha256: first.state.scriptSha256, edits });
    const second = await waitForReview(campaignId, segmentId, 2);
    const moved = first.script.scenes[last - 1]!;
    expect(second.script.scenes[1]).toEqual(moved);
    expect(second.script.scenes[2]!.sentences[0]).toEqual({ text: short, claimIds: [claimId] });
    // The history says what was asked, in words.
    expect(second.state.decisions.find((d) => d.round === 1)?.comment).toBe(
      [
        `Shorten scene 2, sentence 1 to the short wording of claim '${claimId}'`,
        `Move scene ${last} to position 2`,
      ].join('\n'),
    );
    const version = await getScriptVersion(h.pool, { campaignId, segmentId, sha256: second.state.scriptSha256 });
    expect(version?.previousSha256).toBe(first.state.scriptSha256);
    expect((version?.diff as ScriptDiff).changed).toBe(true);
  });
});
