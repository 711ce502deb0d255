// `klartext campaign managers list|add|remove`: who manages a campaign, through the HTTP API, as its manager or admin.
import type { CampaignManager } from '../../db/manager-repo.ts';
import { loadConfig } from '../../config/config.ts';
import { apiFor, type ApiFlags } from '../api-target.ts';
import type { Io } from '../context.ts';
import { emit } from '../output.ts';

type Listed = Omit<CampaignManager, 'grantedAt'> & { grantedAt: string };
interface Managers {
  campaignId: string;
  managers: Listed[];
}

const manager = (io: Pick<Io, 'env'>, flags: ApiFlags) => apiFor(loadConfig(io.env), 'manager', flags);
const path = (campaignId: string, ...rest: string[]) =>
  ['/api/campaigns', campaignId, 'managers', ...rest].map((p, i) => (i === 0 ? p : encodeURIComponent(p))).join('/');

function printManagers({ managers }: Managers): void {
  for (const m of managers) {
    const state = m.disabled ? 'DISABLED' : 'active';
    console.log(`${m.userId.padEnd(24)} ${state.padEnd(9)} granted by ${m.grantedBy} ${m.grantedAt}  ${m.displayName}`);
  }
}

export async function managersList(
  campaignId: string,
  opts: ApiFlags & { json?: boolean },
  io: Pick<Io, 'env'>,
): Promise<number> {
  const listed = await (await manager(io, opts)).get<Managers>(path(campaignId));
  emit(opts.json, listed.managers, () => printManagers(listed));
  return 0;
}

export async function managersAdd(campaignId: string, userId: string, opts: ApiFlags, io: Pick<Io, 'env'>) {
  const { added } = await (await manager(io, opts)).post<{ added: boolean }>(path(campaignId), { userId });
  console.log(
    added ? `${userId} now manages campaign ${campaignId}.` : `${userId} already manages campaign ${campaignId}.`,
  );
  return 0;
}

export async function managersRemove(campaignId: string, userId: string, opts: ApiFlags, io: Pick<Io, 'env'>) {
  await (await manager(io, opts)).delete(path(campaignId, userId));
  console.log(`${userId} no longer manages campaign ${campaignId}.`);
  return 0;
}
