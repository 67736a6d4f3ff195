/**
 * One step of the Greatest Clearing Vector Algorithm (Rogers & Veraart 2013 §3; Eisenberg & Noe 2001 §3): with
 * the solvent nodes S paying p̄_S, solve (I − β·Π_DDᵀ)·p_D = α·e_D + β·Π_SDᵀ·p̄_S for the default set D, by
 * Gauss–Seidel on the sparse rows of D (Saad 2003, "Iterative Methods for Sparse Linear Systems", §4.1), warm
 * started at the last round's payments (an upper bound, so the sweeps fall monotonically), with a one-aggregate
 * mass-balance correction when the sweeps contract slowly. Convergence argument: docs/contagion.md §1.3.
 */
import { DIRECT_LIMIT, solveDirect } from './default-set-direct.js';
import { makeWork, restrict, updateInflows, type DefaultSetSystem, type Work } from './default-set-system.js';

export interface DefaultSetSolver {
  /** Adds node i to the default set (it stays there). */
  add(i: number): void;
  /**
   * Solves the system of the current default set into `p` (and moves `inflow` with it): to machine precision
   * (returns 0), or with `loose` > 0 possibly only to a relative distance below `loose`, staying above the
   * solution; returns the bound b with p*_i ≤ p_i ≤ p*_i + b·p̄_i.
   */
  solve(loose?: number): number;
  /** Σ_j Π_ji p_j summed afresh over i's incoming edges (after the first solve; `inflow[i]` before). */
  inflowOf(i: number): number;
}

/** Stop when the estimated distance to the solution is below this, relative to p̄_i (the result is ≤ 1e-12). */
const TARGET = 1e-15;
/** Changes this small (relative) are rounding: a run of such sweeps is the floating-point fixed point. */
const ROUNDING = 2 ** -50;
const MAX_SWEEPS = 20_000;
/** Sweeps after which a still slow system of at most DIRECT_LIMIT nodes is solved directly (./default-set-direct.ts). */
const STALLED = 400;
/** A loose stop reports this multiple of its estimated distance as the bound. */
const SAFETY = 10;

/** One Gauss–Seidel sweep over D; returns the largest relative change and writes the sum into total[0]. */
function sweep(s: DefaultSetSystem, k: Work, m: number, total: Float64Array): number {
  const { p, pBar, beta } = s;
  const { ptr, src, w, dEnd, members, c, change } = k;
  let largest = 0;
  let sum = 0;
  for (let a = 0; a < m; a++) {
    const i = members[a]!;
    let y = 0;
    for (let q = ptr[i]!, end = dEnd[i]!; q < end; q++) y += w[q]! * p[src[q]!]!;
    let x = c[i]! + beta * y;
    const cap = pBar[i]!;
    if (x > cap) x = cap;
    else if (!(x >= 0)) x = 0;
    const d = p[i]! - x;
    p[i] = x;
    change[a] = d;
    const r = Math.abs(d) / cap;
    sum += r;
    if (r > largest) largest = r;
  }
  total[0] = sum;
  return largest;
}

/**
 * Slow contraction means a nearly closed group of defaulters: move along a direction v by the amount that
 * balances the system's total mass, 1ᵀ(b − A(p − t·v)) = 0, i.e. t = 1ᵀ(p − F(p)) / ℓᵀv (ℓ = 1ᵀA, exact).
 */
function balanceMass(s: DefaultSetSystem, k: Work, m: number, v: Float64Array): void {
  const { p, pBar, beta } = s;
  const { ptr, src, w, dEnd, members, c, leak } = k;
  let residual = 0;
  let weighted = 0;
  for (let a = 0; a < m; a++) {
    const i = members[a]!;
    let y = 0;
    for (let q = ptr[i]!, end = dEnd[i]!; q < end; q++) y += w[q]! * p[src[q]!]!;
    residual += p[i]! - (c[i]! + beta * y);
    weighted += leak[i]! * v[a]!;
  }
  const t = residual / weighted;
  if (!(weighted !== 0 && Number.isFinite(t))) return;
  for (let a = 0; a < m; a++) {
    const i = members[a]!;
    p[i] = Math.min(pBar[i]!, Math.max(0, p[i]! - t * v[a]!));
  }
}

/** A round: its system prepared, solved (see `iterate`), the inflows moved with the change. */
function solveRound(s: DefaultSetSystem, k: Work, m: number, loose: number): number {
  restrict(s, k, m);
  for (let a = 0; a < m; a++) k.before[a] = s.p[k.members[a]!]!;
  const bound = iterate(s, k, m, loose);
  updateInflows(s, k, m);
  return bound;
}

/**
 * Sweeps until the estimated distance to the solution, change·q/(1 − q), is below TARGET (returns 0), or — with
 * `loose` > 0 and no mass balance taken, so the sweeps stayed above the solution — below `loose` (returns a bound
 * on p_i − p*_i relative to p̄_i). Criteria and slow-mode handling: docs/contagion.md §1.3.
 */
function iterate(s: DefaultSetSystem, k: Work, m: number, loose: number): number {
  const total = new Float64Array(1);
  let previous = Infinity;
  let since = 0;
  let quiet = 0;
  let slow = false;
  let polished = false;
  let balanced = false;
  let lastRatio = 0;
  for (let sweeps = 1; ; sweeps++) {
    const largest = sweep(s, k, m, total);
    if (largest === 0) return 0;
    // The contraction q: the larger of the last two ratios, as a warm start mixes a jump (a new defaulter settling
    // in one sweep) with the slow decay of the rest, and one ratio across the jump would promise too much.
    const ratio = total[0]! / previous;
    const q = Math.max(ratio, lastRatio);
    lastRatio = ratio;
    previous = total[0]!;
    since++;
    // The contraction estimate q is trusted only while no slow mode was seen (there, q is rounding noise).
    if (!slow && since >= 3 && q < 1) {
      const distance = largest * (q / (1 - q));
      if (distance <= TARGET) return 0;
      if (distance <= loose && !balanced) return SAFETY * distance;
    }
    quiet = largest <= ROUNDING ? quiet + 1 : 0;
    if (quiet >= 8) {
      // Rounding-sized changes: done, unless a slow mode may hide an error of up to change / (1 − q); one last
      // balance along its remembered direction removes it to the system's conditioning.
      if (!slow || polished) return 0;
      balanceMass(s, k, m, k.slowMode);
      polished = true;
      quiet = 0;
    }
    if (since >= 4 && q >= 0.5 && largest > ROUNDING) {
      if (largest > 1e3 * ROUNDING) {
        slow = true;
        k.slowMode.set(k.change.subarray(0, m));
      }
      balanceMass(s, k, m, k.change);
      balanced = true;
      since = 0;
      previous = Infinity;
      lastRatio = 0;
    }
    if (sweeps >= STALLED && slow && m <= DIRECT_LIMIT) {
      const { ptr, dEnd, src, w, c, members } = k;
      solveDirect({ m, members, ptr, dEnd, src, w, c, beta: s.beta, p: s.p, pBar: s.pBar });
      return 0;
    }
    if (sweeps >= MAX_SWEEPS) {
      throw new Error(`clearingVector: the linear system of a default set of ${m} nodes did not converge in ${MAX_SWEEPS} Gauss–Seidel sweeps (last relative change ${largest}); it is singular or too ill-conditioned for double precision`);
    }
  }
}

export function createDefaultSetSolver(s: DefaultSetSystem): DefaultSetSolver {
  let work: Work | undefined;
  let m = 0;
  return {
    add(i: number): void {
      work ??= makeWork(s);
      work.inD[i] = 1;
      work.members[m++] = i;
    },
    solve(loose = 0): number {
      return work ? solveRound(s, work, m, loose) : 0;
    },
    inflowOf(i: number): number {
      if (!work) return s.inflow[i]!;
      const { ptr, src, w } = work;
      let y = 0;
      for (let q = ptr[i]!; q < ptr[i + 1]!; q++) y += w[q]! * s.p[src[q]!]!;
      return y;
    },
  };
}
