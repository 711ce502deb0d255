// A reviewer signs off a segment entirely in the browser: log in, queue, evidence, change request, signed approval.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../db/user-repo.ts';
import { campaignWorkflowId } from '../../../shared/task-queues.ts';
import { createHarness, eventually, TEST_PASSWORD as PASSWORD, type Harness } from '../../support/harness.ts';
import { hasAxe, seriousViolations } from './a11y.ts';
import { ARTIFACTS, launchChromium, startSite } from './stack.ts';

let h: Harness;
let site: Awaited<ReturnType<typeof startSite>>;
let browser: Browser;
let campaignId: string;
const checked: string[] = [];

beforeAll(async () => {
  h = await createHarness();
  await h.startWorkers();
  site = await startSite({ pool: h.pool, temporal: h.client, outDir: h.outDir });
  browser = await launchChromium();
  const example = await h.example({ segments: 2 });
  // Short wordings, so scenes that cite a claim show a key fact on screen (and the review page shows it).
  const claims = example.claims.map((c) => (c.text.de ? { ...c, shortText: { de: `Kurz: ${c.id}.` } } : c));
  campaignId = await h.launch({ ...example, claims });
});
afterAll(async () => {
  await browser?.close();
  await h?.client.workflow
    .getHandle(campaignWorkflowId(campaignId))
    .terminate('test done')
    .catch(() => undefined);
  await site?.stop();
  await h?.close();
  console.log(`Accessibility (${hasAxe ? 'axe-core' : 'built-in checks'}) passed on: ${checked.join(', ')}`);
});

/** Saves a full-page screenshot and fails on serious or critical accessibility violations. */
async function record(page: Page, name: string) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  expect(await seriousViolations(page), `accessibility of ${name}`).toEqual([]);
  checked.push(name);
}

async function logIn(page: Page, userId: string) {
  await page.getByLabel('User name').fill(userId);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/** Waits until the queue lists `href` in review round `round`. */
async function waitInQueue(page: Page, href: string, round: number) {
  const row = page.locator('table.queue tbody tr', { has: page.locator(`a[href="${href}"]`) });
  await eventually(
    async () => {
      await page.goto(`${site.url}/queue?campaign=${href.split('/')[2]}`);
      return (await row.count()) > 0 && (await row.locator('td.num').textContent())?.trim() === String(round)
        ? true
        : undefined;
    },
    120_000,
    `${href} in the queue in round ${round}`,
  );
}

describe('reviewer workspace in Chromium', () => {
  it('lets a reviewer request a change and then sign off the redraft', async () => {
    const reviewerId = `dr-browser-${randomBytes(3).toString('hex')}`;
    await createUser(h.pool, {
      id: reviewerId,
      displayName: 'Dr. Ada Berg',
      role: 'medical_reviewer',
      password: PASSWORD,
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, bypassCSP: true });

    await page.goto(`${site.url}/queue`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await record(page, 'login');
    await logIn(page, reviewerId);
    await page.waitForURL(/\/queue$/);
    // This campaign's part of the queue: earlier files' campaigns, stopped mid-review, leave items waiting there.
    await page.goto(`${site.url}/queue?campaign=${campaignId}`);
    await eventually(
      async () => {
        await page.reload();
        return (await page.locator(`table.queue a[href^="/review/${campaignId}/"]`).count()) === 2 ? true : undefined;
      },
      120_000,
      'both segments in the queue',
    );
    await record(page, 'queue');

    const since = await page
      .locator('table.queue tbody time')
      .evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime')));
    expect(since).toEqual([...since].sort());
    // The oldest item is the first row.
    const oldest = page.locator('table.queue tbody tr').first().locator('th a');
    const href = (await oldest.getAttribute('href'))!;
    await oldest.click();
    await page.waitForURL(`**${href}`);
    const claimLink = page.locator('a.claim-link').first();
    const claimId = (await claimLink.getAttribute('href'))!.slice(1);
    await claimLink.click();
    const evidence = page.locator(`[id="${claimId}"]`);
    expect(await evidence.isVisible()).toBe(true);
    expect(await evidence.locator('blockquote').textContent()).toBeTruthy();
    expect(await evidence.locator('a[rel="noopener noreferrer"]').getAttribute('href')).toMatch(/^https:\/\//);
    await page.goto(`${site.url}${href}`);
    // Every scene says what is on screen, apart from the narration; a key fact names the claim it is the wording of.
    const scenes = page.locator('li.scene');
    expect(await page.getByRole('heading', { name: /^On-screen text/ }).count()).toBe(await scenes.count());
    const fact = page.locator('li.scene .key-fact').first();
    expect(await fact.isVisible()).toBe(true);
    const factClaim = (await fact.locator('a.claim-link').getAttribute('href'))!.slice('#claim-'.length);
    expect(await fact.locator('dd p').first().textContent()).toBe(`Kurz: ${factClaim}.`);
    await record(page, 'review');

    await page.getByLabel('Request changes').check();
    await page.getByLabel(/^Scene 1/).fill('Please open with the recommendation for people aged 75 and over.');
    // An edit the next version makes without a model: the first sentence of scene 2 goes.
    const dropped = (await page.locator('#s2-1 td.sentence > span').textContent())!.trim();
    await page.getByLabel('Edits', { exact: true }).fill('drop 2.1');
    await page.getByRole('button', { name: 'Submit decision' }).click();
    await page.waitForURL(/done=changes-requested/);
    expect(await page.getByRole('status').textContent()).toContain('change request was recorded');

    await waitInQueue(page, href, 2);
    await page.locator(`a[href="${href}"]`).click();
    await page.waitForURL(`**${href}`);
    expect(await page.locator('#changes').isVisible()).toBe(true);
    expect(await page.locator('#changes li.diff-removed del').first().textContent()).toContain(dropped);
    await record(page, 'review-round-2');

    await page.getByLabel('Approve and sign').check();
    await page.getByLabel(/^Password/).fill(PASSWORD);
    await page.getByRole('button', { name: 'Submit decision' }).click();
    await page.waitForURL(/done=approved/);
    expect(await page.getByRole('status').textContent()).toContain('approval was signed');

    const segmentId = decodeURIComponent(href.split('/').at(-1)!);
    const status = await eventually(
      async () => {
        const summary = await h.manager.get<{ segments: { segmentId: string; status: string }[] }>(
          `/api/campaigns/${campaignId}`,
        );
        const s = summary.segments.find((x) => x.segmentId === segmentId)?.status;
        return s === 'VIDEO_REVIEW' ? s : undefined;
      },
      90_000,
      'the rendered video waiting for its check',
    );
    expect(status).toBe('VIDEO_REVIEW');

    // The video check: the same page now shows the render and asks for a signed acceptance.
    await page.goto(`${site.url}${href}`);
    expect(await page.locator('video track[kind="captions"]').count()).toBe(1);
    await record(page, 'video-review');
    await page.getByLabel('Accept and sign').check();
    await page.getByLabel(/^Password/).fill(PASSWORD);
    await page.getByRole('button', { name: 'Submit decision' }).click();
    await page.waitForURL(/done=video-accepted/);
    expect(await page.getByRole('status').textContent()).toContain('acceptance of the video was signed');
  }, 240_000);

  it('shows the campaign manager their campaign per stage, and the rendered video with captions', async () => {
    const owner = await h.pool.query(`SELECT created_by FROM campaigns WHERE id = $1`, [campaignId]);
    const managerId: string = owner.rows[0].created_by;
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    await page.goto(`${site.url}/login`);
    await logIn(page, managerId);
    await page.waitForURL(/\/dashboard$/);
    await record(page, 'dashboard');
    await page.locator(`a[href="/campaigns/${campaignId}"]`).click();
    const published = await eventually(
      async () => {
        await page.reload();
        const link = page.locator('a', { hasText: /^Video/ }).first();
        return (await link.count()) > 0
          ? page.locator('tr', { has: link }).locator('th a').getAttribute('href')
          : undefined;
      },
      120_000,
      'a rendered video',
    );
    await record(page, 'campaign');
    await page.goto(`${site.url}${published}`);
    expect(await page.locator('video track[kind="captions"][default]').count()).toBe(1);
    await record(page, 'review-published');
  }, 180_000);
});
