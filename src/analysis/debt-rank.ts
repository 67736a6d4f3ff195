/**
 * DebtRank: Battiston, Puliga, Kaushik, Tasca & Caldarelli (2012), "DebtRank: Too Central to Fail? Financial
 * Networks, the FED and Systemic Risk", Scientific Reports 2:541 (Methods: states U/D/I, every node passes its
 * distress on once, all nodes updated together); and, as `{ variant: 'bardoscia2015' }`, the differential
 * DebtRank of Bardoscia, Battiston, Caccioli & Caldarelli (2015), "DebtRank: A Microscopic Foundation for
 * Shock Propagation", PLoS ONE 10(6): e0130406, where every increment of distress is passed on.
 * `exposures[i][j]` is what i has lent to j (i's claim on j); `initialShock[i]` is h_i(1), i's relative equity
 * loss in [0, 1]. Maths, zero-equity handling and worked examples in docs/contagion.md §2.
 */

export type DebtRankVariant = 'battiston2012' | 'bardoscia2015';

export interface DebtRankOptions {
  /** 'battiston2012' (default) or 'bardoscia2015' (differential DebtRank). */
  variant?: DebtRankVariant;
  /** Relative economic value v_j of each node (normalised to sum 1); default equity_j / Σ equity (DESIGN §10). */
  weights?: readonly number[];
  /** Bardoscia variant: stop when no node's distress rises by more than this in a step. */
  tolerance?: number;
  /** Bardoscia variant: the most steps before giving up with `converged: false`. */
  maxIterations?: number;
  /** Return h(t) for every step t = 1 … T. */
  history?: boolean;
}

export const DEBT_RANK_DEFAULTS = {
  variant: 'battiston2012' as DebtRankVariant,
  tolerance: 1e-12,
  maxIterations: 10_000,
  history: false,
};

export interface DebtRankResult {
  variant: DebtRankVariant;
  /** h_i(T): each node's final distress (relative equity loss), in [0, 1]. */
  distress: number[];
  /** h_i(1): the initial shock. */
  initialDistress: number[];
  /** h_i(T) = 1: the node has lost all its equity. */
  defaulted: boolean[];
  /** v_j, the weights of the totals (sum 1). */
  weights: number[];
  /** Σ_j h_j(T)·v_j: the system's weighted distress including the initial shock. */
  total: number;
  /** R = Σ_j h_j(T)·v_j − Σ_j h_j(1)·v_j (Battiston et al. 2012): the distress the network adds to the shock. */
  debtRank: number;
  /** Propagation steps performed (updates h(t) → h(t+1)). */
  iterations: number;
  /** Battiston: always true (at most n + 1 steps). Bardoscia: the last step moved no h_i by more than `tolerance`. */
  converged: boolean;
  /** h(1), h(2), …, h(T) when `options.history` is set. */
  history?: number[][];
}

/** Lenders of each borrower (column-compressed): the nodes hit when j is distressed, with their Λ_ij. */
interface Impacts {
  start: Uint32Array;
  lender: Uint32Array;
  /** Λ_ij = exposure_ij / equity_i (+∞ for a zero-equity lender with a positive exposure). */
  leverage: Float64Array;
}

function fail(message: string): never {
  throw new Error(`debtRank: ${message}`);
}

function readVector(name: string, v: unknown, n: number, lo: number, hi: number, what: string): Float64Array {
  if (!Array.isArray(v)) fail(`${name} must be an array, got ${typeof v}`);
  if (v.length !== n) fail(`${name} must have one entry per node (${n}), got ${v.length}`);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = v[i] as unknown;
    if (typeof x !== 'number' || !(x >= lo && x <= hi)) fail(`${name}[${i}] must be ${what}, got ${String(x)}`);
    out[i] = x;
  }
  return out;
}

function readImpacts(exposures: readonly (readonly number[])[], equity: Float64Array, n: number): Impacts {
  const count = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const row = exposures[i];
    if (!Array.isArray(row) || row.length !== n) {
      fail(`exposures must be a square n×n matrix (n = ${n}); row ${i} has ${Array.isArray(row) ? `${row.length} entries` : `type ${typeof row}`}`);
    }
    for (let j = 0; j < n; j++) {
      const x = row[j] as unknown;
      if (typeof x !== 'number' || !(x >= 0 && x < Infinity)) fail(`exposures[${i}][${j}] must be a finite amount >= 0, got ${String(x)}`);
      if (i === j && x !== 0) fail(`exposures[${i}][${i}] must be 0 (a node lends nothing to itself), got ${x}`);
      if (x > 0) count[j + 1]!++;
    }
  }
  for (let j = 0; j < n; j++) count[j + 1]! += count[j]!;
  const nnz = count[n]!;
  const lender = new Uint32Array(nnz);
  const leverage = new Float64Array(nnz);
  const fill = count.slice(0, n);
  for (let i = 0; i < n; i++) {
    const row = exposures[i]!;
    for (let j = 0; j < n; j++) {
      const x = row[j]!;
      if (x > 0) {
        const k = fill[j]!++;
        lender[k] = i;
        // A zero-equity lender: Λ = +∞ (the limit E → 0); the Battiston cap min(1, Λ) makes it 1.
        leverage[k] = equity[i]! > 0 ? x / equity[i]! : Infinity;
      }
    }
  }
  return { start: count, lender, leverage };
}

/** Battiston 2012 (Methods): h_i(t) = min(1, h_i(t−1) + Σ_{j: s_j(t−1) = D} W_ij·h_j(t−1)), W_ij = min(1, Λ_ij). */
function battiston(im: Impacts, h0: Float64Array, history: number[][] | undefined): { h: Float64Array; iterations: number } {
  const n = h0.length;
  const h = Float64Array.from(h0);
  const prev = new Float64Array(n);
  // 0 = U (undistressed), 1 = D (distressed), 2 = I (inactive).
  const state = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (h[i]! > 0) state[i] = 1;
  let iterations = 0;
  let anyDistressed = state.includes(1);
  while (anyDistressed) {
    prev.set(h);
    for (let j = 0; j < n; j++) {
      if (state[j] !== 1) continue;
      const hj = prev[j]!;
      for (let k = im.start[j]!; k < im.start[j + 1]!; k++) {
        const i = im.lender[k]!;
        h[i] = Math.min(1, h[i]! + Math.min(1, im.leverage[k]!) * hj);
      }
    }
    anyDistressed = false;
    for (let i = 0; i < n; i++) {
      if (state[i] === 1) state[i] = 2;
      else if (state[i] === 0 && h[i]! > 0) {
        state[i] = 1;
        anyDistressed = true;
      }
    }
    iterations++;
    history?.push(Array.from(h));
  }
  return { h, iterations };
}

/** Bardoscia 2015: h_i(t+1) = min(1, h_i(t) + Σ_j Λ_ij·(h_j(t) − h_j(t−1))), Λ_ij = exposure_ij / equity_i, h(0) = 0. */
function bardoscia(
  im: Impacts,
  h0: Float64Array,
  tolerance: number,
  maxIterations: number,
  history: number[][] | undefined,
): { h: Float64Array; iterations: number; converged: boolean } {
  const n = h0.length;
  const h = Float64Array.from(h0);
  const delta = Float64Array.from(h0);
  const prev = new Float64Array(n);
  let iterations = 0;
  // Any positive shock propagates at least once, however small.
  let converged = !delta.some((d) => d > 0);
  while (!converged && iterations < maxIterations) {
    prev.set(h);
    for (let j = 0; j < n; j++) {
      const dj = delta[j]!;
      if (!(dj > 0)) continue;
      for (let k = im.start[j]!; k < im.start[j + 1]!; k++) {
        const i = im.lender[k]!;
        // Λ = +∞ (zero equity) sends h to 1; min keeps every h_i in [0, 1].
        h[i] = Math.min(1, h[i]! + im.leverage[k]! * dj);
      }
    }
    let largest = 0;
    for (let i = 0; i < n; i++) {
      const d = h[i]! - prev[i]!;
      delta[i] = d;
      if (d > largest) largest = d;
    }
    iterations++;
    history?.push(Array.from(h));
    converged = largest <= tolerance;
  }
  return { h, iterations, converged };
}

/**
 * Each node's distress after a shock and the network's DebtRank (Battiston et al. 2012; Bardoscia et al. 2015
 * as an option). Totals weight node j by v_j = equity_j / Σ equity unless `options.weights` is given.
 */
export function debtRank(
  exposures: readonly (readonly number[])[],
  equity: readonly number[],
  initialShock: readonly number[],
  options: DebtRankOptions = {},
): DebtRankResult {
  if (!Array.isArray(exposures)) fail(`exposures must be an array of rows, got ${typeof exposures}`);
  const n = exposures.length;
  const variant = options.variant ?? DEBT_RANK_DEFAULTS.variant;
  if (variant !== 'battiston2012' && variant !== 'bardoscia2015') {
    fail(`options.variant must be 'battiston2012' or 'bardoscia2015', got ${String(variant)}`);
  }
  const tolerance = options.tolerance ?? DEBT_RANK_DEFAULTS.tolerance;
  if (typeof tolerance !== 'number' || !(tolerance >= 0 && tolerance < 1)) fail(`options.tolerance must be a number in [0, 1), got ${String(tolerance)}`);
  const maxIterations = options.maxIterations ?? DEBT_RANK_DEFAULTS.maxIterations;
  if (!Number.isInteger(maxIterations) || maxIterations < 1) fail(`options.maxIterations must be an integer >= 1, got ${String(maxIterations)}`);

  const E = readVector('equity', equity, n, 0, Number.MAX_VALUE, 'a finite amount >= 0');
  const h0 = readVector('initialShock', initialShock, n, 0, 1, 'a relative equity loss in [0, 1]');
  const v = options.weights === undefined ? E : readVector('options.weights', options.weights, n, 0, Number.MAX_VALUE, 'a finite weight >= 0');
  let vSum = 0;
  for (let i = 0; i < n; i++) vSum += v[i]!;
  if (n > 0 && !(vSum > 0 && vSum < Infinity)) {
    fail(options.weights === undefined
      ? `equity sums to ${vSum}; the weights v_j = equity_j / Σ equity need a finite positive sum (or pass options.weights)`
      : `options.weights sum to ${vSum}; expected a finite positive sum`);
  }
  const im = readImpacts(exposures, E, n);

  const history = options.history ? [Array.from(h0)] : undefined;
  const run = variant === 'battiston2012'
    ? { ...battiston(im, h0, history), converged: true }
    : bardoscia(im, h0, tolerance, maxIterations, history);

  const weights = Array.from(v, (x) => x / vSum);
  let total = 0;
  let initial = 0;
  for (let i = 0; i < n; i++) {
    total += run.h[i]! * weights[i]!;
    initial += h0[i]! * weights[i]!;
  }
  const result: DebtRankResult = {
    variant,
    distress: Array.from(run.h),
    initialDistress: Array.from(h0),
    defaulted: Array.from(run.h, (x) => x >= 1),
    weights,
    total,
    debtRank: Math.max(0, total - initial),
    iterations: run.iterations,
    converged: run.converged,
  };
  if (history) result.history = history;
  return result;
}
