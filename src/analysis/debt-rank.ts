/**
 * DebtRank: Battiston, Puliga, Kaushik, Tasca & Caldarelli (2012), "DebtRank: Too Central to Fail? Financial
 * Networks, the FED and Systemic Risk", Scientific Reports 2:541 (Methods: states U/D/I, every node passes its
 * distress on once, all nodes updated together); and, as `{ variant: 'bardoscia2015' }`, the differential
 * DebtRank of Bardoscia, Battiston, Caccioli & Caldarelli (2015), "DebtRank: A Microscopic Foundation for
 * Shock Propagation", PLoS ONE 10(6): e0130406, where every increment of distress is passed on.
 * `exposures[i][j]` is what i has lent to j (i's claim on j); `initialShock[i]` is h_i(1), i's relative equity
 * loss in [0, 1]. `exposures` is an n×n array of rows or a CsrMatrix `{ rowPtr, col, val }` (src/util/csr.ts);
 * either way every step pulls along the sparse rows, O(n + stored claims). Maths, zero-equity handling and worked
 * examples in docs/contagion.md §2.
 */
import { isCsrMatrix, readCsr, readDenseAsCsr, toNumbers, type Csr, type CsrMatrix } from '../util/csr.js';

const DIAGONAL = 'a node lends nothing to itself';

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

function fail(message: string): never {
  throw new Error(`debtRank: ${message}`);
}

function readVector(name: string, v: unknown, n: number, lo: number, hi: number, what: string): Float64Array {
  if (!Array.isArray(v) && !(v instanceof Float64Array)) fail(`${name} must be an array, got ${typeof v}`);
  if (v.length !== n) fail(`${name} must have one entry per node (${n}), got ${v.length}`);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = v[i] as unknown;
    if (typeof x !== 'number' || !(x >= lo && x <= hi)) fail(`${name}[${i}] must be ${what}, got ${String(x)}`);
    out[i] = x;
  }
  return out;
}

/** 1 / equity_i, +∞ for a zero-equity lender (Λ_ij = exposure_ij / equity_i is then +∞ on each positive claim). */
function reciprocals(equity: Float64Array): Float64Array {
  const inv = new Float64Array(equity.length);
  for (let i = 0; i < equity.length; i++) inv[i] = 1 / equity[i]!;
  return inv;
}

/**
 * Battiston 2012 (Methods): h_i(t) = min(1, h_i(t−1) + Σ_{j: s_j(t−1) = D} W_ij·h_j(t−1)), W_ij = min(1, Λ_ij);
 * each lender i pulls from its row of claims the distress x_j = h_j(t−1) of the borrowers that are D.
 */
function battiston(a: Csr, invEquity: Float64Array, h0: Float64Array, history: number[][] | undefined): { h: Float64Array; iterations: number } {
  const { n, rowPtr, col, val } = a;
  const h = Float64Array.from(h0);
  const x = new Float64Array(n);
  // 0 = U (undistressed), 1 = D (distressed), 2 = I (inactive).
  const state = new Uint8Array(n);
  let anyDistressed = false;
  for (let i = 0; i < n; i++) if (h[i]! > 0) anyDistressed = (state[i] = 1) === 1;
  let iterations = 0;
  while (anyDistressed) {
    for (let j = 0; j < n; j++) x[j] = state[j] === 1 ? h[j]! : 0;
    for (let i = 0; i < n; i++) {
      if (h[i]! >= 1) continue;
      const inv = invEquity[i]!;
      let s = 0;
      if (inv < Infinity) {
        for (let k = rowPtr[i]!; k < rowPtr[i + 1]!; k++) {
          const l = val[k]! * inv;
          s += (l < 1 ? l : 1) * x[col[k]!]!;
        }
      } else {
        // A zero-equity lender: the cap makes W_ij = 1 on every positive claim.
        for (let k = rowPtr[i]!; k < rowPtr[i + 1]!; k++) if (val[k]! > 0) s += x[col[k]!]!;
      }
      if (s > 0) h[i] = Math.min(1, h[i]! + s);
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
    history?.push(toNumbers(h));
  }
  return { h, iterations };
}

/**
 * Bardoscia 2015: h_i(t+1) = min(1, h_i(t) + Σ_j Λ_ij·(h_j(t) − h_j(t−1))), Λ_ij = exposure_ij / equity_i, h(0) = 0;
 * each lender pulls the last step's increments δ_j of its borrowers.
 */
function bardoscia(
  a: Csr,
  invEquity: Float64Array,
  h0: Float64Array,
  tolerance: number,
  maxIterations: number,
  history: number[][] | undefined,
): { h: Float64Array; iterations: number; converged: boolean } {
  const { n, rowPtr, col, val } = a;
  const h = Float64Array.from(h0);
  let delta = Float64Array.from(h0);
  let next = new Float64Array(n);
  let iterations = 0;
  // Any positive shock propagates at least once, however small.
  let converged = !delta.some((d) => d > 0);
  while (!converged && iterations < maxIterations) {
    let largest = 0;
    for (let i = 0; i < n; i++) {
      next[i] = 0;
      if (h[i]! >= 1) continue;
      const inv = invEquity[i]!;
      let s = 0;
      for (let k = rowPtr[i]!; k < rowPtr[i + 1]!; k++) {
        const dj = delta[col[k]!]!;
        // Λ = +∞ (zero equity): any rise of a borrower it has a claim on defaults the lender (the tests keep ∞·0 out).
        if (dj > 0 && val[k]! > 0) s += inv < Infinity ? val[k]! * inv * dj : Infinity;
      }
      if (!(s > 0)) continue;
      const hi = Math.min(1, h[i]! + s);
      const d = hi - h[i]!;
      h[i] = hi;
      next[i] = d;
      if (d > largest) largest = d;
    }
    [delta, next] = [next, delta];
    iterations++;
    history?.push(toNumbers(h));
    converged = largest <= tolerance;
  }
  return { h, iterations, converged };
}

/**
 * Each node's distress after a shock and the network's DebtRank (Battiston et al. 2012; Bardoscia et al. 2015
 * as an option). Totals weight node j by v_j = equity_j / Σ equity unless `options.weights` is given.
 */
export function debtRank(
  exposures: readonly (readonly number[])[] | CsrMatrix,
  equity: readonly number[] | Float64Array,
  initialShock: readonly number[] | Float64Array,
  options: DebtRankOptions = {},
): DebtRankResult {
  const csr = isCsrMatrix(exposures);
  if (!csr && !Array.isArray(exposures)) fail(`exposures must be an array of rows, got ${typeof exposures} (or a CSR matrix { rowPtr, col, val })`);
  const A = csr ? readCsr('debtRank', 'exposures', exposures, DIAGONAL) : readDenseAsCsr('debtRank', 'exposures', exposures, DIAGONAL);
  const n = A.n;
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
  const inv = reciprocals(E);

  const history = options.history ? [toNumbers(h0)] : undefined;
  const run = variant === 'battiston2012'
    ? { ...battiston(A, inv, h0, history), converged: true }
    : bardoscia(A, inv, h0, tolerance, maxIterations, history);

  const weights = new Array<number>(n);
  const defaulted = new Array<boolean>(n);
  let total = 0;
  let initial = 0;
  for (let i = 0; i < n; i++) {
    const wi = v[i]! / vSum;
    weights[i] = wi;
    defaulted[i] = run.h[i]! >= 1;
    total += run.h[i]! * wi;
    initial += h0[i]! * wi;
  }
  const result: DebtRankResult = {
    variant,
    distress: toNumbers(run.h),
    initialDistress: toNumbers(h0),
    defaulted,
    weights,
    total,
    debtRank: Math.max(0, total - initial),
    iterations: run.iterations,
    converged: run.converged,
  };
  if (history) result.history = history;
  return result;
}
