// `klartext users add|list|languages|disable`: user administration through the HTTP API, as an admin.
import type { UserRecord } from '../../db/user-repo.ts';
import type { Role } from '../../shared/roles.ts';
import { loadConfig } from '../../config/config.ts';
import { apiFor, type ApiFlags } from '../api-target.ts';
import { readStdin, type Io } from '../context.ts';
import { emit } from '../output.ts';

type Listed = Omit<UserRecord, 'createdAt' | 'updatedAt'> & { createdAt: string };

const admin = (io: Pick<Io, 'env'>, flags: ApiFlags) => apiFor(loadConfig(io.env), 'admin', flags);

/** Creates a user (password read from stdin with `--password-stdin`) and prints their first API token once. */
export async function usersAdd(
  id: string,
  opts: ApiFlags & { name: string; role: Role; passwordStdin?: boolean; languages?: string },
  io: Io,
): Promise<number> {
  const password = opts.passwordStdin ? await readStdin(io.stdin) : undefined;
  const api = await admin(io, opts);
  const languages = opts.languages === undefined ? undefined : languageList(opts.languages);
  await api.post('/api/users', { id, displayName: opts.name, role: opts.role, password, languages });
  const { token } = await api.post<{ token: string }>(`/api/users/${encodeURIComponent(id)}/tokens`, { label: 'cli' });
  console.log(`Created user ${id} (${opts.role})${password === undefined ? ', no password (no web login)' : ''}.`);
  console.log(`API token, shown only now: ${token}`);
  return 0;
}

export async function usersList(opts: ApiFlags & { json?: boolean }, io: Pick<Io, 'env'>): Promise<number> {
  const { items } = await (await admin(io, opts)).get<{ items: Listed[] }>('/api/users');
  emit(opts.json, items, () => {
    for (const u of items) {
      const state = u.disabled ? 'DISABLED' : 'active';
      const reads = u.languages?.length ? `  reads ${u.languages.join(', ')}` : '';
      console.log(
        `${u.id.padEnd(24)} ${u.role.padEnd(17)} ${state.padEnd(9)} ${u.hasPassword ? 'password' : 'token only'}  ${u.displayName}${reads}`,
      );
    }
  });
  return 0;
}

export async function usersDisable(id: string, opts: ApiFlags, io: Pick<Io, 'env'>): Promise<number> {
  await (await admin(io, opts)).post(`/api/users/${encodeURIComponent(id)}/disable`, {});
  console.log(`Disabled ${id}: their tokens and sessions no longer work.`);
  return 0;
}

/** `tr,de` → ['tr', 'de']; `none` (or nothing) → [] (the API checks the codes). */
function languageList(text: string): string[] {
  const list = text.split(/[,\s]+/).filter(Boolean);
  return list.length === 1 && list[0] === 'none' ? [] : list;
}

/** Records the languages a user reads: what a language reviewer may sign off, a medical reviewer approve unaided. */
export async function usersLanguages(id: string, languages: string, opts: ApiFlags, io: Pick<Io, 'env'>) {
  const list = languageList(languages);
  await (await admin(io, opts)).post(`/api/users/${encodeURIComponent(id)}/languages`, { languages: list });
  console.log(list.length ? `${id} reads ${list.join(', ')}.` : `${id} has no languages on record.`);
  return 0;
}
