// The development stack's entry point (`klartext dev`): the embedded stack (Temporal, PGlite, API, worker) with
// dev users, running until Ctrl-C.
import { randomBytes } from 'node:crypto';
import { setPassword, upsertUserWithToken } from '../db/user-repo.ts';
import type { Role } from '../shared/roles.ts';
import type { Pool } from '../db/pool.ts';
import { loadConfig, type Config } from '../config/config.ts';
import { writeDevSession } from './session.ts';
import { startStack } from './stack.ts';

/** A development user with a fresh API token and password (printed once; nothing here is for production). */
async function devUser(pool: Pool, id: string, displayName: string, role: Role) {
  const token = await upsertUserWithToken(pool, { id, displayName, role });
  const password = randomBytes(9).toString('base64url');
  await setPassword(pool, id, password);
  return { id, token, password };
}

/** Runs the development stack from `config` until SIGINT or SIGTERM; resolves to the exit code. */
export async function main(config: Config = loadConfig()): Promise<number> {
  // Listen before starting: a SIGTERM while the stack starts (a supervisor stopping it early) must stop it too, not
  // only the SDK's worker, which would leave the stack half up.
  let stopRequested = false;
  const stopSignal = new Promise<void>((resolve) => {
    const stop = () => {
      stopRequested = true;
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  const stack = await startStack(config, { worker: true, log: (l) => console.log(l) });
  if (stopRequested) {
    console.log('Stopping (asked to while starting) …');
    await stack.stop();
    return 0;
  }
  // Development users, with passwords and tokens reset on every start, exist only on the embedded database: a
  // PostgreSQL named by DATABASE_URL may hold real users, and a dev stack must never reset or add any there.
  let removeSession = async () => {};
  if (config.databaseUrl) {
    console.log(`Reviewer workspace   ${stack.apiUrl}/login`);
    console.log(
      'Dev users            none: DATABASE_URL names an external database; its first admin comes from ' +
        '`klartext users bootstrap-admin`.',
    );
  } else {
    const manager = await devUser(stack.pool, 'dev-manager', 'Dev manager', 'campaign_manager');
    const reviewer = await devUser(stack.pool, 'dev-reviewer', 'Dev reviewer', 'medical_reviewer');
    const admin = await devUser(stack.pool, 'dev-admin', 'Dev admin', 'admin');
    console.log(`Reviewer workspace   ${stack.apiUrl}/login`);
    for (const u of [manager, reviewer, admin]) {
      console.log(`Dev user             ${u.id.padEnd(13)} password ${u.password}  API token ${u.token}`);
    }
    removeSession = await writeDevSession(config.dataDir, {
      apiUrl: stack.apiUrl,
      tokens: { manager: manager.token, reviewer: reviewer.token, admin: admin.token },
    });
  }
  console.log('Running. Press Ctrl-C to stop. Other klartext commands in this folder use this stack.');
  await stopSignal;
  console.log('Stopping …');
  await removeSession();
  await stack.stop();
  return 0;
}
