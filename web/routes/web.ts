// The reviewer workspace: server-rendered pages for the queue, review, dashboard and campaign; its stylesheet.
import { Hono } from 'hono';
import { getCampaign } from '../../db/campaign-repo.ts';
import { MANAGER_ROLES, STAFF_ROLES } from '../../shared/roles.ts';
import type { AppDeps } from '../../api/deps.ts';
import { mayAccessCampaign } from '../../api/ownership.ts';
import { csrfProtection, requireWebRole, sessionMiddleware, type WebEnv } from '../../api/session.ts';
import { buildCampaignSummary } from '../../services/summary.ts';
import { campaignBody, dashboardBody } from '../views/dashboard.ts';
import { layout } from '../views/layout.ts';
import { queueBody } from '../views/queue.ts';
import { STYLESHEET } from '../views/stylesheet.ts';
import { filterQueue, loadCampaignCounts, loadQueue, parseQueueFilters } from './web-data.ts';
import { sendMessage, sendPage, workspaceErrorPage } from './web-page.ts';
import { reviewPageRoutes } from './web-review.ts';

/** Fixed confirmations after a decision: the query names one, its text never comes from the request. */
const DONE: Record<string, string> = {
  approved: 'Your approval was signed and recorded.',
  'changes-requested': 'Your change request was recorded. The redraft will come back to this queue.',
  'video-accepted': 'Your acceptance of the video was signed and recorded. It goes on to publication.',
  'rerender-requested': 'Your re-render request was recorded. The new render will come back to this queue.',
  rejected: 'Your rejection was recorded. No video will be made for that segment.',
};

/**
 * Workspace routes, mounted at the site root beside the login routes (web/routes/login.ts). Every page needs a
 * session with a staff role; forms carry the session's CSRF token.
 */
export function webRoutes(deps: AppDeps) {
  const { pool } = deps;
  const app = new Hono<WebEnv>();
  const session = sessionMiddleware(pool);
  const csrf = csrfProtection();
  // Guards are attached per route: a sub-app's `use('*')` would also run for every other route mounted at '/'.
  const staff = [session, requireWebRole(STAFF_ROLES), csrf] as const;
  const managers = [session, requireWebRole(MANAGER_ROLES), csrf] as const;

  app.get(STYLESHEET.path, (c) =>
    c.body(STYLESHEET.css, 200, {
      'content-type': 'text/css; charset=utf-8',
      // Pages link to it with a content hash in the query, so a changed file has a new URL.
      'cache-control': 'public, max-age=31536000, immutable',
    }),
  );

  app.get('/', ...staff, (c) => c.redirect(MANAGER_ROLES.includes(c.var.user.role) ? '/dashboard' : '/queue', 302));

  app.get('/queue', ...staff, async (c) => {
    const now = new Date();
    const view = filterQueue(await loadQueue(deps, c.var.user), parseQueueFilters(c.req.query()), now);
    const flash = DONE[c.req.query('done') ?? ''];
    const { user, session: s } = c.var;
    const body = queueBody({ ...view, flash });
    return sendPage(c, layout({ title: 'Review queue', current: '/queue', user, csrfToken: s.csrfToken, body }));
  });

  app.get('/dashboard', ...managers, async (c) => {
    const { user, session: s } = c.var;
    const body = dashboardBody(await loadCampaignCounts(pool, user));
    return sendPage(c, layout({ title: 'Campaigns', current: '/dashboard', user, csrfToken: s.csrfToken, body }));
  });

  app.get('/campaigns/:id', ...managers, async (c) => {
    const id = c.req.param('id');
    const { user, session: s } = c.var;
    const campaign = await getCampaign(pool, id);
    // A campaign manager sees the campaigns they manage; an admin sees every campaign.
    const visible = campaign && (await mayAccessCampaign(pool, user, id));
    const summary = visible ? await buildCampaignSummary(pool, id) : undefined;
    if (!summary) return sendMessage(c, 404, 'Campaign not found', `You have no campaign ${id}.`);
    const body = campaignBody(summary);
    return sendPage(c, layout({ title: summary.title, current: '/dashboard', user, csrfToken: s.csrfToken, body }));
  });

  app.route('/', reviewPageRoutes(deps, { session, csrf }));
  app.onError(workspaceErrorPage);
  return app;
}
