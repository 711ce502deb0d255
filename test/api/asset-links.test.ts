// Signed asset links across a secrets key rotation: a link delivered before it keeps working while the old key is
// still listed after the new one, and stops once the old key is dropped.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { errorResponse } from '../../api/errors.ts';
import { assetRoutes } from '../../api/routes/assets.ts';
import { ASSET_LINK_PURPOSE, DELIVERY_LINK_SECONDS, signAssetUrl } from '../../channels/asset-urls.ts';
import { createPool, type Pool } from '../../db/pool.ts';
import { createSecretBox } from '../../db/secrets.ts';

let pool: Pool;
let outDir: string;
beforeAll(async () => {
  pool = createPool(inject('pgliteUrl'), 2);
  outDir = await mkdtemp(join(tmpdir(), 'asset-links-'));
  await mkdir(join(outDir, 'c1', 's1'), { recursive: true });
  await writeFile(join(outDir, 'c1', 's1', 'captions.vtt'), 'WEBVTT\n');
});
afterAll(() => pool?.end());

const app = (keys: Buffer[]) =>
  new Hono()
    .route('/assets', assetRoutes({ pool, outDir, secrets: createSecretBox(keys), temporal: undefined as never }))
    .onError(errorResponse);

describe('signed asset links after a secrets key rotation', () => {
  it('accepts a link signed with the previous key while it is listed second, and refuses it once dropped', async () => {
    const [before, after] = [randomBytes(32), randomBytes(32)];
    const path = '/assets/c1/s1/captions.vtt';
    const link = signAssetUrl(
      createSecretBox([before]).deriveKey(ASSET_LINK_PURPOSE),
      'http://klartext.test',
      path,
      Date.now() / 1000,
      DELIVERY_LINK_SECONDS,
    );
    const rotated = await app([after, before]).request(link);
    expect(rotated.status).toBe(200);
    expect(await rotated.text()).toBe('WEBVTT\n');
    const dropped = await app([after]).request(link);
    expect(dropped.status).toBe(403);
    expect(await dropped.text()).toMatch(/signature does not match/);
  });
});
