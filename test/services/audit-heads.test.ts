// Heads kept outside the database: appended to a file and posted, signed, to an archive; read back, every recorded
// head is checked, so a rewrite of the whole chain after it was recorded is found.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.ts';
import {
  appendAudit,
  auditHash,
  auditKeyRing,
  listAudit,
  verifyAudit,
  type AuditKeyRing,
} from '../../db/audit-repo.ts';
import { readHeadsFile, startAuditHeadExport } from '../../services/audit-heads.ts';
import { ConfigError, InputError } from '../../shared/errors.ts';
import { startWebhookReceiver, type FakeWebhookReceiver } from '../fakes/webhook-receiver.ts';
import { isolated, type Isolated } from '../support/isolated-db.ts';

let db: Isolated;
let receiver: FakeWebhookReceiver;
let dir: string;
const ring: AuditKeyRing = auditKeyRing([randomBytes(32)]);
const add = (n: number) =>
  (async () => {
    for (let i = 0; i < n; i++)
      await appendAudit(db.pool, { actor: 'admin', action: 'user.created', subject: `user/u${i}` }, ring);
  })();

beforeAll(async () => {
  db = await isolated.PGlite!();
  receiver = await startWebhookReceiver();
  dir = await mkdtemp(join(tmpdir(), 'audit-heads-'));
});
afterAll(async () => {
  await receiver?.close();
  await db?.close();
});

describe('audit head export', () => {
  it('appends a head to the file and posts it, signed, only when the head changed; retries a failed post', async () => {
    const file = join(dir, 'archive', 'heads.jsonl');
    const logs: string[] = [];
    await add(3);
    const exporter = startAuditHeadExport(
      db.pool,
      { file, webhook: { url: receiver.url, secret: receiver.secret }, intervalSeconds: 3600 },
      { log: (line) => logs.push(line) },
    );
    await exporter.exportNow(); // the one at start may still be running: this waits for it
    await exporter.exportNow();
    let lines = (await readFile(file, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const [third] = await listAudit(db.pool, 2, 1);
    expect(lines).toEqual([
      { seq: 3, hash: third!.hash, at: third!.at.toISOString(), scheme: third!.scheme, exportedAt: expect.any(String) },
    ]);
    // The dev receiver answers 401 to anything that does not verify under the Standard Webhooks secret.
    expect(receiver.unauthorised).toBe(0);
    expect(receiver.received.map((w) => [w.type, w.data.seq, w.data.hash])).toEqual([['audit.head', 3, third!.hash]]);

    receiver.failNext(1, 503);
    await add(2);
    await exporter.exportNow();
    expect(logs).toEqual([
      expect.stringMatching(/^audit head export to webhook failed: .*HTTP 503; trying again later$/),
    ]);
    await exporter.exportNow();
    expect(logs.at(-1)).toBe('audit head export to webhook works again');
    lines = (await readFile(file, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.seq)).toEqual([3, 5]);
    expect(receiver.received.map((w) => w.data.seq)).toEqual([3, 5]);

    await add(1);
    await exporter.stop(); // a last look on the way out
    expect((await readHeadsFile(file)).heads.map((h) => h.seq)).toEqual([3, 5, 6]);
  });

  it('checks every head in the file: a later rewrite of the whole chain is found at the first head it changed', async () => {
    const file = join(dir, 'archive', 'heads.jsonl');
    const { heads } = await readHeadsFile(file);
    expect(await verifyAudit(db.pool, { keys: ring, expectHeads: heads })).toMatchObject({
      ok: true,
      heads: { expected: 3, matched: 3 },
    });
    // Strip the keys from the whole chain, changing entry 2, with every hash recomputed: consistent in itself.
    await db.pool.query(`DROP TRIGGER audit_log_append_only ON audit_log`);
    let prevHash: string | null = null;
    for (const e of await listAudit(db.pool, 0, 100)) {
      const forged = { ...e, actor: e.seq === 2 ? 'mallory' : e.actor, prevHash };
      const hash = auditHash(forged);
      await db.pool.query(
        `UPDATE audit_log SET actor = $2, prev_hash = $3, hash = $4, scheme = 'sha256' WHERE seq = $1`,
        [e.seq, forged.actor, prevHash, hash],
      );
      prevHash = hash;
    }
    expect(await verifyAudit(db.pool, { keys: ring })).toMatchObject({ ok: true });
    expect(await verifyAudit(db.pool, { keys: ring, expectHeads: heads })).toMatchObject({
      ok: false,
      entries: 2,
      firstBroken: { seq: 3, reason: 'head-mismatch' },
    });
  });

  it('does nothing without a file or webhook', async () => {
    const exporter = startAuditHeadExport(db.pool, { intervalSeconds: 1 }, { log: () => {} });
    await exporter.exportNow();
    await exporter.stop();
  });
});

describe('heads file', () => {
  const head = (seq: number) => JSON.stringify({ seq, hash: 'a'.repeat(64), at: '2026-01-01T00:00:00.000Z' });

  it('names the file and line of something that is not a head', async () => {
    const file = join(dir, 'bad.jsonl');
    await writeFile(file, `${head(1)}\n{"seq": 2, "hash": "not hex"}\n${head(3)}\n`);
    const err = await readHeadsFile(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toBe(
      `${file}:2: not an audit head; each line must be JSON like {"seq": 42, "hash": "<64 hex>"}.`,
    );
  });

  it('skips a last line cut short by a crash, and says so', async () => {
    const file = join(dir, 'cut.jsonl');
    await writeFile(file, `${head(1)}\n\n${head(2)}\n{"seq": 3, "ha`);
    expect(await readHeadsFile(file)).toEqual({
      heads: [
        { seq: 1, hash: 'a'.repeat(64) },
        { seq: 2, hash: 'a'.repeat(64) },
      ],
      ignoredPartialLine: true,
    });
  });

  it('says which file it cannot read', async () => {
    await expect(readHeadsFile(join(dir, 'missing.jsonl'))).rejects.toThrow(
      /Cannot read the heads file .*missing\.jsonl \(ENOENT\)/,
    );
  });
});

describe('audit head configuration', () => {
  it('reads the head file, webhook and interval from the environment', () => {
    const config = loadConfig(
      {
        KLARTEXT_AUDIT_HEAD_FILE: 'archive/heads.jsonl',
        KLARTEXT_AUDIT_HEAD_WEBHOOK: 'https://archive.example/heads',
        KLARTEXT_AUDIT_HEAD_SECRET: 'whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTIzNA==',
        KLARTEXT_AUDIT_HEAD_INTERVAL: '300',
      },
      '/srv/klartext',
    );
    expect(config.auditHeads).toEqual({
      file: '/srv/klartext/archive/heads.jsonl',
      webhook: { url: 'https://archive.example/heads', secret: 'whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTIzNA==' },
      intervalSeconds: 300,
    });
    expect(loadConfig({}).auditHeads).toEqual({ file: undefined, webhook: undefined, intervalSeconds: 60 });
  });

  it('refuses a webhook without its signing secret, and a malformed secret when the export starts', () => {
    expect(() => loadConfig({ KLARTEXT_AUDIT_HEAD_WEBHOOK: 'https://archive.example/heads' })).toThrow(
      /KLARTEXT_AUDIT_HEAD_WEBHOOK needs KLARTEXT_AUDIT_HEAD_SECRET/,
    );
    expect(() =>
      startAuditHeadExport(
        db.pool,
        { webhook: { url: 'https://archive.example/heads', secret: 'whsec_c2hvcnQ=' }, intervalSeconds: 60 },
        { log: () => {} },
      ),
    ).toThrow(ConfigError);
  });
});
