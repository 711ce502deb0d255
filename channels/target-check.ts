// Checks a channel's target when it is created, with the rules deliveries apply: webhook URLs through the outbound
// address policy, folder directories only inside the configured roots.
import { realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ConfigError, UnsafeTargetError } from '../shared/errors.ts';
import { checkTargetUrl, resolveTarget } from './outbound.ts';
import type { Resolver } from './outbound.ts';

/** The variable that lists where folder channels may write; named in every refusal so the fix is clear. */
export const FOLDER_ROOTS_VARIABLE = 'KLARTEXT_FOLDER_CHANNEL_ROOTS';

/** Kernel file systems a drop folder must never point into: reading or writing them can hang or harm the host. */
const SPECIAL_ROOTS = ['/proc', '/sys', '/dev'];

/** What a creation-time check needs. */
export interface TargetCheckOptions {
  allowHttpLoopback?: boolean;
  /** Absolute directories folder channels may write under. */
  folderRoots: readonly string[];
  resolver?: Resolver;
  /** webhook: CIDR blocks admitted although not public (the channel's internal receivers). */
  allowCidrs?: string[];
  /** How long a creation may wait for DNS; an unanswered lookup is left to the send-time check. 5 s by default. */
  resolveTimeoutMs?: number;
}

/**
 * Checks a webhook URL or a folder directory and returns the target to store (a folder's normalised path).
 *
 * @throws ConfigError or UnsafeTargetError saying which rule refused the target and how to fix it.
 */
export async function checkChannelTarget(
  kind: 'webhook' | 'folder',
  target: string,
  options: TargetCheckOptions,
): Promise<string> {
  if (kind === 'folder') return await checkFolderDirectory(target, options.folderRoots);
  const url = checkTargetUrl(target, { allowHttpLoopback: options.allowHttpLoopback, label: 'Webhook URL' });
  const policy = {
    allowHttpLoopback: options.allowHttpLoopback,
    resolver: options.resolver,
    ...(options.allowCidrs ? { allowCidrs: options.allowCidrs } : {}),
  };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((done) => {
    timer = setTimeout(() => done(undefined), options.resolveTimeoutMs ?? 5000);
  });
  try {
    // A host that does not resolve now may resolve later; every delivery checks the addresses it connects to anyway.
    await Promise.race([resolveTarget(url, policy).catch(rethrowRefusal), timeout]);
  } finally {
    clearTimeout(timer);
  }
  return target;
}

function rethrowRefusal(error: unknown): undefined {
  if (error instanceof UnsafeTargetError || error instanceof ConfigError) throw error;
  return undefined;
}

/**
 * Checks that a folder channel's directory is absolute, has no `..` segment, lies inside one of `roots` (also after
 * following symbolic links of the part that exists) and not inside /proc, /sys or /dev.
 *
 * @returns the normalised directory.
 * @throws ConfigError naming the rule.
 */
export async function checkFolderDirectory(dir: string, roots: readonly string[]): Promise<string> {
  const allowed = `allowed roots: ${roots.join(', ') || '(none)'}; set ${FOLDER_ROOTS_VARIABLE} (comma-separated) to add one`;
  if (!isAbsolute(dir)) {
    throw new ConfigError(`Folder channel directory must be an absolute path (${allowed}).`);
  }
  if (dir.split(/[\\/]/).includes('..')) {
    throw new ConfigError('Folder channel directory must not contain ".." segments; write the path without them.');
  }
  const normalised = resolve(dir);
  const lexicalRoots = roots.map((root) => resolve(root));
  const realRoots = await Promise.all(lexicalRoots.map(realExistingPart));
  const real = await realExistingPart(normalised);
  for (const path of [normalised, real]) {
    if (SPECIAL_ROOTS.some((special) => isInside(path, special))) {
      throw new ConfigError(`Folder channel directory must not be inside /proc, /sys or /dev (${allowed}).`);
    }
  }
  if (!lexicalRoots.some((root) => isInside(normalised, root))) {
    throw new ConfigError(`Folder channel directory is outside the allowed roots (${allowed}).`);
  }
  if (!realRoots.some((root) => isInside(real, root))) {
    throw new ConfigError(
      `Folder channel directory leads out of the allowed roots through a symbolic link; use a real directory (${allowed}).`,
    );
  }
  return normalised;
}

/** The real path of the longest existing prefix of `path`, with the missing rest appended. */
async function realExistingPart(path: string): Promise<string> {
  let existing = path;
  const rest: string[] = [];
  for (;;) {
    try {
      return join(await realpath(existing), ...rest);
    } catch {
      const parent = dirname(existing);
      if (parent === existing) return path;
      rest.unshift(basename(existing));
      existing = parent;
    }
  }
}

function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}
