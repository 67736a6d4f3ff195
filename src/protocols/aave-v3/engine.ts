/**
 * The `aave-v3` liquidation engine (DESIGN §4, §10 Engines and liquidators): Aave v3 pools under version '3.0'
 * (aave/aave-v3-core, Spark's line) or '3.3' (aave-dao/aave-v3-origin). The liquidator takes the collateral and
 * sells it; the protocol keeps its liquidationProtocolFee share of the bonus; under 3.3 a deficit is booked when a
 * position's last collateral is taken. Interest accrues per second on each reserve's rate curve.
 */
import type { Engine, MarketTotals, RoundContext } from '../engine.js';
import { batchWrapper } from '../batch.js';
import { storesInsolvency, storeTotals } from '../shared/health.js';
import { accrueStore } from '../shared/bookkeeping.js';
import { executeOrders, executeOrdersBatch } from './execute.js';
import { listLiquidatable, listLiquidatableBatch, listPairBatch } from './offers.js';
import { cloneAaveV3, compileAaveV3, type AaveV3State } from './state.js';

/** Engine.accrue: one round of interest on every reserve; every borrower's debt in it grows by the same factor. */
export function accrueAaveV3(state: AaveV3State, ctx: RoundContext): void {
  for (const ms of state.markets) accrueStore(`aaveV3Engine.accrue: market "${ms.id}"`, ms.store, ms.index, ms.borrowables, ctx.roundSeconds);
}

/** Engine.totals: collateral and debt on the books, deficits, reserves. */
export function aaveV3Totals(state: AaveV3State): MarketTotals[] {
  return state.markets.map((ms) => {
    const t = storeTotals(ms.store, ms.assetCount);
    return { market: ms.id, collateral: t.collateral, debt: t.debt, badDebt: ms.deficit.slice(), held: new Float64Array(ms.assetCount), reserves: ms.reserves.slice() };
  });
}

/** Engine.insolvency: Σ max(0, debt − collateral) over each pool's positions, USD at `prices`. */
export function aaveV3Insolvency(state: AaveV3State, prices: Float64Array): number[] {
  return storesInsolvency('aaveV3Engine', state.markets, prices);
}

export const aaveV3Engine: Engine<AaveV3State> = {
  family: 'aave-v3',
  compile: compileAaveV3,
  clone: cloneAaveV3,
  accrue: accrueAaveV3,
  listLiquidatable: batchWrapper((state: AaveV3State, ctx: RoundContext) => listLiquidatable(state, ctx)),
  execute: batchWrapper(executeOrders),
  listLiquidatableBatch: (state, ctx, out) => listLiquidatableBatch(state, ctx, out),
  listPairBatch,
  executeBatch: executeOrdersBatch,
  totals: aaveV3Totals,
  insolvency: aaveV3Insolvency,
  books: (state) => state.markets.map((m, market) => ({ market, store: m.store, index: m.index, borrowables: m.borrowables }))
};
