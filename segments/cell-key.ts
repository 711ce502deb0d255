// The cell key method (ABS TableBuilder, Destatis census 2022): consistent noise on every published count.
//
// Every row gets a record key, a whole number in [0, 2^24) from a keyed hash (SHA-256 over the key, the row's line
// number and its cells): the same row of the same file gets the same key in any run and under any spec. A published
// count covers a set of rows (a segment, the respondents of a segment asked a question, a dimension label's total);
// its cell key is the fractional part of the sum of their record keys, taken as sum mod 2^24 / 2^24. Sums of whole
// numbers are exact in any order, so the same set of rows has the same cell key in every table, and with it the same
// noise.
//
// The noise comes from a published perturbation table: for a true count n, a distribution over d ∈ −D…D with mean 0
// and variance V (a discretised normal, its spread solved for V), restricted to
//   - n + d ≥ k when n ≥ k: a published segment never shows fewer than k respondents;
//   - n + d ≥ 0 and d ≠ 0 when 1 ≤ n ≤ k−1: a count of 1…k−1 is never published exactly;
//   - 0 stays 0.
// A restricted row is re-centred on mean 0 by exponential tilting (its variance then differs from V; the report shows
// each row). The cell key picks d by inverse CDF. Because each published count has its own noise, a difference of two
// counts (a fine table subtracted from a coarse one, a segment's size minus a question's base) is never exact: every
// published value could come from at least two true counts (see `possibleTrueCounts`).
import { hash } from 'node:crypto';

/** Record keys are whole numbers below 2^24: a cell of up to 2^29 rows still sums exactly in a double. */
export const KEY_RANGE = 2 ** 24;

/** Parameters of the cell key method (see the spec's `protection`). */
export interface CellKeyParameters {
  /** Largest noise added or subtracted (D). */
  maxNoise: number;
  /** Variance of the noise for counts away from the bounds (V). */
  variance: number;
  /** The publishable minimum: counts below it are never published exactly, counts at or above it stay ≥ k. */
  k: number;
}

/**
 * The record key of one row: the first 24 bits of SHA-256 over `secret`, its line number and its cells (separated by
 * control characters). One-shot hashing: about four times cheaper per row than an HMAC object.
 */
export function recordKey(secret: string, line: number, cells: readonly string[]): number {
  return parseInt(hash('sha256', `${secret}\u0000${line}\u001e${cells.join('\u001f')}`).slice(0, 6), 16);
}

/** The cell key (0 ≤ p < 1) of a set of rows, from the sum of their record keys. */
export function cellKey(keySum: number): number {
  return (keySum % KEY_RANGE) / KEY_RANGE;
}

/** One row of the perturbation table: the noise distribution for a true count. */
export interface PerturbationRow {
  /** The true count; the last row holds for every count from here on. */
  count: number;
  /** Noise values d with their probabilities (those with probability 0 left out). */
  noise: { d: number; p: number }[];
  mean: number;
  variance: number;
}

/** The perturbation table and the lookup it defines. */
export interface PerturbationTable {
  parameters: CellKeyParameters;
  rows: PerturbationRow[];
  /** The published value of true count `n` in a cell with cell key `p`. */
  perturb(n: number, p: number): number;
  /** Every true count that could have been published as `value` (what an attacker knowing the table can infer). */
  possibleTrueCounts(value: number): number[];
}

function moments(ds: readonly number[], ws: readonly number[]): { mean: number; variance: number } {
  const total = ws.reduce((a, b) => a + b, 0);
  const mean = ds.reduce((sum, d, i) => sum + d * (ws[i] as number), 0) / total;
  const variance = ds.reduce((sum, d, i) => sum + (d - mean) ** 2 * (ws[i] as number), 0) / total;
  return { mean, variance };
}

const weights = (ds: readonly number[], s: number, t: number) =>
  ds.map((d) => Math.exp(-(d * d) / (2 * s * s) + t * d));

function bisect(f: (x: number) => number, lo: number, hi: number): number {
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) > 0) hi = mid;
    else lo = mid;
  }
  return (lo + hi) / 2;
}

function range(lo: number, hi: number): number[] {
  return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
}

/** The variance of noise spread evenly over −D…D: a discretised normal on −D…D stays below it. */
export function maxVariance(maxNoise: number): number {
  return (maxNoise * (maxNoise + 1)) / 3;
}

/** The allowed noise values for true count n (see the module comment). */
function support(n: number, { maxNoise: D, k }: CellKeyParameters): number[] {
  if (n <= 0) return [0];
  const floor = n >= k ? k : 0;
  return range(Math.max(-D, floor - n), D).filter((d) => n >= k || d !== 0);
}

/**
 * Builds the perturbation table for D, V and k.
 * @throws Error when the parameters are impossible (checked by the spec first: D ≥ 1, 0 < V < D(D+1)/3).
 */
export function buildPerturbationTable(parameters: CellKeyParameters): PerturbationTable {
  const { maxNoise: D, variance: V, k } = parameters;
  if (!(Number.isInteger(D) && D >= 1 && V > 0 && V < maxVariance(D))) {
    throw new Error(`cell key parameters out of range: maxNoise ${D}, variance ${V}`);
  }
  const full = range(-D, D);
  // The spread s of the discretised normal on −D…D whose variance is V (variance grows with s).
  const s = bisect((x) => moments(full, weights(full, x, 0)).variance - V, 1e-3, 1e3);
  const rowFor = (n: number): PerturbationRow => {
    const ds = support(n, parameters);
    const [lo, hi] = [ds[0] as number, ds[ds.length - 1] as number];
    // Noise of one sign only (n = k allows only d ≥ 0): mean 0 is reached by putting all mass on d = 0.
    const ws =
      lo < 0 && hi > 0
        ? weights(
            ds,
            s,
            bisect((x) => moments(ds, weights(ds, s, x)).mean, -50, 50),
          )
        : ds.map((d) => (d === 0 ? 1 : 0));
    const total = ws.reduce((a, b) => a + b, 0);
    const noise = ds.map((d, i) => ({ d, p: (ws[i] as number) / total })).filter((x) => x.p > 0);
    const m = moments(
      noise.map((x) => x.d),
      noise.map((x) => x.p),
    );
    return { count: n, noise, mean: m.mean, variance: m.variance };
  };
  // Rows 0 … k + D; from k + D on the support is the full −D…D and the row no longer changes.
  const rows = range(0, k + D).map(rowFor);
  const cumulative = rows.map((r) => {
    let acc = 0;
    return r.noise.map((x) => ({ d: x.d, upTo: (acc += x.p) }));
  });
  const rowIndex = (n: number) => Math.min(Math.max(n, 0), rows.length - 1);
  const perturb = (n: number, p: number): number => {
    if (n <= 0) return 0;
    const cdf = cumulative[rowIndex(n)] as { d: number; upTo: number }[];
    const hit = cdf.find((x) => p < x.upTo) ?? (cdf[cdf.length - 1] as { d: number });
    return n + hit.d;
  };
  const possibleTrueCounts = (value: number): number[] =>
    range(Math.max(0, value - D), value + D).filter((n) =>
      (rows[rowIndex(n)] as PerturbationRow).noise.some((x) => n + x.d === value),
    );
  return { parameters, rows, perturb, possibleTrueCounts };
}
