/**
 * The greatest clearing vector of an interbank (inter-protocol) liability network: Rogers & Veraart (2013),
 * "Failure and Rescue in an Interbank Network", Management Science 59(4) — the clearing map with default costs
 * and its Greatest Clearing Vector Algorithm (§3); with alpha = beta = 1 it is Eisenberg & Noe (2001),
 * "Systemic Risk in Financial Systems", Management Science 47(2), and their fictitious default algorithm (§3).
 * `liabilities[i][j]` is what i owes j; a defaulted node pays alpha·e_i + beta·(its interbank inflow), but
 * solvency is tested at full value (e_i + inflow_i >= p̄_i). The liabilities live in CSR form (src/util/csr.ts)
 * and each round's default-set system is solved by Gauss–Seidel (./default-set.ts): no n×n pass anywhere.
 * Maths, convergence argument and worked examples in docs/contagion.md §1.
 */
import { isCsrMatrix, readCsr, readDenseAsCsr, toNumbers, type CsrMatrix } from '../util/csr.js';
import { createDefaultSetSolver } from './default-set.js';

export interface ClearingVectorOptions {
  /** Fraction of external assets a defaulted node realises (RV 2013's α), in [0, 1]; 1 = Eisenberg–Noe. */
  alpha?: number;
  /** Fraction of interbank inflow a defaulted node passes on (RV 2013's β), in [0, 1]; 1 = Eisenberg–Noe. */
  beta?: number;
  /** Relative tolerance of the solvency test: i defaults when e_i + inflow_i < p̄_i − tolerance·max(p̄_i, e_i + inflow_i). */
  tolerance?: number;
}

export const CLEARING_VECTOR_DEFAULTS: Required<ClearingVectorOptions> = { alpha: 1, beta: 1, tolerance: 1e-12 };

export interface ClearingVectorResult {
  /** The clearing vector p* (EN) / L* (RV): what each node pays in total, in [0, p̄_i]. */
  payments: number[];
  /** p̄_i = Σ_j liabilities[i][j], each node's total nominal obligations. */
  totalObligations: number[];
  /** Whether node i is in the default (insolvent) set: e_i + Σ_j Π_ji p*_j < p̄_i. */
  defaulted: boolean[];
  /** The fictitious-default round (1, 2, …) in which node i first defaulted; null when it never did. */
  defaultRound: (number | null)[];
  /** How many rounds found new defaulters (0 when nobody defaults; > 1 when defaults cascade). */
  rounds: number;
  /** Σ_j Π_ji p*_j: what node i receives from the others. */
  inflows: number[];
  /** Equity left to node i: e_i + inflow_i − p̄_i when solvent, 0 when defaulted. */
  equity: number[];
  /** p̄_i − p*_i: what node i's creditors do not receive, shared pro rata by Π_ij. */
  shortfall: number[];
  /** Value lost to default costs: (1 − α)·e_i + (1 − β)·inflow_i for a defaulted node, else 0. */
  defaultCosts: number[];
  alpha: number;
  beta: number;
}

function checkUnit(name: 'alpha' | 'beta' | 'tolerance', v: unknown, hi: number): number {
  if (typeof v !== 'number' || !(v >= 0 && v <= hi)) {
    throw new Error(`clearingVector: options.${name} must be a number in [0, ${hi}], got ${String(v)}`);
  }
  return v;
}

const DIAGONAL = 'a node owes itself nothing';
/** A node whose moved inflows put it within this relative distance of its obligations is tested on exact sums. */
const NEAR = 1e-9;
/** Intermediate rounds are solved to this relative distance when that decides every node's test (see the loop). */
const LOOSE = 1e-8;

function readExternalAssets(externalAssets: unknown, n: number): Float64Array {
  if (!Array.isArray(externalAssets) && !(externalAssets instanceof Float64Array)) {
    throw new Error(`clearingVector: externalAssets must be an array, got ${typeof externalAssets}`);
  }
  if (externalAssets.length !== n) {
    throw new Error(`clearingVector: externalAssets must have one entry per node (${n}), got ${externalAssets.length}`);
  }
  const e = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = externalAssets[i] as unknown;
    if (typeof v !== 'number' || !(v >= 0 && v < Infinity)) {
      throw new Error(`clearingVector: externalAssets[${i}] must be a finite amount >= 0, got ${String(v)}`);
    }
    e[i] = v;
  }
  return e;
}

/** Each node's total obligations p̄_i, and Π_ij = L_ij / p̄_i stored entry by entry beside L (a row with p̄_i = 0 holds only zeros). */
function relativeLiabilities(n: number, rowPtr: ArrayLike<number>, val: ArrayLike<number>): { pBar: Float64Array; pi: Float64Array } {
  const pBar = new Float64Array(n);
  const pi = new Float64Array(val.length);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = rowPtr[i]!; k < rowPtr[i + 1]!; k++) s += val[k]!;
    pBar[i] = s;
    if (s > 0) for (let k = rowPtr[i]!; k < rowPtr[i + 1]!; k++) pi[k] = val[k]! / s;
  }
  return { pBar, pi };
}

/**
 * The greatest clearing vector (RV 2013 §3, Greatest Clearing Vector Algorithm; EN 2001 §3 with α = β = 1).
 * Each round tests solvency at the current payments, adds the new defaulters, and solves
 * p_D = α·e_D + β·Π_DDᵀ p_D + β·Π_SDᵀ p̄_S for the default set D (S the solvent nodes).
 * `liabilities` is an n×n array of rows or a CsrMatrix `{ rowPtr, col, val }` (row i: what i owes each column j).
 */
export function clearingVector(
  liabilities: readonly (readonly number[])[] | CsrMatrix,
  externalAssets: readonly number[] | Float64Array,
  options: ClearingVectorOptions = {},
): ClearingVectorResult {
  const csr = isCsrMatrix(liabilities);
  if (!csr && !Array.isArray(liabilities)) {
    throw new Error(`clearingVector: liabilities must be an array of rows, got ${typeof liabilities} (or a CSR matrix { rowPtr, col, val })`);
  }
  const L = csr ? readCsr('clearingVector', 'liabilities', liabilities, DIAGONAL) : readDenseAsCsr('clearingVector', 'liabilities', liabilities, DIAGONAL);
  const n = L.n;
  const e = readExternalAssets(externalAssets, n);
  const d = CLEARING_VECTOR_DEFAULTS;
  const alpha = checkUnit('alpha', options.alpha ?? d.alpha, 1);
  const beta = checkUnit('beta', options.beta ?? d.beta, 1);
  const tolerance = checkUnit('tolerance', options.tolerance ?? d.tolerance, 1e-3);
  const { rowPtr, col, val } = L;

  const { pBar, pi } = relativeLiabilities(n, rowPtr, val);

  const p = Float64Array.from(pBar);
  const inflow = new Float64Array(n);
  const computeInflows = (): void => {
    inflow.fill(0);
    for (let j = 0; j < n; j++) {
      const pj = p[j]!;
      if (pj === 0) continue;
      for (let k = rowPtr[j]!; k < rowPtr[j + 1]!; k++) inflow[col[k]!]! += pi[k]! * pj;
    }
  };

  const defaulted = new Uint8Array(n);
  const defaultRound: (number | null)[] = new Array<number | null>(n).fill(null);
  const solver = createDefaultSetSolver({ n, rowPtr, col, pi, pBar, e, p, inflow, alpha, beta });
  let rounds = 0;
  // The solver moves the inflows with the payments it changes; they are summed afresh once at the end.
  computeInflows();
  // Inflows when everyone pays p̄: what a loose solve's bound b (relative to p̄) can add to a node's inflow is b·atFace.
  const atFace = Float64Array.from(inflow);
  const fresh = new Int32Array(n);
  let bound = 0;
  for (;;) {
    let count = 0;
    let ambiguous = false;
    for (let i = 0; i < n; i++) {
      if (defaulted[i] || pBar[i] === 0) continue;
      let assets = e[i]! + inflow[i]!;
      const margin = bound * atFace[i]!;
      // Moved inflows carry the rounding of every change: near the test, sum them afresh.
      if (rounds > 0 && assets < pBar[i]! * (1 + NEAR) + margin) {
        inflow[i] = solver.inflowOf(i);
        assets = e[i]! + inflow[i]!;
      }
      const threshold = pBar[i]! - tolerance * Math.max(pBar[i]!, assets);
      if (assets < threshold) fresh[count++] = i;
      else if (assets - margin < threshold) ambiguous = true;
    }
    // A loosely solved round decides only the clear cases; otherwise (and before stopping) solve it exactly.
    if (bound > 0 && (ambiguous || count === 0)) {
      bound = solver.solve();
      continue;
    }
    if (count === 0) break;
    for (let c = 0; c < count; c++) {
      const i = fresh[c]!;
      defaulted[i] = 1;
      defaultRound[i] = rounds + 1;
      solver.add(i);
    }
    rounds++;
    bound = solver.solve(LOOSE);
  }
  if (rounds > 0) computeInflows();
  return clearingResult({ e, p, pBar, inflow, defaulted, defaultRound, rounds, alpha, beta });
}

/** The result at the fixed point: payments, who defaulted and when, and each node's equity, shortfall and default costs. */
function clearingResult(x: {
  e: ArrayLike<number>;
  p: Float64Array;
  pBar: Float64Array;
  inflow: Float64Array;
  defaulted: Uint8Array;
  defaultRound: (number | null)[];
  rounds: number;
  alpha: number;
  beta: number;
}): ClearingVectorResult {
  const { e, p, pBar, inflow, defaulted } = x;
  const n = p.length;
  const equity = new Array<number>(n);
  const shortfall = new Array<number>(n);
  const defaultCosts = new Array<number>(n);
  const isDefaulted = new Array<boolean>(n);
  for (let i = 0; i < n; i++) {
    const assets = e[i]! + inflow[i]!;
    isDefaulted[i] = defaulted[i] === 1;
    equity[i] = defaulted[i] ? 0 : Math.max(0, assets - pBar[i]!);
    shortfall[i] = pBar[i]! - p[i]!;
    defaultCosts[i] = defaulted[i] ? Math.max(0, assets - p[i]!) : 0;
  }
  return {
    payments: toNumbers(p),
    totalObligations: toNumbers(pBar),
    defaulted: isDefaulted,
    defaultRound: x.defaultRound,
    rounds: x.rounds,
    inflows: toNumbers(inflow),
    equity,
    shortfall,
    defaultCosts,
    alpha: x.alpha,
    beta: x.beta,
  };
}
