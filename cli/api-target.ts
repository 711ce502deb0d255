// Which klartext API a CLI command talks to, and as whom: flags, KLARTEXT_API_URL/TOKEN, or the running `klartext dev`.
import { relative } from 'node:path';
import { ConfigError } from '../shared/errors.ts';
import type { Config } from '../config/config.ts';
import { devSessionFile, readDevSession, type DevSession } from '../dev/session.ts';
import { createApiClient, type ApiClient } from './api-client.ts';

export type DevRole = keyof DevSession['tokens'];

/** `--api-url` and `--token` as given on the command line; they win over the environment. */
export interface ApiFlags {
  apiUrl?: string;
  token?: string;
}

/** Where the token (and so the identity) came from, said so a person can tell whom they act as. */
export interface CredentialSource {
  kind: 'flag' | 'environment' | 'dev-session';
  /** For people: `the --token flag`, `KLARTEXT_API_TOKEN`, `the dev stack session file .data/dev.json`. */
  description: string;
}

export interface ApiTarget {
  url: string;
  token: string;
  source: CredentialSource;
}

/**
 * The API and credentials for a command needing `role`: a token from `--token` or KLARTEXT_API_TOKEN is used as
 * given (with `--api-url`, KLARTEXT_API_URL or the dev stack's URL); only without one does the dev stack's session
 * file lend its `role` user's token, and only to the dev stack's own URL.
 * @throws ConfigError when there is no API or no token to use.
 */
export async function resolveApiTarget(config: Config, role: DevRole, flags: ApiFlags = {}): Promise<ApiTarget> {
  const url = flags.apiUrl ?? config.apiUrl;
  const token = flags.token ?? config.apiToken;
  const session = url && token ? undefined : await readDevSession(config.dataDir);
  if (token) {
    const source: CredentialSource = flags.token
      ? { kind: 'flag', description: 'the --token flag' }
      : { kind: 'environment', description: 'the environment (KLARTEXT_API_TOKEN)' };
    const target = url ?? session?.apiUrl;
    if (target) return { url: target.replace(/\/+$/, ''), token, source };
    throw new ConfigError('A token but no API: pass --api-url or set KLARTEXT_API_URL (or start `klartext dev`).');
  }
  // A dev token is sent only to the dev stack that issued it, never to another URL someone passed.
  if (!session || (url && url.replace(/\/+$/, '') !== session.apiUrl)) {
    throw new ConfigError(
      url
        ? `No token for ${url}: set KLARTEXT_API_TOKEN or pass --token.`
        : 'No klartext API to talk to: start `klartext dev` in this folder, or set KLARTEXT_API_URL and KLARTEXT_API_TOKEN.',
    );
  }
  const devToken = session.tokens[role];
  if (!devToken) {
    throw new ConfigError(
      `The running \`klartext dev\` has no ${role} token: restart it, or set KLARTEXT_API_URL and KLARTEXT_API_TOKEN.`,
    );
  }
  const file = relative(process.cwd(), devSessionFile(config.dataDir)) || devSessionFile(config.dataDir);
  const description = `the dev stack session file ${file.startsWith('..') ? devSessionFile(config.dataDir) : file}`;
  return { url: session.apiUrl, token: devToken, source: { kind: 'dev-session', description } };
}

/** An API client acting as `role`, with the target it talks to and where its identity came from. */
export async function apiFor(
  config: Config,
  role: DevRole,
  flags: ApiFlags = {},
): Promise<ApiClient & { target: ApiTarget }> {
  const target = await resolveApiTarget(config, role, flags);
  return { ...createApiClient(target.url, target.token), target };
}
