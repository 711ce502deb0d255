// Steering a running campaign: pause, resume and a raised video budget. Each change is stored with its audit entry
// and told to the campaign's workflow (a Temporal Update) in one transaction: a refused Update changes nothing.
import { WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import { appendAuditIn, type AuditAction } from '../db/audit-repo.ts';
import { getCampaign, lockCampaign, setVideoBudget, transitionCampaign } from '../db/campaign-repo.ts';
import { budgetUsage } from '../db/generation-repo.ts';
import { inTransaction } from '../db/pool.ts';
import type { User } from '../db/user-repo.ts';
import { campaignWorkflowId } from '../shared/task-queues.ts';
import type { campaignWorkflow } from '../workflows/campaign.ts';
import { pauseCampaignUpdate, raiseBudgetUpdate, resumeCampaignUpdate } from '../workflows/messages.ts';
import type { ServiceDeps } from './deps.ts';
import { ApiError } from './errors.ts';

type Deps = Pick<ServiceDeps, 'pool' | 'temporal'>;
type CampaignHandle = WorkflowHandle<typeof campaignWorkflow>;

/** A campaign's state after a pause or resume. */
export interface SteeringResult {
  campaignId: string;
  status: 'RUNNING' | 'PAUSED' | 'COMPLETED';
  paused: boolean;
}

/** A campaign's video budget after a change, and what its generations used when it changed. */
export interface BudgetResult {
  campaignId: string;
  budgetSeconds: number;
  previousBudgetSeconds?: number;
  usedSeconds: number;
}

/** The workflow's status name (RUNNING, COMPLETED, …), or undefined when the campaign never started one. */
async function workflowStatus(handle: CampaignHandle): Promise<string | undefined> {
  return handle.describe().then(
    (d) => d.status.name,
    (err: unknown) => {
      if (err instanceof WorkflowNotFoundError) return undefined;
      throw err;
    },
  );
}

/** Records a steering change and its audit entry; `tell` runs inside the transaction, so its refusal undoes both. */
async function record(
  { pool }: Deps,
  campaignId: string,
  change: { from: string; to: string; action: AuditAction; user: User; details: Record<string, unknown> },
  tell: () => Promise<unknown>,
): Promise<void> {
  await inTransaction(pool, async (tx) => {
    if (change.from !== change.to && !(await transitionCampaign(tx, campaignId, change.from, change.to))) {
      throw new ApiError(409, `Campaign ${campaignId} changed status meanwhile; reload it and try again.`);
    }
    await appendAuditIn(tx, {
      actor: change.user.id,
      action: change.action,
      subject: `campaign/${campaignId}`,
      details: change.details,
    });
    await tell();
  });
}

/**
 * Pauses a running campaign: no new segment starts and no segment submits a new draft or render; reviews in
 * progress go on. 404 for an unknown campaign, 409 when it is not running.
 */
export async function pauseCampaign(
  deps: Deps,
  campaignId: string,
  user: User,
  reason: string,
): Promise<SteeringResult> {
  const campaign = await getCampaign(deps.pool, campaignId);
  if (!campaign) throw new ApiError(404, `No campaign ${campaignId}.`);
  if (campaign.status !== 'RUNNING') {
    throw new ApiError(409, `Campaign ${campaignId} is ${campaign.status}; only a running campaign can be paused.`);
  }
  const handle = deps.temporal.workflow.getHandle<typeof campaignWorkflow>(campaignWorkflowId(campaignId));
  const running = await workflowStatus(handle);
  if (running !== 'RUNNING') {
    throw new ApiError(409, `Campaign ${campaignId} has no running workflow (${running ?? 'none'}); nothing to pause.`);
  }
  const details = { reason };
  await record(deps, campaignId, { from: 'RUNNING', to: 'PAUSED', action: 'campaign.paused', user, details }, () =>
    handle.executeUpdate(pauseCampaignUpdate, { args: [{ actor: user.id, reason }] }),
  );
  return { campaignId, status: 'PAUSED', paused: true };
}

/**
 * Resumes a paused campaign where it stopped. A campaign whose workflow finished while it was paused (its last
 * segments were past every provider job) is recorded as COMPLETED. 404 for an unknown campaign, 409 when not paused.
 */
export async function resumeCampaign(
  deps: Deps,
  campaignId: string,
  user: User,
  reason?: string,
): Promise<SteeringResult> {
  const campaign = await getCampaign(deps.pool, campaignId);
  if (!campaign) throw new ApiError(404, `No campaign ${campaignId}.`);
  if (campaign.status !== 'PAUSED') {
    throw new ApiError(409, `Campaign ${campaignId} is ${campaign.status}; only a paused campaign can be resumed.`);
  }
  const handle = deps.temporal.workflow.getHandle<typeof campaignWorkflow>(campaignWorkflowId(campaignId));
  const running = await workflowStatus(handle);
  const to = running === 'RUNNING' ? 'RUNNING' : running === 'COMPLETED' ? 'COMPLETED' : undefined;
  if (!to) {
    throw new ApiError(
      409,
      `Campaign ${campaignId} has no running workflow (${running ?? 'none'}); cancel it instead.`,
    );
  }
  const details = { ...(reason ? { reason } : {}), ...(to === 'COMPLETED' ? { finishedWhilePaused: true } : {}) };
  await record(deps, campaignId, { from: 'PAUSED', to, action: 'campaign.resumed', user, details }, async () => {
    if (to === 'RUNNING') await handle.executeUpdate(resumeCampaignUpdate, { args: [{ actor: user.id, reason }] });
  });
  return { campaignId, status: to, paused: false };
}

/**
 * Sets a campaign's video budget (`video.budgetSeconds`), never below the seconds its generations have spent and
 * reserved. Reservations read the stored budget, so the next render counts against the new one; segments that
 * stopped at the old budget are told to render again. 404 for an unknown campaign, 409 for a finished one or a
 * budget below what is used.
 */
export async function raiseBudget(
  deps: Deps,
  campaignId: string,
  user: User,
  budgetSeconds: number,
  reason: string,
): Promise<BudgetResult> {
  if (!Number.isFinite(budgetSeconds) || budgetSeconds <= 0) {
    throw new ApiError(400, 'budgetSeconds must be a positive number of seconds.');
  }
  const handle = deps.temporal.workflow.getHandle<typeof campaignWorkflow>(campaignWorkflowId(campaignId));
  return inTransaction(deps.pool, async (tx) => {
    // The same lock as a reservation: no render reserves between the check and the new budget.
    const campaign = await lockCampaign(tx, campaignId);
    if (!campaign) throw new ApiError(404, `No campaign ${campaignId}.`);
    if (campaign.status === 'COMPLETED' || campaign.status === 'CANCELLED') {
      throw new ApiError(409, `Campaign ${campaignId} is ${campaign.status}; its budget no longer matters.`);
    }
    const usage = await budgetUsage(tx, campaignId);
    const usedSeconds = usage.spentSeconds + usage.reservedSeconds;
    if (budgetSeconds < usedSeconds) {
      throw new ApiError(
        409,
        `Campaign ${campaignId} has already used ${usedSeconds} s of video (spent and reserved); ` +
          `set a budget of at least ${usedSeconds} s.`,
      );
    }
    await setVideoBudget(tx, campaignId, budgetSeconds);
    const previous = usage.budgetSeconds;
    await appendAuditIn(tx, {
      actor: user.id,
      action: 'campaign.budget.raised',
      subject: `campaign/${campaignId}`,
      details: { reason, budgetSeconds, previousBudgetSeconds: previous ?? null, usedSeconds },
    });
    if (campaign.status !== 'DRAFT' && (await workflowStatus(handle)) === 'RUNNING') {
      await handle.executeUpdate(raiseBudgetUpdate, { args: [{ actor: user.id, reason, budgetSeconds }] });
    }
    return {
      campaignId,
      budgetSeconds,
      ...(previous === undefined ? {} : { previousBudgetSeconds: previous }),
      usedSeconds,
    };
  });
}
