// `klartext users add|list|disable`: user administration through the HTTP API, as an admin.
import { text } from 'node:stream/consumers';
import { parseArgs } from 'node:util';
import { ROLES, type UserRecord } from '../../db/user-repo.ts';
import { KlartextError } from '../../shared/errors.ts';
import { loadConfig } from '../../worker/config.ts';
import { apiFor } from '../api-target.ts';

const USAGE = `Usage: klartext users add <id> --name <display name> --role <role> [--password-stdin]
       klartext users list [--json]
       klartext users disable <id>
Roles: ${ROLES.join(', ')}`;

type Listed = Omit<UserRecord, 'createdAt' | 'updatedAt'> & { createdAt: string };

/** Reads a password piped in (never from the command line, where other users' `ps` would see it). */
async function passwordFromStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  return (await text(stdin)).replace(/\r?\n$/, '');
}

export async function runUsers(argv: string[], stdin: NodeJS.ReadableStream = process.stdin): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      role: { type: 'string' },
      'password-stdin': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const [sub, id] = positionals;
  if (sub === 'add' && id && values.name && values.role) {
    if (!(ROLES as readonly string[]).includes(values.role))
      throw new KlartextError(`Unknown role ${values.role}.\n${USAGE}`);
    const password = values['password-stdin'] ? await passwordFromStdin(stdin) : undefined;
    const api = await apiFor(loadConfig(), 'admin');
    await api.post('/api/users', { id, displayName: values.name, role: values.role, password });
    const { token } = await api.post<{ token: string }>(`/api/users/${encodeURIComponent(id)}/tokens`, {
      label: 'cli',
    });
    console.log(`Created user ${id} (${values.role})${password === undefined ? ', no password (no web login)' : ''}.`);
    console.log(`API token, shown only now: ${token}`);
    return 0;
  }
  if (sub === 'list') {
    const { items } = await (await apiFor(loadConfig(), 'admin')).get<{ items: Listed[] }>('/api/users');
    if (values.json) {
      console.log(JSON.stringify(items, null, 2));
      return 0;
    }
    for (const u of items) {
      const state = u.disabled ? 'DISABLED' : 'active';
      console.log(
        `${u.id.padEnd(24)} ${u.role.padEnd(17)} ${state.padEnd(9)} ${u.hasPassword ? 'password' : 'token only'}  ${u.displayName}`,
      );
    }
    return 0;
  }
  if (sub === 'disable' && id) {
    await (await apiFor(loadConfig(), 'admin')).post(`/api/users/${encodeURIComponent(id)}/disable`, {});
    console.log(`Disabled ${id}: their tokens and sessions no longer work.`);
    return 0;
  }
  throw new KlartextError(USAGE);
}
