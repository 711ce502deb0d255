// Web sessions: creating, looking up and ending them, and the constant-time comparison CSRF checks use.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Queryable } from '../db/pool.ts';
import { deleteSession, insertSession, touchSession } from '../db/session-repo.ts';
import type { User } from '../db/user-repo.ts';

export interface SessionStore {
  create(userId: string): Promise<{ cookieValue: string; csrfToken: string }>;
  /** The session's active user and CSRF token; undefined when unknown, expired or the user is disabled. */
  lookup(cookieValue: string): Promise<{ user: User; csrfToken: string; locale?: string } | undefined>;
  destroy(cookieValue: string): Promise<void>;
}

/** A session ends after 8 hours without a request, and 12 hours after login in any case (a clinician's shift). */
export const SESSION_IDLE_MS = 8 * 3600_000;
export const SESSION_ABSOLUTE_MS = 12 * 3600_000;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const newSecret = () => randomBytes(32).toString('base64url');

/** Sessions in the database, keyed by the SHA-256 of their id so a copy of the table opens no session. */
export function createSessionStore(db: Queryable, opts: { now?: () => Date } = {}): SessionStore {
  const now = opts.now ?? (() => new Date());
  return {
    async create(userId) {
      const cookieValue = newSecret();
      const csrfToken = newSecret();
      const t = now();
      const expiresAt = new Date(t.getTime() + SESSION_IDLE_MS);
      await insertSession(db, { idSha256: sha256(cookieValue), userId, csrfToken, createdAt: t, expiresAt });
      return { cookieValue, csrfToken };
    },
    async lookup(cookieValue) {
      if (cookieValue.length > 128) return undefined;
      const t = now();
      return touchSession(db, sha256(cookieValue), t, new Date(t.getTime() + SESSION_IDLE_MS), SESSION_ABSOLUTE_MS);
    },
    async destroy(cookieValue) {
      await deleteSession(db, sha256(cookieValue));
    },
  };
}

/** Constant-time string equality (both sides hashed first, so lengths leak nothing either). */
export const safeEqual = (a: string, b: string) => timingSafeEqual(Buffer.from(sha256(a)), Buffer.from(sha256(b)));
