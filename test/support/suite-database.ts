// A database of the suite's own inside the PostgreSQL from DATABASE_URL: created for one run, dropped after it.
// The server outlives every run (CI reuses the machine's), so rows a run leaves behind — channels encrypted under
// that run's secrets key, users, audit entries — would otherwise meet the next run's fixed names.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const PREFIX = 'klartext_suite_';
/** Suite databases older than this are from runs that were killed before their teardown, and are dropped. */
const STALE_MS = 6 * 60 * 60 * 1000;

export interface SuiteDatabase {
  url: string;
  drop(): Promise<void>;
}

async function withAdmin<T>(serverUrl: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Names end in the creation time (ms since epoch, base 36) so a later run can tell a stale one. */
function createdAt(name: string): number | undefined {
  const stamp = name.slice(PREFIX.length).split('_')[0];
  const ms = stamp ? parseInt(stamp, 36) : NaN;
  return Number.isFinite(ms) ? ms : undefined;
}

export async function createSuiteDatabase(serverUrl: string, now = Date.now()): Promise<SuiteDatabase> {
  const name = `${PREFIX}${now.toString(36)}_${randomBytes(4).toString('hex')}`;
  await withAdmin(serverUrl, async (admin) => {
    const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
      `${PREFIX}%`,
    ]);
    for (const { datname } of rows) {
      const at = createdAt(datname);
      if (at !== undefined && now - at > STALE_MS) {
        await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => undefined);
      }
    }
    await admin.query(`CREATE DATABASE "${name}"`);
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      withAdmin(serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}
