// The audit log over HTTP for admins and lead reviewers: verify the chain (optionally against heads recorded
// elsewhere), read the current head to anchor it outside the database, page through entries.
import { Hono } from 'hono';
import { z } from 'zod';
import { listAudit, readAuditHead, verifyAudit, type AuditKeyRing } from '../../db/audit-repo.ts';
import type { AppDeps } from '../deps.ts';
import { ApiError } from '../errors.ts';
import { requireBearerOrSession, type WebEnv } from '../session.ts';

const pageQuery = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/** Heads per verification request: about 1 MiB of JSON, the API's body limit. */
export const MAX_EXPECTED_HEADS = 10_000;

const verifyBody = z.object({
  expectHeads: z
    .array(
      z.object({
        seq: z.number().int().min(1).optional(),
        hash: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex characters'),
      }),
    )
    .max(MAX_EXPECTED_HEADS),
});

/**
 * `/api/audit`: `GET /verify` → the verification result; `POST /verify` with `{ expectHeads: [{ seq?, hash }] }` →
 * the same, failing unless the chain holds every head; `GET /head` → `{ head }` (null while empty);
 * `GET /?after=<seq>&limit=<n>` → entries after a seq. `auditKeys` defaults to the process's audit key ring.
 */
export function auditRoutes({ pool, auditKeys }: Pick<AppDeps, 'pool'> & { auditKeys?: AuditKeyRing | null }) {
  const app = new Hono<WebEnv>();
  app.use('*', requireBearerOrSession(pool, ['admin', 'lead_reviewer']));

  app.get('/verify', async (c) => c.json(await verifyAudit(pool, { keys: auditKeys })));

  app.post('/verify', async (c) => {
    const body = verifyBody.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success) {
      const first = body.error.issues[0];
      throw new ApiError(
        400,
        `Invalid ${first?.path.join('.') || '(body)'}: ${first?.message}. ` +
          `Send {"expectHeads": [{"seq": <n>, "hash": "<64 hex>"}]}, at most ${MAX_EXPECTED_HEADS} heads a request.`,
      );
    }
    return c.json(await verifyAudit(pool, { keys: auditKeys, expectHeads: body.data.expectHeads }));
  });

  app.get('/head', async (c) => c.json({ head: await readAuditHead(pool) }));

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
