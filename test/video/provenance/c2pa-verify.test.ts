// `klartext verify` reports the Content Credentials embedded in a video: signer, intact or not, the AI marking.
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { verifyVideo } from '../../../cli/commands/verify.ts';
import { DEV_CERT_NAME, loadOrCreateC2paCredentials } from '../../../video/provenance/c2pa-cert.ts';
import { embedContentCredentials } from '../../../video/provenance/c2pa.ts';
import { resolveFfmpeg } from '../../../video/render/ffmpeg.ts';
import { tempDir } from './fixture.ts';

let video: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  const dir = await tempDir('c2pa-verify-');
  video = join(dir, 'video.mp4');
  execFileSync(resolveFfmpeg().ffmpeg, [
    ...['-y', '-loglevel', 'error', '-f', 'lavfi', '-i', 'color=c=navy:s=160x90:d=1'],
    ...['-c:v', 'libx264', '-pix_fmt', 'yuv420p', video],
  ]);
  await embedContentCredentials({
    videoPath: video,
    credentials: await loadOrCreateC2paCredentials({ dataDir: dir }),
    digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
    title: 'Video',
    campaignId: 'c',
    segmentId: 's',
    scriptSha256: 'c'.repeat(64),
    manifestUrl: 'http://127.0.0.1/api/provenance/{sha256}',
    generator: { name: 'klartext', version: '0.0.0' },
  });
  env = { KLARTEXT_DATA_DIR: await tempDir('c2pa-verify-data-') };
});
afterEach(() => {
  vi.restoreAllMocks();
});

async function c2paCheck(path: string, json: boolean): Promise<{ lines: string; report: Record<string, unknown> }> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  await verifyVideo(path, { json }, env);
  const lines = log.mock.calls.map((c) => String(c[0])).join('\n');
  return { lines, report: json ? (JSON.parse(lines) as Record<string, unknown>) : {} };
}

describe('klartext verify (Content Credentials)', () => {
  it('reports valid credentials with their signer, trust and AI marking', async () => {
    const { lines } = await c2paCheck(video, false);
    expect(lines).toContain(
      `ok    c2pa       C2PA valid, signed by ${DEV_CERT_NAME} (issuer klartext), certificate not on a C2PA trust ` +
        'list; AI-generated (IPTC trainedAlgorithmicMedia)',
    );
  });

  it('fails the check for a video changed after signing, and says so in JSON', async () => {
    const bytes = await readFile(video);
    const at = bytes.indexOf(Buffer.from('mdat')) + 64;
    bytes[at] = (bytes[at] as number) ^ 0xff;
    const changed = join(await tempDir('c2pa-verify-changed-'), 'video.mp4');
    await writeFile(changed, bytes);
    const { report } = await c2paCheck(changed, true);
    const check = (report.checks as { name: string; ok: boolean; detail: string }[]).find((c) => c.name === 'c2pa');
    expect(check?.ok).toBe(false);
    expect(check?.detail).toMatch(/^C2PA invalid, signed by klartext development certificate.*mismatch/);
    expect(report.contentCredentials).toMatchObject({ present: true, valid: false, aiGenerated: true });
    expect(report.authentic).toBe(false);
  });

  it('passes a video without credentials, saying none are embedded', async () => {
    const plain = join(await tempDir('c2pa-verify-plain-'), 'video.mp4');
    await writeFile(plain, Buffer.alloc(1024, 1));
    const { lines } = await c2paCheck(plain, false);
    expect(lines).toMatch(/^ok {4}c2pa {7}no Content Credentials embedded/m);
  });
});
