// `klartext whoami`: the API, the user and where the credentials came from — flag, environment or dev session file.
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { meRoutes } from '../../api/routes/me.ts';
import { createPool, type Pool } from '../../db/pool.ts';
import { upsertUserWithToken } from '../../db/user-repo.ts';
import { serveForCli, type CliApi } from '../support/cli-api.ts';
import { klartext, klartextIn } from './run.ts';

let pool: Pool;
let api: CliApi;
const tokens: Record<'manager' | 'reviewer' | 'admin', string> = { manager: '', reviewer: '', admin: '' };
const suffix = randomBytes(3).toString('hex');
let dataDir: string;

beforeAll(async () => {
  pool = createPool(inject('pgliteUrl'), 2);
  tokens.reviewer = await upsertUserWithToken(pool, {
    id: `rev-${suffix}`,
    displayName: 'Dr. Aylin Demir',
    role: 'medical_reviewer',
  });
  tokens.manager = await upsertUserWithToken(pool, { id: `mgr-${suffix}`, displayName: 'M', role: 'campaign_manager' });
  tokens.admin = await upsertUserWithToken(pool, { id: `adm-${suffix}`, displayName: 'A', role: 'admin' });
  api = await serveForCli(new Hono().route('/api/me', meRoutes({ pool })), tokens.reviewer);
  dataDir = await mkdtemp(join(inject('tmpRoot'), 'whoami-'));
  await writeFile(join(dataDir, 'dev.json'), JSON.stringify({ apiUrl: api.url, tokens }));
});

afterAll(async () => {
  await api?.close();
  await pool?.end();
});

const whoami = async (args: string[], env: NodeJS.ProcessEnv) => {
  const r = await klartextIn(['whoami', '--json', ...args], { env });
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Record<string, string>;
};

describe('klartext whoami', () => {
  it('names the user of KLARTEXT_API_TOKEN and says it came from the environment', async () => {
    expect(await whoami([], { KLARTEXT_API_URL: api.url, KLARTEXT_API_TOKEN: tokens.reviewer })).toEqual({
      apiUrl: api.url,
      id: `rev-${suffix}`,
      displayName: 'Dr. Aylin Demir',
      role: 'medical_reviewer',
      credentials: 'environment',
      from: 'the environment (KLARTEXT_API_TOKEN)',
    });
  });

  it('lets --api-url and --token win over the environment and the session file', async () => {
    const env = {
      KLARTEXT_API_URL: 'http://127.0.0.1:9',
      KLARTEXT_API_TOKEN: tokens.reviewer,
      KLARTEXT_DATA_DIR: dataDir,
    };
    expect(await whoami(['--api-url', api.url, '--token', tokens.admin], env)).toMatchObject({
      id: `adm-${suffix}`,
      credentials: 'flag',
      from: 'the --token flag',
    });
  });

  it("names the dev stack's reviewer from its session file, and another dev user with --dev-user", async () => {
    const env = { KLARTEXT_DATA_DIR: dataDir };
    const file = join(dataDir, 'dev.json');
    expect(await whoami([], env)).toMatchObject({
      apiUrl: api.url,
      id: `rev-${suffix}`,
      credentials: 'dev-session',
      from: expect.stringMatching(new RegExp(`^the dev stack session file .*${file.slice(-30)}$`)),
    });
    expect(await whoami(['--dev-user', 'manager'], env)).toMatchObject({
      id: `mgr-${suffix}`,
      role: 'campaign_manager',
    });
  });

  it('prints the same for a person, from a separate process', async () => {
    const r = await klartext(['whoami'], {
      env: { KLARTEXT_DATA_DIR: dataDir, KLARTEXT_API_URL: undefined, KLARTEXT_API_TOKEN: undefined },
    });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(`User     rev-${suffix} — Dr. Aylin Demir`);
    expect(r.stdout).toMatch(/^Token {4}from the dev stack session file \S+dev\.json$/m);
    expect(r.code).toBe(0);
  });

  it('says where an unknown token came from', async () => {
    await expect(
      klartextIn(['whoami'], { env: { KLARTEXT_API_URL: api.url, KLARTEXT_API_TOKEN: 'kt_revoked' } }),
    ).rejects.toThrow(
      'Unknown or disabled API token. (the token from the environment (KLARTEXT_API_TOKEN); to act as another user',
    );
  });

  it('refuses to send a dev token to another API than the dev stack', async () => {
    await expect(
      klartextIn(['whoami'], { env: { KLARTEXT_DATA_DIR: dataDir, KLARTEXT_API_URL: 'http://127.0.0.1:9' } }),
    ).rejects.toThrow('No token for http://127.0.0.1:9: set KLARTEXT_API_TOKEN or pass --token.');
  });
});
