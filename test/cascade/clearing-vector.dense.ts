/**
 * The dense clearing vector the library used before the sparse one (kept here as the property tests' reference,
 * not in src/): the Greatest Clearing Vector Algorithm of Rogers & Veraart (2013) §3 — Eisenberg & Noe (2001) §3
 * with α = β = 1 — on an n×n row-major Π, each round's default-set system solved by mathjs `lusolve`. Input is
 * assumed valid (the tests generate it).
 */
import { lusolve } from 'mathjs';

export interface DenseClearing {
  payments: number[];
  defaulted: boolean[];
  defaultRound: (number | null)[];
  rounds: number;
  inflows: number[];
}

export function denseClearingVector(L: readonly (readonly number[])[], e: readonly number[], alpha = 1, beta = 1, tolerance = 1e-12): DenseClearing {
  const n = L.length;
  const pBar = L.map((row) => row.reduce((s, x) => s + x, 0));
  const Pi = L.map((row, i) => row.map((x) => (pBar[i]! > 0 ? x / pBar[i]! : 0)));
  const p = pBar.slice();
  let inflow = new Array<number>(n).fill(0);
  const defaulted = new Array<boolean>(n).fill(false);
  const defaultRound = new Array<number | null>(n).fill(null);
  let rounds = 0;
  for (;;) {
    inflow = new Array<number>(n).fill(0);
    for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) inflow[i]! += Pi[j]![i]! * p[j]!;
    let fresh = 0;
    for (let i = 0; i < n; i++) {
      const assets = e[i]! + inflow[i]!;
      if (!defaulted[i] && assets < pBar[i]! - tolerance * Math.max(pBar[i]!, assets)) {
        defaulted[i] = true;
        defaultRound[i] = rounds + 1;
        fresh++;
      }
    }
    if (fresh === 0) break;
    rounds++;
    // (I − β·Π_DDᵀ)·p_D = α·e_D + β·Π_SDᵀ·p̄_S
    const D = defaulted.flatMap((d, i) => (d ? [i] : []));
    const A = D.map((i, a) => D.map((j, c) => (a === c ? 1 : 0) - beta * Pi[j]![i]!));
    const b = D.map((i) => alpha * e[i]! + beta * pBar.reduce((s, pj, j) => s + (defaulted[j] ? 0 : Pi[j]![i]! * pj), 0));
    const x = (lusolve(A, b) as number[][]).map((r) => r[0]!);
    D.forEach((i, a) => (p[i] = Math.min(pBar[i]!, Math.max(0, x[a]!))));
  }
  return { payments: p, defaulted, defaultRound, rounds, inflows: inflow };
}
