// Web sessions, stored under the SHA-256 of their id so a copy of the table opens no session.
import type { User } from './user-repo.ts';
import type { Queryable } from './pool.ts';

export interface NewSession {
  idSha256: string;
  userId: string;
  csrfToken: string;
  createdAt: Date;
  expiresAt: Date;
}

/** Stores a session (first removing every session that expired by `createdAt`). */
export async function insertSession(db: Queryable, s: NewSession): Promise<void> {
  await db.query(`DELETE FROM sessions WHERE expires_at <= $1`, [s.createdAt]);
  await db.query(
    `INSERT INTO sessions (id_sha256, user_id, csrf_token, created_at, expires_at, last_seen_at)
     VALUES ($1, $2, $3, $4, $5, $4)`,
    [s.idSha256, s.userId, s.csrfToken, s.createdAt, s.expiresAt],
  );
}

/**
 * Marks a live session seen at `now` and extends it to `idleUntil`, never past `absoluteMs` after its creation.
 * Undefined when the session is unknown, expired, or its user is disabled.
 */
export async function touchSession(
  db: Queryable,
  idSha256: string,
  now: Date,
  idleUntil: Date,
  absoluteMs: number,
): Promise<{ user: User; csrfToken: string; locale?: string } | undefined> {
  const r = await db.query(
    `UPDATE sessions s SET last_seen_at = $2,
       expires_at = LEAST($3::timestamptz, s.created_at + $4 * interval '1 millisecond')
     FROM users u
     WHERE s.id_sha256 = $1 AND s.expires_at > $2 AND u.id = s.user_id AND NOT u.disabled
     RETURNING u.id, u.display_name, u.role, u.locale, s.csrf_token`,
    [idSha256, now, idleUntil, absoluteMs],
  );
  const row = r.rows[0];
  return (
    row && {
      user: { id: row.id, displayName: row.display_name, role: row.role },
      csrfToken: row.csrf_token,
      // The workspace language the user chose (migration 014); absent: as the browser asks.
      ...(row.locale ? { locale: row.locale } : {}),
    }
  );
}

export async function deleteSession(db: Queryable, idSha256: string): Promise<void> {
  await db.query(`DELETE FROM sessions WHERE id_sha256 = $1`, [idSha256]);
}
