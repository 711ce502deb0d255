// Outcome routes: channels report views, completions and call-to-action clicks (Standard Webhooks, or a feed's
// token); managers read them per segment and channel, counts below the campaign's k suppressed, as JSON or CSV, and
// the two script variants' completion rates side by side.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { MANAGER_ROLES } from '../../shared/roles.ts';
import { outcomesCsvName } from '../../shared/outcomes.ts';
import {
  campaignOutcomes,
  OUTCOME_BODY_LIMIT,
  OUTCOME_PAGE_SIZE,
  outcomesCsvStream,
  receiveOutcomes,
} from '../../services/outcomes.ts';
import { decodeCursor, encodeCursor, pageLimit } from '../../db/keyset.ts';
import type { OutcomeKey } from '../../db/outcome-repo.ts';
import { pageLink } from '../pages.ts';
import { campaignVariants } from '../../services/variants.ts';
import { requireRole, type AuthEnv } from '../auth.ts';
import type { AppDeps } from '../deps.ts';
import { requireCampaignAccess } from '../ownership.ts';

/** `POST /api/channels/:channelId/outcomes`, `GET /api/campaigns/:id/outcomes[.csv]` and `…/:id/variants`. */
export function outcomeRoutes(deps: Pick<AppDeps, 'pool' | 'secrets'>) {
  const { pool } = deps;
  const app = new Hono<AuthEnv>();
  const managers = requireRole(pool, MANAGER_ROLES);

  const limit = bodyLimit({
    maxSize: OUTCOME_BODY_LIMIT,
    onError: () => {
      throw new HTTPException(413, {
        message: `Outcome message over ${OUTCOME_BODY_LIMIT / 1024} KiB; split its reports over several messages.`,
      });
    },
  });

  // No user session: the channel proves itself with the message's signature (or its feed token).
  app.post('/api/channels/:channelId/outcomes', limit, async (c) => {
    const result = await receiveOutcomes(deps, {
      channelId: c.req.param('channelId'),
      headers: {
        id: c.req.header('webhook-id'),
        timestamp: c.req.header('webhook-timestamp'),
        signature: c.req.header('webhook-signature'),
        authorization: c.req.header('authorization'),
      },
      body: new Uint8Array(await c.req.arrayBuffer()),
    });
    return c.json(result, result.status === 'accepted' ? 202 : 200);
  });

  app.get('/api/campaigns/:id/outcomes', managers, async (c) => {
    const id = c.req.param('id');
    await requireCampaignAccess(pool, c.var.user, id);
    // Paged in the rows' order (segment, channel, observed, video); `next` links the following page.
    const { cursor, limit } = c.req.query();
    const after = cursor ? (decodeCursor(cursor, ['s', 's', 'n', 's', 's']) as OutcomeKey) : undefined;
    const page = await campaignOutcomes(pool, id, { after, limit: pageLimit(limit, OUTCOME_PAGE_SIZE) });
    const { next, ...rest } = page;
    return c.json({ ...rest, ...(next ? { next: pageLink(c.req.url, encodeCursor(next)) } : {}) });
  });

  app.get('/api/campaigns/:id/outcomes.csv', managers, async (c) => {
    const id = c.req.param('id');
    await requireCampaignAccess(pool, c.var.user, id);
    // Every row, written a page at a time.
    return c.body(await outcomesCsvStream(pool, id), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${outcomesCsvName(id)}"`,
    });
  });

  // Per varied segment, A and B with their completion rates and 95 % intervals, summed over published rows only.
  app.get('/api/campaigns/:id/variants', managers, async (c) => {
    const id = c.req.param('id');
    await requireCampaignAccess(pool, c.var.user, id);
    return c.json(await campaignVariants(pool, id));
  });

  return app;
}
