/**
 * The fallback of the default-set solve (./default-set.ts) for a system whose Gauss–Seidel sweeps stall — several
 * nearly closed groups of defaulters at once, each a slow mode that one mass balance cannot remove: Gaussian
 * elimination on the m×m system (I − β·Π_DDᵀ)·p_D = c of the default set alone (never n×n), without pivoting,
 * which is stable here as the matrix is column diagonally dominant (each column of β·Π_DDᵀ sums to at most 1;
 * Golub & Van Loan, "Matrix Computations", on diagonally dominant systems). docs/contagion.md §1.3.
 */

/** Largest default set solved directly (m² doubles, m³/3 operations: 18 MB and about a second at 1,500). */
export const DIRECT_LIMIT = 1500;

export interface DirectSystem {
  m: number;
  members: Int32Array;
  /** Incoming edges of node i: ptr[i] … dEnd[i] are those from defaulted payers src[q], with share w[q]. */
  ptr: Int32Array;
  dEnd: Int32Array;
  src: Int32Array;
  w: Float64Array;
  /** The constant part c[i] of each member's equation (indexed by node). */
  c: Float64Array;
  beta: number;
  p: Float64Array;
  pBar: Float64Array;
}

/** Solves the default set's system exactly (to rounding) into p. */
export function solveDirect(d: DirectSystem): void {
  const { m, members, ptr, dEnd, src, w, c, beta, p, pBar } = d;
  const at = new Map<number, number>();
  for (let a = 0; a < m; a++) at.set(members[a]!, a);
  const A = new Float64Array(m * m);
  const b = new Float64Array(m);
  for (let a = 0; a < m; a++) {
    const i = members[a]!;
    A[a * m + a] = 1;
    b[a] = c[i]!;
    for (let q = ptr[i]!; q < dEnd[i]!; q++) A[a * m + at.get(src[q]!)!]! -= beta * w[q]!;
  }
  for (let k = 0; k < m; k++) {
    const pivot = A[k * m + k]!;
    for (let r = k + 1; r < m; r++) {
      const f = A[r * m + k]! / pivot;
      if (f === 0) continue;
      for (let col = k; col < m; col++) A[r * m + col]! -= f * A[k * m + col]!;
      b[r]! -= f * b[k]!;
    }
  }
  for (let k = m - 1; k >= 0; k--) {
    let x = b[k]!;
    for (let col = k + 1; col < m; col++) x -= A[k * m + col]! * b[col]!;
    b[k] = x / A[k * m + k]!;
  }
  for (let a = 0; a < m; a++) {
    const i = members[a]!;
    p[i] = Math.min(pBar[i]!, Math.max(0, b[a]!));
  }
}
