// Users and their API tokens (stored as SHA-256, never in clear).
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from './pool.ts';

export type Role = 'campaign_manager' | 'medical_reviewer' | 'lead_reviewer' | 'admin' | 'channel';

export interface User {
  id: string;
  displayName: string;
  role: Role;
}

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Creates (or replaces the token of) a user and returns the new API token; the token is shown once. */
export async function upsertUserWithToken(db: Queryable, user: User): Promise<string> {
  const token = `kt_${randomBytes(24).toString('base64url')}`;
  await db.query(
    `INSERT INTO users (id, display_name, role, token_sha256) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET display_name = $2, role = $3, token_sha256 = $4, disabled = false`,
    [user.id, user.displayName, user.role, tokenHash(token)],
  );
  return token;
}

/** The active user owning `token`, or undefined. */
export async function findUserByToken(db: Queryable, token: string): Promise<User | undefined> {
  const r = await db.query(`SELECT id, display_name, role FROM users WHERE token_sha256 = $1 AND NOT disabled`, [
    tokenHash(token),
  ]);
  const row = r.rows[0];
  return row && { id: row.id, displayName: row.display_name, role: row.role };
}
