// What a campaign file's inline channel targets must look like, checked where the file is read (pure: no DNS, no
// disk); the server repeats these checks and adds its own (resolved addresses, folder roots) when the campaign is sent.
import { posix } from 'node:path';

/** Kernel file systems a drop folder must never point into. */
const SPECIAL_ROOTS = ['/proc', '/sys', '/dev'];

/** Why a webhook URL can never be delivered to, or undefined. Never repeats credentials or the query string. */
export function webhookUrlProblem(raw: string): string | undefined {
  if (!URL.canParse(raw)) return undefined;
  const url = new URL(raw);
  if (url.username || url.password) {
    return 'carries credentials (user:pass@); remove them: deliveries are authenticated by their signature';
  }
  const loopback = url.hostname === 'localhost' || url.hostname === '[::1]' || /^127\.[\d.]+$/.test(url.hostname);
  if (url.protocol === 'http:' && !loopback) {
    return 'uses plain http; use https (http is allowed only to loopback hosts, for local development)';
  }
  return undefined;
}

/** Why a folder channel's directory (as written, and as resolved against the campaign file) is refused, or undefined. */
export function folderDirectoryProblem(written: string, resolved: string): string | undefined {
  if (posix.isAbsolute(written) && written.split('/').includes('..')) {
    return 'must not contain ".." segments in an absolute path; write the path without them';
  }
  const normalised = posix.normalize(resolved);
  if (SPECIAL_ROOTS.some((root) => normalised === root || normalised.startsWith(`${root}/`))) {
    return 'must not be inside /proc, /sys or /dev; use a directory under KLARTEXT_FOLDER_CHANNEL_ROOTS';
  }
  return undefined;
}
