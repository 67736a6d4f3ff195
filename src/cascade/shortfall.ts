/**
 * Shortfalls in tokens valued at snapshot prices (DESIGN §10 Measures: for monotonicity and attribution "the amounts
 * liquidated and the shortfalls are counted in tokens and converted to USD at snapshot prices"). An engine reports a
 * market's net insolvent value in USD at final market prices (`insolvency`); the shortfall is that many tokens of the
 * market's debt assets — split by their value at final market prices — each converted at its snapshot price. With a
 * stablecoin debt the two agree; with a volatile debt the price move no longer passes for a change in quantity.
 */
import type { MarketTotals } from '../protocols/index.js';

/**
 * Σ over markets of insolvency[m] × Σ_a w_a · snapshot[a] / final[a], w the market's debt value shares at final prices
 * (its booked bad debt's where it has no debt left, its collateral's where it has neither: a perp's margin).
 */
export function shortfallAtSnapshot(insolvency: readonly number[], totals: readonly MarketTotals[], final: Float64Array, snapshot: Float64Array): number {
  let out = 0;
  insolvency.forEach((usd, mi) => {
    if (!(usd > 0)) return;
    const t = totals[mi];
    if (!t) throw new Error(`shortfallAtSnapshot: insolvency names market #${mi}; the engine reported totals for ${totals.length}`);
    // A market with nothing left worth anything has no token to count its shortfall in: it stays in USD.
    const rate = snapshotPerFinal(t.debt, final, snapshot) ?? snapshotPerFinal(t.badDebt, final, snapshot) ?? snapshotPerFinal(t.collateral, final, snapshot) ?? 1;
    out += usd * rate;
  });
  return out;
}

/** Σ_a w_a · snapshot[a] / final[a] with w the shares of `amounts` by value at `final` prices; null when they are worth 0. */
function snapshotPerFinal(amounts: Float64Array, final: Float64Array, snapshot: Float64Array): number | null {
  let value = 0;
  let weighted = 0;
  for (let a = 0; a < amounts.length; a++) {
    const x = amounts[a]!;
    const v = x * final[a]!;
    if (!(v > 0)) continue;
    value += v;
    weighted += x * snapshot[a]!;
  }
  return value > 0 ? weighted / value : null;
}
