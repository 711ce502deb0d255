// The public video check in-process: each verdict (genuine, unknown, retracted, replaced, invalid), inputs, headers, QR.
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AppDeps } from '../../api/deps.ts';
import { createCampaign } from '../../db/campaign-repo.ts';
import { createPool, type Pool } from '../../db/pool.ts';
import { recordProvenance, setProvenanceStatus } from '../../db/provenance-repo.ts';
import { createSite } from '../../server/site.ts';
import { CHECK, type CheckKey } from '../../web/i18n/check.ts';
import type { SigningKey } from '../../video/provenance/keys.ts';
import { signManifest } from '../../video/provenance/manifest.ts';
import { CLAIM, signedVideo, tempDir, testKey } from '../video/provenance/fixture.ts';
import { testBrief, testSegment } from '../support/fixtures.ts';

let pool: Pool;
let key: SigningKey;
let outDir: string;
let site: Hono;

beforeAll(async () => {
  pool = createPool(inject('pgliteUrl'), 2);
  key = await testKey();
  outDir = await tempDir('check-out-');
  const deps = { pool, temporal: {} as AppDeps['temporal'], outDir, provenanceKey: key.publicKey };
  site = createSite(deps);
});
afterAll(() => pool?.end());

/** A campaign with one segment and one published (endorsed) video of random bytes. */
async function published(signingKey: SigningKey = key) {
  const campaignId = `check-${randomBytes(4).toString('hex')}`;
  const brief = testBrief({ title: 'Herbstkampagne <2026>', agency: 'Bundesinstitut für Testzwecke' });
  await createCampaign(pool, {
    id: campaignId,
    brief,
    segments: [testSegment('seniors', { label: 'Menschen ab 75' })],
    claims: [CLAIM],
  });
  const video = await signedVideo(signingKey, { campaignId });
  await recordProvenance(pool, {
    videoSha256: video.manifest.video.sha256,
    campaignId,
    segmentId: 'seniors',
    manifest: video.manifest,
  });
  return { campaignId, sha: video.manifest.video.sha256, bytes: video.bytes };
}

const get = (path: string, lang = 'de-DE,de;q=0.9') => site.request(path, { headers: { 'accept-language': lang } });
const verdictOf = (page: string) => /data-verdict="([a-z]+)"/.exec(page)?.[1];

describe('GET /check', () => {
  it('serves the form without login, in the browser’s language, with a policy allowing only its own script', async () => {
    const res = await get('/check');
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('<html lang="de">');
    expect(page).toContain('Video prüfen');
    expect(page).toMatch(/<script src="\/static\/check\.js\?v=[0-9a-f]{10}" defer><\/script>/);
    expect(res.headers.get('content-security-policy')).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'",
    );
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await (await get('/check?lang=en')).text()).toContain('<html lang="en">');
  });

  it('says a published video is genuine and current: when, by whom, for whom, its claims and sources', async () => {
    const { sha } = await published();
    const page = await (await get(`/check?v=${sha}`)).text();
    expect(verdictOf(page)).toBe('endorsed');
    expect(page).toContain('Echt und gültig');
    expect(page).toContain('Bundesinstitut für Testzwecke');
    expect(page).toContain('Herbstkampagne &lt;2026&gt;');
    expect(page).toContain('Menschen ab 75');
    expect(page).toContain('20. Nov. 2026');
    expect(page).toContain(CLAIM.text.de);
    expect(page).toContain(`<a href="${CLAIM.source.url}" rel="noopener noreferrer">${CLAIM.source.title}</a>`);
    expect(page).toContain('data-content-credentials="not-available"');
    expect(page).toContain(sha);
  });

  it('finds the fingerprint in uppercase, in a check link, in a link to another site’s check, and at /c/<sha>', async () => {
    const { sha } = await published();
    for (const v of [sha.toUpperCase(), `http://localhost/check?v=${sha}`, `https://elsewhere.example/v/${sha}.mp4`]) {
      expect(verdictOf(await (await get(`/check?v=${encodeURIComponent(v)}`)).text()), v).toBe('endorsed');
    }
    const short = await get(`/c/${sha}`);
    expect(short.status).toBe(302);
    expect(short.headers.get('location')).toBe(`/check?v=${sha}`);
    expect((await get('/c')).headers.get('location')).toBe('/check');
  });

  it('says a file the agency never published (a tampered copy) is not from the agency', async () => {
    const { bytes } = await published();
    const tampered = Buffer.from(bytes);
    tampered[100] = tampered[100]! ^ 0xff;
    const sha = (await import('node:crypto')).createHash('sha256').update(tampered).digest('hex');
    const page = await (await get(`/check?v=${sha}`, 'en')).text();
    expect(verdictOf(page)).toBe('unknown');
    expect(page).toContain('Not published by the agency');
  });

  it('says a retracted video is genuine but retracted, with the agency’s reason escaped', async () => {
    const { sha } = await published();
    await setProvenanceStatus(pool, sha, 'retracted', 'Recommendation changed <b>today</b>');
    const page = await (await get(`/check?v=${sha}&lang=en`)).text();
    expect(verdictOf(page)).toBe('retracted');
    expect(page).toContain('Genuine, but retracted');
    expect(page).toContain('Recommendation changed &lt;b&gt;today&lt;/b&gt;');
    expect(page).toContain('Status last changed');
  });

  it('says a replaced video is genuine but replaced and links to the check of the new one', async () => {
    const { sha } = await published();
    const newer = 'e'.repeat(64);
    await setProvenanceStatus(pool, sha, 'replaced', 'replaced by a new video of the same segment', newer);
    const page = await (await get(`/check?v=${sha}&lang=en`)).text();
    expect(verdictOf(page)).toBe('replaced');
    expect(page).toContain(`<a href="/check?lang=en&v=${newer}">Check the new version</a>`);
  });

  it('shows the Content Credentials the signed manifest records: the development certificate as not trusted', async () => {
    for (const [development, state] of [
      [true, 'untrusted'],
      [false, 'signed'],
    ] as const) {
      const campaignId = `check-cc-${randomBytes(4).toString('hex')}`;
      const video = await signedVideo(key, { campaignId });
      const { signature: _, ...content } = video.manifest;
      const contentCredentials = { signer: 'Agency C2PA signer', issuer: 'Agency CA', development, aiGenerated: true };
      const manifest = signManifest({ ...content, contentCredentials }, key);
      const sha = manifest.video.sha256;
      await recordProvenance(pool, { videoSha256: sha, campaignId, segmentId: 'seniors', manifest });
      const page = await (await get(`/check?v=${sha}&lang=en`)).text();
      expect(page).toContain(`data-content-credentials="${state}"`);
      expect(page).toContain('Agency C2PA signer');
      expect(page).toContain('Agency CA');
      expect(page).toMatch(/Marked as AI-generated<\/dt>\s*<dd>yes<\/dd>/);
    }
  });

  it('refuses to vouch for a record whose manifest another key signed', async () => {
    const other = await testKey();
    const { sha } = await published(other);
    expect(verdictOf(await (await get(`/check?v=${sha}`)).text())).toBe('invalid');
  });

  it('hashes the file behind a pasted link to this site’s asset store, and fetches no other site', async () => {
    const { campaignId, sha, bytes } = await published();
    await mkdir(join(outDir, campaignId, 'seniors'), { recursive: true });
    await writeFile(join(outDir, campaignId, 'seniors', 'video.mp4'), bytes);
    const link = `http://localhost/assets/${campaignId}/seniors/video.mp4?exp=1&sig=x`;
    const page = await (await get(`/check?v=${encodeURIComponent(link)}`)).text();
    expect(verdictOf(page)).toBe('endorsed');
    expect(page).toContain(sha);

    const foreign = await get(`/check?v=${encodeURIComponent('https://video.example/clip.mp4')}&lang=en`);
    expect(foreign.status).toBe(400);
    expect(await foreign.text()).toContain('This page does not fetch videos from other websites');
    const missing = await get(`/check?v=${encodeURIComponent('http://localhost/assets/none/none/video.mp4')}&lang=en`);
    expect(await missing.text()).toContain('There is no video of this site at that link');
  });

  it('redirects the short address only within the site, whatever follows it', async () => {
    for (const path of ['/c/%2F%2Fevil.example', '/c/https:%2F%2Fevil.example', '/c?v=%2F%2Fevil.example']) {
      const location = (await get(path)).headers.get('location') ?? '';
      expect(location, path).toMatch(/^\/check\?v=[^/]/);
    }
    expect(await (await get('/check?lang=xx', 'en')).text()).toContain('<html lang="en">');
  });

  it('answers 400 with a way forward for empty, unrecognised and overlong input, and echoes it escaped', async () => {
    expect(await (await get('/check?v=&lang=en')).text()).toContain('Please choose a video file');
    const odd = await get(`/check?v=${encodeURIComponent('"><script>x</script>')}&lang=en`);
    expect(odd.status).toBe(400);
    const text = await odd.text();
    expect(text).toContain('neither a link nor a fingerprint');
    expect(text).not.toContain('<script>x');
    expect(await (await get(`/check?v=${'x'.repeat(1500)}&lang=en`)).text()).toContain('The input is too long');
  });
});

describe('check page assets', () => {
  it('serves its script and a QR code of the short address as SVG and PNG', async () => {
    const js = await get('/static/check.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await js.text()).toContain("crypto.subtle.digest('SHA-256'");
    const svg = await get('/check/qr.svg?lang=en');
    expect(svg.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(await svg.text()).toContain('<title>QR code with the address of this page</title>');
    const png = await get('/check/qr.png?size=256');
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(
      Buffer.from(await png.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    const bad = await get('/check/qr.png?size=huge');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { message: expect.stringMatching(/size.*64 to 2048/) } });
  });

  it('prints the short address of KLARTEXT_PUBLIC_URL when one is configured', async () => {
    const withUrl = createSite({
      pool,
      temporal: {} as AppDeps['temporal'],
      outDir,
      provenanceKey: key.publicKey,
      proxy: { trustProxy: false, publicUrl: 'https://impfen.example.org/' },
    });
    const page = await (await withUrl.request('/check?lang=en')).text();
    expect(page).toContain('Short address: https://impfen.example.org/c');
  });
});

describe('check catalog', () => {
  it('has a non-empty German text with the same placeholders for every English one', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    expect(Object.keys(CHECK.de).sort()).toEqual(Object.keys(CHECK.en).sort());
    for (const [key, en] of Object.entries(CHECK.en)) {
      const de = CHECK.de[key as CheckKey];
      expect(de.trim(), key).not.toBe('');
      expect(placeholders(de), key).toEqual(placeholders(en));
    }
  });
});
