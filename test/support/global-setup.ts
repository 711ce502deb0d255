// Starts what every suite shares once: a real Temporal dev server (same binary resolution as the product),
// PGlite served over the wire protocol, and the workflow bundle.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { createPool } from '../../db/pool.ts';
import { migrate } from '../../db/migrate.ts';
import { startEmbeddedDatabase } from '../../dev/pglite-server.ts';
import { ensureFfmpeg } from '../../dev/ffmpeg-binary.ts';
import { resolveMotoServer } from '../../dev/moto-server.ts';
import { freePort } from '../../dev/ports.ts';
import { startEmbeddedTemporal } from '../../dev/temporal-dev-server.ts';
import { bundleWorkflows } from '../../worker/workers.ts';
import { createSuiteDatabase } from './suite-database.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    pgliteUrl: string;
    /** A fresh database of this run on the PostgreSQL server DATABASE_URL names, when there is one (CI). */
    postgresUrl: string | undefined;
    workflowBundleCode: string;
    tmpRoot: string;
    /**
     * One secrets key and one signing key (PEM) for every test file: all files' workers poll the same task queues,
     * so an activity of one file's workflow may run on another file's worker, which must decrypt and sign alike. The
     * payload keys (KLARTEXT_PAYLOAD_KEYS form) likewise: every file's client and workers read each other's payloads.
     */
    suiteKeys: { secretsKey: string; signingKeyPem: string; payloadKeys: string };
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
  // The renderer's ffmpeg as the product gets it on first use; each test process then finds it in the cache.
  ensureFfmpeg({
    env: process.env,
    cacheDir: resolve(import.meta.dirname, '../../.cache'),
    log: (l) => console.log(l),
  });
  // The S3-protocol server the asset-store and topology suites start, installed once here: files running side by side
  // would otherwise each try the first-use install into the same venv.
  resolveMotoServer({
    cacheDir: resolve(import.meta.dirname, '../../.cache'),
    install: true,
    log: (l) => console.log(l),
  });
  const db = await startEmbeddedDatabase({});
  // A fresh database per run on the PostgreSQL server DATABASE_URL names; what spawned processes inherit points at
  // it too, so no test can reach the server's shared database.
  const suiteDb = process.env.DATABASE_URL ? await createSuiteDatabase(process.env.DATABASE_URL) : undefined;
  const postgresUrl = suiteDb?.url;
  if (postgresUrl) process.env.DATABASE_URL = postgresUrl;
  // The machine's own Temporal settings (TEMPORAL_* variables, a default profile under ~/.config/temporalio) are for
  // some other server: test processes, and what they spawn, read no profile and get their address from the test.
  for (const name of Object.keys(process.env)) {
    if (name.startsWith('TEMPORAL_') && name !== 'TEMPORAL_CLI_PATH') delete process.env[name];
  }
  process.env.TEMPORAL_CONFIG_FILE = join(tmpRoot, 'no-temporal-profiles.toml');
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
  project.provide('suiteKeys', {
    secretsKey: randomBytes(32).toString('base64'),
    payloadKeys: `suite-${randomBytes(3).toString('hex')}:${randomBytes(32).toString('base64')}`,
    signingKeyPem: generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  });
  return async () => {
    await db.stop();
    await suiteDb?.drop();
    await temporal.stop();
    await rm(tmpRoot, { recursive: true, force: true });
  };
}
