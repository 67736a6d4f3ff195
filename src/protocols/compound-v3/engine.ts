/**
 * The compound-v3 (Comet) liquidation engine (DESIGN §4, §10 Engines and liquidators; compound-finance/comet
 * contracts/Comet.sol `absorb`, `absorbInternal`, `isLiquidatable`, `buyCollateral`, `quoteCollateral`,
 * `accrueInternal`): liquidatable accounts are absorbed whole by the protocol, which holds their collateral and sells
 * it at its store front while reserves < targetReserves (offers.ts, execute.ts). The engine contract over the Comets'
 * rows is the store-based one (shared/store-engine.ts); the reserves are the engine's own (registry.ts: they may go
 * negative, beside the collateral held).
 */
import type { ObjectEngine } from '../objects.js';
import type { RoundContext } from '../types.js';
import { storeEngine } from '../shared/store-engine.js';
import { lentAssetBadDebt, accrueMarket } from '../shared/store-market.js';
import { executeCometRow } from './execute.js';
import { listCometBatch } from './offers.js';
import { storeListingMargin, storeStillQuiet, type ListingMargin } from '../shared/listing-margin.js';
import { cloneCompoundV3, COMET_NAMES, compileCompoundV3, type CometMarketState, type CompoundV3State } from './state.js';

/** Comet.accrueInternal; getReserves = balance − totalSupply + totalBorrow gains borrow interest − supply interest. */
function accrueComets(state: CompoundV3State, ctx: RoundContext): void {
  for (const m of state.markets) {
    const b = m.borrowables[0]!;
    const before = b.totalDebt - b.supply;
    accrueMarket(COMET_NAMES.engine, m, ctx);
    m.reserves[m.base] = m.reserves[m.base]! + (b.totalDebt - b.supply - before);
  }
}

export const compoundV3Engine: ObjectEngine<CompoundV3State> = storeEngine<CometMarketState, CompoundV3State>({
  family: 'compound-v3',
  names: COMET_NAMES,
  compile: compileCompoundV3,
  clone: cloneCompoundV3,
  listBatch: listCometBatch,
  executeRow: executeCometRow,
  badDebt: lentAssetBadDebt,
  held: (m) => m.held.slice(),
  accrue: accrueComets,
  listingMargin: cometListingMargin,
  stillQuiet: (state, ctx, margin) => !holdsCollateral(state) && storeStillQuiet(state.markets, { ...ctx, profitFloor: undefined }, margin),
});

/** Whether a Comet holds absorbed collateral: its store-front lots are listed whenever interest carries its reserves below target. */
function holdsCollateral(state: CompoundV3State): boolean {
  return state.markets.some((m) => m.collaterals.some((a) => m.held[a]! > 0));
}

/** Engine.listingMargin: the accounts' index margin (absorbs have no profit floor); none while a Comet holds collateral. */
function cometListingMargin(state: CompoundV3State, ctx: RoundContext): ListingMargin {
  if (holdsCollateral(state)) return { markets: null, margin: 0 };
  return storeListingMargin(state.markets, { ...ctx, profitFloor: undefined });
}
