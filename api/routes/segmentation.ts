// Segmentation routes: a campaign's spec, uploads of respondent files stored and segmented on a worker into versioned
// segment sets, and each upload's outcome.
import { MANAGER_ROLES } from '../../shared/roles.ts';
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { longText } from '../schemas.ts';
import { getCampaign } from '../../db/campaign-repo.ts';
import { getSegmentation, listSegmentSets, setSegmentation } from '../../db/segment-set-repo.ts';
import { parseSegmentationSpec } from '../../segments/spec.ts';
import { parseStrategyRules } from '../../segments/strategy.ts';
import { segmentUploadWorkflowId } from '../../shared/task-queues.ts';
import { orchestrationQueue } from '../../services/deps.ts';
import { segmentUploadWorkflow } from '../../workflows/segment-upload.ts';
import { requireRole, type AuthEnv } from '../auth.ts';
import { checkKey } from '../../storage/asset-store.ts';
import { appAssetStore, type AppDeps } from '../deps.ts';
import { ApiError } from '../errors.ts';
import { requireCampaignAccess } from '../ownership.ts';
import { startAttributes } from '../../shared/search-attributes.ts';

/** Uploads beyond this are refused unless KLARTEXT_MAX_UPLOAD_BYTES says otherwise (~7 million HPS-shaped rows). */
export const MAX_UPLOAD_BYTES = 1024 ** 3;
const SPEC_NAME = 'segmentation.yaml';
const STRATEGY_NAME = 'strategy.yaml';
const UPLOAD_ID = /^[0-9a-f-]{36}$/;
const segmentationBody = z.strictObject({ spec: longText(64_000).min(1), strategy: longText(64_000).optional() });

const tooLarge = (limit: number) =>
  new HTTPException(413, {
    message: `Upload over the ${limit}-byte limit (KLARTEXT_MAX_UPLOAD_BYTES); split the file or raise the limit.`,
  });

/** Streams the request body to `path`, refusing it once it passes `limit` bytes; returns its SHA-256 and size. */
async function receiveUpload(body: ReadableStream<Uint8Array> | null, path: string, limit: number) {
  if (!body) throw new ApiError(400, 'Send the respondent file (.csv or .csv.gz) as the request body.');
  const hash = createHash('sha256');
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > limit) return done(tooLarge(limit));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  await pipeline(Readable.fromWeb(body as WebReadableStream), meter, createWriteStream(path));
  return { sha256: hash.digest('hex'), bytes };
}

export function segmentationRoutes(deps: AppDeps) {
  const { pool, temporal, maxUploadBytes = MAX_UPLOAD_BYTES } = deps;
  const assets = appAssetStore(deps);
  const app = new Hono<AuthEnv>();
  // Per route, not `use('*')`: this app shares the /api/campaigns prefix with routes other roles may read.
  const managers = requireRole(pool, MANAGER_ROLES);

  app.put('/:id/segmentation', managers, async (c) => {
    const id = c.req.param('id');
    const body = segmentationBody.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success) {
      const first = body.error.issues[0];
      const where = first?.path.length ? `${first.path.join('.')} ${first.message}; ` : '';
      throw new ApiError(400, `${where}send JSON { "spec": "<YAML text>", "strategy"?: "<YAML text>" }.`);
    }
    await requireCampaignAccess(pool, c.var.user, id);
    if (!(await getCampaign(pool, id))) throw new ApiError(404, `No campaign ${id}.`);
    // Parsed now so a broken spec is refused with its line and column before any data arrives.
    parseSegmentationSpec(body.data.spec, SPEC_NAME);
    if (body.data.strategy) parseStrategyRules(body.data.strategy, STRATEGY_NAME);
    const specSha256 = createHash('sha256').update(body.data.spec).digest('hex');
    await setSegmentation(pool, id, { specText: body.data.spec, specSha256, strategyText: body.data.strategy });
    return c.json({ campaignId: id, specSha256 });
  });

  app.post('/:id/segment-sets', managers, async (c) => {
    const id = c.req.param('id');
    await requireCampaignAccess(pool, c.var.user, id);
    const campaign = await getCampaign(pool, id);
    if (!campaign) throw new ApiError(404, `No campaign ${id}.`);
    if (campaign.status !== 'DRAFT')
      throw new ApiError(409, `Campaign ${id} is ${campaign.status}; its segments are fixed.`);
    const segmentation = await getSegmentation(pool, id);
    if (!segmentation) throw new ApiError(409, `Set the campaign's spec first: PUT /api/campaigns/${id}/segmentation.`);
    // A declared length over the limit is refused before anything is written.
    if (Number(c.req.header('content-length') ?? 0) > maxUploadBytes) throw tooLarge(maxUploadBytes);
    const sourceName = (c.req.query('name') ?? 'upload.csv').replace(/[^\w.-]/g, '_').slice(0, 100);
    const uploadId = randomUUID();
    // A dot folder: asset ids start with a letter or digit, so no /assets path can reach an upload.
    const key = checkKey(`.uploads/${uploadId}/${sourceName}`);
    // Received in place when the store is this machine's directory, else into scratch and then stored: the worker
    // that segments it reads it from the store, so API and workers share no disk.
    const file = assets.localPath(key) ?? join(assets.stagingDir, '.uploads', uploadId, sourceName);
    const dir = dirname(file);
    await mkdir(dir, { recursive: true });
    let stored = false;
    try {
      // Raw rows exist only in this object; the workflow removes it once segmentation is over.
      const upload = await receiveUpload(c.req.raw.body, file, maxUploadBytes);
      await assets.put(key, file, { sha256: upload.sha256 });
      stored = true;
      if (!assets.localPath(key)) await rm(dir, { recursive: true, force: true });
      await temporal.workflow.start(segmentUploadWorkflow, {
        workflowId: segmentUploadWorkflowId(id, uploadId),
        taskQueue: orchestrationQueue(deps),
        typedSearchAttributes: startAttributes(id),
        args: [
          {
            campaignId: id,
            key,
            ...(assets.localPath(key) ? { path: file } : {}),
            sourceName,
            sourceSha256: upload.sha256,
            redact: c.req.query('redact') === 'true',
            createdBy: c.get('user').id,
          },
        ],
      });
      return c.json({ campaignId: id, uploadId, status: 'RUNNING' }, 202);
    } catch (err) {
      await rm(dir, { recursive: true, force: true });
      if (stored) await assets.delete(key).catch(() => undefined);
      throw err;
    }
  });

  app.get('/:id/segment-sets/uploads/:uploadId', managers, async (c) => {
    const { id, uploadId } = c.req.param();
    await requireCampaignAccess(pool, c.var.user, id);
    if (!UPLOAD_ID.test(uploadId)) throw new ApiError(404, `No upload ${uploadId}.`);
    const handle = temporal.workflow.getHandle(segmentUploadWorkflowId(id, uploadId));
    const { status } = await handle.describe();
    if (status.name === 'RUNNING') return c.json({ campaignId: id, uploadId, status: 'RUNNING' });
    try {
      return c.json({ uploadId, status: 'COMPLETED', ...(await handle.result()) });
    } catch (err) {
      return c.json({ campaignId: id, uploadId, status: 'FAILED', error: innermost(err) });
    }
  });

  app.get('/:id/segment-sets', managers, async (c) => {
    await requireCampaignAccess(pool, c.var.user, c.req.param('id'));
    return c.json({ items: await listSegmentSets(pool, c.req.param('id')) });
  });
  return app;
}

/** The failure as the activity threw it (`InputError` with file:line:column), under Temporal's wrapping failures. */
function innermost(err: unknown): { code: string; message: string } {
  let e = err instanceof Error ? err : new Error(String(err));
  while (e.cause instanceof Error) e = e.cause;
  const type = (e as { type?: unknown }).type;
  return { code: typeof type === 'string' ? type : e.name, message: e.message };
}
