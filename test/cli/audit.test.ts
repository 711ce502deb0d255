// `klartext audit verify` against a real API over its own database: exit 0 on an intact chain, 1 naming the break.
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRoutes } from '../../api/routes/audit.ts';
import { appendAudit } from '../../db/audit-repo.ts';
import { migrate } from '../../db/migrate.ts';
import { createPool, type Pool } from '../../db/pool.ts';
import { upsertUserWithToken } from '../../db/user-repo.ts';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../dev/pglite-server.ts';
import { serveForCli, type CliApi } from '../support/cli-api.ts';
import { klartextIn } from './run.ts';

// A database of its own: the test tampers with the log, which must never happen to the suite's shared one.
let db: EmbeddedDatabase;
let pool: Pool;
let api: CliApi;

beforeAll(async () => {
  db = await startEmbeddedDatabase({});
  pool = createPool(db.url, 3);
  await migrate(pool);
  const token = await upsertUserWithToken(pool, { id: 'cli-admin', displayName: 'Admin', role: 'admin' });
  for (let i = 1; i <= 5; i++) {
    await appendAudit(pool, { actor: 'cli-admin', action: 'user.created', subject: `user/u${i}`, details: { i } });
  }
  api = await serveForCli(new Hono().route('/api/audit', auditRoutes({ pool })), token);
});

afterAll(async () => {
  await api?.close();
  await pool?.end();
  await db?.stop();
});

async function verify(): Promise<{ code: number | null; out: string }> {
  const { code, stdout } = await klartextIn(['audit', 'verify']);
  return { code, out: stdout };
}

describe('klartext audit verify', () => {
  it('reports an intact chain with its entry count and exits 0', async () => {
    const { code, out } = await verify();
    expect(out).toMatch(/^audit chain intact: 5 entries\nhead: seq 5 sha256 [0-9a-f]{64}$/);
    expect(code).toBe(0);
  });

  it('prints the verification as one JSON document with --json', async () => {
    const { code, stdout } = await klartextIn(['audit', 'verify', '--json']);
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, entries: 5, head: { seq: 5 } });
    expect(code).toBe(0);
  });

  it('names the first modified entry and exits 1', async () => {
    await pool.query(`DROP TRIGGER audit_log_append_only ON audit_log`);
    await pool.query(`UPDATE audit_log SET subject = 'user/someone-else' WHERE seq = 3`);
    const { code, out } = await verify();
    expect(out).toMatch(/^seq 3: hash mismatch \(row modified\)$/m);
    expect(code).toBe(1);
  });
});
