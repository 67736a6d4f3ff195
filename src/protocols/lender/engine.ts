/**
 * The pool lender's engine (DESIGN §4, §10 Engines and liquidators): one store-based implementation that the
 * `aave-v3` and `generic` families run with their versions' rules as data (`LenderFamily`: rules.ts, state.ts). The
 * liquidator takes the collateral and sells it; the protocol keeps its liquidationProtocolFee share of the bonus;
 * under `rules.deficit` a deficit is booked when a position's last collateral is taken. Interest accrues per second
 * on each reserve's rate curve.
 */
import type { ObjectEngine } from '../objects.js';
import type { MarketTotals, RoundContext } from '../types.js';
import { storesInsolvency } from '../shared/insolvency.js';
import { storeEngine } from '../shared/store-engine.js';
import { accrueMarkets, marketTotals } from '../shared/store-market.js';
import { executeLenderRow } from './execute.js';
import { fillLiquidationDefaults } from '../batch.js';
import { lenderOfferBound, listLenderBatch, listLenderPairBatch } from './offers.js';
import { storeListingMargin, storeStillQuiet } from '../shared/listing-margin.js';
import { cloneLender, lenderCompiler, type LenderFamily, type LenderMarketState, type LenderState } from './state.js';
import { closeFactorStepOf } from './rules.js';

/** What the listing margin reads besides the index: the profit floor's offer bound, and Aave v3's close factor step. */
const MARGIN = { offerBound: lenderOfferBound, closeFactorStep: (ms: LenderMarketState, out: { healthFactor: number; closeFactor: number }) => closeFactorStepOf(ms.rules, out) };

/** The Engine of a lender family. */
export function lenderEngine<V extends string | undefined>(lender: LenderFamily<V>): ObjectEngine<LenderState<V>> {
  return storeEngine<LenderMarketState<V>, LenderState<V>>({
    family: lender.family,
    names: lender.names,
    compile: lenderCompiler(lender),
    clone: cloneLender,
    listBatch: (state, ctx, out) => listLenderBatch(state, ctx, out),
    listPairBatch: listLenderPairBatch,
    listingMargin: (state, ctx) => storeListingMargin(state.markets, ctx, MARGIN),
    stillQuiet: (state, ctx, margin) => storeStillQuiet(state.markets, ctx, margin, MARGIN),
    executeRow: executeLenderRow,
    finishRows: fillLiquidationDefaults,
    badDebt: deficitOf,
  });
}

/** Booked bad debt: the deficits (0 without deficit accounting, where a shortfall shows as insolvency only). */
function deficitOf(ms: LenderMarketState): Float64Array {
  return ms.deficit.slice();
}

/** Engine.accrue: one round of interest on every reserve; every borrower's debt in it grows by the same factor. */
export function accrueLender(state: LenderState, ctx: RoundContext): void {
  accrueMarkets(state.names.engine, state.markets, ctx);
}

/** Engine.totals: collateral and debt on the books, deficits, reserves. */
export function lenderTotals(state: LenderState): MarketTotals[] {
  return marketTotals(state.markets, deficitOf);
}

/** Engine.insolvency: Σ max(0, debt − collateral) over each market's positions, USD at `prices`. */
export function lenderInsolvency(state: LenderState, prices: Float64Array): number[] {
  return storesInsolvency(state.names.engine, state.markets, prices);
}
