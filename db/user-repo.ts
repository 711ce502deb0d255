// Users, their roles, passwords (scrypt) and API tokens (stored as SHA-256, never in clear).
import { createHash, randomBytes } from 'node:crypto';
import { checkPassword, dummyPasswordHash, hashPassword } from './passwords.ts';
import type { Role } from '../shared/roles.ts';
import type { Queryable } from './pool.ts';

export interface User {
  id: string;
  displayName: string;
  role: Role;
}

/** A user as an admin sees it: never a hash. */
export interface UserRecord extends User {
  /** The languages the user reads, as recorded (empty: none recorded). */
  languages: string[];
  disabled: boolean;
  hasPassword: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const RECORD_COLUMNS = `id, display_name, role, languages, disabled, password_hash IS NOT NULL AS has_password, created_at, updated_at`;

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const newToken = () => `kt_${randomBytes(24).toString('base64url')}`;

const toUser = (row: { id: string; display_name: string; role: Role }): User => ({
  id: row.id,
  displayName: row.display_name,
  role: row.role,
});

/** Creates (or replaces the token of) a user and returns the new API token; the token is shown once. */
export async function upsertUserWithToken(db: Queryable, user: User): Promise<string> {
  const token = newToken();
  await db.query(
    `INSERT INTO users (id, display_name, role, token_sha256) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET display_name = $2, role = $3, token_sha256 = $4, disabled = false, updated_at = now()`,
    [user.id, user.displayName, user.role, tokenHash(token)],
  );
  return token;
}

/** Creates a user; undefined when the id is taken. Throws InputError when the password breaks the policy. */
export async function createUser(
  db: Queryable,
  input: User & { password?: string | undefined; languages?: readonly string[] | undefined },
): Promise<User | undefined> {
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  const r = await db.query(
    `INSERT INTO users (id, display_name, role, password_hash, languages) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (id) DO NOTHING RETURNING id, display_name, role`,
    [input.id, input.displayName, input.role, passwordHash, input.languages ?? []],
  );
  return r.rows[0] && toUser(r.rows[0]);
}

/** Sets a user's password and ends their sessions; false when there is no such user. */
export async function setPassword(db: Queryable, userId: string, password: string): Promise<boolean> {
  const hash = await hashPassword(password);
  const r = await db.query(`UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1`, [userId, hash]);
  await db.query(`DELETE FROM sessions WHERE user_id = $1`, [userId]);
  return r.rowCount === 1;
}

/** The active user when `password` is theirs; undefined otherwise (unknown, disabled, no password, wrong). */
export async function verifyPassword(db: Queryable, userId: string, password: string): Promise<User | undefined> {
  const r = await db.query(`SELECT id, display_name, role, password_hash, disabled FROM users WHERE id = $1`, [userId]);
  const row = r.rows[0];
  // Always run one scrypt, so an unknown or disabled user answers as slowly as a wrong password.
  const usable = row && !row.disabled && row.password_hash;
  const ok = await checkPassword(password, usable ? row.password_hash : await dummyPasswordHash());
  return ok && usable ? toUser(row) : undefined;
}

/** Disables a user: tokens stop working and sessions end. False when there is no such user. */
export async function disableUser(db: Queryable, userId: string): Promise<boolean> {
  const r = await db.query(`UPDATE users SET disabled = true, updated_at = now() WHERE id = $1`, [userId]);
  await db.query(`DELETE FROM sessions WHERE user_id = $1`, [userId]);
  return r.rowCount === 1;
}

/** Changes a user's role; returns the previous one, or undefined when there is no such user. */
export async function changeRole(db: Queryable, userId: string, role: Role): Promise<Role | undefined> {
  const r = await db.query(
    `UPDATE users u SET role = $2, updated_at = now() FROM users old WHERE u.id = $1 AND old.id = u.id
     RETURNING old.role`,
    [userId, role],
  );
  return r.rows[0]?.role;
}

/** Stores the workspace language a user chose (`null`: as their browser asks); false when there is no such user. */
export async function setUserLocale(db: Queryable, userId: string, locale: string | null): Promise<boolean> {
  const r = await db.query(`UPDATE users SET locale = $2, updated_at = now() WHERE id = $1`, [userId, locale]);
  return r.rowCount === 1;
}

/** Records the languages a user reads (two-letter codes; empty: see `readsLanguages`); false when there is no such user. */
export async function setUserLanguages(db: Queryable, userId: string, languages: readonly string[]): Promise<boolean> {
  const r = await db.query(`UPDATE users SET languages = $2, updated_at = now() WHERE id = $1`, [userId, languages]);
  return r.rowCount === 1;
}

/** What decides which languages a user reads: the recorded list and the workspace locale (shared/reader-sign-offs.ts). */
export async function getUserLanguages(
  db: Queryable,
  userId: string,
): Promise<{ languages: string[]; locale: string | null } | undefined> {
  const r = await db.query(`SELECT languages, locale FROM users WHERE id = $1`, [userId]);
  return r.rows[0] && { languages: r.rows[0].languages ?? [], locale: r.rows[0].locale ?? null };
}

/** One user as an admin sees it, or undefined. */
export async function getUser(db: Queryable, userId: string): Promise<UserRecord | undefined> {
  const r = await db.query(`SELECT ${RECORD_COLUMNS} FROM users WHERE id = $1`, [userId]);
  return r.rows[0] && toRecord(r.rows[0]);
}

/** Whether a user with this id exists, enabled or not. */
export async function userExists(db: Queryable, userId: string): Promise<boolean> {
  const r = await db.query(`SELECT 1 FROM users WHERE id = $1`, [userId]);
  return r.rowCount === 1;
}

/** Every user, by id. */
export async function listUsers(db: Queryable): Promise<UserRecord[]> {
  const r = await db.query(`SELECT ${RECORD_COLUMNS} FROM users ORDER BY id`);
  return r.rows.map(toRecord);
}

function toRecord(row: Record<string, unknown>): UserRecord {
  return {
    ...toUser(row as { id: string; display_name: string; role: Role }),
    languages: (row.languages as string[] | null) ?? [],
    disabled: row.disabled as boolean,
    hasPassword: row.has_password as boolean,
    createdAt: row.created_at as Date,
    updatedAt: row.updated_at as Date,
  };
}

/** Adds a labelled API token for a user; the token is returned once. Undefined when there is no such user. */
export async function createApiToken(
  db: Queryable,
  userId: string,
  label: string,
): Promise<{ id: string; token: string } | undefined> {
  const token = newToken();
  const id = `tok_${randomBytes(6).toString('hex')}`;
  const r = await db.query(
    `INSERT INTO api_tokens (id, user_id, token_sha256, label) SELECT $1, id, $3, $4 FROM users WHERE id = $2`,
    [id, userId, tokenHash(token), label],
  );
  return r.rowCount === 1 ? { id, token } : undefined;
}

/** The active user owning `token` (their legacy token or an unrevoked labelled one), or undefined. */
export async function findUserByToken(db: Queryable, token: string): Promise<User | undefined> {
  const r = await db.query(
    `SELECT id, display_name, role, NULL AS token_id FROM users WHERE token_sha256 = $1 AND NOT disabled
     UNION ALL
     SELECT u.id, u.display_name, u.role, t.id FROM api_tokens t JOIN users u ON u.id = t.user_id
     WHERE t.token_sha256 = $1 AND NOT t.revoked AND NOT u.disabled`,
    [tokenHash(token)],
  );
  const row = r.rows[0];
  if (row?.token_id) {
    // At most one write a minute per token: busy CLI loops should not turn every read into a write.
    await db.query(
      `UPDATE api_tokens SET last_used_at = now()
       WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [row.token_id],
    );
  }
  return row && toUser(row);
}

// Any constant distinct from the migration and audit locks: two bootstraps at once must not both see no admin.
const BOOTSTRAP_LOCK_KEY = 4_711_2028;

/**
 * Creates the first admin (with a password and one API token) unless an active admin exists; inside `tx`, which the
 * caller commits. Returns the new user and token, or the ids of the admins already there.
 */
export async function createFirstAdmin(
  tx: Queryable,
  input: { id: string; displayName: string; password: string },
): Promise<{ created: User; token: string } | { admins: string[] } | { taken: true }> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK_KEY]);
  const admins = await tx.query<{ id: string }>(
    `SELECT id FROM users WHERE role = 'admin' AND NOT disabled ORDER BY id`,
  );
  if (admins.rows.length > 0) return { admins: admins.rows.map((r) => r.id) };
  const created = await createUser(tx, { ...input, role: 'admin' });
  if (!created) return { taken: true };
  const token = await createApiToken(tx, created.id, 'bootstrap');
  return { created, token: token!.token };
}
