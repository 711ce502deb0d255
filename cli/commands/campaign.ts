// `klartext campaign launch|pause|resume|budget|cancel|retract|replace|channels link`: steering a campaign through the API.
import { formatProblem, problemsError } from '../../campaign/problems.ts';
import { loadConfig } from '../../config/config.ts';
import { apiFor, type ApiFlags } from '../api-target.ts';
import type { Io } from '../context.ts';
import { validateCampaign } from '../load-campaign.ts';
import { emit } from '../output.ts';

type Json = { json?: boolean };
export type ReasonOptions = ApiFlags & Json & { reason: string };

const manager = (io: Pick<Io, 'env'>, flags: ApiFlags) => apiFor(loadConfig(io.env), 'manager', flags);
const campaignPath = (id: string, ...rest: string[]) =>
  ['/api/campaigns', ...[id, ...rest].map(encodeURIComponent)].join('/');

/** What to type next, with the campaign's id filled in. */
export function nextCommands(campaignId: string): string[] {
  return [
    `klartext campaign status ${campaignId}`,
    `klartext campaign watch ${campaignId}`,
    'klartext review list',
    `klartext campaign pause ${campaignId} --reason "…"`,
  ];
}

/** Loads the three files (refusing on any problem), creates the campaign and starts it; prints its id and what next. */
export async function campaignLaunch(
  file: string,
  opts: ApiFlags & Json & { id?: string },
  io: Pick<Io, 'env'>,
): Promise<number> {
  // Checked before the API is asked anything: a broken file costs nothing; warnings are shown, not fatal.
  const { loaded: campaign, problems, warnings } = await validateCampaign(file, io.env);
  if (!campaign) throw problemsError(problems);
  for (const w of warnings) console.error(formatProblem({ ...w, message: `warning: ${w.message}` }));
  const api = await manager(io, opts);
  const launched = await api.post<{ campaignId: string; workflowId: string; segments: number }>('/api/campaigns', {
    ...(opts.id ? { campaignId: opts.id } : {}),
    ...campaign,
    launch: true,
  });
  emit(opts.json, { ...launched, next: nextCommands(launched.campaignId) }, (r) => {
    console.log(`Launched ${r.campaignId}: ${r.segments} segments, "${campaign.brief.title}".`);
    console.log('Next:');
    for (const line of r.next) console.log(`  ${line}`);
  });
  return 0;
}

/** Pauses or resumes a campaign: no new segment starts and no provider job is submitted while paused. */
export async function campaignPauseResume(
  action: 'pause' | 'resume',
  campaignId: string,
  opts: ApiFlags & Json & { reason?: string },
  io: Pick<Io, 'env'>,
): Promise<number> {
  const api = await manager(io, opts);
  const result = await api.post<Record<string, unknown>>(campaignPath(campaignId, action), {
    ...(opts.reason === undefined ? {} : { reason: opts.reason }),
  });
  emit(opts.json, result, () =>
    console.log(
      action === 'pause'
        ? `Paused ${campaignId}: no new segment starts and no video job is submitted; reviews may go on. ` +
            `Resume with \`klartext campaign resume ${campaignId}\`.`
        : `Resumed ${campaignId}: it goes on where it stopped.`,
    ),
  );
  return 0;
}

/** Raises the seconds of generated footage the campaign may use; segments stopped at the old budget render again. */
export async function campaignBudget(
  campaignId: string,
  opts: ReasonOptions & { seconds: number },
  io: Pick<Io, 'env'>,
): Promise<number> {
  const api = await manager(io, opts);
  const result = await api.post<{ budgetSeconds: number; previousBudgetSeconds?: number; usedSeconds: number }>(
    campaignPath(campaignId, 'budget'),
    { budgetSeconds: opts.seconds, reason: opts.reason },
  );
  emit(opts.json, result, (r) =>
    console.log(
      `Budget of ${campaignId}: ${r.budgetSeconds} s of generated footage` +
        `${r.previousBudgetSeconds === undefined ? '' : ` (was ${r.previousBudgetSeconds} s)`}; ${r.usedSeconds} s used so far.`,
    ),
  );
  return 0;
}

/** Cancels a campaign: its workflow stops and what it published is retracted on every channel. */
export async function campaignCancel(campaignId: string, opts: ReasonOptions, io: Pick<Io, 'env'>) {
  const api = await manager(io, opts);
  const result = await api.post<{ workflowId: string }>(campaignPath(campaignId, 'cancel'), { reason: opts.reason });
  emit(opts.json, result, (r) =>
    console.log(`Cancelled ${campaignId}; its published videos are being retracted (workflow ${r.workflowId}).`),
  );
  return 0;
}

/** Retracts the campaign's published videos (all, or the segments named) on every channel that received them. */
export async function campaignRetract(
  campaignId: string,
  opts: ReasonOptions & { segment?: string[] },
  io: Pick<Io, 'env'>,
): Promise<number> {
  const api = await manager(io, opts);
  const result = await api.post<{ workflowId: string }>(campaignPath(campaignId, 'retract'), {
    reason: opts.reason,
    ...(opts.segment?.length ? { segmentIds: opts.segment } : {}),
  });
  const what = opts.segment?.length ? `segments ${opts.segment.join(', ')} of ${campaignId}` : campaignId;
  emit(opts.json, result, (r) => console.log(`Retracting ${what} on every channel (workflow ${r.workflowId}).`));
  return 0;
}

/** Starts a new version of one segment's video; the old one is marked replaced once the new one is published. */
export async function campaignReplace(
  campaignId: string,
  segmentId: string,
  opts: ApiFlags & Json & { reason?: string },
  io: Pick<Io, 'env'>,
): Promise<number> {
  const api = await manager(io, opts);
  const body = opts.reason === undefined ? {} : { reason: opts.reason };
  const result = await api.post<{ workflowId: string }>(
    campaignPath(campaignId, 'segments', segmentId, 'replace'),
    body,
  );
  emit(opts.json, result, (r) =>
    console.log(
      `Replacing the video of ${segmentId} (workflow ${r.workflowId}): the new script goes through review as before.`,
    ),
  );
  return 0;
}

/** Routes the campaign to more channels; with backfill, its endorsed videos are delivered to them now. */
export async function campaignChannelsLink(
  campaignId: string,
  channelIds: string[],
  opts: ApiFlags & Json & { backfill?: boolean },
  io: Pick<Io, 'env'>,
): Promise<number> {
  const api = await manager(io, opts);
  const result = await api.post<{ backfilled?: number } & Record<string, unknown>>(
    campaignPath(campaignId, 'channels'),
    { channelIds, backfill: opts.backfill === true },
  );
  emit(opts.json, result, (r) => {
    console.log(`Linked ${channelIds.join(', ')} to ${campaignId}.`);
    if (opts.backfill) console.log(`Backfilled ${r.backfilled ?? 0} published videos to the new channels.`);
    else console.log('Videos published from now on reach them; pass --backfill to send the ones published already.');
  });
  return 0;
}
