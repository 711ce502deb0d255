// Readiness as `klartext serve` and `klartext worker` report it: each dependency probed within a bound, one reason.

/** How long a probe waits for each dependency: an orchestrator needs an answer, not a client's own 20 s retries. */
export const PROBE_MS = 2_000;

/** 'ok' when `check` resolves within `ms`, 'down' when it fails or takes longer. */
export async function probe(check: () => Promise<unknown>, ms = PROBE_MS): Promise<'ok' | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'down'>((resolve) => (timer = setTimeout(() => resolve('down'), ms)));
  const answer = Promise.resolve()
    .then(check)
    .then(
      () => 'ok' as const,
      () => 'down' as const,
    );
  try {
    return await Promise.race([answer, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** A /readyz answer: names and states only, never an address, message or secret of a dependency. */
export interface Readiness {
  status: 'ready' | 'not ready';
  checks: Record<string, 'ok' | 'down'>;
  /** What is down, for the operator reading a probe's log: `database unreachable`, `workers not running`. */
  reason?: string;
}

/**
 * Probes every dependency at once; ready when all answer. `checks` maps a check's name to its probe, and `reasons`
 * gives each name the words used when it is down.
 */
export async function readiness(
  checks: Record<string, () => Promise<unknown>>,
  reasons: Record<string, string>,
): Promise<Readiness> {
  const names = Object.keys(checks);
  const states = await Promise.all(names.map((name) => probe(checks[name]!)));
  const result = Object.fromEntries(names.map((name, i) => [name, states[i]!]));
  const down = names.filter((name) => result[name] !== 'ok');
  return down.length === 0
    ? { status: 'ready', checks: result }
    : { status: 'not ready', checks: result, reason: down.map((name) => reasons[name] ?? `${name} down`).join(', ') };
}
