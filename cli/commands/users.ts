// `klartext users add|list|disable`: user administration through the HTTP API, as an admin.
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
  opts: ApiFlags & { name: string; role: Role; passwordStdin?: boolean },
  io: Io,
): Promise<number> {
  const password = opts.passwordStdin ? await readStdin(io.stdin) : undefined;
  const api = await admin(io, opts);
  await api.post('/api/users', { id, displayName: opts.name, role: opts.role, password });
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
      console.log(
        `${u.id.padEnd(24)} ${u.role.padEnd(17)} ${state.padEnd(9)} ${u.hasPassword ? 'password' : 'token only'}  ${u.displayName}`,
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
