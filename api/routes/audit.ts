// The audit log over HTTP for admins and lead reviewers: verify the hash chain, page through entries.
import { Hono } from 'hono';
import { z } from 'zod';
import { listAudit, verifyAudit } from '../../db/audit-repo.ts';
import type { AppDeps } from '../deps.ts';
import { ApiError } from '../errors.ts';
import { requireBearerOrSession, type WebEnv } from '../session.ts';

const pageQuery = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/** `/api/audit`: `GET /verify` → the verification result; `GET /?after=<seq>&limit=<n>` → entries after a seq. */
export function auditRoutes({ pool }: Pick<AppDeps, 'pool'>) {
  const app = new Hono<WebEnv>();
  app.use('*', requireBearerOrSession(pool, ['admin', 'lead_reviewer']));

  app.get('/verify', async (c) => c.json(await verifyAudit(pool)));

  app.get('/', async (c) => {
    const query = pageQuery.safeParse(c.req.query());
    if (!query.success) {
      throw new ApiError(400, `Invalid ${query.error.issues[0]?.path.join('.')}: use ?after=<seq>&limit=<1..1000>.`);
    }
    const items = await listAudit(pool, query.data.after, query.data.limit);
    const last = items.at(-1);
    // `next` is the cursor for the following page, present while a full page came back.
    return c.json({ items, next: items.length === query.data.limit && last ? last.seq : null });
  });

  return app;
}
