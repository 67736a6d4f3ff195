/**
 * The `euler-v2` liquidation engine (DESIGN §4; the Euler Vault Kit whitepaper, "Liquidation" — maths in
 * liquidation.ts, docs/protocols/euler-v2.md): a liability vault's accounts are liquidated when their health score
 * falls below 1, by a liquidator who takes over their debt and receives collateral at a discount of 1 − health score,
 * capped at `maxLiquidationDiscount`, with no close factor and no protocol fee; an account inside its
 * `liquidationCoolOffTime` cannot be; debt left without collateral is socialised to the vault's depositors.
 */
import type { Engine } from '../engine.js';
import type { MarketTotals, RoundContext } from '../types.js';
import { batchWrapper } from '../batch.js';
import { accrueStore } from '../shared/bookkeeping.js';
import { storesInsolvency, storeTotals } from '../shared/health.js';
import { executeEulerOrders, executeEulerOrdersBatch } from './execute.js';
import { listEulerLiquidatable, listEulerLiquidatableBatch, listEulerPairBatch } from './offers.js';
import { cloneEulerV2, compileEulerV2, type EulerState } from './state.js';

export function accrueEulerV2(state: EulerState, ctx: RoundContext): void {
  for (const ms of state.markets) accrueStore(`eulerV2Engine.accrue: vault "${ms.id}"`, ms.store, ms.index, ms.borrowables, ctx.roundSeconds);
}

export function eulerV2Totals(state: EulerState): MarketTotals[] {
  return state.markets.map((ms) => {
    const t = storeTotals(ms.store, ms.assetCount);
    const badDebt = new Float64Array(ms.assetCount);
    badDebt[ms.liabilityAsset] = ms.badDebt;
    return { market: ms.id, collateral: t.collateral, debt: t.debt, badDebt, held: new Float64Array(ms.assetCount), reserves: ms.reserves.slice() };
  });
}

export const eulerV2Engine: Engine<EulerState> = {
  family: 'euler-v2',
  compile: compileEulerV2,
  clone: cloneEulerV2,
  accrue: accrueEulerV2,
  listLiquidatable: batchWrapper((state: EulerState, ctx: RoundContext) => listEulerLiquidatable(state, ctx)),
  execute: batchWrapper(executeEulerOrders),
  listLiquidatableBatch: (state, ctx, out) => listEulerLiquidatableBatch(state, ctx, out),
  listPairBatch: listEulerPairBatch,
  executeBatch: executeEulerOrdersBatch,
  totals: eulerV2Totals,
  insolvency: (state, prices) => storesInsolvency('eulerV2Engine', state.markets, prices),
  books: (state) => state.markets.map((m, market) => ({ market, store: m.store, index: m.index, borrowables: m.borrowables })),
  waiting: (state) => state.markets.reduce((x, m) => x + m.heldBack, 0),
};
