// `klartext whoami`: which API the CLI talks to, as which user, and where those credentials came from.
import { loadConfig } from '../../config/config.ts';
import { apiFor, type ApiFlags, type DevRole } from '../api-target.ts';
import type { Io } from '../context.ts';
import { CHOOSE_ANOTHER, whoIs } from '../identity.ts';
import { emit } from '../output.ts';

export interface WhoamiOptions extends ApiFlags {
  json?: boolean;
  /** Which of the dev stack's users to describe when the session file is the source (review commands use reviewer). */
  devUser: DevRole;
}

/**
 * Prints the API URL, the token's user and the credentials' source, or JSON with `--json`; returns 0.
 * @throws ConfigError without an API to talk to; ApiRequestError when the API refuses the token.
 */
export async function whoami(opts: WhoamiOptions, io: Pick<Io, 'env'>): Promise<number> {
  const api = await apiFor(loadConfig(io.env), opts.devUser, opts);
  const me = await whoIs(api);
  const { target } = api;
  const result = {
    apiUrl: target.url,
    id: me?.id ?? null,
    displayName: me?.displayName ?? null,
    role: me?.role ?? null,
    credentials: target.source.kind,
    from: target.source.description,
  };
  emit(opts.json, result, (r) => {
    console.log(`API      ${r.apiUrl}`);
    console.log(`User     ${r.id ?? '(this server cannot say)'}${r.displayName ? ` — ${r.displayName}` : ''}`);
    console.log(`Role     ${r.role ?? '-'}`);
    console.log(`Token    from ${r.from}`);
    if (r.credentials === 'dev-session') {
      console.log('Commands for managers and admins act as those dev users from the same file (see --dev-user).');
    }
    console.log(`To change: ${CHOOSE_ANOTHER}.`);
  });
  return 0;
}
