// Revocation bookkeeping: which published videos a retraction reaches, and marking them no longer endorsed.
import { appendAuditIn } from '../db/audit-repo.ts';
import { inTransaction } from '../db/pool.ts';
import { lockProvenanceStatus, setProvenanceStatus } from '../db/provenance-repo.ts';
import { listRevocationTargets } from '../db/revocation-repo.ts';
import type { RevocationTarget } from '../shared/revocation.ts';
import type { ActivityDeps } from './deps.ts';

export interface PlanRevocationInput {
  campaignId: string;
  /** Only these segments; all of the campaign's when absent. */
  segmentIds?: string[];
}

export interface MarkRetractedInput {
  campaignId: string;
  segmentId: string;
  videoSha256: string;
  reason: string;
  actor: string;
}

export function createRevocationActivities({ pool }: ActivityDeps) {
  return {
    /**
     * The campaign's endorsed videos with every channel that was sent them. A delivery that was attempted counts even
     * without a confirmed answer: the receiver may have stored it before the connection dropped.
     */
    async planRevocation(input: PlanRevocationInput): Promise<RevocationTarget[]> {
      return listRevocationTargets(pool, input.campaignId, input.segmentIds);
    },

    /** Marks a video retracted for everyone who checks it (provenance endpoint, `klartext verify`), audited once. */
    async markRetracted(input: MarkRetractedInput): Promise<void> {
      await inTransaction(pool, async (tx) => {
        // A retried activity finds the status already set and logs nothing twice.
        if ((await lockProvenanceStatus(tx, input.videoSha256)) !== 'endorsed') return;
        await setProvenanceStatus(tx, input.videoSha256, 'retracted', input.reason);
        await appendAuditIn(tx, {
          actor: input.actor,
          action: 'video.retracted',
          subject: `campaign/${input.campaignId}/segment/${input.segmentId}`,
          details: { videoSha256: input.videoSha256, reason: input.reason },
        });
      });
    },
  };
}
