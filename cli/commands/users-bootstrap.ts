// `klartext users bootstrap-admin <id>`: the first admin of a deployment, created once, straight in the database
// (there is no admin yet to ask the API as). Every further user is added by an admin with `klartext users add`.
import { readFile } from 'node:fs/promises';
import { loadConfig } from '../../config/config.ts';
import { appendAuditIn, auditKeysFrom, configureAuditKeys } from '../../db/audit-repo.ts';
import { assertMigrated } from '../../db/migrate.ts';
import { createPool, inTransaction } from '../../db/pool.ts';
import { loadOrCreateSecretBox } from '../../db/secrets.ts';
import { createFirstAdmin } from '../../db/user-repo.ts';
import { ConfigError } from '../../shared/errors.ts';
import { readStdin, UsageError, type Io } from '../context.ts';

/** The API's rule for user ids (api/routes/users.ts). */
const USER_ID = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

export interface BootstrapOptions {
  name?: string;
  passwordFile?: string;
}

/** The password from `--password-file` or piped stdin; never from a terminal, where it would show as typed. */
async function readPassword(opts: BootstrapOptions, io: Pick<Io, 'stdin'>): Promise<string> {
  if (opts.passwordFile) return (await readFile(opts.passwordFile, 'utf8')).replace(/\r?\n$/, '');
  if ((io.stdin as NodeJS.ReadStream).isTTY) {
    throw new UsageError('Pipe the password on stdin or give --password-file, so it never shows on a screen.');
  }
  return readStdin(io.stdin);
}

/** Creates the first admin and prints their API token once; refuses when an active admin exists. */
export async function bootstrapAdmin(id: string, opts: BootstrapOptions, io: Io): Promise<number> {
  if (!USER_ID.test(id))
    throw new UsageError(`The id ${JSON.stringify(id)} must be letters, digits, . _ @ - (at most 64).`);
  const config = loadConfig(io.env);
  if (!config.databaseUrl) {
    throw new ConfigError(
      'klartext users bootstrap-admin creates the first admin in PostgreSQL: set DATABASE_URL. ' +
        '(`klartext dev` has its own development users and needs none.)',
    );
  }
  if (!config.secretsKey.key && !config.secretsKey.keyFile) {
    // The audit entry is keyed like every entry the API appends, with a key derived from the shared secrets key.
    throw new ConfigError(
      'klartext users bootstrap-admin records the new admin in the audit log: set KLARTEXT_SECRETS_KEY or KLARTEXT_SECRETS_KEY_FILE (the deployment’s key).',
    );
  }
  const password = await readPassword(opts, io);
  if (!password) throw new UsageError('The password is empty: pipe one on stdin or give --password-file.');
  configureAuditKeys(auditKeysFrom(await loadOrCreateSecretBox({ ...config.secretsKey, dataDir: config.dataDir })));
  const pool = createPool(config.databaseUrl, 1);
  try {
    await assertMigrated(pool);
    const displayName = opts.name ?? id;
    const outcome = await inTransaction(pool, async (tx) => {
      const result = await createFirstAdmin(tx, { id, displayName, password });
      if ('created' in result) {
        const details = { role: 'admin', displayName, password: true, bootstrap: true };
        await appendAuditIn(tx, { actor: 'bootstrap', action: 'user.created', subject: `user/${id}`, details });
      }
      return result;
    });
    if ('admins' in outcome) {
      throw new ConfigError(
        `An admin exists already (${outcome.admins.join(', ')}), so there is nothing to bootstrap. ` +
          'An admin adds further users: `klartext users add <id> --name <name> --role <role> --password-stdin` ' +
          '(with that admin’s KLARTEXT_API_TOKEN and KLARTEXT_API_URL).',
      );
    }
    if ('taken' in outcome) throw new ConfigError(`A user ${id} exists already: choose another id for the admin.`);
    console.log(`Created the first admin ${id}.`);
    console.log(`API token, shown only now: ${outcome.token}`);
    return 0;
  } finally {
    await pool.end();
  }
}
