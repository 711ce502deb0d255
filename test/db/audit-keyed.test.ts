// The keyed audit chain on PGlite and PostgreSQL: what someone with only database access can do to it, and what
// catches it — the HMAC for a rewritten row, a head kept outside the database for a rewrite of the whole chain.
import { createHash, randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  appendAudit,
  auditHash,
  auditHmac,
  auditKeyRing,
  auditKeysFrom,
  listAudit,
  readAuditHead,
  verifyAudit,
  type AuditEntry,
  type AuditKeyRing,
  type AuditScheme,
} from '../../db/audit-repo.ts';
import type { Pool } from '../../db/pool.ts';
import { createSecretBox } from '../../db/secrets.ts';
import { canonicalJson } from '../../shared/hash.ts';
import { backends, isolated, type Isolated } from '../support/isolated-db.ts';

const keyA = randomBytes(32);
const keyB = randomBytes(32);
const ringA = auditKeyRing([keyA]);
const entry = (i: number) => ({
  actor: `user-${i % 3}`,
  action: 'review.decision' as const,
  subject: `campaign/c/segment/s${i}`,
  details: { decision: 'APPROVED', round: i, note: `Nr. ${i}` },
});

/** Rows as a version before the audit key wrote them: the old formula, no scheme column given. */
async function appendLegacy(pool: Pool, n: number): Promise<void> {
  let prevHash: string | null = null;
  for (let seq = 1; seq <= n; seq++) {
    const at = new Date(Date.UTC(2026, 0, 1, 0, 0, seq));
    const { actor, action, subject, details } = entry(seq);
    const content = { seq, at: at.toISOString(), actor, action, subject };
    const hash: string = createHash('sha256')
      .update(canonicalJson({ ...content, details, prevHash }))
      .digest('hex');
    await pool.query(
      `INSERT INTO audit_log (seq, at, actor, action, subject, details, prev_hash, hash) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
      [seq, at, actor, action, subject, JSON.stringify(details), prevHash, hash],
    );
    prevHash = hash;
  }
}

type Sign = (e: Omit<AuditEntry, 'hash' | 'scheme'> & { scheme: AuditScheme }) => { scheme: AuditScheme; hash: string };
/** The attacker's tools: plain SHA-256 (all anyone without the key can compute), or an HMAC under a key of their own. */
const plainSha: Sign = (e) => ({ scheme: 'sha256', hash: auditHash(e) });
const shaUnderKeyedLabel: Sign = (e) => ({ scheme: e.scheme, hash: auditHash(e) });
const forgedWith =
  (ring: AuditKeyRing): Sign =>
  (e) => {
    const scheme = `hmac-sha256:${ring.current.id}` as const;
    return { scheme, hash: auditHmac({ ...e, scheme }, ring.current.key) };
  };

/** Changes entry `fromSeq` with `change` and re-signs it and every later entry with `sign`, keeping the links right. */
async function rewrite(pool: Pool, fromSeq: number, change: (e: AuditEntry) => AuditEntry, sign: Sign): Promise<void> {
  const all = await listAudit(pool, 0, 10_000);
  let prevHash = all.find((e) => e.seq === fromSeq - 1)?.hash ?? null;
  for (const e of all.filter((x) => x.seq >= fromSeq)) {
    const changed = { ...(e.seq === fromSeq ? change(e) : e), prevHash };
    const { scheme, hash } = sign(changed);
    await pool.query(
      `UPDATE audit_log SET actor = $2, details = $3, prev_hash = $4, hash = $5, scheme = $6 WHERE seq = $1`,
      [e.seq, changed.actor, JSON.stringify(changed.details), prevHash, hash, scheme],
    );
    prevHash = hash;
  }
}
const mallory = (e: AuditEntry): AuditEntry => ({ ...e, actor: 'mallory' });

describe('audit keys', () => {
  it('derives one audit key per secrets key, so a rotated secrets key ring still verifies older entries', () => {
    const [oldKey, newKey] = [randomBytes(32), randomBytes(32)];
    const before = auditKeysFrom(createSecretBox([oldKey]));
    const rotated = auditKeysFrom(createSecretBox([newKey, oldKey]));
    expect(rotated.ids).toEqual([rotated.current.id, before.current.id]);
    expect(rotated.get(before.current.id)).toEqual(before.current.key);
    expect(before.current.key.equals(oldKey)).toBe(false);
    expect(auditKeysFrom(createSecretBox([oldKey])).current.id).toBe(before.current.id);
    expect(before.current.id).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe.each(backends())('keyed audit chain on %s', (backend) => {
  let db: Isolated;
  beforeEach(async () => {
    db = await isolated[backend]!();
    await appendLegacy(db.pool, 10);
    for (let i = 11; i <= 30; i++) await appendAudit(db.pool, entry(i), ringA);
  });
  afterEach(() => db.close());

  const tamperable = () => db.pool.query(`DROP TRIGGER audit_log_append_only ON audit_log`);

  it('verifies the unkeyed entries from before the switch and the keyed ones after it', async () => {
    const schemes = await db.pool.query(
      `SELECT scheme, count(*)::int AS n FROM audit_log GROUP BY scheme ORDER BY min(seq)`,
    );
    expect(schemes.rows).toEqual([
      { scheme: 'sha256', n: 10 },
      { scheme: `hmac-sha256:${ringA.current.id}`, n: 20 },
    ]);
    const head = await readAuditHead(db.pool);
    expect(await verifyAudit(db.pool, { keys: ringA })).toEqual({
      ok: true,
      entries: 30,
      head,
      keyRing: [ringA.current.id],
      unkeyed: 10,
      keyed: { checked: 20, unchecked: 0, firstSeq: 11, keyIds: [ringA.current.id] },
      heads: { expected: 0, matched: 0 },
    });
    expect(head).toMatchObject({ seq: 30, scheme: `hmac-sha256:${ringA.current.id}` });
  });

  it('without a key, checks the keyed entries for their links only and says so', async () => {
    expect(await verifyAudit(db.pool, { keys: null })).toMatchObject({
      ok: true,
      keyRing: null,
      unkeyed: 10,
      keyed: { checked: 0, unchecked: 20, firstSeq: 11 },
    });
    // What it cannot see: a keyed row edited in place. The keyed verification can.
    await tamperable();
    await db.pool.query(`UPDATE audit_log SET actor = 'mallory' WHERE seq = 20`);
    expect(await verifyAudit(db.pool, { keys: null })).toMatchObject({ ok: true, keyed: { unchecked: 20 } });
    expect(await verifyAudit(db.pool, { keys: ringA })).toMatchObject({
      ok: false,
      entries: 19,
      firstBroken: { seq: 20, reason: 'hash-mismatch' },
    });
  });

  it('catches a keyed row rewritten and every later entry rehashed with plain SHA-256', async () => {
    await tamperable();
    await rewrite(db.pool, 15, mallory, plainSha);
    // Consistent to anyone without the key: every link and every SHA-256 holds.
    expect(await verifyAudit(db.pool, { keys: null })).toMatchObject({ ok: true, entries: 30 });
    expect(await verifyAudit(db.pool, { keys: ringA })).toMatchObject({
      ok: false,
      entries: 14,
      firstBroken: { seq: 15, reason: 'unkeyed-after-keyed' },
    });
  });

  it('catches the same rewrite when the rows keep their keyed label', async () => {
    await tamperable();
    await rewrite(db.pool, 15, mallory, shaUnderKeyedLabel);
    expect(await verifyAudit(db.pool, { keys: ringA })).toMatchObject({
      ok: false,
      firstBroken: { seq: 15, reason: 'hash-mismatch' },
    });
  });

  it('catches a rewrite under a key of the attacker’s own as an unknown key', async () => {
    const forged = auditKeyRing([randomBytes(32)]);
    await tamperable();
    await rewrite(db.pool, 25, mallory, forgedWith(forged));
    expect(await verifyAudit(db.pool, { keys: ringA })).toMatchObject({
      ok: false,
      entries: 24,
      firstBroken: { seq: 25, reason: 'unknown-key', keyId: forged.current.id },
    });
  });

  it('catches a rewrite of the whole chain, keys stripped, only with a head kept elsewhere', async () => {
    const kept = (await readAuditHead(db.pool))!;
    const middle = (await listAudit(db.pool, 19, 1))[0]!;
    await tamperable();
    await rewrite(db.pool, 1, (e) => (e.seq === 1 ? mallory(e) : e), plainSha);
    // Without an anchor, a chain that was never keyed looks fine: the verification can only point that out.
    expect(await verifyAudit(db.pool, { keys: ringA })).toMatchObject({
      ok: true,
      entries: 30,
      keyed: { checked: 0, firstSeq: null },
    });
    expect(
      await verifyAudit(db.pool, { keys: ringA, expectHeads: [{ seq: kept.seq, hash: kept.hash }] }),
    ).toMatchObject({
      ok: false,
      entries: 29,
      firstBroken: { seq: 30, reason: 'head-mismatch', expected: { seq: 30 } },
    });
    // An older head catches it as well, at its own seq; a head given by hash alone, after the end.
    expect(await verifyAudit(db.pool, { keys: ringA, expectHeads: [{ seq: 20, hash: middle.hash }] })).toMatchObject({
      ok: false,
      firstBroken: { seq: 20, reason: 'head-mismatch' },
    });
    expect(await verifyAudit(db.pool, { keys: ringA, expectHeads: [{ hash: kept.hash }] })).toMatchObject({
      ok: false,
      entries: 30,
      firstBroken: { seq: 31, reason: 'head-missing', expected: { hash: kept.hash } },
    });
  });

  it('catches a whole chain rewritten under a forged key, even when verified with that key, by its head', async () => {
    const kept = (await readAuditHead(db.pool))!;
    const forged = auditKeyRing([randomBytes(32)]);
    await tamperable();
    await rewrite(db.pool, 1, mallory, forgedWith(forged));
    expect(await verifyAudit(db.pool, { keys: forged })).toMatchObject({ ok: true, keyed: { checked: 30 } });
    expect(await verifyAudit(db.pool, { keys: forged, expectHeads: [kept] })).toMatchObject({
      ok: false,
      firstBroken: { seq: 30, reason: 'head-mismatch' },
    });
  });

  it('catches a chain cut short by the head kept elsewhere', async () => {
    const kept = (await readAuditHead(db.pool))!;
    await tamperable();
    await db.pool.query(`DELETE FROM audit_log WHERE seq > 26`);
    expect(await verifyAudit(db.pool, { keys: ringA })).toMatchObject({ ok: true, entries: 26 });
    expect(await verifyAudit(db.pool, { keys: ringA, expectHeads: [kept] })).toMatchObject({
      ok: false,
      entries: 26,
      firstBroken: { seq: 30, reason: 'head-missing' },
    });
  });

  it('accepts every head the chain still holds, repeated ones included', async () => {
    const heads = (await listAudit(db.pool, 0, 100)).filter((e) => e.seq % 7 === 0);
    const expectHeads = [...heads, heads[0]!].map((e) => ({ seq: e.seq, hash: e.hash }));
    expect(await verifyAudit(db.pool, { keys: ringA, expectHeads })).toMatchObject({
      ok: true,
      heads: { expected: 5, matched: 5 },
    });
  });

  it('verifies across a key rotation while both keys are in the ring, and names a key that was dropped', async () => {
    const rotated = auditKeyRing([keyB, keyA]);
    for (let i = 31; i <= 35; i++) await appendAudit(db.pool, entry(i), rotated);
    const [first] = await listAudit(db.pool, 30, 1);
    expect(first!.scheme).toBe(`hmac-sha256:${rotated.current.id}`);
    expect(await verifyAudit(db.pool, { keys: rotated })).toMatchObject({
      ok: true,
      entries: 35,
      keyed: { checked: 25, keyIds: [ringA.current.id, rotated.current.id] },
    });
    expect(await verifyAudit(db.pool, { keys: auditKeyRing([keyB]) })).toMatchObject({
      ok: false,
      entries: 10,
      firstBroken: { seq: 11, reason: 'unknown-key', keyId: ringA.current.id },
    });
  });

  it('refuses a scheme that is neither sha256 nor an HMAC key id', async () => {
    await tamperable();
    await expect(db.pool.query(`UPDATE audit_log SET scheme = 'md5' WHERE seq = 3`)).rejects.toThrow(
      /audit_log_scheme/,
    );
  });
});
