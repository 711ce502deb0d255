// Campaign routes: launch a campaign (stored, then its workflow started), read its progress and summary, its managers.
// Campaign managers reach only the campaigns they manage (api/ownership.ts); reviewers read every campaign.
import { MANAGER_ROLES } from '../../shared/roles.ts';
import { randomBytes } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { budgetUsage } from '../../db/generation-repo.ts';
import { countSegmentsByStatus, deleteCampaign } from '../../db/campaign-repo.ts';
import { campaignProgressQuery } from '../../workflows/messages.ts';
import { campaignWorkflowId } from '../../shared/task-queues.ts';
import { requireRole, type AuthEnv } from '../auth.ts';
import type { AppDeps } from '../deps.ts';
import { createCampaignWithChannels, launchCampaign } from '../../services/launch.ts';
import { ApiError } from '../errors.ts';
import { launchRequestSchema, longText } from '../schemas.ts';
import type { CampaignBrief, Claim, Segment } from '../../shared/types.ts';
import { validateCampaignTexts } from '../../services/campaign-files.ts';
import { pauseCampaign, raiseBudget, resumeCampaign } from '../../services/steering.ts';
import { buildCampaignSummary } from '../../services/summary.ts';
import { CAMPAIGN_PAGE_SIZE, pageLink, segmentPageLinks, segmentPageOf } from '../pages.ts';
import { pageLimit } from '../../db/keyset.ts';
import { listCampaignCountsPage } from '../../db/overview-repo.ts';
import { managedScope, requireCampaignAccess } from '../ownership.ts';
import { managerRoutes } from './managers.ts';

const reason = longText(2_000).trim().min(3, 'say why (at least 3 characters): the audit log keeps it');
const pauseBody = z.strictObject({ reason });
const resumeBody = z.strictObject({ reason: reason.optional() });
// Files as read from disk; the name is what problems cite (file:line:column). The route's body limit bounds the texts.
const sentFile = z.strictObject({ name: z.string().min(1).max(200), text: z.string() });
const campaignFilesRequestSchema = z.strictObject({
  campaignId: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes')
    .optional(),
  campaign: sentFile,
  segments: sentFile,
  claims: sentFile,
  /** false: store as a DRAFT and launch later (POST /api/campaigns/:id/launch). */
  launch: z.boolean().default(true),
});
const budgetBody = z.strictObject({
  budgetSeconds: z.number().positive('must be a positive number of seconds').max(10_000_000),
  reason,
});

async function parseBody<T extends z.ZodType>(schema: T, raw: Promise<unknown>, empty?: unknown): Promise<z.infer<T>> {
  const parsed = schema.safeParse(await raw.catch(() => empty));
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  throw new ApiError(400, `Invalid request at ${first?.path.join('.') || '(body)'}: ${first?.message}`);
}

const NOT_JSON =
  'The body must be JSON: {"brief", "segments", "claims"} as POST /api/campaigns takes them, or the three files as ' +
  'texts to POST /api/campaigns/files; from a terminal, `klartext campaign launch campaign.yaml` sends the files for you.';

/** A readable, unique campaign id: the brief's name, the UTC date and a random suffix. */
export function newCampaignId(name: string, now = new Date()): string {
  const stamp = now.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  return `${name}-${stamp}-${randomBytes(2).toString('hex')}`;
}

export function campaignRoutes(deps: AppDeps) {
  const { pool, temporal } = deps;
  const app = new Hono<AuthEnv>();
  const managers = requireRole(pool, MANAGER_ROLES);
  const anyStaff = requireRole(pool, ['campaign_manager', 'admin', 'medical_reviewer', 'lead_reviewer']);

  // The dashboard's list: campaigns newest first with segment counts per status, a page at a time (one query);
  // a campaign manager sees the campaigns they manage.
  app.get('/', managers, async (c) => {
    const limit = pageLimit(c.req.query('limit'), CAMPAIGN_PAGE_SIZE);
    const cursor = c.req.query('cursor') || undefined;
    const page = await listCampaignCountsPage(pool, managedScope(c.var.user), { cursor, limit });
    return c.json({
      items: page.items.map((k) => ({
        campaignId: k.id,
        title: k.title,
        status: k.status,
        createdAt: k.createdAt.toISOString(),
        counts: k.counts,
      })),
      ...(page.next ? { next: pageLink(c.req.url, page.next) } : {}),
    });
  });

  app.post('/', managers, async (c) => {
    const body: unknown = await c.req.json().catch(() => undefined);
    if (body === undefined) throw new ApiError(400, NOT_JSON);
    const parsed = launchRequestSchema.safeParse(body);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new ApiError(400, `Invalid launch request at ${first?.path.join('.') || '(body)'}: ${first?.message}`);
    }
    return createAndMaybeLaunch(c, parsed.data);
  });

  // The campaign's three files as they are on disk: every problem at file:line:column, or the campaign stored.
  app.post('/files', managers, async (c) => {
    const body: unknown = await c.req.json().catch(() => undefined);
    if (body === undefined) throw new ApiError(400, NOT_JSON);
    const parsed = campaignFilesRequestSchema.safeParse(body);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new ApiError(
        400,
        `Invalid campaign files request at ${first?.path.join('.') || '(body)'}: ${first?.message}`,
      );
    }
    const { campaign, segments, claims, launch, campaignId } = parsed.data;
    const file = (f: { name: string; text: string }) => ({ path: f.name, text: f.text });
    // No server environment for ${VAR}: a sent file must not read the server's secrets into a channel it names.
    const checked = validateCampaignTexts(
      { campaign: file(campaign), segments: file(segments), claims: file(claims) },
      {},
      { sentAsTexts: true },
    );
    if (!checked.loaded) {
      const message = `${checked.problems.length} problem(s) in the campaign files; nothing was stored. Fix them and send the files again.`;
      return c.json(
        { error: { code: 'CampaignFilesInvalid', message, problems: checked.problems }, warnings: checked.warnings },
        400,
      );
    }
    const { brief, segments: rows, claims: library } = checked.loaded;
    return createAndMaybeLaunch(c, { campaignId, brief, segments: rows, claims: library, launch });
  });

  /** Stores a campaign (its channels created) and, unless asked for a draft, launches it: one request, one outcome. */
  async function createAndMaybeLaunch(
    c: Context<AuthEnv>,
    request: { campaignId?: string; brief: CampaignBrief; segments: Segment[]; claims: Claim[]; launch: boolean },
  ) {
    const { brief, segments, claims, launch } = request;
    const campaignId = request.campaignId ?? newCampaignId(brief.name);
    const createdBy = c.get('user').id;
    if (!(await createCampaignWithChannels(deps, { id: campaignId, brief, segments, claims, createdBy }))) {
      throw new ApiError(409, `Campaign ${campaignId} already exists; launch with a new id.`);
    }
    if (!launch) return c.json({ campaignId, status: 'DRAFT', segments: segments.length }, 201);
    try {
      return c.json(await launchCampaign(deps, campaignId), 201);
    } catch (err) {
      // One request, one outcome: a campaign that could not launch is not left behind as a draft.
      await deleteCampaign(pool, campaignId);
      throw err;
    }
  }

  app.post('/:id/launch', managers, async (c) => {
    await requireCampaignAccess(pool, c.var.user, c.req.param('id'));
    return c.json(await launchCampaign(deps, c.req.param('id')), 201);
  });

  app.get('/:id', anyStaff, async (c) => {
    const id = c.req.param('id');
    await requireCampaignAccess(pool, c.var.user, id);
    // A page of segments (`?cursor=`, `?limit=`, `next` links the following one): a fixed number of queries.
    const summary = await buildCampaignSummary(pool, id, segmentPageOf(c.req.query()));
    if (!summary) throw new ApiError(404, `No campaign ${id}.`);
    const handle = temporal.workflow.getHandle(campaignWorkflowId(id));
    // A draft has no workflow yet: it is shown without one.
    const workflowStatus = await handle.describe().then(
      (d) => d.status.name,
      (err: unknown) => {
        if (err instanceof WorkflowNotFoundError) return undefined;
        throw err;
      },
    );
    // A query needs a live worker; while none polls (restart, deploy) the page still answers, without progress.
    const progress =
      workflowStatus === 'RUNNING' ? await handle.query(campaignProgressQuery).catch(() => undefined) : undefined;
    const { nextHref } = segmentPageLinks(c.req.url, summary);
    return c.json({
      campaignId: id,
      status: summary.status,
      paused: summary.status === 'PAUSED',
      workflowStatus,
      progress,
      // Live while running: how many segments are at each stage now, from the database (the workflow counts only
      // the finished ones).
      stages: await countSegmentsByStatus(pool, id),
      // Video seconds spent and reserved by provider jobs, and the budget (absent: unlimited).
      budget: await budgetUsage(pool, id),
      segmentCount: summary.segmentCount,
      segments: summary.segments.map((s) => ({ segmentId: s.segmentId, label: s.label, status: s.status })),
      ...(nextHref ? { next: nextHref } : {}),
    });
  });

  app.post('/:id/pause', managers, async (c) => {
    const body = await parseBody(pauseBody, c.req.json());
    await requireCampaignAccess(pool, c.var.user, c.req.param('id'));
    return c.json(await pauseCampaign(deps, c.req.param('id'), c.var.user, body.reason));
  });

  app.post('/:id/resume', managers, async (c) => {
    const body = await parseBody(resumeBody, c.req.json(), {});
    await requireCampaignAccess(pool, c.var.user, c.req.param('id'));
    return c.json(await resumeCampaign(deps, c.req.param('id'), c.var.user, body.reason));
  });

  app.post('/:id/budget', managers, async (c) => {
    const body = await parseBody(budgetBody, c.req.json());
    await requireCampaignAccess(pool, c.var.user, c.req.param('id'));
    return c.json(await raiseBudget(deps, c.req.param('id'), c.var.user, body.budgetSeconds, body.reason));
  });

  app.get('/:id/summary', anyStaff, async (c) => {
    await requireCampaignAccess(pool, c.var.user, c.req.param('id'));
    // Every segment unless a page is asked for (`?limit=`, then `?cursor=` from `next`).
    const query = c.req.query();
    const paged = query.limit !== undefined || query.cursor !== undefined;
    const summary = await buildCampaignSummary(pool, c.req.param('id'), paged ? segmentPageOf(query) : {});
    if (!summary) throw new ApiError(404, `No campaign ${c.req.param('id')}.`);
    const { nextHref } = segmentPageLinks(c.req.url, summary);
    const { nextAfter: _after, ...rest } = summary;
    return c.json({ ...rest, ...(nextHref ? { next: nextHref } : {}) });
  });

  app.route('/', managerRoutes(deps));
  return app;
}
