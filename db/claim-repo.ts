// The claims library: versioned approved claims (a changed claim is a new version; old ones stay for the record).
import { claimSha256 } from './campaign-repo.ts';
import { inTransaction, type Pool, type Queryable } from './pool.ts';
import type { Claim } from '../shared/types.ts';

export interface LibraryClaim {
  claim: Claim;
  sha256: string;
  importedAt: string;
  versions: number;
}

/** Imports claims as new versions where their content changed; returns how many were new, changed or unchanged. */
export function importClaims(pool: Pool, claims: readonly Claim[]) {
  return inTransaction(pool, (tx) => importClaimsIn(tx, claims));
}

/** {@link importClaims} inside the caller's transaction, so the import commits with what else it does. */
export async function importClaimsIn(tx: Queryable, claims: readonly Claim[]) {
  const counts = { added: 0, changed: 0, unchanged: 0 };
  for (const claim of claims) {
    const sha = claimSha256(claim);
    const latest = await tx.query(
      `SELECT sha256 FROM claim_versions WHERE id = $1 ORDER BY imported_at DESC, sha256 LIMIT 1`,
      [claim.id],
    );
    const previous = latest.rows[0]?.sha256 as string | undefined;
    if (previous === sha) {
      counts.unchanged++;
      continue;
    }
    // A version seen before and now re-imported becomes current again: a new row time, same content hash.
    await tx.query(
      `INSERT INTO claim_versions (id, sha256, data) VALUES ($1, $2, $3)
       ON CONFLICT (id, sha256) DO UPDATE SET imported_at = now()`,
      [claim.id, sha, JSON.stringify(claim)],
    );
    if (previous) counts.changed++;
    else counts.added++;
  }
  return counts;
}

/** The current version of every claim in the library, by id. */
export async function listLibraryClaims(db: Queryable): Promise<LibraryClaim[]> {
  const r = await db.query(
    `SELECT DISTINCT ON (id) id, sha256, data, imported_at,
            count(*) OVER (PARTITION BY id) AS versions
       FROM claim_versions ORDER BY id, imported_at DESC, sha256`,
  );
  return r.rows.map((row) => ({
    claim: row.data as Claim,
    sha256: row.sha256,
    importedAt: new Date(row.imported_at).toISOString(),
    versions: Number(row.versions),
  }));
}

/** One stored version of a claim, by id and the SHA-256 a signed manifest names; undefined when none matches. */
export async function getClaimVersion(db: Queryable, id: string, sha256: string): Promise<Claim | undefined> {
  const r = await db.query(`SELECT data FROM claim_versions WHERE id = $1 AND sha256 = $2`, [id, sha256]);
  return r.rows[0]?.data as Claim | undefined;
}
