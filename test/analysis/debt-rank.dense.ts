/**
 * The dense DebtRank the property tests compare against (not in src/): Battiston et al. (2012, Methods) and
 * Bardoscia et al. (2015) read straight off their update rules on the n×n exposure matrix, every step a full
 * n×n pass. Input is assumed valid (the tests generate it).
 */
export function denseDebtRank(A: readonly (readonly number[])[], E: readonly number[], h0: readonly number[], variant: 'battiston2012' | 'bardoscia2015', tolerance = 1e-12, maxIterations = 10_000): { h: number[]; iterations: number } {
  const n = A.length;
  // Λ_ij = A_ij / E_i; +∞ for a zero-equity lender with a claim.
  const lev = A.map((row, i) => row.map((x) => (x > 0 ? (E[i]! > 0 ? x / E[i]! : Infinity) : 0)));
  let h = h0.slice();
  let iterations = 0;
  if (variant === 'battiston2012') {
    const state: ('U' | 'D' | 'I')[] = h.map((x) => (x > 0 ? 'D' : 'U'));
    while (state.includes('D')) {
      const prev = h.slice();
      h = h.map((hi, i) => Math.min(1, hi + prev.reduce((s, hj, j) => s + (state[j] === 'D' && lev[i]![j]! > 0 ? Math.min(1, lev[i]![j]!) * hj : 0), 0)));
      for (let i = 0; i < n; i++) state[i] = state[i] === 'D' ? 'I' : state[i] === 'U' && h[i]! > 0 ? 'D' : state[i]!;
      iterations++;
    }
    return { h, iterations };
  }
  let prev = new Array<number>(n).fill(0);
  for (;;) {
    if (iterations >= maxIterations || !h.some((x, j) => x - prev[j]! > (iterations === 0 ? 0 : tolerance))) return { h, iterations };
    const next = h.map((hi, i) => {
      let s = 0;
      for (let j = 0; j < n; j++) {
        const d = h[j]! - prev[j]!;
        if (d > 0 && lev[i]![j]! > 0) s += lev[i]![j]! === Infinity ? Infinity : lev[i]![j]! * d;
      }
      return Math.min(1, hi + s);
    });
    prev = h;
    h = next;
    iterations++;
  }
}
