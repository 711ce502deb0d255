// A campaign run from the console in Chromium: upload with problems, plan, launch, pause, resume, review, late channel, retract.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCampaign, getSegment } from '../../../db/campaign-repo.ts';
import { findDeliveries } from '../../../db/delivery-repo.ts';
import { createUser } from '../../../db/user-repo.ts';
import { campaignWorkflowId } from '../../../shared/task-queues.ts';
import { createHarness, eventually, TEST_PASSWORD as PASSWORD, type Harness } from '../../support/harness.ts';
import { hasAxe, seriousViolations } from './a11y.ts';
import { ARTIFACTS, launchChromium, startSite } from './stack.ts';

const EXAMPLE = join(import.meta.dirname, '../../../examples/measles-catch-up');

let h: Harness;
let site: Awaited<ReturnType<typeof startSite>>;
let browser: Browser;
let campaignId = '';
let files: { dir: string; broken: string };
const suffix = randomBytes(3).toString('hex');
const managerId = `console-manager-${suffix}`;
const reviewerId = `console-reviewer-${suffix}`;
const first = `console-first-${suffix}`;
const late = `console-late-${suffix}`;
const checked: string[] = [];

beforeAll(async () => {
  h = await createHarness();
  await h.startWorkers();
  site = await startSite({
    pool: h.pool,
    temporal: h.client,
    outDir: h.outDir,
    secrets: h.secrets,
    allowHttpLoopback: true,
  });
  browser = await launchChromium();
  await createUser(h.pool, { id: managerId, displayName: 'Mia Manager', role: 'campaign_manager', password: PASSWORD });
  await createUser(h.pool, {
    id: reviewerId,
    displayName: 'Dr. Rea Review',
    role: 'medical_reviewer',
    password: PASSWORD,
  });
  // The example's folder channel is a path on its author's machine: the upload names a channel added in the console.
  const dir = join(h.outDir, `console-upload-${suffix}`);
  await mkdir(dir, { recursive: true });
  const campaign = await readFile(join(EXAMPLE, 'campaign.yaml'), 'utf8');
  await writeFile(
    join(dir, 'campaign.yaml'),
    campaign.replace(/^channels:\n(?: {2}.*\n)+/m, `channels:\n  - ref: ${first}\n`),
  );
  await writeFile(join(dir, 'claims.yaml'), await readFile(join(EXAMPLE, 'claims.yaml'), 'utf8'));
  const segments = await readFile(join(EXAMPLE, 'segments.csv'), 'utf8');
  await writeFile(join(dir, 'segments.csv'), segments);
  const broken = join(dir, 'broken');
  await mkdir(broken, { recursive: true });
  await writeFile(join(broken, 'segments.csv'), segments.replace(',standard,640,', ',fancy,640,'));
  files = { dir, broken };
});
afterAll(async () => {
  await browser?.close();
  if (campaignId) {
    await h?.client.workflow
      .getHandle(campaignWorkflowId(campaignId))
      .terminate('test done')
      .catch(() => undefined);
  }
  await site?.stop();
  await h?.close();
  console.log(`Accessibility (${hasAxe ? 'axe-core' : 'built-in checks'}) passed on: ${checked.join(', ')}`);
});

/** Saves a full-page screenshot and fails on serious or critical accessibility violations. */
async function record(page: Page, name: string) {
  await page.screenshot({ path: join(ARTIFACTS, `console-${name}.png`), fullPage: true });
  expect(await seriousViolations(page), `accessibility of ${name}`).toEqual([]);
  checked.push(name);
}

async function logIn(page: Page, userId: string) {
  await page.goto(`${site.url}/login`);
  await page.getByLabel('User name').fill(userId);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
}

async function addFolderChannel(page: Page, id: string) {
  await page.goto(`${site.url}/channels`);
  await page.getByLabel('Id', { exact: true }).fill(id);
  await page.getByLabel('Kind').selectOption('folder');
  await page.getByLabel('Folder (absolute path)').fill(join(h.outDir, id));
  await page.getByRole('button', { name: 'Save channel' }).click();
  expect(await page.getByRole('status').textContent()).toContain(`Channel ${id} was saved.`);
}

async function upload(page: Page, segmentsDir: string) {
  await page.goto(`${site.url}/campaigns/new`);
  await page.getByLabel('Campaign file (campaign.yaml)').setInputFiles(join(files.dir, 'campaign.yaml'));
  await page.getByLabel('Segments (segments.csv)').setInputFiles(join(segmentsDir, 'segments.csv'));
  await page.getByLabel('Claims (claims.yaml)').setInputFiles(join(files.dir, 'claims.yaml'));
  await page.getByRole('button', { name: 'Check files and show the plan' }).click();
}

/** Opens a steering action's confirmation from the console, gives the reason, ticks and confirms. */
async function steer(page: Page, action: string, reason: string) {
  await page.goto(`${site.url}/campaigns/${campaignId}/console`);
  await page.getByRole('link', { name: action, exact: true }).click();
  await page.getByLabel(/^Reason/).fill(reason);
  await page.getByLabel('I understand what this does').check();
  await page.getByRole('button', { name: 'Confirm' }).click();
  await page.waitForURL(/\/console\?/);
}

const segmentStatus = async (segmentId: string) => (await getSegment(h.pool, campaignId, segmentId))?.status;

describe('campaign console in Chromium', () => {
  it('runs a campaign from its files to a retraction', async () => {
    const manager = await browser.newPage({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    await logIn(manager, managerId);
    await addFolderChannel(manager, first);
    await addFolderChannel(manager, late);
    await record(manager, 'channels');

    await upload(manager, files.broken);
    const problems = manager.locator('#problems tbody tr');
    expect(await problems.count()).toBeGreaterThan(0);
    expect(await problems.first().locator('code').textContent()).toMatch(/^segments\.csv:2:\d+$/);
    await record(manager, 'upload-problems');

    await upload(manager, files.dir);
    await manager.waitForURL(/\/plan$/);
    campaignId = decodeURIComponent(new URL(manager.url()).pathname.split('/')[2]!);
    expect(await manager.locator('table.plan tbody tr').count()).toBe(4);
    await record(manager, 'plan');
    await manager.getByRole('button', { name: 'Launch campaign' }).click();
    await manager.waitForURL(/done=launched/);
    expect(await manager.getByRole('status').textContent()).toContain('The campaign was launched.');
    await record(manager, 'console');

    await manager.goto(`${site.url}/campaigns/${campaignId}/pause`);
    await record(manager, 'confirm-pause');
    await steer(manager, 'Pause', 'Waiting for the updated catch-up guidance');
    expect((await getCampaign(h.pool, campaignId))?.status).toBe('PAUSED');
    await steer(manager, 'Resume', 'Guidance confirmed');
    expect((await getCampaign(h.pool, campaignId))?.status).toBe('RUNNING');

    // The reviewer signs the script and then the video of one segment, in their own browser session.
    const reviewer = await browser.newPage({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    await logIn(reviewer, reviewerId);
    const link = reviewer.locator(`table.queue a[href^="/review/${campaignId}/"]`).first();
    await eventually(
      async () => {
        await reviewer.goto(`${site.url}/queue`);
        return (await link.count()) > 0 ? true : undefined;
      },
      120_000,
      'a segment of the campaign in the queue',
    );
    const href = (await link.getAttribute('href'))!;
    const segmentId = decodeURIComponent(href.split('/').at(-1)!);
    await reviewer.goto(`${site.url}${href}`);
    await reviewer.getByLabel('Approve and sign').check();
    await reviewer.getByLabel(/^Password/).fill(PASSWORD);
    await reviewer.getByRole('button', { name: 'Submit decision' }).click();
    await reviewer.waitForURL(/done=approved/);
    await eventually(
      async () => ((await segmentStatus(segmentId)) === 'VIDEO_REVIEW' ? true : undefined),
      120_000,
      'the video waiting for its check',
    );
    await reviewer.goto(`${site.url}${href}`);
    await reviewer.getByLabel('Accept and sign').check();
    await reviewer.getByLabel(/^Password/).fill(PASSWORD);
    await reviewer.getByRole('button', { name: 'Submit decision' }).click();
    await reviewer.waitForURL(/done=video-accepted/);
    await eventually(
      async () => ((await segmentStatus(segmentId)) === 'PUBLISHED' ? true : undefined),
      120_000,
      'the segment published',
    );

    await manager.goto(`${site.url}/campaigns/${campaignId}/segments/${encodeURIComponent(segmentId)}`);
    expect(await manager.locator('table.deliveries').textContent()).toContain(first);
    await record(manager, 'segment');

    // A late channel, with a backfill of the published video: previewed, then confirmed.
    await manager.goto(`${site.url}/campaigns/${campaignId}/console`);
    await manager.getByLabel('Channel', { exact: true }).selectOption(late);
    await manager.getByRole('button', { name: 'Link a channel' }).click();
    expect(await manager.locator('ul.backfill').textContent()).toContain(segmentId);
    await record(manager, 'confirm-link');
    await manager.getByLabel('I understand what this does').check();
    await manager.getByRole('button', { name: 'Confirm' }).click();
    await manager.waitForURL(/backfilled=1/);
    expect(await manager.getByRole('status').textContent()).toContain('Published videos being sent to it now: 1.');
    await eventually(
      async () => {
        const rows = await findDeliveries(h.pool, { campaignId, channelId: late });
        return rows.some((r) => r.segmentId === segmentId && r.status === 'delivered') ? true : undefined;
      },
      60_000,
      'the backfill delivered to the late channel',
    );

    await steer(manager, 'Retract published videos', 'Superseded by the new catch-up guidance');
    expect(await manager.getByRole('status').textContent()).toContain('The retraction has started');
    await eventually(
      async () => {
        const rows = await findDeliveries(h.pool, { campaignId, channelId: late });
        return rows.some((r) => r.eventType === 'video.retracted' && r.status === 'delivered') ? true : undefined;
      },
      60_000,
      'the retraction delivered to the late channel',
    );

    await manager.goto(`${site.url}/claims`);
    await record(manager, 'claims');

    // The console in German (the browser asks for it), as accessible as in English.
    const german = await browser.newContext({
      locale: 'de-DE',
      viewport: { width: 1280, height: 900 },
      bypassCSP: true,
    });
    await german.addCookies(await manager.context().cookies());
    const de = await german.newPage();
    await de.goto(`${site.url}/campaigns/${campaignId}/console`);
    expect(await de.locator('html').getAttribute('lang')).toBe('de');
    expect(await de.getByRole('heading', { name: 'Steuerung' }).count()).toBe(1);
    await record(de, 'console-de');
    await de.goto(`${site.url}/campaigns/${campaignId}/segments/${encodeURIComponent(segmentId)}`);
    await record(de, 'segment-de');
    await german.close();
  }, 420_000);
});
