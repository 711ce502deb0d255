// Heartbeats for long activities that have no progress of their own to report (a model call, a file pass): a worker
// that dies mid-way is then noticed within the proxy's heartbeat timeout, not only at its start-to-close timeout.
import { Context } from '@temporalio/activity';

/** How often a running activity reports that it is alive; well under every heartbeat timeout in workflows/. */
export const KEEP_ALIVE_MS = 5_000;

/** Runs `work`, heartbeating every KEEP_ALIVE_MS while it runs; outside an activity (a direct call) just runs it. */
export async function keepAlive<T>(work: () => Promise<T>, everyMs = KEEP_ALIVE_MS): Promise<T> {
  let context: Context | undefined;
  try {
    context = Context.current();
  } catch {
    return work();
  }
  const beat = setInterval(() => context.heartbeat(), everyMs);
  try {
    return await work();
  } finally {
    clearInterval(beat);
  }
}
