// The browser tests' Chromium: the system's where present, else the npm-shipped build, which really launches.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { launchChromium, resolveChromium } from './stack.ts';

describe('resolveChromium', () => {
  it('uses the npm-shipped Chromium when the system path does not exist', async () => {
    const missing = join(inject('tmpRoot'), 'no-chromium-here');
    const chosen = await resolveChromium(missing);
    expect(chosen.source).toBe('npm');
    expect(chosen.executablePath).not.toBe(missing);
  });

  it('prefers the system path when it exists', async () => {
    const chosen = await resolveChromium(process.execPath);
    expect(chosen).toEqual({ executablePath: process.execPath, source: 'system' });
  });
});

describe('launchChromium', () => {
  it('renders a page with the npm-shipped Chromium', async () => {
    const browser = await launchChromium(join(inject('tmpRoot'), 'no-chromium-here'));
    try {
      const page = await browser.newPage();
      await page.setContent('<main><h1>Prüfung ÄÖÜ ß — Привіт</h1></main>');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Prüfung ÄÖÜ ß — Привіт');
    } finally {
      await browser.close();
    }
  });
});
