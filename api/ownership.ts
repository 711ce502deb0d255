// Who may act on which campaign: admins on all, campaign managers on those they manage, reviewers read all to review.
import type { Queryable } from '../db/pool.ts';
import { isManager, listManagedCampaignIds } from '../db/manager-repo.ts';
import type { QueueViewer } from '../db/queue-page-repo.ts';
import type { User } from '../db/user-repo.ts';
import { isReader, isReviewer } from '../shared/roles.ts';
import { ApiError } from '../services/errors.ts';

/**
 * The user id whose managed campaigns bound what `user` sees in a cross-campaign list (the review queue, deliveries,
 * the dashboard), or undefined when they see every campaign: admins, and reviewers, who review every campaign's queue.
 */
export function managedScope(user: Pick<User, 'id' | 'role'>): string | undefined {
  // Default deny: any other role (a campaign manager, a channel) is bound to the campaigns it manages. Language
  // reviewers and test readers read every campaign's scripts, as medical reviewers do, to sign them off.
  return user.role === 'admin' || isReviewer(user.role) || isReader(user.role) ? undefined : user.id;
}

/** Whether `user` may act on (or read) campaign `campaignId`; role checks stay with the route's own guard. */
export async function mayAccessCampaign(
  db: Queryable,
  user: Pick<User, 'id' | 'role'>,
  campaignId: string,
): Promise<boolean> {
  const scope = managedScope(user);
  return scope === undefined || (await isManager(db, campaignId, scope));
}

/**
 * Refuses a campaign manager who does not manage `campaignId` with the same 404 an unknown campaign gets: another
 * manager's campaign is not revealed to exist. (A wrong role is refused before this, with 403, by the route's guard.)
 */
export async function requireCampaignAccess(
  db: Queryable,
  user: Pick<User, 'id' | 'role'>,
  campaignId: string,
): Promise<void> {
  if (!(await mayAccessCampaign(db, user, campaignId))) throw new ApiError(404, `No campaign ${campaignId}.`);
}

/** For filtering cross-campaign rows: a predicate on campaign ids, true for all when `user` sees every campaign. */
export async function campaignFilter(
  db: Queryable,
  user: Pick<User, 'id' | 'role'>,
): Promise<(campaignId: string) => boolean> {
  const scope = managedScope(user);
  if (scope === undefined) return () => true;
  const ids = await listManagedCampaignIds(db, scope);
  return (id) => ids.has(id);
}

/**
 * What bounds `user`'s review queue, applied in SQL: a campaign manager sees the campaigns they manage; a reviewer sees
 * every campaign except those they created or manage (they may not decide on those, four eyes); an admin sees all.
 */
export function queueViewer(user: Pick<User, 'id' | 'role'>): QueueViewer {
  return {
    id: user.id,
    ...(managedScope(user) === undefined ? {} : { managerId: user.id }),
    ...(isReviewer(user.role) || isReader(user.role) ? { reviewerId: user.id } : {}),
  };
}
