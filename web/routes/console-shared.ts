// What the console's route files share: their guards, the campaign a request may see, its 404 and confirmations.
import type { Context, MiddlewareHandler } from 'hono';
import { mayAccessCampaign } from '../../api/ownership.ts';
import type { WebEnv } from '../../api/session.ts';
import { getCampaign, type CampaignRow } from '../../db/campaign-repo.ts';
import type { Queryable } from '../../db/pool.ts';
import type { ConsoleKey } from '../i18n/console.ts';
import { localeOf } from '../i18n.ts';
import { consoleText, type ConsoleText } from '../views/console-common.ts';
import { sendMessage } from './web-page.ts';

/** Session, role and CSRF checks, in the order a route runs them. */
type Guard = readonly [MiddlewareHandler<WebEnv>, MiddlewareHandler<WebEnv>, MiddlewareHandler<WebEnv>];
export interface Guards {
  managers: Guard;
  staff: Guard;
  /** Who curates the claims library: campaign managers, lead reviewers and admins. */
  curators: Guard;
}

/** The campaign named by `:id` when the user may see it (admins all, managers theirs), else undefined. */
export async function visibleCampaign(db: Queryable, c: Context<WebEnv>): Promise<CampaignRow | undefined> {
  const id = c.req.param('id') ?? '';
  const campaign = await getCampaign(db, id);
  return campaign && (await mayAccessCampaign(db, c.var.user, id)) ? campaign : undefined;
}

/** The same 404 for an unknown campaign and another manager's: neither is revealed to exist. */
export function campaignNotFound(c: Context<WebEnv>): Promise<Response> {
  const { t } = consoleText(localeOf(c));
  return sendMessage(c, 404, t('notFound'), t('notFoundText', { id: c.req.param('id') ?? '' }));
}

/** Fixed confirmations after an action: the query names one, its text never comes from the request. */
const DONE: Record<string, ConsoleKey> = {
  paused: 'donePaused',
  resumed: 'doneResumed',
  cancelled: 'doneCancelled',
  retracted: 'doneRetracted',
  replaced: 'doneReplaced',
  budget: 'doneBudget',
  linked: 'doneLinked',
  launched: 'doneLaunched',
};

export function consoleFlash({ t }: ConsoleText, c: Context<WebEnv>): string | undefined {
  const key = DONE[c.req.query('done') ?? ''];
  if (key) return t(key);
  const backfilled = Number(c.req.query('backfilled'));
  return Number.isInteger(backfilled) && backfilled >= 0 && c.req.query('backfilled')
    ? t('doneLinkedBackfill', { n: backfilled })
    : undefined;
}
