// `klartext audit verify` and `klartext audit head` against a real API over its own database: exit 0 on an intact
// keyed chain, 1 naming the break or a head kept elsewhere that the chain no longer holds.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRoutes } from '../../api/routes/audit.ts';
import { appendAudit, auditHash, auditKeyRing, listAudit, type AuditHead } from '../../db/audit-repo.ts';
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
let keyless: CliApi;
let dir: string;
const ring = auditKeyRing([randomBytes(32)]);
const HEX = '[0-9a-f]{64}';

beforeAll(async () => {
  db = await startEmbeddedDatabase({});
  pool = createPool(db.url, 3);
  await migrate(pool);
  dir = await mkdtemp(join(tmpdir(), 'cli-audit-'));
  const token = await upsertUserWithToken(pool, { id: 'cli-admin', displayName: 'Admin', role: 'admin' });
  // Two entries from before the audit key, then three keyed ones.
  for (let i = 1; i <= 5; i++) {
    const input = { actor: 'cli-admin', action: 'user.created' as const, subject: `user/u${i}`, details: { i } };
    await appendAudit(pool, input, i <= 2 ? undefined : ring);
  }
  // The same database behind an API without the audit key (started first: the keyed one sets the environment).
  keyless = await serveForCli(new Hono().route('/api/audit', auditRoutes({ pool, auditKeys: null })), token);
  api = await serveForCli(new Hono().route('/api/audit', auditRoutes({ pool, auditKeys: ring })), token);
});

afterAll(async () => {
  await api?.close();
  await keyless?.close();
  await pool?.end();
  await db?.stop();
});

async function verify(...args: string[]): Promise<{ code: number | null; out: string }> {
  const { code, stdout } = await klartextIn(['audit', 'verify', ...args]);
  return { code, out: stdout };
}

async function head(): Promise<AuditHead> {
  return JSON.parse((await klartextIn(['audit', 'head', '--json'])).stdout) as AuditHead;
}

describe('klartext audit verify', () => {
  it('reports an intact chain, its unkeyed and keyed parts and its head, and exits 0', async () => {
    const { code, out } = await verify();
    expect(out).toMatch(
      new RegExp(
        '^audit chain intact: 5 entries\n' +
          'unkeyed \\(sha256\\): 2 entries, made without an audit key\n' +
          `keyed \\(hmac-sha256\\): seq 3–5, key ${ring.current.id}\n` +
          `head: seq 5 hmac-sha256:${ring.current.id} ${HEX}$`,
      ),
    );
    expect(code).toBe(0);
  });

  it('prints the verification as one JSON document with --json', async () => {
    const { code, stdout } = await klartextIn(['audit', 'verify', '--json']);
    expect(JSON.parse(stdout)).toMatchObject({
      ok: true,
      entries: 5,
      head: { seq: 5 },
      unkeyed: 2,
      keyed: { checked: 3, unchecked: 0, firstSeq: 3 },
    });
    expect(code).toBe(0);
  });

  it('says plainly what an API without the audit key could not check', async () => {
    const { code, stdout } = await klartextIn(['audit', 'verify', '--api-url', keyless.url]);
    expect(stdout).toMatch(/^audit chain intact as far as it could be checked: 5 entries$/m);
    expect(stdout).toMatch(
      /^NOT CHECKED: 3 keyed entries \(from seq 3\): the API has no audit key, so only their order and links were checked, not their HMACs/m,
    );
    expect(code).toBe(0);
  });

  it('refuses a malformed --expect-head before asking the API', async () => {
    const { code, stderr } = await klartextIn(['audit', 'verify', '--expect-head', '5:abc']);
    expect(stderr).toMatch(/--expect-head.*It must be <seq>:<hash> or <hash>/s);
    expect(code).toBe(2);
  });
});

describe('POST /api/audit/verify', () => {
  it('answers 400 naming the bad head and the shape to send', async () => {
    const res = await fetch(`${api.url}/api/audit/verify`, {
      method: 'POST',
      headers: { authorization: `Bearer ${process.env.KLARTEXT_API_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ expectHeads: [{ seq: 2, hash: 'abc' }] }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(
      'Invalid expectHeads.0.hash: must be 64 lowercase hex characters. ' +
        'Send {"expectHeads": [{"seq": <n>, "hash": "<64 hex>"}]}, at most 10000 heads a request.',
    );
  });
});

describe('klartext audit head', () => {
  it('prints the head with how to check it later, or as JSON', async () => {
    const h = await head();
    expect(h).toMatchObject({ seq: 5, scheme: `hmac-sha256:${ring.current.id}` });
    const { code, stdout } = await klartextIn(['audit', 'head']);
    expect(stdout).toBe(
      `head: seq 5 ${h.scheme} ${h.hash} at ${h.at}\n` +
        `keep it outside the database; later: klartext audit verify --expect-head 5:${h.hash}`,
    );
    expect(code).toBe(0);
  });

  it('appends heads to a file that verify --heads-file checks; an --expect-head the chain holds passes', async () => {
    const file = join(dir, 'heads.jsonl');
    expect((await klartextIn(['audit', 'head', '--append-to', file])).stdout).toMatch(/appended to .*heads\.jsonl$/);
    await appendAudit(pool, { actor: 'cli-admin', action: 'user.disabled', subject: 'user/u1' }, ring);
    await klartextIn(['audit', 'head', '--append-to', file]);
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as AuditHead).seq)).toEqual([5, 6]);
    // A head given by hash alone, and one the file already holds (asked about once).
    const fourth = (await listAudit(pool, 3, 1))[0]!.hash;
    const { code, out } = await verify(
      '--heads-file',
      file,
      '--expect-head',
      fourth,
      '--expect-head',
      `6:${(await head()).hash}`,
    );
    expect(out).toMatch(/^recorded heads: 3 of 3 found, all in the chain$/m);
    expect(code).toBe(0);
  });

  it('finds a rewrite of the whole chain with the heads file, and exits 1', async () => {
    const file = join(dir, 'heads.jsonl');
    await pool.query(`DROP TRIGGER audit_log_append_only ON audit_log`);
    let prevHash: string | null = null;
    for (const e of await listAudit(pool, 0, 100)) {
      const forged = { ...e, subject: e.seq === 4 ? 'user/someone-else' : e.subject, prevHash };
      const hash = auditHash(forged);
      await pool.query(
        `UPDATE audit_log SET subject = $2, prev_hash = $3, hash = $4, scheme = 'sha256' WHERE seq = $1`,
        [e.seq, forged.subject, prevHash, hash],
      );
      prevHash = hash;
    }
    // In itself the stripped chain is consistent; the verification can only point at the missing keys.
    const alone = await verify();
    expect(alone.out).toMatch(/^note: no entry is keyed although the API has an audit key/m);
    expect(alone.code).toBe(0);
    const { code, out } = await verify('--heads-file', file);
    expect(out).toMatch(/^audit chain BROKEN after 4 intact entries$/m);
    expect(out).toMatch(
      new RegExp(
        `^seq 5: differs from the head recorded outside the database \\(seq 5 hash ${HEX}\\): the chain was rewritten$`,
        'm',
      ),
    );
    expect(code).toBe(1);
  });

  it('names the first modified entry and exits 1', async () => {
    await pool.query(`UPDATE audit_log SET subject = 'user/someone-else' WHERE seq = 3`);
    const { code, out } = await verify();
    expect(out).toMatch(/^seq 3: hash mismatch \(row modified, or rehashed without the audit key\)$/m);
    expect(code).toBe(1);
  });
});
