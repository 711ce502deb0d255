// Campaign managers: who may act on a campaign besides admins. A campaign keeps at least one manager.
import type { Queryable } from './pool.ts';

/** A manager of a campaign as listed to its managers and admins. */
export interface CampaignManager {
  userId: string;
  displayName: string;
  role: string;
  disabled: boolean;
  grantedBy: string;
  grantedAt: Date;
}

/** The campaign's managers, the earliest grant (normally its creator) first. */
export async function listManagers(db: Queryable, campaignId: string): Promise<CampaignManager[]> {
  const r = await db.query(
    `SELECT m.user_id, u.display_name, u.role, u.disabled, m.granted_by, m.granted_at
       FROM campaign_managers m JOIN users u ON u.id = m.user_id
      WHERE m.campaign_id = $1 ORDER BY m.granted_at, m.user_id`,
    [campaignId],
  );
  return r.rows.map((row) => ({
    userId: row.user_id,
    displayName: row.display_name,
    role: row.role,
    disabled: row.disabled,
    grantedBy: row.granted_by,
    grantedAt: new Date(row.granted_at),
  }));
}

/** Whether `userId` is one of the campaign's managers. */
export async function isManager(db: Queryable, campaignId: string, userId: string): Promise<boolean> {
  const r = await db.query(`SELECT 1 FROM campaign_managers WHERE campaign_id = $1 AND user_id = $2`, [
    campaignId,
    userId,
  ]);
  return r.rowCount === 1;
}

/** The ids of the campaigns `userId` manages. */
export async function listManagedCampaignIds(db: Queryable, userId: string): Promise<Set<string>> {
  const r = await db.query(`SELECT campaign_id FROM campaign_managers WHERE user_id = $1`, [userId]);
  return new Set(r.rows.map((row) => row.campaign_id as string));
}

/** Adds a manager (inside the caller's transaction); false when they were one already. */
export async function addManager(
  tx: Queryable,
  input: { campaignId: string; userId: string; grantedBy: string },
): Promise<boolean> {
  const r = await tx.query(
    `INSERT INTO campaign_managers (campaign_id, user_id, granted_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
    [input.campaignId, input.userId, input.grantedBy],
  );
  return r.rowCount === 1;
}

/**
 * Removes a manager (inside the caller's transaction). `'last'` when they are the only one: a campaign is never left
 * without a manager. The campaign's manager rows are locked first, so two removals at once cannot both pass the check.
 */
export async function removeManager(
  tx: Queryable,
  campaignId: string,
  userId: string,
): Promise<'removed' | 'absent' | 'last'> {
  const r = await tx.query(`SELECT user_id FROM campaign_managers WHERE campaign_id = $1 FOR UPDATE`, [campaignId]);
  const ids = r.rows.map((row) => row.user_id as string);
  if (!ids.includes(userId)) return 'absent';
  if (ids.length === 1) return 'last';
  await tx.query(`DELETE FROM campaign_managers WHERE campaign_id = $1 AND user_id = $2`, [campaignId, userId]);
  return 'removed';
}
