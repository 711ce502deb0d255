// The whole product for a browser: the API, login and workspace on one port, and a Chromium to drive it.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { chromium, type Browser } from 'playwright-core';
import type { AppDeps } from '../../../api/deps.ts';
import { createSite } from '../../../server/site.ts';

/** A system Chromium is preferred where the machine has one; otherwise the npm-shipped build is unpacked. */
export const SYSTEM_CHROMIUM = '/usr/bin/chromium';
/** Screenshots land here (gitignored); CI keeps the folder as the run's artefacts. */
export const ARTIFACTS = resolve(import.meta.dirname, '../../../test-artifacts');

/** Serves the whole site on a free loopback port (in this test file's deployment, unless `deps` names another). */
export async function startSite(deps: AppDeps): Promise<{ url: string; stop(): Promise<void> }> {
  const app = createSite({ taskQueuePrefix: process.env.KLARTEXT_TASK_QUEUE_PREFIX, ...deps });
  return new Promise((done) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) =>
      done({
        url: `http://127.0.0.1:${info.port}`,
        stop: () => new Promise<void>((closed) => server.close(() => closed())),
      }),
    );
  });
}

/** Which Chromium the browser tests drive: `systemPath` when it exists, else `@sparticuz/chromium`'s build. */
export async function resolveChromium(
  systemPath = SYSTEM_CHROMIUM,
): Promise<{ executablePath: string; source: 'system' | 'npm' }> {
  if (existsSync(systemPath)) return { executablePath: systemPath, source: 'system' };
  // The npm build unpacks itself (once) into the temporary directory.
  const { default: npmChromium } = await import('@sparticuz/chromium');
  return { executablePath: await npmChromium.executablePath(), source: 'npm' };
}

/** Launches headless Chromium, the system's or the npm-shipped one. */
export async function launchChromium(systemPath?: string): Promise<Browser> {
  const { executablePath } = await resolveChromium(systemPath);
  await mkdir(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath,
    // No background networking: this machine's network is closed, and tests must not depend on it.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-zygote'],
  });
}
