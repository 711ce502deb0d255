// Generation ledger over `generation_jobs`: one paid provider job per generation key, and the campaign's video
// budget reserved before submission, settled from the provider's reported seconds, released when a job fails.
import type { DatabaseGenerationLedger, GenerationEntry, GenerationReservation } from '../shared/generation.ts';
import { BudgetExceededError, InputError } from '../shared/errors.ts';
import type { CampaignBrief } from '../shared/types.ts';
import { inTransaction, type Pool, type Queryable } from './pool.ts';

/** A campaign's video seconds: held by unfinished jobs, billed by finished ones, and the budget (if any). */
export interface BudgetUsage {
  reservedSeconds: number;
  spentSeconds: number;
  budgetSeconds?: number;
}

/** Seconds reserved and spent by a campaign's generations, and its budget. */
export async function budgetUsage(db: Queryable, campaignId: string): Promise<BudgetUsage> {
  const r = await db.query(
    `SELECT
       coalesce(sum(reserved_seconds) FILTER (WHERE status IN ('reserved', 'submitted')), 0) AS reserved,
       coalesce(sum(coalesce(billed_seconds, reserved_seconds)) FILTER (WHERE status = 'completed'), 0) AS spent,
       (SELECT brief FROM campaigns WHERE id = $1) AS brief
     FROM generation_jobs WHERE campaign_id = $1`,
    [campaignId],
  );
  const row = r.rows[0] as { reserved: number; spent: number; brief: CampaignBrief | null };
  const budget = row.brief?.video?.budgetSeconds;
  return {
    reservedSeconds: Number(row.reserved),
    spentSeconds: Number(row.spent),
    ...(budget === undefined ? {} : { budgetSeconds: budget }),
  };
}

/**
 * Reserves `seconds` of the campaign's budget for one generation key. The campaign row is locked, so parallel
 * segments reserve one after another and cannot overspend together. A key that already holds a reservation (or has
 * completed) reserves nothing more: a retried activity never counts twice. A failed key reserves afresh.
 * @throws BudgetExceededError when the reservation would exceed `video.budgetSeconds`.
 */
export async function reserveGeneration(pool: Pool, r: GenerationReservation): Promise<void> {
  await inTransaction(pool, async (tx) => {
    const campaign = await tx.query(`SELECT brief FROM campaigns WHERE id = $1 FOR UPDATE`, [r.campaignId]);
    if (campaign.rowCount === 0) throw new InputError(`Campaign ${r.campaignId} does not exist; cannot reserve video.`);
    const existing = await tx.query(`SELECT status FROM generation_jobs WHERE key = $1`, [r.key]);
    const status = existing.rows[0]?.status as string | undefined;
    if (status !== undefined && status !== 'failed') return;
    const usage = await budgetUsage(tx, r.campaignId);
    const budget = usage.budgetSeconds;
    if (budget !== undefined && usage.reservedSeconds + usage.spentSeconds + r.seconds > budget + 1e-9) {
      throw new BudgetExceededError(
        `Campaign ${r.campaignId} cannot generate ${r.seconds} s more video for segment ${r.segmentId} ` +
          `(${r.provider}/${r.model}): ${usage.spentSeconds} s spent and ${usage.reservedSeconds} s reserved of a ` +
          `budget of ${budget} s. Raise video.budgetSeconds in the campaign's campaign.yaml (or remove it for no ` +
          `limit) and launch the campaign again, or render with KLARTEXT_VIDEO_PROVIDER=local.`,
      );
    }
    await tx.query(
      `INSERT INTO generation_jobs (key, campaign_id, segment_id, provider, model, status, reserved_seconds)
       VALUES ($1, $2, $3, $4, $5, 'reserved', $6)
       ON CONFLICT (key) DO UPDATE SET status = 'reserved', job_id = NULL, reserved_seconds = EXCLUDED.reserved_seconds,
         billed_seconds = NULL, error = NULL, updated_at = now()`,
      [r.key, r.campaignId, r.segmentId, r.provider, r.model, r.seconds],
    );
  });
}

/** The ledger's view of a key: failed entries count as absent, so a retry submits a fresh job. */
export async function getGeneration(db: Queryable, key: string): Promise<GenerationEntry | undefined> {
  const r = await db.query(`SELECT status, job_id FROM generation_jobs WHERE key = $1`, [key]);
  const row = r.rows[0] as { status: string; job_id: string | null } | undefined;
  if (!row || row.status === 'failed' || row.status === 'reserved') return undefined;
  return {
    status: row.status as GenerationEntry['status'],
    ...(row.job_id === null ? {} : { jobId: row.job_id }),
  };
}

/** Creates the database ledger over `pool`. */
export function createGenerationLedger(pool: Pool): DatabaseGenerationLedger {
  const update = async (sql: string, params: unknown[], what: string) => {
    const r = await pool.query(sql, params);
    if (r.rowCount !== 1) throw new InputError(`Generation ${String(params[0])} was never reserved; cannot ${what}.`);
  };
  return {
    reserve: (r) => reserveGeneration(pool, r),
    get: (key) => getGeneration(pool, key),
    recordJob: (key, jobId) =>
      update(
        `UPDATE generation_jobs SET status = 'submitted', job_id = $2, updated_at = now() WHERE key = $1`,
        [key, jobId],
        'record its job',
      ),
    // Settled from what the provider reports: the reservation becomes the billed seconds.
    complete: (key, seconds) =>
      update(
        `UPDATE generation_jobs SET status = 'completed', billed_seconds = $2, updated_at = now() WHERE key = $1`,
        [key, seconds],
        'complete it',
      ),
    // Only the job that failed is discarded: a newer job recorded meanwhile is kept.
    discardJob: async (key, jobId) => {
      await pool.query(
        `UPDATE generation_jobs SET status = 'failed', error = coalesce(error, 'job ' || job_id || ' failed'),
           updated_at = now() WHERE key = $1 AND job_id = $2 AND status = 'submitted'`,
        [key, jobId],
      );
    },
    fail: async (key, error) => {
      await pool.query(
        `UPDATE generation_jobs SET status = 'failed', error = $2, updated_at = now()
         WHERE key = $1 AND status IN ('reserved', 'submitted')`,
        [key, error],
      );
    },
    release: async (key, reason) => {
      await pool.query(
        `UPDATE generation_jobs SET status = 'failed', error = $2, updated_at = now()
         WHERE key = $1 AND status = 'reserved'`,
        [key, reason],
      );
    },
  };
}
