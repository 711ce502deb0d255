// The public video check in Chromium under its own CSP: a genuine (with Content Credentials), a tampered and a
// retracted MP4; nothing uploaded.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AppDeps } from '../../../api/deps.ts';
import { claimSha256, createCampaign } from '../../../db/campaign-repo.ts';
import { createPool, type Pool } from '../../../db/pool.ts';
import { recordProvenance, setProvenanceStatus } from '../../../db/provenance-repo.ts';
import { findFfmpeg } from '../../../video/render/ffmpeg.ts';
import { loadOrCreateC2paCredentials } from '../../../video/provenance/c2pa-cert.ts';
import { embedContentCredentials } from '../../../video/provenance/c2pa.ts';
import { buildProvenanceContent } from '../../../video/provenance/content.ts';
import type { SigningKey } from '../../../video/provenance/keys.ts';
import { signManifest } from '../../../video/provenance/manifest.ts';
import { testBrief, testSegment } from '../../support/fixtures.ts';
import { CLAIM, tempDir, testKey } from '../../video/provenance/fixture.ts';
import { englishLeftovers } from '../i18n-leftovers.ts';
import { hasAxe, seriousViolations } from './a11y.ts';
import { ARTIFACTS, launchChromium, startSite } from './stack.ts';

let pool: Pool;
let key: SigningKey;
let site: Awaited<ReturnType<typeof startSite>>;
let browser: Browser;
let dir: string;
const campaignId = `check-browser-${randomBytes(3).toString('hex')}`;
const RETRACTION = 'Die Empfehlung wurde geändert; bitte nicht mehr verbreiten.';

/** A real one-second MP4 (test pattern, a tone), different for each `seed`. */
function renderMp4(path: string, seed: number) {
  const { ffmpeg } = findFfmpeg({ warn: () => undefined });
  execFileSync(ffmpeg, [
    ...['-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc=size=320x180:rate=10:duration=1`],
    ...['-f', 'lavfi', '-i', `sine=frequency=${400 + seed * 100}:duration=1`],
    ...['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', path],
  ]);
}

/** Publishes a rendered MP4 as the segment's video: its signed manifest recorded as endorsed. */
async function publish(path: string, segmentId: string): Promise<string> {
  const bytes = await readFile(path);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const scriptSha256 = randomBytes(32).toString('hex');
  const content = buildProvenanceContent({
    campaignId,
    segmentId,
    video: { sha256, sizeBytes: bytes.length, durationSeconds: 1 },
    scriptSha256,
    citedClaimIds: [CLAIM.id],
    claims: [{ ...CLAIM, sha256: claimSha256(CLAIM) }],
    signatures: [
      {
        campaignId,
        segmentId,
        round: 1,
        reviewerId: 'dr-check',
        reviewerName: 'Dr. Check',
        role: 'medical_reviewer',
        meaning: 'Ich bestätige die medizinische Richtigkeit.',
        scriptSha256,
        claimSetSha256: 'b'.repeat(64),
        contentSha256: 'c'.repeat(64),
        signedAt: '2026-11-20T10:00:00.000Z',
      },
    ],
    generator: { renderer: 'local', scriptProvider: 'local' },
    createdAt: '2026-11-20T11:00:00.000Z',
  });
  await recordProvenance(pool, { videoSha256: sha256, campaignId, segmentId, manifest: signManifest(content, key) });
  return sha256;
}

const files = { genuine: '', tampered: '', retracted: '' };

beforeAll(async () => {
  pool = createPool(inject('pgliteUrl'), 2);
  key = await testKey();
  dir = await tempDir('check-browser-');
  await createCampaign(pool, {
    id: campaignId,
    brief: testBrief({ title: 'Herbstkampagne', agency: 'Bundesinstitut für Testzwecke' }),
    segments: [
      testSegment('seniors', { label: 'Menschen ab 75' }),
      testSegment('parents', { label: 'Young parents', language: 'en' }),
    ],
    claims: [CLAIM],
  });
  files.genuine = join(dir, 'genuine.mp4');
  files.retracted = join(dir, 'retracted.mp4');
  files.tampered = join(dir, 'tampered.mp4');
  renderMp4(files.genuine, 1);
  renderMp4(files.retracted, 2);
  // The genuine video carries Content Credentials (development certificate) and lies in the asset store, as rendered.
  await embedContentCredentials({
    videoPath: files.genuine,
    credentials: await loadOrCreateC2paCredentials({ dataDir: dir }),
    digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
    title: 'Herbstkampagne',
    campaignId,
    segmentId: 'seniors',
    scriptSha256: 'a'.repeat(64),
    manifestUrl: 'http://127.0.0.1/api/provenance/{sha256}',
    generator: { name: 'klartext', version: 'test' },
  });
  await mkdir(join(dir, campaignId, 'seniors'), { recursive: true });
  await copyFile(files.genuine, join(dir, campaignId, 'seniors', 'video.mp4'));
  await publish(files.genuine, 'seniors');
  const retracted = await publish(files.retracted, 'parents');
  await setProvenanceStatus(pool, retracted, 'retracted', RETRACTION);
  // The genuine file with one byte of its picture data changed: it still plays, but is not what was published.
  const tampered = Buffer.from(await readFile(files.genuine));
  tampered[tampered.length - 200] = tampered[tampered.length - 200]! ^ 0x01;
  await writeFile(files.tampered, tampered);

  const deps = { pool, temporal: {} as AppDeps['temporal'], outDir: dir, provenanceKey: key.publicKey };
  site = await startSite(deps);
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await site?.stop();
  await pool?.end();
});

/** A page that enforces the site's CSP (the check's own script must work under it) and records every request. */
async function openCheck(locale: string): Promise<{ context: BrowserContext; page: Page; requests: string[] }> {
  const context = await browser.newContext({ locale, viewport: { width: 1024, height: 900 } });
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    requests.push(
      `${r.method()} ${url.origin === site.url ? '' : url.origin}${url.pathname}${url.search} ${r.postData() ?? ''}`.trim(),
    );
  });
  await page.goto(`${site.url}/check`);
  return { context, page, requests };
}

async function chooseFile(page: Page, path: string) {
  await Promise.all([page.waitForURL(/\/check\?lang=\w+&v=[0-9a-f]{64}$/), page.setInputFiles('#check-file', path)]);
}

/** No serious accessibility violation on the page as shown (axe runs in a context that lets it inject itself). */
async function accessible(url: string, locale: string, name: string) {
  const context = await browser.newContext({ locale, bypassCSP: true, viewport: { width: 1024, height: 900 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.screenshot({ path: join(ARTIFACTS, `check-${name}.png`), fullPage: true });
  expect(await seriousViolations(page), `accessibility of ${name} (${hasAxe ? 'axe-core' : 'built-in'})`).toEqual([]);
  await context.close();
}

describe('video check in Chromium', () => {
  it('hashes a genuine MP4 in the browser and says it is genuine and current, for whom, with its sources', async () => {
    const { context, page, requests } = await openCheck('de-DE');
    await expect.poll(() => page.locator('#file-panel').isVisible()).toBe(true);
    await chooseFile(page, files.genuine);
    const verdict = page.locator('#verdict');
    await expect.poll(() => verdict.getAttribute('data-verdict')).toBe('endorsed');
    expect(await verdict.textContent()).toContain('Echt und gültig');
    const main = (await page.locator('main').textContent()) ?? '';
    for (const text of ['Bundesinstitut für Testzwecke', 'Menschen ab 75', CLAIM.text.de, CLAIM.source.title]) {
      expect(main).toContain(text);
    }
    // The development certificate signs validly but is on no trust list, and says what it is.
    expect(await page.locator('[data-content-credentials]').getAttribute('data-content-credentials')).toBe('untrusted');
    expect(main).toContain('klartext development certificate — not trusted');
    expect(main).toMatch(/Als KI-erzeugt gekennzeichnet\s*ja/);
    expect(englishLeftovers(main)).toEqual([]);
    // Only the fingerprint left the browser: every request a GET without a body, none to another origin.
    expect(requests.every((r) => r.startsWith('GET /'))).toBe(true);
    expect(requests.some((r) => r.startsWith('GET /check?lang=de&v='))).toBe(true);
    await context.close();
    await accessible(page.url(), 'de-DE', 'genuine-de');
  });

  it('says a tampered copy dropped on the page was not published by the agency', async () => {
    const { context, page } = await openCheck('en-GB');
    const bytes = (await readFile(files.tampered)).toString('base64');
    // A string, not a function: the project's TypeScript has no DOM library.
    const drop = await page.evaluateHandle(`(() => {
      const data = Uint8Array.from(atob(${JSON.stringify(bytes)}), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([data], 'tampered.mp4', { type: 'video/mp4' }));
      return transfer;
    })()`);
    await Promise.all([
      page.waitForURL(/v=[0-9a-f]{64}$/),
      page.dispatchEvent('#file-panel', 'drop', { dataTransfer: drop }),
    ]);
    const verdict = page.locator('#verdict');
    expect(await verdict.getAttribute('data-verdict')).toBe('unknown');
    expect(await verdict.textContent()).toContain('Not published by the agency');
    await context.close();
    await accessible(page.url(), 'en-GB', 'tampered-en');
  });

  it('says a retracted video is genuine but retracted, with the reason, in English and German', async () => {
    const { context, page } = await openCheck('en-GB');
    await chooseFile(page, files.retracted);
    const verdict = page.locator('#verdict');
    expect(await verdict.getAttribute('data-verdict')).toBe('retracted');
    expect(await verdict.textContent()).toContain('Genuine, but retracted');
    expect(await verdict.textContent()).toContain(RETRACTION);
    // No copy of this file in the asset store: its credentials cannot be read here, and the page says so.
    expect(await page.locator('[data-content-credentials]').getAttribute('data-content-credentials')).toBe(
      'not-available',
    );
    await Promise.all([page.waitForURL(/lang=de/), page.getByRole('link', { name: 'Deutsch' }).click()]);
    expect(await page.locator('#verdict').textContent()).toContain('Echt, aber zurückgezogen');
    await context.close();
    await accessible(page.url(), 'de-DE', 'retracted-de');
  });

  it('checks a pasted check link without any script and is accessible before a check', async () => {
    const context = await browser.newContext({ locale: 'en-GB', javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${site.url}/check`);
    expect(await page.locator('#file-panel').isVisible()).toBe(false);
    const sha = createHash('sha256')
      .update(await readFile(files.genuine))
      .digest('hex');
    await page.getByLabel('Link or fingerprint (SHA-256)').fill(`${site.url}/c/${sha}`);
    await Promise.all([page.waitForURL(/v=/), page.getByRole('button', { name: 'Check' }).click()]);
    expect(await page.locator('#verdict').getAttribute('data-verdict')).toBe('endorsed');
    await context.close();
    await accessible(`${site.url}/check`, 'en-GB', 'form-en');
  });
});
