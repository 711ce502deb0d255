// Read-only asset serving: a segment's video, captions and manifest, by fixed file names only.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import type { AppDeps } from '../deps.ts';
import { ApiError } from '../errors.ts';

const FILES: Record<string, string> = {
  'video.mp4': 'video/mp4',
  'captions.vtt': 'text/vtt; charset=utf-8',
  'manifest.json': 'application/json',
  'descriptions.vtt': 'text/vtt; charset=utf-8',
  'transcript.html': 'text/html; charset=utf-8',
  'transcript.txt': 'text/plain; charset=utf-8',
};
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function assetRoutes({ outDir }: AppDeps) {
  const app = new Hono();
  app.get('/:campaignId/:segmentId/:file', async (c) => {
    const { campaignId, segmentId, file } = c.req.param();
    const type = FILES[file];
    // Fixed names and strict ids: no path can leave the asset store.
    if (!type || !SAFE_ID.test(campaignId) || !SAFE_ID.test(segmentId)) throw new ApiError(404, 'No such asset.');
    const path = join(outDir, campaignId, segmentId, file);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) throw new ApiError(404, 'No such asset.');
    const body = Readable.toWeb(createReadStream(path)) as ReadableStream;
    return new Response(body, { headers: { 'content-type': type, 'content-length': String(info.size) } });
  });
  return app;
}
