// The chaos run's command line (`npm run chaos -- --segments N --kills K …`): parsed and checked before anything starts.
import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import { InputError } from '../shared/errors.ts';

/** How often the chaos receiver misbehaves, each a probability per delivery attempt; their sum stays below 1. */
export interface ChaosRates {
  /** Answer 500. */
  fail: number;
  /** Never answer: the sender's timeout ends the attempt. */
  hang: number;
  /** Answer 429 with `Retry-After`. */
  limit: number;
}

export interface ChaosOptions {
  segments: number;
  /** How many times the worker process is killed with SIGKILL (and restarted). */
  kills: number;
  rates: ChaosRates;
  /** The `Retry-After` seconds sent with a 429. */
  retryAfterSeconds: number;
  /** Give up (and fail) when the campaign has not settled within this many milliseconds. */
  timeoutMs: number;
  /** Seeds the receiver's dice and the kill moments, so a run can be repeated. */
  seed: number;
  /** The loopback address every service of the run binds to. */
  host: string;
  /** Keep the temporary data directory after the run (it is kept anyway when the run fails). */
  keep: boolean;
}

export const CHAOS_USAGE = [
  'usage: npm run chaos -- [--segments N] [--kills K] [--fail P] [--hang P] [--limit P]',
  '                        [--retry-after S] [--timeout 10m] [--seed N] [--host 127.0.0.1] [--keep]',
  '  --segments N     generated segments in the campaign (1–200, default 6)',
  '  --kills K        times the worker is killed with SIGKILL and restarted (0–50, default 3)',
  '  --fail P         share of deliveries answered 500 (default 0.3)',
  '  --hang P         share of deliveries never answered until the sender times out (default 0.1)',
  '  --limit P        share of deliveries answered 429 with Retry-After (default 0.05)',
  '  --retry-after S  seconds in the 429 Retry-After header (0–60, default 1)',
  '  --timeout T      give up after T: seconds, or with s / m (default 10m)',
  '  --seed N         seed for the receiver and the kill moments (default: random)',
  '  --host H         loopback address to bind (127.0.0.0/8, ::1 or localhost; default 127.0.0.1)',
  '  --keep           keep the temporary data directory',
].join('\n');

/** True for the addresses the chaos run may use: it never listens on or sends to anything but this machine. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.split('.')[0] === '127';
  if (isIP(bare) === 6) return bare === '::1' || /^::ffff:127\./i.test(bare);
  return false;
}

function integer(flag: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new InputError(`--${flag} must be a whole number from ${min} to ${max} (got '${text}').`);
  }
  return value;
}

function probability(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new InputError(`--${flag} must be a probability from 0 to 1, such as 0.3 (got '${text}').`);
  }
  return value;
}

/** `600`, `600s` or `10m` → milliseconds. */
function duration(text: string | undefined, fallbackMs: number): number {
  if (text === undefined) return fallbackMs;
  const match = /^(\d+(?:\.\d+)?)\s*(s|m)?$/.exec(text.trim());
  const ms = match ? Number(match[1]) * (match[2] === 'm' ? 60_000 : 1000) : NaN;
  if (!Number.isFinite(ms) || ms < 10_000 || ms > 24 * 3_600_000) {
    throw new InputError(`--timeout must be a duration from 10s to 24 h, written as 600, 600s or 10m (got '${text}').`);
  }
  return ms;
}

/**
 * Parses the chaos run's flags.
 * @throws InputError naming the flag, what it accepts and what was given; the usage text comes with unknown flags.
 */
export function parseChaosArgs(argv: readonly string[], random: () => number = Math.random): ChaosOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        segments: { type: 'string' },
        kills: { type: 'string' },
        fail: { type: 'string' },
        hang: { type: 'string' },
        limit: { type: 'string' },
        'retry-after': { type: 'string' },
        timeout: { type: 'string' },
        seed: { type: 'string' },
        host: { type: 'string' },
        keep: { type: 'boolean' },
      },
    }));
  } catch (err) {
    throw new InputError(`${(err as Error).message}\n${CHAOS_USAGE}`, { cause: err });
  }
  const text = (flag: string) => values[flag] as string | undefined;
  const rates: ChaosRates = {
    fail: probability('fail', text('fail'), 0.3),
    hang: probability('hang', text('hang'), 0.1),
    limit: probability('limit', text('limit'), 0.05),
  };
  const sum = rates.fail + rates.hang + rates.limit;
  if (sum >= 0.95) {
    throw new InputError(
      `--fail + --hang + --limit is ${sum.toFixed(2)}; keep it below 0.95 so deliveries can still get through.`,
    );
  }
  const host = text('host') ?? '127.0.0.1';
  if (!isLoopbackHost(host)) {
    throw new InputError(
      `--host ${host} is not a loopback address; the chaos run stays on this machine: use 127.0.0.1, ::1 or localhost.`,
    );
  }
  return {
    segments: integer('segments', text('segments'), 6, 1, 200),
    kills: integer('kills', text('kills'), 3, 0, 50),
    rates,
    retryAfterSeconds: integer('retry-after', text('retry-after'), 1, 0, 60),
    timeoutMs: duration(text('timeout'), 10 * 60_000),
    seed: integer('seed', text('seed'), Math.floor(random() * 2 ** 31), 0, 2 ** 31 - 1),
    host,
    keep: values.keep === true,
  };
}

/** A small seeded generator (mulberry32): the same seed gives the same misbehaviour and kill moments. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
