// Starts what every suite shares once: a real Temporal dev server (same binary resolution as the product),
// PGlite served over the wire protocol, and the workflow bundle.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { createPool } from '../../db/pool.ts';
import { migrate } from '../../db/migrate.ts';
import { startEmbeddedDatabase } from '../../dev/pglite-server.ts';
import { freePort } from '../../dev/ports.ts';
import { startEmbeddedTemporal } from '../../dev/temporal-dev-server.ts';
import { bundleWorkflows } from '../../worker/workers.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    pgliteUrl: string;
    /** The real PostgreSQL from DATABASE_URL, when the environment has one (CI). */
    postgresUrl: string | undefined;
    workflowBundleCode: string;
    tmpRoot: string;
  }
}

export default async function setup(project: TestProject) {
  const tmpRoot = await mkdtemp(join(tmpdir(), 'klartext-test-'));
  const temporal = await startEmbeddedTemporal({
    env: process.env,
    dataDir: join(tmpRoot, 'temporal'),
    cacheDir: resolve(import.meta.dirname, '../../.cache'),
    port: await freePort(),
    uiPort: 0,
    ui: false,
    persist: false,
    log: (l) => console.log(l),
  });
  const db = await startEmbeddedDatabase({});
  const postgresUrl = process.env.DATABASE_URL || undefined;
  for (const url of [db.url, postgresUrl]) {
    if (!url) continue;
    const pool = createPool(url, 2);
    await migrate(pool);
    await pool.end();
  }
  const bundle = await bundleWorkflows();
  project.provide('temporalAddress', temporal.address);
  project.provide('pgliteUrl', db.url);
  project.provide('postgresUrl', postgresUrl);
  project.provide('workflowBundleCode', bundle.code);
  project.provide('tmpRoot', tmpRoot);
  return async () => {
    await db.stop();
    await temporal.stop();
    await rm(tmpRoot, { recursive: true, force: true });
  };
}
