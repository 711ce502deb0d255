// Withdrawing a claim: the withdrawn library version, then one cascade through every script and video resting on it.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { appendAuditIn } from '../db/audit-repo.ts';
import { importClaimsIn, listLibraryClaims } from '../db/claim-repo.ts';
import { inTransaction, type Pool } from '../db/pool.ts';
import { getScriptVersion } from '../db/script-repo.ts';
import type { User } from '../db/user-repo.ts';
import {
  currentClaimVersion,
  latestWithdrawal,
  recordWithdrawalStart,
  withdrawnClaimIds,
} from '../db/withdrawal-repo.ts';
import { claimWithdrawalWorkflowId } from '../shared/task-queues.ts';
import { scriptClaimIds } from '../shared/text.ts';
import type { ClaimWithdrawalOutcome } from '../shared/withdrawal.ts';
import { claimWithdrawalWorkflow } from '../workflows/claim-withdrawal.ts';
import { orchestrationQueue, type ServiceDeps } from './deps.ts';
import { ApiError } from './errors.ts';

type Deps = Pick<ServiceDeps, 'pool' | 'temporal' | 'taskQueuePrefix' | 'cascadeWaitMs'>;

export interface ClaimWithdrawalResult {
  claimId: string;
  workflowId: string;
  /** COMPLETED with its outcome, or RUNNING when the cascade (retractions at slow channels) outlasted the wait. */
  status: 'COMPLETED' | 'RUNNING';
  outcome?: ClaimWithdrawalOutcome;
}

/**
 * Withdraws a claim from the library (a new version with status `withdrawn`, so no new script may cite it) and runs
 * its cascade (workflows/claim-withdrawal.ts). The new version and its audit entry are one transaction, committed
 * before the cascade starts: a refused record leaves the claim as it was. The cascade's id names the withdrawn version
 * and a finished one is never started again, so a repeated request (or a retry after a failed start) joins it and
 * does nothing twice. Waits up to `deps.cascadeWaitMs` for the outcome, which the manager is shown.
 */
export async function withdrawClaim(
  deps: Deps,
  claimId: string,
  user: User,
  reason: string,
): Promise<ClaimWithdrawalResult> {
  const waitMs = deps.cascadeWaitMs ?? 15_000;
  const { workflowId, version } = await inTransaction(deps.pool, async (tx) => {
    const current = (await listLibraryClaims(tx)).find((c) => c.claim.id === claimId);
    if (!current) throw new ApiError(404, `No claim ${claimId} in the library.`);
    if (current.claim.status !== 'withdrawn') {
      await importClaimsIn(tx, [{ ...current.claim, status: 'withdrawn' }]);
      await appendAuditIn(tx, {
        actor: user.id,
        action: 'claim.withdrawn',
        subject: `claim/${claimId}`,
        details: { reason },
      });
    }
    const version = (await currentClaimVersion(tx, claimId))!;
    const workflowId = claimWithdrawalWorkflowId(claimId, version.sha256, version.importedAt.getTime());
    // On record from the start: the manager can follow a cascade that outlasts this request.
    await recordWithdrawalStart(tx, { workflowId, claimId, claimSha256: version.sha256, reason, actor: user.id });
    return { workflowId, version };
  });
  try {
    await deps.temporal.workflow.start(claimWithdrawalWorkflow, {
      workflowId,
      taskQueue: orchestrationQueue(deps),
      args: [{ claimId, claimSha256: version.sha256, reason, actor: user.id }],
      // Only a cascade that failed (or was terminated) may run again under its id.
      workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  let timer: NodeJS.Timeout | undefined;
  const patience = new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), waitMs)));
  const outcome = await Promise.race([
    deps.temporal.workflow.getHandle<typeof claimWithdrawalWorkflow>(workflowId).result(),
    patience,
  ]).finally(() => clearTimeout(timer));
  return { claimId, workflowId, status: outcome ? 'COMPLETED' : 'RUNNING', ...(outcome ? { outcome } : {}) };
}

/** The newest withdrawal of a claim, with its outcome once the cascade finished (404 when it was never withdrawn). */
export async function claimWithdrawalStatus(pool: Pool, claimId: string) {
  const found = await latestWithdrawal(pool, claimId);
  if (!found) throw new ApiError(404, `Claim ${claimId} has no withdrawal on record.`);
  return { claimId, ...found, status: found.outcome ? 'COMPLETED' : 'RUNNING' };
}

/**
 * Refuses (409) a decision on a script version that cites a withdrawn claim, naming it: also in the moment before
 * the withdrawal's cascade has reached the segment, whose workflow would otherwise still accept the sign-off.
 */
export async function refuseWithdrawnCitations(
  pool: Pool,
  target: { campaignId: string; segmentId: string; scriptSha256: string },
): Promise<void> {
  const { campaignId, segmentId, scriptSha256 } = target;
  const version = await getScriptVersion(pool, { campaignId, segmentId, sha256: scriptSha256 });
  // An unknown version is the workflow's to refuse (a stale or mistyped hash).
  if (!version) return;
  const withdrawn = [...(await withdrawnClaimIds(pool, scriptClaimIds(version.script)))];
  if (withdrawn.length > 0) {
    throw new ApiError(
      409,
      `Claim ${withdrawn.join(', ')} was withdrawn: script ${scriptSha256.slice(0, 12)}… cites it and cannot be ` +
        'approved. The segment is sent back to drafting; review its next version.',
    );
  }
}
