// Campaign delegation: list a campaign's managers, add a co-manager, remove one (never the last); audited.
import { Hono } from 'hono';
import { z } from 'zod';
import { appendAuditIn } from '../../db/audit-repo.ts';
import { getCampaign } from '../../db/campaign-repo.ts';
import { addManager, listManagers, removeManager } from '../../db/manager-repo.ts';
import { inTransaction } from '../../db/pool.ts';
import { getUser } from '../../db/user-repo.ts';
import { MANAGER_ROLES } from '../../shared/roles.ts';
import { requireRole, type AuthEnv } from '../auth.ts';
import type { AppDeps } from '../deps.ts';
import { ApiError } from '../errors.ts';
import { requireCampaignAccess } from '../ownership.ts';
import { nameText } from '../schemas.ts';

const addBody = z.strictObject({ userId: nameText(64).trim().min(1, 'name the user to add') });

/**
 * `/:id/managers` under `/api/campaigns`: `GET` lists, `POST { userId }` adds an active campaign manager, `DELETE
 * /:userId` removes one. Admins, and the campaign's own managers; anyone else gets the unknown campaign's 404.
 */
export function managerRoutes({ pool }: Pick<AppDeps, 'pool'>) {
  const app = new Hono<AuthEnv>();
  const managers = requireRole(pool, MANAGER_ROLES);

  /** The campaign, when the caller may manage it; the same 404 for an unknown campaign and another's. */
  async function managedCampaign(user: AuthEnv['Variables']['user'], id: string) {
    await requireCampaignAccess(pool, user, id);
    if (!(await getCampaign(pool, id))) throw new ApiError(404, `No campaign ${id}.`);
  }

  app.get('/:id/managers', managers, async (c) => {
    const id = c.req.param('id');
    await managedCampaign(c.var.user, id);
    return c.json({ campaignId: id, managers: await listManagers(pool, id) });
  });

  app.post('/:id/managers', managers, async (c) => {
    const id = c.req.param('id');
    const body = addBody.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success) {
      const first = body.error.issues[0];
      const where = first?.path.length ? `${first.path.join('.')} ${first.message}; ` : '';
      throw new ApiError(400, `Invalid request: ${where}send JSON { "userId": "<user id>" }.`);
    }
    await managedCampaign(c.var.user, id);
    const { userId } = body.data;
    const user = await getUser(pool, userId);
    if (!user || user.disabled || user.role !== 'campaign_manager') {
      const what = !user ? 'there is no such user' : user.disabled ? 'they are disabled' : `they are ${user.role}`;
      throw new ApiError(400, `User ${userId} cannot manage campaigns: ${what}. Name an active campaign_manager.`);
    }
    const actor = c.var.user.id;
    const added = await inTransaction(pool, async (tx) => {
      const inserted = await addManager(tx, { campaignId: id, userId, grantedBy: actor });
      if (inserted) {
        await appendAuditIn(tx, {
          actor,
          action: 'campaign.manager.added',
          subject: `campaign/${id}`,
          details: { userId },
        });
      }
      return inserted;
    });
    return c.json({ campaignId: id, userId, added, managers: await listManagers(pool, id) }, added ? 201 : 200);
  });

  app.delete('/:id/managers/:userId', managers, async (c) => {
    const { id, userId } = c.req.param();
    await managedCampaign(c.var.user, id);
    const actor = c.var.user.id;
    const outcome = await inTransaction(pool, async (tx) => {
      const result = await removeManager(tx, id, userId);
      if (result === 'removed') {
        await appendAuditIn(tx, {
          actor,
          action: 'campaign.manager.removed',
          subject: `campaign/${id}`,
          details: { userId },
        });
      }
      return result;
    });
    if (outcome === 'absent') throw new ApiError(404, `User ${userId} is not a manager of campaign ${id}.`);
    if (outcome === 'last') {
      throw new ApiError(409, `User ${userId} is the last manager of campaign ${id}: add another manager first.`);
    }
    return c.json({ campaignId: id, userId, removed: true, managers: await listManagers(pool, id) });
  });

  return app;
}
