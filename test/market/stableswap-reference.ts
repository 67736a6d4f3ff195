/**
 * StableSwap setPrices as it was before it was made cheaper (kept as the reference its tests hold it to, bit for bit:
 * stableswap-exact.property.test.ts, stableswap-memo.property.test.ts).
 */
import * as ss from '../../src/market/stableswap.js';
import { brentRoot } from '../../src/market/solve.js';

/** setPrices as it was: a fresh record per call, Ann/π_min and n·ln n at every evaluation, the root's weights recomputed. */
export function referenceSetPrices(s: ss.StableswapState, prices: readonly number[]): { xp: Float64Array; D: number; lo: number } {
  const n = s.n;
  const pi = new Float64Array(n);
  let piMin = Infinity;
  for (let k = 0; k < n; k++) {
    pi[k] = prices[k]! / s.rates[k]!;
    piMin = Math.min(piMin, pi[k]!);
  }
  const Ann = s.Ann;
  const lnN = Math.log(n);
  const w = new Float64Array(n);
  const gap = (t: number) => {
    const lambda = (Ann / piMin) * (1 + Math.exp(t));
    let sumW = 0;
    let sumLnW = 0;
    for (let k = 0; k < n; k++) {
      const wk = 1 / (lambda * pi[k]! - Ann);
      w[k] = wk;
      sumW += wk;
      sumLnW += Math.log(wk);
    }
    const DP = Math.exp(-(n * lnN + sumLnW) / (n + 1));
    return DP * (Ann * sumW - 1) + 1 - Ann;
  };
  let lo = -1;
  let hi = 1;
  let fLo = gap(lo);
  while (fLo < 0 && lo > -700) fLo = gap((lo *= 2));
  let fHi = gap(hi);
  while (fHi > 0 && hi < 700) fHi = gap((hi *= 2));
  const t = brentRoot('setPrices', (x) => (x === lo ? fLo : x === hi ? fHi : gap(x)), lo, hi);
  const lambda = (Ann / piMin) * (1 + Math.exp(t));
  let sumLnW = 0;
  for (let k = 0; k < n; k++) {
    w[k] = 1 / (lambda * pi[k]! - Ann);
    sumLnW += Math.log(w[k]!);
  }
  const DP = Math.exp(-(n * lnN + sumLnW) / (n + 1));
  const xp = new Float64Array(n);
  for (let k = 0; k < n; k++) xp[k] = s.D * DP * w[k]!;
  return { xp, D: ss.getD(xp, Ann), lo };
}
