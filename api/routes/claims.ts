// The claims library over HTTP: import approved claims as versions, list the current ones with their validity.
import { STAFF_ROLES } from '../../shared/roles.ts';
import { Hono } from 'hono';
import { z } from 'zod';
import { importClaims, listLibraryClaims } from '../../db/claim-repo.ts';
import { isClaimCurrent } from '../../shared/claims.ts';
import { requireRole, type AuthEnv } from '../auth.ts';
import type { AppDeps } from '../deps.ts';
import { ApiError } from '../errors.ts';
import { claimSchema } from '../schemas.ts';

const importBody = z.strictObject({ claims: z.array(claimSchema).min(1) });

export function claimRoutes({ pool }: AppDeps) {
  const app = new Hono<AuthEnv>();
  const staff = requireRole(pool, STAFF_ROLES);
  // Claims are medical content: lead reviewers and admins curate the library, as do the campaign's managers.
  const curators = requireRole(pool, ['campaign_manager', 'lead_reviewer', 'admin']);

  app.get('/', staff, async (c) => {
    const today = new Date().toISOString().slice(0, 10);
    const items = (await listLibraryClaims(pool)).map((entry) => ({
      ...entry,
      usable: isClaimCurrent(entry.claim, today),
    }));
    return c.json({ items });
  });

  app.post('/', curators, async (c) => {
    const body = importBody.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success) {
      const first = body.error.issues[0];
      throw new ApiError(400, `Invalid claims at ${first?.path.join('.') || '(body)'}: ${first?.message}`);
    }
    const ids = body.data.claims.map((cl) => cl.id);
    const dup = ids.find((id, i) => ids.indexOf(id) !== i);
    if (dup) throw new ApiError(400, `Claim ${dup} appears twice in one import.`);
    return c.json(await importClaims(pool, body.data.claims), 201);
  });
  return app;
}
