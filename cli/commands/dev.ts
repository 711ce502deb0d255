// `klartext dev`: keeps the embedded stack (Temporal, PGlite, API, worker) running until Ctrl-C.
import { upsertUserWithToken } from '../../db/user-repo.ts';
import { writeDevSession } from '../api-target.ts';
import { loadConfig } from '../../worker/config.ts';
import { startStack } from '../../worker/embedded/stack.ts';

export async function runDev(): Promise<number> {
  const config = loadConfig();
  const stack = await startStack(config, { worker: true, log: (l) => console.log(l) });
  // Fresh development tokens each start, printed once: the API needs a caller with a role.
  const manager = await upsertUserWithToken(stack.pool, {
    id: 'dev-manager',
    displayName: 'Dev manager',
    role: 'campaign_manager',
  });
  const reviewer = await upsertUserWithToken(stack.pool, {
    id: 'dev-reviewer',
    displayName: 'Dev reviewer',
    role: 'medical_reviewer',
  });
  console.log(`Dev tokens           manager ${manager}\n                     reviewer ${reviewer}`);
  const removeSession = await writeDevSession(config.dataDir, { apiUrl: stack.apiUrl, tokens: { manager, reviewer } });
  console.log('Running. Press Ctrl-C to stop. Other klartext commands in this folder use this stack.');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  console.log('Stopping …');
  await removeSession();
  await stack.stop();
  return 0;
}
