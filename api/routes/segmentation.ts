// Segmentation routes: a campaign's spec, uploads of respondent files built into versioned segment sets.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Hono } from 'hono';
import { z } from 'zod';
import { getCampaign } from '../../db/campaign-repo.ts';
import { getSegmentation, listSegmentSets, saveSegmentSet, setSegmentation } from '../../db/segment-set-repo.ts';
import { segmentFile } from '../../segments/segment-file.ts';
import { parseSegmentationSpec } from '../../segments/spec.ts';
import { parseStrategyRules } from '../../segments/strategy.ts';
import { requireRole, type AuthEnv } from '../auth.ts';
import type { AppDeps } from '../deps.ts';
import { ApiError } from '../errors.ts';

/** Uploads beyond this are refused (a respondent file of ~7 million HPS-shaped rows). */
export const MAX_UPLOAD_BYTES = 1024 ** 3;
const SPEC_NAME = 'segmentation.yaml';
const STRATEGY_NAME = 'strategy.yaml';
const segmentationBody = z.strictObject({ spec: z.string().min(1), strategy: z.string().optional() });

/** Streams the request body to `path` with a size cap, returning its SHA-256 and size. */
async function receiveUpload(body: ReadableStream<Uint8Array> | null, path: string) {
  if (!body) throw new ApiError(400, 'Send the respondent file (.csv or .csv.gz) as the request body.');
  const hash = createHash('sha256');
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > MAX_UPLOAD_BYTES) return done(new ApiError(400, `Upload exceeds ${MAX_UPLOAD_BYTES} bytes.`));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  await pipeline(Readable.fromWeb(body as WebReadableStream), meter, createWriteStream(path));
  return { sha256: hash.digest('hex'), bytes };
}

export function segmentationRoutes({ pool }: AppDeps) {
  const app = new Hono<AuthEnv>();
  // Per route, not `use('*')`: this app shares the /api/campaigns prefix with routes other roles may read.
  const managers = requireRole(pool, ['campaign_manager', 'admin']);

  app.put('/:id/segmentation', managers, async (c) => {
    const id = c.req.param('id');
    if (!(await getCampaign(pool, id))) throw new ApiError(404, `No campaign ${id}.`);
    const body = segmentationBody.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success) throw new ApiError(400, 'Send JSON { "spec": "<YAML text>", "strategy"?: "<YAML text>" }.');
    // Parsed now so a broken spec is refused with its line and column before any data arrives.
    parseSegmentationSpec(body.data.spec, SPEC_NAME);
    if (body.data.strategy) parseStrategyRules(body.data.strategy, STRATEGY_NAME);
    const specSha256 = createHash('sha256').update(body.data.spec).digest('hex');
    await setSegmentation(pool, id, { specText: body.data.spec, specSha256, strategyText: body.data.strategy });
    return c.json({ campaignId: id, specSha256 });
  });

  app.post('/:id/segment-sets', managers, async (c) => {
    const id = c.req.param('id');
    const campaign = await getCampaign(pool, id);
    if (!campaign) throw new ApiError(404, `No campaign ${id}.`);
    if (campaign.status !== 'DRAFT')
      throw new ApiError(409, `Campaign ${id} is ${campaign.status}; its segments are fixed.`);
    const segmentation = await getSegmentation(pool, id);
    if (!segmentation) throw new ApiError(409, `Set the campaign's spec first: PUT /api/campaigns/${id}/segmentation.`);
    const sourceName = (c.req.query('name') ?? 'upload.csv').replace(/[^\w.-]/g, '_').slice(0, 100);
    const dir = await mkdtemp(join(tmpdir(), 'klartext-upload-'));
    try {
      // Raw rows exist only in this temporary file, which is removed whatever happens.
      const file = join(dir, sourceName);
      const upload = await receiveUpload(c.req.raw.body, file);
      const spec = parseSegmentationSpec(segmentation.specText, SPEC_NAME);
      const strategyRules = segmentation.strategyText
        ? parseStrategyRules(segmentation.strategyText, STRATEGY_NAME)
        : undefined;
      const result = await segmentFile({ path: file, spec, redact: c.req.query('redact') === 'true', strategyRules });
      const version = await saveSegmentSet(pool, {
        campaignId: id,
        sourceName,
        sourceSha256: upload.sha256,
        specSha256: segmentation.specSha256,
        spec,
        result: {
          segments: result.segments,
          report: result.report,
          concerns: result.concerns,
          redacted: result.redacted,
        },
        createdBy: c.get('user').id,
        segments: result.pipeline.map((p, i) => ({ ...p, profile: { ...result.segments[i], strategy: p.strategy } })),
      });
      if (version === undefined)
        throw new ApiError(409, `Campaign ${id} was launched meanwhile; its segments are fixed.`);
      return c.json({ campaignId: id, version, report: result.report, segments: result.pipeline.length }, 201);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  app.get('/:id/segment-sets', managers, async (c) =>
    c.json({ items: await listSegmentSets(pool, c.req.param('id')) }),
  );
  return app;
}
