// The deployment's processes as an operator runs them, each a real `klartext` process on a database of this test's
// own: `migrate` applies and is idempotent, `serve` refuses an unmigrated schema and never touches users,
// `users bootstrap-admin` creates the first admin once and refuses a second, never echoing the password.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPool, type Pool } from '../../db/pool.ts';
import {
  createApiToken,
  findUserByToken,
  setPassword,
  upsertUserWithToken,
  verifyPassword,
} from '../../db/user-repo.ts';
import { freePort } from '../../dev/ports.ts';
import { freshDatabase } from '../support/fresh-database.ts';
import { eventually } from '../support/harness.ts';
import { startOtlpCollector } from '../fakes/otlp-collector.ts';
import { CLI, klartext } from './run.ts';

const MIGRATIONS = (await readdir(join(import.meta.dirname, '..', '..', 'db', 'migrations'))).filter((f) =>
  /^\d+_.+\.sql$/.test(f),
);

let db: { url: string; close(): Promise<void> };
let pool: Pool;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  db = await freshDatabase();
  pool = createPool(db.url, 2);
  const dir = inject('tmpRoot');
  const { secretsKey, signingKeyPem, payloadKeys } = inject('suiteKeys');
  const suffix = randomBytes(3).toString('hex');
  await writeFile(join(dir, `procs-secrets-${suffix}`), secretsKey, { mode: 0o600 });
  await writeFile(join(dir, `procs-signing-${suffix}.pem`), signingKeyPem, { mode: 0o600 });
  env = {
    DATABASE_URL: db.url,
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    KLARTEXT_SECRETS_KEY_FILE: join(dir, `procs-secrets-${suffix}`),
    KLARTEXT_SIGNING_KEY_FILE: join(dir, `procs-signing-${suffix}.pem`),
    KLARTEXT_PAYLOAD_KEYS: payloadKeys,
    KLARTEXT_DATA_DIR: join(dir, `procs-data-${suffix}`),
    KLARTEXT_OUT_DIR: join(dir, `procs-out-${suffix}`),
  };
});
afterAll(async () => {
  await pool?.end();
  await db?.close();
});

/** Starts `klartext serve` on a free port; resolves once it is ready, with its URL, output and a stop function. */
async function serve(extraEnv: NodeJS.ProcessEnv = {}) {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, 'serve'], {
    env: { ...process.env, ...env, KLARTEXT_HTTP_PORT: String(port), ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  return {
    child,
    url,
    output: () => output,
    async stop(): Promise<number | null> {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      return code;
    },
  };
}

describe('klartext migrate', () => {
  it('refuses to run serve on a database without the schema, naming `klartext migrate`', async () => {
    const server = await serve();
    const [code] = (await once(server.child, 'exit')) as [number | null];
    expect(code).toBe(1);
    expect(server.output()).toMatch(/klartext migrate/);
  });

  it('applies every migration once, then has nothing to apply', async () => {
    const first = await klartext(['migrate', '--json'], { env });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    // The suite's dev server registered the search attributes at its start: migrate finds nothing to add there.
    expect(JSON.parse(first.stdout)).toEqual({
      applied: MIGRATIONS.sort(),
      pending: [],
      searchAttributes: { namespace: 'default', added: [] },
    });
    const again = await klartext(['migrate'], { env });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/up to date/);
    const rows = await pool.query('SELECT count(*)::int AS n FROM schema_migrations');
    expect(rows.rows[0].n).toBe(MIGRATIONS.length);
  }, 120_000);
});

describe('klartext users bootstrap-admin', () => {
  const password = `first-admin ${randomBytes(6).toString('hex')}`;

  it('creates the first admin from stdin, prints a working token once and never the password', async () => {
    const ran = await klartext(['users', 'bootstrap-admin', 'ops-admin', '--name', 'Ops Admin'], {
      env,
      stdin: `${password}\n`,
    });
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    expect(ran.stdout + ran.stderr).not.toContain(password);
    const token = /API token, shown only now: (\S+)/.exec(ran.stdout)?.[1];
    expect(await findUserByToken(pool, token!)).toEqual({ id: 'ops-admin', displayName: 'Ops Admin', role: 'admin' });
    expect(await verifyPassword(pool, 'ops-admin', password)).toMatchObject({ id: 'ops-admin', role: 'admin' });
  });

  it('refuses a second time, saying how to add users, and creates nobody', async () => {
    const file = join(inject('tmpRoot'), `procs-pw-${randomBytes(3).toString('hex')}`);
    await writeFile(file, `${password}-2\n`, { mode: 0o600 });
    const ran = await klartext(['users', 'bootstrap-admin', 'second-admin', '--password-file', file], { env });
    expect(ran.code).toBe(1);
    expect(ran.stderr).toMatch(/An admin exists already \(ops-admin\)/);
    expect(ran.stderr).toMatch(/klartext users add/);
    expect(ran.stdout + ran.stderr).not.toContain(password);
    const users = await pool.query(`SELECT id FROM users WHERE id = 'second-admin'`);
    expect(users.rowCount).toBe(0);
  });
});

describe('klartext serve', () => {
  it('answers /healthz and /readyz and changes no password, token or session of existing users', async () => {
    const suffix = randomBytes(3).toString('hex');
    for (const [id, role] of [
      [`mgr-${suffix}`, 'campaign_manager'],
      [`rev-${suffix}`, 'medical_reviewer'],
    ] as const) {
      await upsertUserWithToken(pool, { id, displayName: id, role });
      await setPassword(pool, id, 'correct horse battery staple');
      await createApiToken(pool, id, 'ci');
    }
    const snapshot = async () => ({
      users: (
        await pool.query('SELECT id, role, password_hash, token_sha256, disabled, updated_at FROM users ORDER BY id')
      ).rows,
      tokens: (await pool.query('SELECT id, user_id, token_sha256, revoked FROM api_tokens ORDER BY id')).rows,
    });
    const before = await snapshot();
    expect(before.users.length).toBeGreaterThanOrEqual(3);

    const server = await serve();
    try {
      const ready = await eventually(
        async () => {
          const res = await fetch(`${server.url}/readyz`).catch(() => undefined);
          return res?.status === 200 ? res : undefined;
        },
        60_000,
        'klartext serve to be ready',
      );
      expect(await ready.json()).toEqual({ status: 'ready', checks: { database: 'ok', temporal: 'ok', assets: 'ok' } });
      const alive = await fetch(`${server.url}/healthz`);
      expect(alive.status).toBe(200);
      expect(await alive.json()).toEqual({ status: 'ok' });
    } finally {
      expect(await server.stop()).toBe(0);
    }
    expect(await snapshot()).toEqual(before);
    expect(server.output()).not.toMatch(/password|token/i);
  }, 120_000);
});

describe('klartext serve, observed', () => {
  it('serves segments by stage on /metrics and, with an OTLP endpoint, sends the spans of its Temporal calls', async () => {
    const collector = await startOtlpCollector();
    const id = `rev-otel-${randomBytes(3).toString('hex')}`;
    const token = await upsertUserWithToken(pool, { id, displayName: id, role: 'medical_reviewer' });
    const server = await serve({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.url });
    try {
      await eventually(
        async () => ((await fetch(`${server.url}/readyz`).catch(() => undefined))?.status === 200 ? true : undefined),
        60_000,
        'klartext serve to be ready',
      );
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toMatch(/^klartext_segments\{stage="IN_REVIEW"\} \d+$/m);
      // A review page queries the segment's workflow: one client call, traced (the workflow need not exist).
      await fetch(`${server.url}/api/reviews/no-such-campaign/no-such-segment`, {
        headers: { authorization: `Bearer ${token}` },
      });
    } finally {
      expect(await server.stop()).toBe(0);
      await collector.close();
    }
    // Spans still buffered are sent when serve stops.
    expect(collector.spans).toContainEqual(
      expect.objectContaining({
        service: 'klartext-serve',
        name: 'QueryWorkflow:reviewState',
        attributes: expect.objectContaining({
          temporalWorkflowId: 'campaign/no-such-campaign/segment/no-such-segment',
        }),
      }),
    );
  }, 120_000);
});

describe('klartext worker --queues', () => {
  it('polls only the queues named and reports itself ready on KLARTEXT_WORKER_HEALTH_PORT', async () => {
    const port = await freePort();
    const prefix = `procs-${randomBytes(3).toString('hex')}-`;
    const child = spawn(process.execPath, [CLI, 'worker', '--queues', 'publish'], {
      env: {
        ...process.env,
        ...env,
        KLARTEXT_TASK_QUEUE_PREFIX: prefix,
        KLARTEXT_WORKER_HEALTH_PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      const ready = await eventually(
        async () => {
          const res = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
          return res?.status === 200 ? res : undefined;
        },
        60_000,
        'the worker to be ready',
      );
      expect(await ready.json()).toEqual({
        status: 'ready',
        checks: { database: 'ok', temporal: 'ok', assets: 'ok', workers: 'ok' },
      });
      // The worker logs JSON lines; its start line names the queues it polls.
      const started = output
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { msg?: string; queues?: string })
        .find((entry) => entry.msg?.startsWith('klartext worker polling'));
      expect(started?.queues).toBe(`${prefix}publish`);
      expect(output).not.toMatch(/orchestration|llm|video/);
    } finally {
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code).toBe(0);
    }
  }, 120_000);
});

describe('klartext dev on an external database', () => {
  it('creates no development users where DATABASE_URL points', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [CLI, 'dev'], {
      env: {
        ...process.env,
        ...env,
        KLARTEXT_HTTP_PORT: String(port),
        // Only a queue without ffmpeg or a voice, under a prefix of its own: no other test's tasks are taken.
        KLARTEXT_TASK_QUEUES: 'publish',
        KLARTEXT_TASK_QUEUE_PREFIX: `procs-dev-${randomBytes(3).toString('hex')}-`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await eventually(async () => (output.includes('Running.') ? true : undefined), 60_000, 'klartext dev to run');
      expect(output).toMatch(/Dev users\s+none/);
      expect(output).not.toMatch(/API token|password \S/);
      const dev = await pool.query(`SELECT id FROM users WHERE id LIKE 'dev-%'`);
      expect(dev.rows).toEqual([]);
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  }, 120_000);
});

describe('an asset store that does not answer', () => {
  it('stops serve and worker at start with one line naming the store and what to check, no stack trace', async () => {
    const unreachable = {
      KLARTEXT_ASSET_STORE: 's3://klartext-assets/procs',
      KLARTEXT_S3_ENDPOINT: 'http://127.0.0.1:9',
      KLARTEXT_S3_FORCE_PATH_STYLE: 'true',
      AWS_ACCESS_KEY_ID: 'procs',
      AWS_SECRET_ACCESS_KEY: 'procs-secret',
      KLARTEXT_HTTP_PORT: String(await freePort()),
    };
    for (const args of [['serve'], ['worker', '--queues', 'publish']]) {
      const ran = await klartext(args, { env: { ...env, ...unreachable } });
      expect(ran.code).toBe(1);
      expect(ran.stderr).toMatch(
        /The asset store s3:\/\/klartext-assets\/procs at http:\/\/127\.0\.0\.1:9 did not answer: ECONNREFUSED\. Check KLARTEXT_ASSET_STORE/,
      );
      expect(ran.stderr).not.toMatch(/^\s+at /m);
    }
  }, 120_000);
});
