// The reviewer workspace: server-rendered pages for the queue, review, dashboard and campaign; language; stylesheet.
import { Hono } from 'hono';
import { getCampaign } from '../../db/campaign-repo.ts';
import { setUserLocale } from '../../db/user-repo.ts';
import { MANAGER_ROLES, STAFF_ROLES } from '../../shared/roles.ts';
import type { AppDeps } from '../../api/deps.ts';
import { mayAccessCampaign } from '../../api/ownership.ts';
import { segmentPageLinks, segmentPageOf } from '../../api/pages.ts';
import { csrfProtection, requireWebRole, sessionMiddleware, type WebEnv } from '../../api/session.ts';
import { buildCampaignSummary } from '../../services/summary.ts';
import { LOCALES, localeOf, translator, type Locale } from '../i18n.ts';
import { LISTS, type ListsKey } from '../i18n/lists.ts';
import { campaignBody, dashboardBody } from '../views/dashboard.ts';
import { queueBody } from '../views/queue.ts';
import { STYLESHEET } from '../views/stylesheet.ts';
import { loadCampaignCounts, loadQueueView } from './web-data.ts';
import { sendFramed, sendMessage, workspaceErrorPage } from './web-page.ts';
import { reviewPageRoutes } from './web-review.ts';

/** Fixed confirmations after a decision: the query names one, its text never comes from the request. */
const DONE = [
  'approved',
  'signed-off',
  'changes-requested',
  'video-accepted',
  'rerender-requested',
  'rejected',
] as const;
const doneKey = (value: string | undefined): ListsKey | undefined =>
  DONE.find((d) => d === value) && (`done.${value}` as ListsKey);

/** Only same-site paths: `//host` and `/\host` would leave klartext. */
const samePath = (next: unknown) => (typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : '/');

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

  // The language switch of the page frame: stores the choice on the user ('' = as the browser asks), then goes back.
  app.post('/settings/language', ...staff, async (c) => {
    const form = await c.req.parseBody();
    const chosen = LOCALES.find((l) => l === form.locale);
    await setUserLocale(pool, c.var.user.id, chosen ?? null);
    return c.redirect(samePath(form.next), 303);
  });

  app.get('/queue', ...staff, async (c) => {
    const now = new Date();
    const locale = localeOf(c);
    const view = await loadQueueView(pool, c.var.user, c.req.url, c.req.query(), now);
    const done = doneKey(c.req.query('done'));
    const t = translator(LISTS, locale);
    const body = queueBody({ ...view, locale, ...(done ? { flash: t(done) } : {}) });
    return sendFramed(c, { title: t('queue.title'), current: '/queue', body });
  });

  app.get('/dashboard', ...managers, async (c) => {
    const locale = localeOf(c);
    const { campaigns, ...links } = await loadCampaignCounts(pool, c.var.user, c.req.url, c.req.query());
    const body = dashboardBody(campaigns, locale, links);
    return sendFramed(c, { title: translator(LISTS, locale)('dash.title'), current: '/dashboard', body });
  });

  app.get('/campaigns/:id', ...managers, async (c) => {
    const id = c.req.param('id');
    const locale: Locale = localeOf(c);
    const campaign = await getCampaign(pool, id);
    // A campaign manager sees the campaigns they manage; an admin sees every campaign.
    const visible = campaign && (await mayAccessCampaign(pool, c.var.user, id));
    // A page of its segments at a time: a campaign of thousands of segments is read in a few queries.
    const summary = visible ? await buildCampaignSummary(pool, id, segmentPageOf(c.req.query())) : undefined;
    if (!summary) {
      const t = translator(LISTS, locale);
      return sendMessage(c, 404, t('campaign.notFound'), t('campaign.notFoundText', { id }));
    }
    return sendFramed(c, {
      title: summary.title,
      current: '/dashboard',
      body: campaignBody(summary, locale, segmentPageLinks(c.req.url, summary)),
    });
  });

  app.route('/', reviewPageRoutes(deps, { session, csrf }));
  app.onError(workspaceErrorPage);
  return app;
}
