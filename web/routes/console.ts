// The campaign console: every route of the campaign list, upload and plan, steering, segments, channels and claims.
import { Hono } from 'hono';
import type { AppDeps } from '../../api/deps.ts';
import { csrfProtection, requireWebRole, sessionMiddleware, type WebEnv } from '../../api/session.ts';
import { MANAGER_ROLES, STAFF_ROLES } from '../../shared/roles.ts';
import { campaignConsoleRoutes } from './console-campaigns.ts';
import { channelConsoleRoutes } from './console-channels.ts';
import { claimConsoleRoutes, CURATOR_ROLES } from './console-claims.ts';
import { linkConsoleRoutes } from './console-link.ts';
import { segmentConsoleRoutes } from './console-segment.ts';
import type { Guards } from './console-shared.ts';
import { steeringConsoleRoutes } from './console-steering.ts';
import { workspaceErrorPage } from './web-page.ts';

/**
 * The console's routes, mounted by the workspace before its own `/campaigns/:id` (so `/campaigns/new` is not taken
 * for a campaign id). Every route needs a session with the route's roles; every form carries the session's CSRF token.
 */
export function consoleRoutes(deps: AppDeps) {
  const app = new Hono<WebEnv>();
  const session = sessionMiddleware(deps.pool);
  const csrf = csrfProtection();
  // Guards are attached per route: a sub-app's `use('*')` would also run for every other route mounted at '/'.
  const guards: Guards = {
    managers: [session, requireWebRole(MANAGER_ROLES), csrf],
    staff: [session, requireWebRole(STAFF_ROLES), csrf],
    curators: [session, requireWebRole(CURATOR_ROLES), csrf],
  };
  for (const routes of [
    campaignConsoleRoutes,
    steeringConsoleRoutes,
    linkConsoleRoutes,
    segmentConsoleRoutes,
    channelConsoleRoutes,
    claimConsoleRoutes,
  ]) {
    app.route('/', routes(deps, guards));
  }
  app.onError(workspaceErrorPage);
  return app;
}
