// Script versions: immutable, content-addressed by the SHA-256 of their canonical JSON.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../shared/hash.ts';
import type { Script } from '../shared/types.ts';
import type { Queryable } from './pool.ts';

/** A pre-review finding as stored with the version it was found in. */
export interface StoredFinding {
  code: string;
  severity: 'blocking' | 'warning' | 'info';
  scene?: number;
  sentence?: number;
  message: string;
  suggestion?: string;
}

export interface ScriptVersionRow {
  sha256: string;
  campaignId: string;
  segmentId: string;
  script: Script;
  provider: string;
  model?: string;
  usage?: { promptTokens: number; completionTokens: number; totalTokens: number };
  templateHash: string;
  round: number;
  previousSha256?: string;
  diff?: unknown;
  findings: StoredFinding[];
  createdAt: Date;
}

export interface NewScriptVersion {
  campaignId: string;
  segmentId: string;
  script: Script;
  provider: string;
  templateHash: string;
  model?: string;
  usage?: ScriptVersionRow['usage'];
  round?: number;
  previousSha256?: string;
  diff?: unknown;
}

/** The hash reviewers sign: it changes with any change to the script's content. */
export function scriptSha256(script: Script): string {
  return createHash('sha256').update(canonicalJson(script)).digest('hex');
}

/** Stores a version once; storing the same content again is a no-op (idempotent for retried activities). */
export async function saveScriptVersion(db: Queryable, v: NewScriptVersion): Promise<string> {
  const sha = scriptSha256(v.script);
  await db.query(
    `INSERT INTO script_versions
       (sha256, campaign_id, segment_id, script, provider, template_hash, model, usage, round, previous_sha256, diff)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING`,
    [
      sha,
      v.campaignId,
      v.segmentId,
      JSON.stringify(v.script),
      v.provider,
      v.templateHash,
      v.model ?? null,
      v.usage ? JSON.stringify(v.usage) : null,
      v.round ?? 1,
      v.previousSha256 ?? null,
      v.diff === undefined ? null : JSON.stringify(v.diff),
    ],
  );
  return sha;
}

/** Records the pre-review findings of a version (findings describe the version; re-checking replaces them). */
export async function setScriptFindings(
  db: Queryable,
  key: { campaignId: string; segmentId: string; sha256: string },
  findings: readonly StoredFinding[],
): Promise<void> {
  await db.query(
    // checked_at marks the version going to review next: the last one checked (db/review-queue-repo.ts).
    `UPDATE script_versions SET findings = $4, checked_at = clock_timestamp()
      WHERE campaign_id = $1 AND segment_id = $2 AND sha256 = $3`,
    [key.campaignId, key.segmentId, key.sha256, JSON.stringify(findings)],
  );
}

function toRow(row: Record<string, unknown>): ScriptVersionRow {
  return {
    sha256: row.sha256 as string,
    campaignId: row.campaign_id as string,
    segmentId: row.segment_id as string,
    script: row.script as Script,
    provider: row.provider as string,
    model: (row.model as string | null) ?? undefined,
    usage: (row.usage as ScriptVersionRow['usage'] | null) ?? undefined,
    templateHash: row.template_hash as string,
    round: row.round as number,
    previousSha256: (row.previous_sha256 as string | null) ?? undefined,
    diff: row.diff ?? undefined,
    findings: (row.findings as StoredFinding[]) ?? [],
    createdAt: row.created_at as Date,
  };
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
  return r.rows[0] && toRow(r.rows[0]);
}

/** Every version of a segment's script, oldest first. */
export async function listScriptVersions(db: Queryable, campaignId: string, segmentId: string) {
  const r = await db.query(
    `SELECT * FROM script_versions WHERE campaign_id = $1 AND segment_id = $2 ORDER BY created_at, sha256`,
    [campaignId, segmentId],
  );
  return r.rows.map(toRow);
}

/** Pre-review findings counted by severity for one version of each given segment (one query), by segment id. */
export async function findingCounts(
  db: Queryable,
  campaignId: string,
  versions: readonly { segmentId: string; sha256: string }[],
): Promise<Map<string, { blocking: number; warnings: number; info: number }>> {
  const r = await db.query(
    `SELECT v.segment_id,
            (SELECT count(*) FROM jsonb_array_elements(v.findings) f WHERE f->>'severity' = 'blocking')::int AS blocking,
            (SELECT count(*) FROM jsonb_array_elements(v.findings) f WHERE f->>'severity' = 'warning')::int AS warnings,
            (SELECT count(*) FROM jsonb_array_elements(v.findings) f WHERE f->>'severity' = 'info')::int AS info
       FROM unnest($2::text[], $3::text[]) AS k(segment_id, sha256)
       JOIN script_versions v ON v.campaign_id = $1 AND v.segment_id = k.segment_id AND v.sha256 = k.sha256`,
    [campaignId, versions.map((v) => v.segmentId), versions.map((v) => v.sha256)],
  );
  return new Map(
    r.rows.map((row) => [row.segment_id, { blocking: row.blocking, warnings: row.warnings, info: row.info }]),
  );
}
