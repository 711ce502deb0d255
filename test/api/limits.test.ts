// Upload limit: a respondent file over KLARTEXT_MAX_UPLOAD_BYTES is refused with 413 and leaves nothing on disk.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { upsertUserWithToken } from '../../db/user-repo.ts';
import { createHarness, type Harness } from '../support/harness.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const LIMIT = 64 * 1024;
let h: Harness;
let outDir: string;
let auth: { authorization: string };
let campaignId: string;

beforeAll(async () => {
  h = await createHarness();
  outDir = await mkdtemp(join(tmpdir(), 'klartext-limits-'));
  const token = await upsertUserWithToken(h.pool, {
    id: `lim-m-${randomBytes(3).toString('hex')}`,
    displayName: 'M',
    role: 'campaign_manager',
  });
  auth = { authorization: `Bearer ${token}` };
  const example = await h.example({ segments: 1 });
  campaignId = `lim-${randomBytes(4).toString('hex')}`;
  const app = createApp({ pool: h.pool, temporal: h.client, outDir, secrets: h.secrets, allowHttpLoopback: true });
  const brief = { campaignId, brief: example.brief, segments: [], claims: example.claims, launch: false };
  const created = await app.request('/api/campaigns', { method: 'POST', headers: auth, body: JSON.stringify(brief) });
  expect(created.status).toBe(201);
  const spec = await readFile(join(ROOT, 'examples', 'hps-week22', 'segmentation.yaml'), 'utf8');
  const put = await app.request(`/api/campaigns/${campaignId}/segmentation`, {
    method: 'PUT',
    headers: auth,
    body: JSON.stringify({ spec }),
  });
  expect(put.status).toBe(200);
}, 120_000);
afterAll(async () => {
  await h?.close();
  await rm(outDir, { recursive: true, force: true });
});

/** A body of `bytes` bytes sent as a stream without a declared length, in 16 KiB chunks. */
function streamed(bytes: number): ReadableStream<Uint8Array> {
  let left = bytes;
  return new ReadableStream({
    pull(controller) {
      const n = Math.min(left, 16 * 1024);
      left -= n;
      if (n > 0) controller.enqueue(new Uint8Array(n).fill(0x61));
      else controller.close();
    },
  });
}

describe('segment-set upload limit', () => {
  const upload = (body: ReadableStream<Uint8Array> | Uint8Array) =>
    createApp({ pool: h.pool, temporal: h.client, outDir, maxUploadBytes: LIMIT }).request(
      `/api/campaigns/${campaignId}/segment-sets?name=big.csv`,
      { method: 'POST', headers: { ...auth, 'content-type': 'text/csv' }, body, duplex: 'half' } as RequestInit,
    );

  it('refuses a streamed upload over the configured limit with 413 and removes what was written', async () => {
    const res = await upload(streamed(LIMIT * 4));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { message: expect.stringContaining(`${LIMIT}-byte limit`) } });
    expect(await readdir(join(outDir, '.uploads')).catch(() => [])).toEqual([]);
  });

  it('refuses an upload whose declared length is over the limit before writing anything', async () => {
    const res = await upload(new Uint8Array(LIMIT + 1));
    expect(res.status).toBe(413);
    expect(await readdir(join(outDir, '.uploads')).catch(() => [])).toEqual([]);
  });
});
