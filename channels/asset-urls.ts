// Signed, expiring asset URLs: a channel fetches a video or its companions without an account, until the link expires.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** What the asset-link key is derived for (see SecretBox.deriveKey): worker and API derive the same key. */
export const ASSET_LINK_PURPOSE = 'asset-links';

/** How long a link in a delivery stays valid: longer than the delivery retry schedule (about a day). */
export const DELIVERY_LINK_SECONDS = 7 * 24 * 3600;

function signature(key: Buffer, path: string, expires: number): string {
  return createHmac('sha256', key).update(`${path}\n${expires}`).digest('base64url');
}

/** `base + path?expires=…&sig=…`; `path` starts with `/assets/`. */
export function signAssetUrl(key: Buffer, base: string, path: string, nowSeconds: number, ttlSeconds: number): string {
  const expires = Math.floor(nowSeconds) + ttlSeconds;
  return `${base}${path}?expires=${expires}&sig=${signature(key, path, expires)}`;
}

/**
 * Why a link is refused, or undefined when it is valid for `path` at `nowSeconds`. Given several keys (the current
 * one and those of older secrets keys still listed), a link signed with any of them is valid, so links delivered
 * before a secrets key rotation keep working until they expire.
 */
export function checkAssetSignature(
  key: Buffer | readonly Buffer[],
  path: string,
  query: { expires?: string; sig?: string },
  nowSeconds: number,
): string | undefined {
  const expires = Number(query.expires);
  if (!query.sig || !Number.isInteger(expires)) return 'This link is not signed; ask for a new one.';
  if (expires < nowSeconds) return 'This link has expired; ask for a new one.';
  const got = Buffer.from(query.sig);
  const matches = (k: Buffer) => {
    const want = Buffer.from(signature(k, path, expires));
    return want.length === got.length && timingSafeEqual(want, got);
  };
  return (Array.isArray(key) ? key : [key as Buffer]).some(matches)
    ? undefined
    : 'This link’s signature does not match.';
}
