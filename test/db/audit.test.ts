// The audit hash chain on PGlite and PostgreSQL: linear under concurrent appends; edits and deletions found.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appendAudit, auditHash, listAudit, verifyAudit } from '../../db/audit-repo.ts';
import type { Pool } from '../../db/pool.ts';
import { backends, isolated, type Isolated } from '../support/isolated-db.ts';

// Tampering breaks a chain for good, so every test gets a database of its own (test/support/isolated-db.ts).
const entry = (i: number) => ({
  actor: `user-${i % 3}`,
  action: 'review.decision' as const,
  subject: `campaign/c/segment/s${i}`,
  details: { decision: 'APPROVED', round: i, comment: `Geprüft – Nr. ${i}`, nested: { b: 1, a: [1.5, null] } },
});

async function appendMany(pool: Pool, n: number): Promise<void> {
  for (let i = 1; i <= n; i++) await appendAudit(pool, entry(i));
}

describe.each(backends())('audit log on %s', (backend) => {
  let db: Isolated;
  beforeAll(async () => {
    db = await isolated[backend]!();
  });
  afterAll(() => db?.close());

  it('verifies an empty log, then a long chain read in pages', async () => {
    expect(await verifyAudit(db.pool)).toMatchObject({ ok: true, entries: 0, head: null, unkeyed: 0 });
    await appendMany(db.pool, 120);
    const result = await verifyAudit(db.pool, { pageSize: 25 });
    const last = (await listAudit(db.pool, 119, 1))[0]!;
    expect(result).toEqual({
      ok: true,
      entries: 120,
      head: { seq: 120, hash: last.hash, at: last.at.toISOString(), scheme: 'sha256' },
      keyRing: null,
      unkeyed: 120,
      keyed: { checked: 0, unchecked: 0, firstSeq: null, keyIds: [] },
      heads: { expected: 0, matched: 0 },
    });
  });

  it('keeps the chain linear when many connections append at once', async () => {
    const before = (await verifyAudit(db.pool)).entries;
    await Promise.all(Array.from({ length: 40 }, (_, i) => appendAudit(db.pool, entry(i))));
    const entries = await listAudit(db.pool, 0, 1000);
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: before + 40 }, (_, i) => i + 1));
    entries.forEach((e, i) => expect(e.prevHash).toBe(i === 0 ? null : entries[i - 1]!.hash));
    expect(await verifyAudit(db.pool)).toMatchObject({ ok: true, entries: before + 40 });
  });

  it('refuses UPDATE, DELETE and TRUNCATE while the trigger is in place', async () => {
    await expect(db.pool.query(`UPDATE audit_log SET actor = 'mallory' WHERE seq = 2`)).rejects.toThrow(/append-only/);
    await expect(db.pool.query(`DELETE FROM audit_log WHERE seq = 2`)).rejects.toThrow(/append-only/);
    await expect(db.pool.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
    expect((await verifyAudit(db.pool)).ok).toBe(true);
  });
});

describe.each(backends())('audit tampering on %s', (backend) => {
  let db: Isolated;
  beforeEach(async () => {
    db = await isolated[backend]!();
    await appendMany(db.pool, 60);
    // What an attacker with the table owner's rights can do: drop the trigger first.
    await db.pool.query(`DROP TRIGGER audit_log_append_only ON audit_log`);
  });
  afterEach(() => db.close());

  it('finds a modified row at its seq as a hash mismatch', async () => {
    await db.pool.query(`UPDATE audit_log SET details = jsonb_set(details, '{decision}', '"REJECTED"') WHERE seq = 42`);
    expect(await verifyAudit(db.pool, { pageSize: 10 })).toMatchObject({
      ok: false,
      entries: 41,
      firstBroken: { seq: 42, reason: 'hash-mismatch' },
    });
  });

  it('finds a deleted row as a gap at its seq', async () => {
    await db.pool.query(`DELETE FROM audit_log WHERE seq = 17`);
    expect(await verifyAudit(db.pool, { pageSize: 10 })).toMatchObject({
      ok: false,
      entries: 16,
      firstBroken: { seq: 17, reason: 'gap' },
    });
  });

  it('finds a deleted first row', async () => {
    await db.pool.query(`DELETE FROM audit_log WHERE seq = 1`);
    expect(await verifyAudit(db.pool)).toMatchObject({ ok: false, firstBroken: { seq: 1, reason: 'gap' } });
  });

  it('finds a row deleted and the rest renumbered, at the renumbered row', async () => {
    await db.pool.query(`DELETE FROM audit_log WHERE seq = 30`);
    // In two steps, so no row ever takes a seq another still holds.
    await db.pool.query(`UPDATE audit_log SET seq = seq + 1000 WHERE seq > 30`);
    await db.pool.query(`UPDATE audit_log SET seq = seq - 1001 WHERE seq > 1000`);
    expect(await verifyAudit(db.pool)).toMatchObject({
      ok: false,
      firstBroken: { seq: 30, reason: 'prev-hash-mismatch' },
    });
  });

  it('finds a row rewritten with a recomputed hash at the row after it', async () => {
    const [row] = await listAudit(db.pool, 19, 1);
    const forged = { ...row!, actor: 'mallory' };
    await db.pool.query(`UPDATE audit_log SET actor = $1, hash = $2 WHERE seq = 20`, [forged.actor, auditHash(forged)]);
    expect(await verifyAudit(db.pool)).toMatchObject({
      ok: false,
      firstBroken: { seq: 21, reason: 'prev-hash-mismatch' },
    });
  });
});
