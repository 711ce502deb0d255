// revocationWorkflow: when guidance changes, every published copy of the affected videos is told to come down.
import { store } from './activities.ts';
import { deliverAll } from './delivery.ts';

export interface RevocationWorkflowInput {
  campaignId: string;
  /** Only these segments' videos; all of the campaign's endorsed videos when absent. */
  segmentIds?: string[];
  /** Shown to channels and to everyone who checks the video's provenance. */
  reason: string;
  /** Who asked (user id) or what (e.g. `claim/<id>`), for the audit log. */
  actor: string;
}

export interface RevocationWorkflowResult {
  campaignId: string;
  videos: number;
  deliveries: { segmentId: string; channelId: string; deliveryId?: string; status: string }[];
}

/**
 * Marks each endorsed video retracted first (the provenance endpoint answers "retracted" at once), then sends
 * `video.retracted` to every channel that was sent the video, with the same ledger and retry guarantees as a
 * publication. One channel's permanent refusal does not stop the others; the ledger keeps its reason.
 */
export async function revocationWorkflow(input: RevocationWorkflowInput): Promise<RevocationWorkflowResult> {
  const { campaignId, reason } = input;
  const targets = await store.planRevocation({
    campaignId,
    ...(input.segmentIds ? { segmentIds: input.segmentIds } : {}),
  });
  for (const t of targets) {
    await store.markRetracted({
      campaignId,
      segmentId: t.segmentId,
      videoSha256: t.videoSha256,
      reason,
      actor: input.actor,
    });
  }
  const outcomes = await Promise.all(
    targets.map(async (t) => {
      const sent = await deliverAll(
        t.channelIds.map((channelId) => ({
          campaignId,
          segmentId: t.segmentId,
          channelId,
          generationKey: t.generationKey,
          eventType: 'video.retracted' as const,
          reason,
        })),
      );
      return sent.map((o) => ({ segmentId: t.segmentId, ...o }));
    }),
  );
  return { campaignId, videos: targets.length, deliveries: outcomes.flat() };
}
