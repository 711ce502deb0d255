// Script versions: immutable, content-addressed by the SHA-256 of their canonical JSON.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../shared/hash.ts';
import type { Script } from '../shared/types.ts';
import type { Queryable } from './pool.ts';

export interface ScriptVersionRow {
  sha256: string;
  campaignId: string;
  segmentId: string;
  script: Script;
  provider: string;
  templateHash: string;
  createdAt: Date;
}

/** The hash reviewers sign: it changes with any change to the script's content. */
export function scriptSha256(script: Script): string {
  return createHash('sha256').update(canonicalJson(script)).digest('hex');
}

/** Stores a version once; storing the same content again is a no-op (idempotent for retried activities). */
export async function saveScriptVersion(
  db: Queryable,
  v: { campaignId: string; segmentId: string; script: Script; provider: string; templateHash: string },
): Promise<string> {
  const sha = scriptSha256(v.script);
  await db.query(
    `INSERT INTO script_versions (sha256, campaign_id, segment_id, script, provider, template_hash)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
    [sha, v.campaignId, v.segmentId, JSON.stringify(v.script), v.provider, v.templateHash],
  );
  return sha;
}

export async function getScriptVersion(
  db: Queryable,
  key: { campaignId: string; segmentId: string; sha256: string },
): Promise<ScriptVersionRow | undefined> {
  const r = await db.query(`SELECT * FROM script_versions WHERE campaign_id = $1 AND segment_id = $2 AND sha256 = $3`, [
    key.campaignId,
    key.segmentId,
    key.sha256,
  ]);
  const row = r.rows[0];
  if (!row) return undefined;
  return {
    sha256: row.sha256,
    campaignId: row.campaign_id,
    segmentId: row.segment_id,
    script: row.script,
    provider: row.provider,
    templateHash: row.template_hash,
    createdAt: row.created_at,
  };
}
