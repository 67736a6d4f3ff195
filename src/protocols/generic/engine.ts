/**
 * The `generic` liquidation engine (DESIGN §4): the classic multi-collateral lender of the earlier generation —
 * Aave v2 and Compound v2 (fixed close factor, 50%), and isolated single-collateral lenders (Fraxlend pairs,
 * Abracadabra cauldrons, Inverse) as the one-collateral case. The liquidator takes the collateral and sells it;
 * there is no deficit accounting, so booked bad debt is always 0 and a shortfall shows as insolvency only.
 */
import type { Engine, MarketTotals, RoundContext } from '../engine.js';
import { batchWrapper } from '../batch.js';
import { accrueStore } from '../shared/bookkeeping.js';
import { storesInsolvency, storeTotals } from '../shared/health.js';
import { executeGenericOrders, executeGenericOrdersBatch } from './execute.js';
import { listGenericLiquidatable, listGenericLiquidatableBatch, listGenericPairBatch } from './offers.js';
import { cloneGeneric, compileGeneric, type GenericState } from './state.js';

export function accrueGeneric(state: GenericState, ctx: RoundContext): void {
  for (const ms of state.markets) accrueStore(`genericEngine.accrue: market "${ms.id}"`, ms.store, ms.index, ms.borrowables, ctx.roundSeconds);
}

export function genericTotals(state: GenericState): MarketTotals[] {
  return state.markets.map((ms) => {
    const t = storeTotals(ms.store, ms.assetCount);
    const zero = new Float64Array(ms.assetCount);
    return { market: ms.id, collateral: t.collateral, debt: t.debt, badDebt: zero, held: zero.slice(), reserves: ms.reserves.slice() };
  });
}

export function genericInsolvency(state: GenericState, prices: Float64Array): number[] {
  return storesInsolvency('genericEngine', state.markets, prices);
}

export const genericEngine: Engine<GenericState> = {
  family: 'generic',
  compile: compileGeneric,
  clone: cloneGeneric,
  accrue: accrueGeneric,
  listLiquidatable: batchWrapper((state: GenericState, ctx: RoundContext) => listGenericLiquidatable(state, ctx)),
  execute: batchWrapper(executeGenericOrders),
  listLiquidatableBatch: (state, ctx, out) => listGenericLiquidatableBatch(state, ctx, out),
  listPairBatch: listGenericPairBatch,
  executeBatch: executeGenericOrdersBatch,
  totals: genericTotals,
  insolvency: genericInsolvency,
  books: (state) => state.markets.map((m, market) => ({ market, store: m.store, index: m.index, borrowables: m.borrowables }))
};
