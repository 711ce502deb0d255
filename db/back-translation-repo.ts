// Back-translations of script versions per reader language: stored whole, once, and the reviewers' languages.
import type { StoredBackTranslation } from '../shared/back-translation.ts';
import { REVIEWER_ROLES } from '../shared/roles.ts';
import type { StoredFinding } from './script-repo.ts';
import type { Queryable } from './pool.ts';

export interface BackTranslationRow extends StoredBackTranslation {
  findings: StoredFinding[];
}

export type NewBackTranslation = Omit<BackTranslationRow, 'createdAt'>;

/**
 * Stores a back-translation in one statement. A finished one stays (a retried activity changes nothing); a failed
 * or missing one gives way to a later attempt's result, so a key fixed or a provider configured heals on the next
 * draft of the same text.
 */
export async function saveBackTranslation(db: Queryable, row: NewBackTranslation): Promise<void> {
  await db.query(
    `INSERT INTO back_translations (script_sha256, language, provider, model, status, sentences, findings, failure)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (script_sha256, language) DO UPDATE
       SET provider = EXCLUDED.provider, model = EXCLUDED.model, status = EXCLUDED.status,
           sentences = EXCLUDED.sentences, findings = EXCLUDED.findings, failure = EXCLUDED.failure,
           created_at = now()
     WHERE back_translations.status <> 'done'`,
    [
      row.scriptSha256,
      row.language,
      row.provider,
      row.model ?? null,
      row.status,
      JSON.stringify(row.sentences),
      JSON.stringify(row.findings),
      row.failure ?? null,
    ],
  );
}

/** The back-translations of one script version, by language. */
export async function listBackTranslations(db: Queryable, scriptSha256: string): Promise<BackTranslationRow[]> {
  const r = await db.query(`SELECT * FROM back_translations WHERE script_sha256 = $1 ORDER BY language`, [
    scriptSha256,
  ]);
  return r.rows.map((row) => ({
    scriptSha256: row.script_sha256 as string,
    language: row.language as string,
    provider: row.provider as string,
    ...(row.model ? { model: row.model as string } : {}),
    status: row.status as StoredBackTranslation['status'],
    sentences: row.sentences as (string | null)[][],
    findings: row.findings as StoredFinding[],
    ...(row.failure ? { failure: row.failure as string } : {}),
    createdAt: new Date(row.created_at as string).toISOString(),
  }));
}

/** The workspace language of every active reviewer (null: none chosen), for the languages scripts are rendered in. */
export async function reviewerLocales(db: Queryable): Promise<{ languages: string[]; locale: string | null }[]> {
  const r = await db.query(`SELECT languages, locale FROM users WHERE role = ANY($1) AND NOT disabled`, [
    [...REVIEWER_ROLES],
  ]);
  return r.rows.map((row) => ({
    languages: (row.languages as string[] | null) ?? [],
    locale: (row.locale as string | null) ?? null,
  }));
}
