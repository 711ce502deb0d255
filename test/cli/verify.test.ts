// `klartext verify` as a channel or citizen runs it: offline with a key, against a server, and on tampered files.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { SigningKey } from '../../video/provenance/keys.ts';
import { errorResponse } from '../../api/errors.ts';
import { provenanceRoutes } from '../../api/routes/provenance.ts';
import { run as klartext } from '../../cli/program.ts';
import { klartextIn } from './run.ts';
import { createPool, type Pool } from '../../db/pool.ts';
import { recordProvenance, setProvenanceStatus } from '../../db/provenance-repo.ts';
import { signedVideo, tempDir, testKey } from '../video/provenance/fixture.ts';

let key: SigningKey & { dataDir: string };
let keyFile: string;
let env: NodeJS.ProcessEnv;
let pool: Pool;
let server: ServerType;
let serverUrl: string;
beforeAll(async () => {
  key = await testKey();
  keyFile = join(key.dataDir, 'public.pem');
  await writeFile(keyFile, key.publicKeyPem);
  // An empty data directory: no local key to fall back on unless a test says so.
  env = { KLARTEXT_DATA_DIR: await tempDir('verify-data-') };
  pool = createPool(inject('pgliteUrl'), 2);
  const app = new Hono().route('/', provenanceRoutes({ pool, publicKeys: [key.publicKey] })).onError(errorResponse);
  await new Promise<void>((ready) => {
    server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => {
      serverUrl = `http://127.0.0.1:${info.port}`;
      ready();
    });
  });
});
afterAll(async () => {
  await new Promise((done) => server?.close(done));
  await pool?.end();
});
afterEach(() => {
  vi.restoreAllMocks();
});

async function run(argv: string[], environment = env): Promise<{ code: number | null; out: string; err: string }> {
  const { code, stdout, stderr } = await klartextIn(['verify', ...argv], { env: environment });
  return { code, out: stdout, err: stderr };
}

describe('klartext verify', () => {
  it('accepts an untouched video offline with --key, reading manifest.json beside it', async () => {
    const v = await signedVideo(key);
    const { code, out } = await run([v.videoPath, '--key', keyFile]);
    expect(code).toBe(0);
    expect(out).toMatch(/^ok {4}video {6}sha256 [0-9a-f]{64} matches the manifest/m);
    expect(out).toContain(`ok    signature  Ed25519 by key ${key.keyId}`);
    expect(out).toContain('AUTHENTIC: flu-2026/seniors, signed 2026-11-20T11:00:00.000Z');
  });

  it('exits 1 for a video with one changed byte', async () => {
    const v = await signedVideo(key);
    v.bytes[100] = (v.bytes[100] ?? 0) ^ 0xff;
    await writeFile(v.videoPath, v.bytes);
    const { code, out } = await run([v.videoPath, '--key', keyFile]);
    expect(code).toBe(1);
    expect(out).toMatch(/^FAIL {2}video {6}sha256 [0-9a-f]{64} differs from the manifest's/m);
    expect(out).toContain('NOT AUTHENTIC: 1 check(s) failed');
  });

  it('exits 1 for a changed manifest or signature, naming the failed check in JSON', async () => {
    const v = await signedVideo(key);
    const manifestPath = join(v.dir, 'elsewhere.json');
    await writeFile(manifestPath, JSON.stringify({ ...v.manifest, segmentId: 'youth' }));
    const changed = await run([v.videoPath, '--manifest', manifestPath, '--key', keyFile, '--json']);
    expect(changed.code).toBe(1);
    const report = JSON.parse(changed.out) as { authentic: boolean; checks: { name: string; ok: boolean }[] };
    expect(report.authentic).toBe(false);
    expect(report.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['signature']);

    const value = v.manifest.signature.value;
    const swapped = `${value.slice(0, 10)}${value[10] === 'x' ? 'y' : 'x'}${value.slice(11)}`;
    await writeFile(
      v.manifestPath,
      JSON.stringify({ ...v.manifest, signature: { ...v.manifest.signature, value: swapped } }),
    );
    expect((await run([v.videoPath, '--key', keyFile])).out).toMatch(/^FAIL {2}signature {2}bad signature/m);
  });

  it('trusts the data directory key when no key or server is given, and fails without any', async () => {
    const v = await signedVideo(key);
    expect((await run([v.videoPath], { KLARTEXT_DATA_DIR: key.dataDir })).code).toBe(0);
    const { code, out } = await run([v.videoPath]);
    expect(code).toBe(1);
    expect(out).toContain('FAIL  key        no trusted key: pass --key <public.pem|jwks.json> or --server <url>');
  });

  it('checks key and endorsement against a server, and exits 1 once the video is retracted', async () => {
    const v = await signedVideo(key);
    const sha = v.manifest.video.sha256;
    await recordProvenance(pool, {
      videoSha256: sha,
      campaignId: 'flu-2026',
      segmentId: 'seniors',
      manifest: v.manifest,
    });
    const endorsed = await run([v.videoPath, '--server', serverUrl]);
    expect(endorsed.code).toBe(0);
    expect(endorsed.out).toContain(`ok    status     endorsed by ${serverUrl}`);
    await setProvenanceStatus(pool, sha, 'retracted', 'Empfehlung geändert');
    const retracted = await run([v.videoPath], { ...env, KLARTEXT_API_URL: serverUrl });
    expect(retracted.code).toBe(1);
    expect(retracted.out).toContain('FAIL  status     retracted: Empfehlung geändert');
  });

  it('exits 1 for a signed video the server never published', async () => {
    const v = await signedVideo(key);
    const { code, out } = await run([v.videoPath, '--server', `${serverUrl}/`]);
    expect(code).toBe(1);
    expect(out).toContain(`FAIL  status     unknown to ${serverUrl}: it never published this video`);
  });

  it('refuses a missing video argument with exit 2 and a missing video file with a clear error', async () => {
    expect(await run([])).toMatchObject({
      code: 2,
      err: "klartext: missing required argument 'video.mp4' (see 'klartext verify --help')",
    });
    await expect(run(['/nonexistent/video.mp4', '--key', keyFile])).rejects.toThrow(
      'cannot read /nonexistent/video.mp4 (ENOENT); check the path.',
    );
  });

  it('answers the same through the command tree in-process, for programs that verify', async () => {
    const v = await signedVideo(key);
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    expect(await klartext(['verify', v.videoPath, '--key', keyFile], { env })).toBe(0);
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/^AUTHENTIC: /));
  });
});
