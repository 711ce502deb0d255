// `GET /api/me`: whom the caller's token or session belongs to, so a client can say whom it acts as before signing.
import { Hono } from 'hono';
import { ROLES } from '../../shared/roles.ts';
import type { AppDeps } from '../deps.ts';
import { requireBearerOrSession, type WebEnv } from '../session.ts';

/** `/api/me`: any active user, by API token or session; answers `{ id, displayName, role }`. */
export function meRoutes({ pool }: Pick<AppDeps, 'pool'>) {
  const app = new Hono<WebEnv>();
  app.use('*', requireBearerOrSession(pool, ROLES));
  app.get('/', (c) => {
    const { id, displayName, role } = c.var.user;
    return c.json({ id, displayName, role });
  });
  return app;
}
