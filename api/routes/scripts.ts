// GET /api/scripts?segment=<id>[&campaign=<id>]: a segment's current script with claims, sources, findings and its
// sentences beside their renderings in the caller's languages.
// Reviewers read any campaign's; a campaign manager only those of campaigns they manage.
import { STAFF_ROLES } from '../../shared/roles.ts';
import { Hono } from 'hono';
import { requireRole, type AuthEnv } from '../auth.ts';
import type { AppDeps } from '../deps.ts';
import { ApiError } from '../errors.ts';
import { latestCampaignWithSegment } from '../../db/campaign-repo.ts';
import { getUserLanguages } from '../../db/user-repo.ts';
import { readingLanguages } from '../../review/reader-languages.ts';
import { loadScriptView } from '../../services/script-view.ts';
import { managedScope, mayAccessCampaign } from '../ownership.ts';

export function scriptRoutes(deps: AppDeps) {
  const app = new Hono<AuthEnv>();
  const staff = requireRole(deps.pool, STAFF_ROLES);
  app.get('/', staff, async (c) => {
    const segmentId = c.req.query('segment');
    if (!segmentId) throw new ApiError(400, 'Name the segment: /api/scripts?segment=<id>[&campaign=<id>].');
    const user = c.var.user;
    // A campaign manager sees only the scripts of campaigns they manage; another's is "no script", as for none.
    const campaignId =
      c.req.query('campaign') ?? (await latestCampaignWithSegment(deps.pool, segmentId, managedScope(user)));
    const allowed = campaignId !== undefined && (await mayAccessCampaign(deps.pool, user, campaignId));
    // Renderings in the languages the caller reads (their workspace language; none chosen: German and English).
    const readers = readingLanguages((await getUserLanguages(deps.pool, user.id)) ?? {});
    const view = allowed ? await loadScriptView(deps, campaignId, segmentId, readers) : undefined;
    if (!view) throw new ApiError(404, `No script for segment ${segmentId} yet.`);
    return c.json(view);
  });
  return app;
}
