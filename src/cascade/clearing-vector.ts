/**
 * The greatest clearing vector of an interbank (inter-protocol) liability network: Rogers & Veraart (2013),
 * "Failure and Rescue in an Interbank Network", Management Science 59(4) — the clearing map with default costs
 * and its Greatest Clearing Vector Algorithm (§3); with alpha = beta = 1 it is Eisenberg & Noe (2001),
 * "Systemic Risk in Financial Systems", Management Science 47(2), and their fictitious default algorithm (§3).
 * `liabilities[i][j]` is what i owes j; a defaulted node pays alpha·e_i + beta·(its interbank inflow), but
 * solvency is tested at full value (e_i + inflow_i >= p̄_i). Maths and worked examples in docs/contagion.md §1.
 */
import { loadMathJs } from '../util/mathjs.js';

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

/** Row-major n×n Float64Array of checked liabilities. */
function readLiabilities(liabilities: readonly (readonly number[])[], n: number): Float64Array {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const row = liabilities[i];
    if (!Array.isArray(row) || row.length !== n) {
      throw new Error(`clearingVector: liabilities must be a square n×n matrix (n = ${n}); row ${i} has ${Array.isArray(row) ? `${row.length} entries` : `type ${typeof row}`}`);
    }
    for (let j = 0; j < n; j++) {
      const v = row[j];
      if (typeof v !== 'number' || !(v >= 0 && v < Infinity)) {
        throw new Error(`clearingVector: liabilities[${i}][${j}] must be a finite amount >= 0, got ${String(v)}`);
      }
      if (i === j && v !== 0) throw new Error(`clearingVector: liabilities[${i}][${i}] must be 0 (a node owes itself nothing), got ${v}`);
      L[i * n + j] = v;
    }
  }
  return L;
}

/**
 * The greatest clearing vector (RV 2013 §3, Greatest Clearing Vector Algorithm; EN 2001 §3 with α = β = 1).
 * Each round tests solvency at the current payments, adds the new defaulters, and solves
 * p_D = α·e_D + β·Π_DDᵀ p_D + β·Π_SDᵀ p̄_S for the default set D (S the solvent nodes) with mathjs `lusolve`.
 */
export function clearingVector(
  liabilities: readonly (readonly number[])[],
  externalAssets: readonly number[],
  options: ClearingVectorOptions = {},
): ClearingVectorResult {
  if (!Array.isArray(liabilities)) throw new Error(`clearingVector: liabilities must be an array of rows, got ${typeof liabilities}`);
  if (!Array.isArray(externalAssets)) throw new Error(`clearingVector: externalAssets must be an array, got ${typeof externalAssets}`);
  const n = liabilities.length;
  if (externalAssets.length !== n) {
    throw new Error(`clearingVector: externalAssets must have one entry per node (${n}), got ${externalAssets.length}`);
  }
  const d = CLEARING_VECTOR_DEFAULTS;
  const alpha = checkUnit('alpha', options.alpha ?? d.alpha, 1);
  const beta = checkUnit('beta', options.beta ?? d.beta, 1);
  const tolerance = checkUnit('tolerance', options.tolerance ?? d.tolerance, 1e-3);
  const L = readLiabilities(liabilities, n);
  const e = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = externalAssets[i];
    if (typeof v !== 'number' || !(v >= 0 && v < Infinity)) {
      throw new Error(`clearingVector: externalAssets[${i}] must be a finite amount >= 0, got ${String(v)}`);
    }
    e[i] = v;
  }

  const pBar = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += L[i * n + j]!;
    pBar[i] = s;
  }
  // Π_ij = L_ij / p̄_i (0 for a node that owes nothing), row-major.
  const Pi = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const pb = pBar[i]!;
    if (pb > 0) for (let j = 0; j < n; j++) Pi[i * n + j] = L[i * n + j]! / pb;
  }

  const p = Float64Array.from(pBar);
  const inflow = new Float64Array(n);
  const computeInflows = (): void => {
    inflow.fill(0);
    for (let j = 0; j < n; j++) {
      const pj = p[j]!;
      if (pj === 0) continue;
      for (let i = 0; i < n; i++) inflow[i] = inflow[i]! + Pi[j * n + i]! * pj;
    }
  };
  const insolvent = (i: number): boolean => {
    const assets = e[i]! + inflow[i]!;
    return assets < pBar[i]! - tolerance * Math.max(pBar[i]!, assets);
  };

  const defaulted = new Uint8Array(n);
  const defaultRound: (number | null)[] = new Array<number | null>(n).fill(null);
  let rounds = 0;
  for (;;) {
    computeInflows();
    let fresh = 0;
    for (let i = 0; i < n; i++) {
      if (!defaulted[i] && insolvent(i)) {
        defaulted[i] = 1;
        defaultRound[i] = rounds + 1;
        fresh++;
      }
    }
    if (fresh === 0) break;
    rounds++;
    solveDefaultSet({ n, Pi, pBar, e, p, defaulted, alpha, beta });
  }

  const equity = new Array<number>(n);
  const shortfall = new Array<number>(n);
  const defaultCosts = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const assets = e[i]! + inflow[i]!;
    equity[i] = defaulted[i] ? 0 : Math.max(0, assets - pBar[i]!);
    shortfall[i] = pBar[i]! - p[i]!;
    defaultCosts[i] = defaulted[i] ? Math.max(0, assets - p[i]!) : 0;
  }
  return {
    payments: Array.from(p),
    totalObligations: Array.from(pBar),
    defaulted: Array.from(defaulted, (d) => d === 1),
    defaultRound,
    rounds,
    inflows: Array.from(inflow),
    equity,
    shortfall,
    defaultCosts,
    alpha,
    beta,
  };
}

interface DefaultSetSystem {
  n: number;
  Pi: Float64Array;
  pBar: Float64Array;
  e: Float64Array;
  /** Current payments; the defaulted entries are overwritten with the solution. */
  p: Float64Array;
  defaulted: Uint8Array;
  alpha: number;
  beta: number;
}

/**
 * One GA step (RV 2013 §3): with the solvent nodes paying p̄ in full, solve
 * (I − β·Π_DDᵀ)·p_D = α·e_D + β·Π_SDᵀ·p̄_S. Non-singular for β < 1; for β = 1 the default set never holds
 * a closed set of nodes owing only each other (docs/contagion.md §1.3), and the residual check guards it.
 */
function solveDefaultSet(s: DefaultSetSystem): void {
  const { n, Pi, pBar, e, p, defaulted, alpha, beta } = s;
  const D: number[] = [];
  for (let i = 0; i < n; i++) if (defaulted[i]) D.push(i);
  const m = D.length;
  const A: number[][] = [];
  const b: number[] = [];
  for (let a = 0; a < m; a++) {
    const i = D[a]!;
    const row = new Array<number>(m);
    for (let c = 0; c < m; c++) row[c] = (a === c ? 1 : 0) - beta * Pi[D[c]! * n + i]!;
    A.push(row);
    let rhs = alpha * e[i]!;
    for (let j = 0; j < n; j++) if (!defaulted[j]) rhs += beta * Pi[j * n + i]! * pBar[j]!;
    b.push(rhs);
  }
  let x: number[];
  try {
    const solved = loadMathJs().lusolve(A, b) as unknown as number[][];
    x = solved.map((r) => r[0]!);
  } catch (err) {
    throw new Error(`clearingVector: the linear system for default set [${D.join(', ')}] could not be solved (${(err as Error).message})`);
  }
  for (let a = 0; a < m; a++) {
    let lhs = 0;
    const row = A[a]!;
    for (let c = 0; c < m; c++) lhs += row[c]! * x[c]!;
    const scale = Math.max(1, Math.abs(b[a]!), Math.abs(x[a]!));
    if (!Number.isFinite(x[a]!) || Math.abs(lhs - b[a]!) > 1e-9 * scale) {
      throw new Error(`clearingVector: the linear system for default set [${D.join(', ')}] is singular or ill-conditioned (residual ${Math.abs(lhs - b[a]!)} at node ${D[a]})`);
    }
  }
  // Payments fall monotonically (RV 2013 §3); clamping only removes rounding below 0 or above p̄.
  for (let a = 0; a < m; a++) {
    const i = D[a]!;
    p[i] = Math.min(pBar[i]!, Math.max(0, x[a]!));
  }
}
