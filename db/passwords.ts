// Password hashing with scrypt (node:crypto), parameters and salt encoded with the hash; and the password policy.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { InputError } from '../shared/errors.ts';

/**
 * Passwords need at least 12 characters. Reviewers sign medical content by re-entering their password, so the
 * password is what a signature's attribution rests on; a length floor is the rule that helps most (NIST 800-63B).
 */
export const MIN_PASSWORD_LENGTH = 12;
/** Upper bound so a huge body cannot make hashing expensive; far above any real passphrase. */
export const MAX_PASSWORD_LENGTH = 1024;
// N = 2^15, r = 8 needs 128·N·r = 32 MiB, exactly Node's default maxmem, which scrypt then refuses; allow 64 MiB.
const PARAMS = { N: 2 ** 15, r: 8, p: 1 };
const MAXMEM = 64 * 1024 * 1024;
const KEY_BYTES = 32;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // NFKC so the same passphrase typed on two keyboards (composed or decomposed umlauts) still matches.
    scrypt(password.normalize('NFKC'), salt, KEY_BYTES, { ...options, maxmem: MAXMEM }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/** What is wrong with `password` under the policy, or undefined when it is acceptable. */
export function passwordProblem(password: string): string | undefined {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `A password needs at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (length > MAX_PASSWORD_LENGTH) return `A password may have at most ${MAX_PASSWORD_LENGTH} characters.`;
  return undefined;
}

/** Hashes a password as `scrypt$N$r$p$salt$hash` (base64url). Throws InputError when it breaks the policy. */
export async function hashPassword(password: string): Promise<string> {
  const problem = passwordProblem(password);
  if (problem) throw new InputError(problem);
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** True when `password` matches `encoded`; compares in constant time. A malformed `encoded` never matches. */
export async function checkPassword(password: string, encoded: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = encoded.split('$');
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  const { N } = params;
  // Parameters are read from the stored value (so they can be raised later), but bounded so a bad row is no DoS.
  const sane = Number.isInteger(N) && N >= 2 && (N & (N - 1)) === 0 && params.r >= 1 && params.p >= 1;
  if (scheme !== 'scrypt' || !sane || 128 * N * params.r * params.p > MAXMEM / 2 || !salt || !hash) return false;
  if (password.length > MAX_PASSWORD_LENGTH * 4) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), params);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

let dummy: Promise<string> | undefined;
/** A valid hash of a random password: checked against when a user is unknown, so timing does not reveal that. */
export function dummyPasswordHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(24).toString('base64url'));
  return dummy;
}
