// @ts-check
/**
 * The health-factor tables of the bench networks (debt-weighted quantiles, the generator's `healthFactors`), one
 * definition each: the benches and the tests that measure on the same pools read them from here. They are assumed
 * (market-sizes.md §5: no sourced HF histogram at the snapshot), in line with DefiLlama's "$320M of ETH loans within
 * 20%" (market-sizes.md §4).
 */

/** @typedef {{ quantile: number, healthFactor: number }} HfPoint */

/** The one-pool bench (lender-pool.js): 3% of the debt below HF 1.1 and 15% below 1.45. */
export const HF_POOL = [
  { quantile: 0, healthFactor: 1.0 },
  { quantile: 0.03, healthFactor: 1.1 },
  { quantile: 0.08, healthFactor: 1.25 },
  { quantile: 0.15, healthFactor: 1.45 },
  { quantile: 0.35, healthFactor: 1.8 },
  { quantile: 0.65, healthFactor: 2.4 },
  { quantile: 0.9, healthFactor: 3.5 },
  { quantile: 1, healthFactor: 6 },
];

/** Debt-weighted mean of HF over a table (trapezoids): collateral sized so that the table holds at the threshold. */
export function meanHealthFactor(/** @type {HfPoint[]} */ table) {
  let m = 0;
  for (let k = 1; k < table.length; k++) {
    const a = /** @type {HfPoint} */ (table[k - 1]);
    const b = /** @type {HfPoint} */ (table[k]);
    m += ((b.quantile - a.quantile) * (a.healthFactor + b.healthFactor)) / 2;
  }
  return m;
}
