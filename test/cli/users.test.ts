// `klartext users add|list|languages|disable` against the users API on the suite database.
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { userRoutes } from '../../api/routes/users.ts';
import { createPool, type Pool } from '../../db/pool.ts';
import { findUserByToken, getUser, getUserLanguages, upsertUserWithToken, verifyPassword } from '../../db/user-repo.ts';
import { serveForCli, type CliApi } from '../support/cli-api.ts';
import { klartextIn } from './run.ts';

let pool: Pool;
let api: CliApi;

beforeAll(async () => {
  pool = createPool(inject('postgresUrl') ?? inject('pgliteUrl'), 3);
  const id = `cli-admin-${randomBytes(3).toString('hex')}`;
  const token = await upsertUserWithToken(pool, { id, displayName: 'Admin', role: 'admin' });
  api = await serveForCli(new Hono().route('/api/users', userRoutes({ pool })), token);
});

afterAll(async () => {
  await api?.close();
  await pool?.end();
});

async function users(argv: string[], stdin?: string): Promise<string> {
  const { code, stdout } = await klartextIn(['users', ...argv], { stdin });
  expect(code).toBe(0);
  return stdout;
}

describe('klartext users', () => {
  it('adds a user with a password from stdin and prints a working token once', async () => {
    const id = `dr-${randomBytes(3).toString('hex')}`;
    const out = await users(
      ['add', id, '--name', 'Dr. Aylin Demir', '--role', 'medical_reviewer', '--password-stdin'],
      'a passphrase from a pipe\n',
    );
    const token = /API token, shown only now: (kt_\S+)/.exec(out)?.[1];
    expect(await findUserByToken(pool, token ?? '')).toMatchObject({ id, role: 'medical_reviewer' });
    expect(await verifyPassword(pool, id, 'a passphrase from a pipe')).toMatchObject({ id });
  });

  it('lists users as a table and as JSON, and disables one', async () => {
    const id = `mgr-${randomBytes(3).toString('hex')}`;
    await users(['add', id, '--name', 'Manager', '--role', 'campaign_manager']);
    expect(await users(['list'])).toMatch(new RegExp(`^${id} +campaign_manager +active +token only +Manager$`, 'm'));
    await users(['disable', id]);
    const listed = JSON.parse(await users(['list', '--json'])) as { id: string; disabled: boolean }[];
    expect(listed.find((u) => u.id === id)).toMatchObject({ disabled: true });
  });

  it('adds a language reviewer with the languages they read, changes them, lists them, and audits the change', async () => {
    const id = `lr-${randomBytes(3).toString('hex')}`;
    await users(['add', id, '--name', 'Ayşe K.', '--role', 'language_reviewer', '--languages', 'tr,de']);
    expect(await getUserLanguages(pool, id)).toEqual({ languages: ['tr', 'de'], locale: null });
    expect(await users(['languages', id, 'uk'])).toBe(`${id} reads uk.`);
    expect(await users(['list'])).toMatch(
      new RegExp(`^${id} +language_reviewer +active +token only +Ayşe K\\.  reads uk$`, 'm'),
    );
    const audit = await pool.query(
      `SELECT details FROM audit_log WHERE action = 'user.languages.changed' AND subject = $1`,
      [`user/${id}`],
    );
    expect(audit.rows.map((r) => r.details)).toEqual([{ from: ['tr', 'de'], to: ['uk'] }]);
    expect(await users(['languages', id, 'none'])).toBe(`${id} has no languages on record.`);
    expect((await getUser(pool, id))?.languages).toEqual([]);
  });

  it('refuses a language that is not a two-letter code, saying where', async () => {
    await expect(klartextIn(['users', 'languages', 'nobody', 'turkish'])).rejects.toThrow(
      'Invalid request at languages.0: must be a two-letter language code such as tr',
    );
  });

  it('refuses an unknown role before asking the API, naming the roles', async () => {
    const { code, stderr } = await klartextIn(['users', 'add', 'x', '--name', 'X', '--role', 'doctor']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/argument 'doctor' is invalid\. Allowed choices are campaign_manager, medical_reviewer, /);
  });
});
