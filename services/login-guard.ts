// Password checks for logging in and for signing: rate-limited per user and per address, failures audited.
import { appendAudit } from '../db/audit-repo.ts';
import { countAttempts, forgetAttempts, recordAttempts } from '../db/login-attempt-repo.ts';
import type { Pool } from '../db/pool.ts';
import { userExists, verifyPassword, type User } from '../db/user-repo.ts';

/** At most 5 failed checks per user name and 20 per client address within 15 minutes. */
export const LOGIN_LIMITS = { windowMinutes: 15, perUser: 5, perAddress: 20 } as const;

export type CredentialCheck =
  | { ok: true; user: User }
  | { ok: false; reason: 'wrong-credentials' }
  | { ok: false; reason: 'rate-limited'; retryAfterSeconds: number };

export interface CredentialInput {
  userId: string;
  password: string;
  /** The client address; undefined when unknown (then only the per-user limit applies). */
  ip: string | undefined;
  purpose: 'login' | 'signature';
}

/**
 * Checks a password under the rate limit. The attempt is recorded before the (slow) password check and counted
 * with it, so parallel guesses cannot slip past the limit; it is forgotten again on success or when refused.
 */
export async function checkCredentials(pool: Pool, input: CredentialInput): Promise<CredentialCheck> {
  const keys = [`user:${input.userId}`, ...(input.ip ? [`ip:${input.ip}`] : [])];
  const ids = await recordAttempts(pool, keys, LOGIN_LIMITS.windowMinutes);
  const counts = await countAttempts(pool, keys, LOGIN_LIMITS.windowMinutes);
  const over = counts.filter((r) => r.n > (r.key.startsWith('user:') ? LOGIN_LIMITS.perUser : LOGIN_LIMITS.perAddress));
  if (over.length > 0) {
    // A refused attempt checked nothing, so it does not extend the lock-out.
    await forgetAttempts(pool, ids);
    const retryAfterSeconds = Math.max(1, ...over.map((r) => r.retry));
    return { ok: false, reason: 'rate-limited', retryAfterSeconds };
  }
  const user = await verifyPassword(pool, input.userId, input.password);
  if (user) {
    await forgetAttempts(pool, ids, keys[0]);
    return { ok: true, user };
  }
  const known = await userExists(pool, input.userId);
  // The user name typed is not recorded when it is no user: people type their password into that field.
  await appendAudit(pool, {
    actor: input.purpose === 'signature' ? input.userId : 'anonymous',
    action: 'login.failed',
    subject: known ? `user/${input.userId}` : 'user/(unknown)',
    details: { purpose: input.purpose, ...(input.ip ? { ip: input.ip } : {}) },
  });
  return { ok: false, reason: 'wrong-credentials' };
}

/**
 * Re-checks a logged-in user's password at the moment of signing. Failures count toward the login rate limit and
 * are audited as `login.failed` with `details.purpose = 'signature'`; success is not audited here (the caller
 * records the signature itself).
 */
export async function verifySignature(
  pool: Pool,
  user: User,
  password: string,
  ip?: string,
): Promise<{ ok: true } | Exclude<CredentialCheck, { ok: true }>> {
  const result = await checkCredentials(pool, { userId: user.id, password, ip, purpose: 'signature' });
  return result.ok ? { ok: true } : result;
}
