// Read-only asset serving by fixed file names only: to channels through signed expiring links, to staff by login.
import { STAFF_ROLES } from '../../shared/roles.ts';
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ASSET_LINK_PURPOSE, checkAssetSignature } from '../../channels/asset-urls.ts';
import { RENDITION_IDS, renditionFileName } from '../../shared/renditions.ts';
import { segmentKey } from '../../storage/asset-store.ts';
import { appAssetStore, type AppDeps } from '../deps.ts';
import { ApiError } from '../errors.ts';
import { mayAccessCampaign } from '../ownership.ts';
import { requireBearerOrSession, type WebEnv } from '../session.ts';

const FILES: Record<string, string> = {
  'video.mp4': 'video/mp4',
  'captions.vtt': 'text/vtt; charset=utf-8',
  'manifest.json': 'application/json',
  'descriptions.vtt': 'text/vtt; charset=utf-8',
  'transcript.html': 'text/html; charset=utf-8',
  'transcript.txt': 'text/plain; charset=utf-8',
  ...Object.fromEntries(RENDITION_IDS.map((id) => [renditionFileName(id), 'video/mp4'])),
};
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function assetRoutes(deps: AppDeps) {
  const { pool, secrets } = deps;
  const assets = appAssetStore(deps);
  const app = new Hono<WebEnv>();
  const staff = requireBearerOrSession(pool, STAFF_ROLES);
  // Every key of the secrets key ring: links signed before a rotation stay valid until they expire.
  const linkKeys = secrets?.deriveKeys(ASSET_LINK_PURPOSE);
  app.get('/:campaignId/:segmentId/:file', async (c, next) => {
    const { campaignId, segmentId, file } = c.req.param();
    // Fixed names and strict ids: no path can leave the asset store.
    if (!FILES[file] || !SAFE_ID.test(campaignId) || !SAFE_ID.test(segmentId))
      throw new ApiError(404, 'No such asset.');
    const query = c.req.query();
    if (query.sig === undefined) return staff(c, next);
    const refused = linkKeys
      ? checkAssetSignature(linkKeys, new URL(c.req.url).pathname, query, Date.now() / 1000)
      : 'This server cannot check signed links: it has no secrets key.';
    if (refused) throw new ApiError(403, refused);
    return next();
  });
  app.get('/:campaignId/:segmentId/:file', async (c) => {
    const { campaignId, segmentId, file } = c.req.param();
    const type = FILES[file] as string;
    // Staff by login: a campaign manager reads only the assets of campaigns they manage (a signed link sets no user).
    const user = c.var.user as WebEnv['Variables']['user'] | undefined;
    if (user && !(await mayAccessCampaign(pool, user, campaignId))) throw new ApiError(404, 'No such asset.');
    // Streamed from the store (directory or bucket) after the checks above: the access rules are the same for both.
    const object = await assets.read(segmentKey(campaignId, segmentId, file)).catch((err: unknown) => {
      throw new HTTPException(503, {
        message: 'The asset store does not answer right now; try again in a minute.',
        cause: err,
      });
    });
    if (!object) throw new ApiError(404, 'No such asset.');
    const body = Readable.toWeb(object.body) as ReadableStream;
    return new Response(body, { headers: { 'content-type': type, 'content-length': String(object.size) } });
  });
  return app;
}
