// The workspace in Chromium in both languages: the browser's language first, then the switch in the header; axe-clean.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../db/user-repo.ts';
import { campaignWorkflowId } from '../../../shared/task-queues.ts';
import { createHarness, eventually, TEST_PASSWORD as PASSWORD, type Harness } from '../../support/harness.ts';
import { englishLeftovers } from '../i18n-leftovers.ts';
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
  campaignId = await h.launch(await h.example({ segments: 1 }));
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

/** The page's language, a screenshot, and no serious or critical accessibility violation. */
async function record(page: Page, name: string, lang: 'de' | 'en') {
  expect(await page.locator('html').getAttribute('lang'), name).toBe(lang);
  await page.screenshot({ path: join(ARTIFACTS, `i18n-${name}.png`), fullPage: true });
  expect(await seriousViolations(page), `accessibility of ${name}`).toEqual([]);
  checked.push(name);
}

/** What a German reader meets on the page: its text without parts marked as another language. */
async function germanText(page: Page): Promise<string> {
  return page.evaluate(`(() => {
    const body = document.body.cloneNode(true);
    body.querySelectorAll('[lang]:not([lang="de"])').forEach((el) => el.remove());
    const named = [...body.querySelectorAll('[aria-label],[title]')]
      .map((el) => (el.getAttribute('aria-label') || '') + ' ' + (el.getAttribute('title') || ''));
    return body.textContent + ' ' + named.join(' ') + ' ' + document.title;
  })()`);
}

async function switchTo(page: Page, label: string, button: string) {
  await page.locator('#language-select').selectOption({ label });
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: button }).click()]);
}

describe('workspace languages in Chromium', () => {
  it('speaks the browser’s German, switches to English and back, and stays accessible in both', async () => {
    const reviewerId = `dr-sprache-${randomBytes(3).toString('hex')}`;
    await createUser(h.pool, {
      id: reviewerId,
      displayName: 'Dr. Jana Roth',
      role: 'medical_reviewer',
      password: PASSWORD,
    });
    const context = await browser.newContext({
      locale: 'de-DE',
      viewport: { width: 1280, height: 900 },
      bypassCSP: true,
    });
    const page = await context.newPage();

    await page.goto(`${site.url}/queue`);
    await record(page, 'login-de', 'de');
    await page.getByLabel('Benutzername').fill(reviewerId);
    await page.getByLabel('Passwort', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL(/\/queue$/);
    const link = page.locator(`table.queue a[href^="/review/${campaignId}/"]`);
    await eventually(
      async () => {
        await page.reload();
        return (await link.count()) > 0 ? true : undefined;
      },
      120_000,
      'the segment in the queue',
    );
    await record(page, 'queue-de', 'de');
    expect(englishLeftovers(await germanText(page))).toEqual([]);

    const href = (await link.first().getAttribute('href'))!;
    await link.first().click();
    await page.waitForURL(`**${href}`);
    await record(page, 'review-de', 'de');
    expect(englishLeftovers(await germanText(page))).toEqual([]);
    expect(await page.getByRole('heading', { name: 'Ihre Entscheidung' }).count()).toBe(1);

    // The switch stores English on the user and comes back to the same page, now in English.
    await switchTo(page, 'English', 'Sprache ändern');
    expect(new URL(page.url()).pathname).toBe(href);
    await record(page, 'review-en', 'en');
    expect(await page.getByRole('heading', { name: 'Your decision' }).count()).toBe(1);
    await page.goto(`${site.url}/queue`);
    await record(page, 'queue-en', 'en');
    expect(await page.getByRole('heading', { name: 'Review queue' }).count()).toBe(1);

    // "As my browser" forgets the choice: the browser's German again.
    await switchTo(page, 'As my browser', 'Change language');
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    expect(await page.getByRole('heading', { name: 'Prüfliste' }).count()).toBe(1);
    await context.close();
  }, 240_000);

  it('shows a campaign manager the dashboard and campaign in English, then in German after switching', async () => {
    const owner = await h.pool.query(`SELECT created_by FROM campaigns WHERE id = $1`, [campaignId]);
    const context = await browser.newContext({
      locale: 'en-GB',
      viewport: { width: 1280, height: 900 },
      bypassCSP: true,
    });
    const page = await context.newPage();
    await page.goto(`${site.url}/login`);
    await page.getByLabel('User name').fill(owner.rows[0].created_by);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/\/dashboard$/);
    await record(page, 'dashboard-en', 'en');
    for (const name of ['New campaign', 'Channels', 'Claims library']) {
      expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).count(), name).toBe(1);
    }

    await switchTo(page, 'Deutsch', 'Change language');
    await record(page, 'dashboard-de', 'de');
    expect(englishLeftovers(await germanText(page))).toEqual([]);
    for (const name of ['Neue Kampagne', 'Kanäle', 'Aussagenbibliothek']) {
      const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
      expect(await nav.getByRole('link', { name }).count(), name).toBe(1);
    }
    await page.locator(`a[href="/campaigns/${campaignId}"]`).click();
    await page.waitForURL(`**/campaigns/${campaignId}`);
    await record(page, 'campaign-de', 'de');
    expect(englishLeftovers(await germanText(page))).toEqual([]);
    await page.goto(`${site.url}/campaigns/no-such-campaign`);
    await record(page, 'not-found-de', 'de');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Kampagne nicht gefunden');
    await page.goto(`${site.url}/campaigns/${campaignId}`);
    await switchTo(page, 'Wie mein Browser', 'Sprache ändern');
    await record(page, 'campaign-en', 'en');
    await page.goto(`${site.url}/campaigns/no-such-campaign`);
    await record(page, 'not-found-en', 'en');
    await context.close();
  }, 180_000);
});
