// Which klartext API a CLI command talks to: KLARTEXT_API_URL + KLARTEXT_API_TOKEN, or the running `klartext dev`.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../shared/errors.ts';
import type { Config } from '../worker/config.ts';
import { createApiClient, type ApiClient } from './api-client.ts';

/** What `klartext dev` leaves in its data directory so CLI commands on the same machine find it. */
export interface DevSession {
  apiUrl: string;
  /** `admin` is absent in sessions written by a `klartext dev` without a dev admin. */
  tokens: { manager: string; reviewer: string; admin?: string };
}

const devFile = (dataDir: string) => join(dataDir, 'dev.json');

export async function writeDevSession(dataDir: string, session: DevSession): Promise<() => Promise<void>> {
  // Tokens in this file act as the dev users: readable by the owner only.
  await writeFile(devFile(dataDir), JSON.stringify(session, null, 2), { mode: 0o600 });
  return () => rm(devFile(dataDir), { force: true });
}

/** An API client acting as `role`, from the environment or the running dev stack. */
export async function apiFor(config: Config, role: keyof DevSession['tokens']): Promise<ApiClient> {
  if (config.apiUrl && config.apiToken) return createApiClient(config.apiUrl, config.apiToken);
  const session = await readFile(devFile(config.dataDir), 'utf8').then(
    (text) => JSON.parse(text) as DevSession,
    () => undefined,
  );
  if (!session) {
    throw new ConfigError(
      'No klartext API to talk to: start `klartext dev` in this folder, or set KLARTEXT_API_URL and KLARTEXT_API_TOKEN.',
    );
  }
  const token = session.tokens[role];
  if (!token) {
    throw new ConfigError(
      `The running \`klartext dev\` has no ${role} token: restart it, or set KLARTEXT_API_URL and KLARTEXT_API_TOKEN.`,
    );
  }
  return createApiClient(session.apiUrl, token);
}
