/**
 * The `euler-v2` liquidation engine (DESIGN §4; the Euler Vault Kit whitepaper, "Liquidation" — maths in
 * liquidation.ts, docs/protocols/euler-v2.md): a liability vault's accounts are liquidated when their health score
 * falls below 1, by a liquidator who takes over their debt and receives collateral at a discount of 1 − health score,
 * capped at `maxLiquidationDiscount`, with no close factor and no protocol fee; an account inside its
 * `liquidationCoolOffTime` cannot be; debt left without collateral is socialised to the vault's depositors. The
 * engine contract over the vaults' rows is the store-based one (shared/store-engine.ts).
 */
import type { ObjectEngine } from '../objects.js';
import type { MarketTotals, RoundContext } from '../types.js';
import { storeEngine } from '../shared/store-engine.js';
import { lentAssetBadDebt, accrueMarkets, marketTotals } from '../shared/store-market.js';
import { executeEulerRow } from './execute.js';
import { eulerOfferBound, listEulerLiquidatableBatch, listEulerPairBatch } from './offers.js';
import { storeListingMargin, storeStillQuiet } from '../shared/listing-margin.js';

/** What the listing margin reads besides the index: the profit floor's offer bound. */
const MARGIN = { offerBound: eulerOfferBound };
import { cloneEulerV2, compileEulerV2, EULER_NAMES, type EulerState, type EulerVaultState } from './state.js';

export const eulerV2Engine: ObjectEngine<EulerState> = storeEngine<EulerVaultState, EulerState>({
  family: 'euler-v2',
  names: EULER_NAMES,
  compile: compileEulerV2,
  clone: cloneEulerV2,
  listBatch: (state, ctx, out) => listEulerLiquidatableBatch(state, ctx, out),
  listPairBatch: listEulerPairBatch,
  // An account held back by its cool-off is under water: its band is read, and the margin is at most 1.
  listingMargin: (state, ctx) => storeListingMargin(state.markets, ctx, MARGIN),
  stillQuiet: (state, ctx, margin) => storeStillQuiet(state.markets, ctx, margin, MARGIN),
  executeRow: executeEulerRow,
  badDebt: lentAssetBadDebt,
  waiting: (state) => state.markets.reduce((x, m) => x + m.heldBack, 0),
});

export function accrueEulerV2(state: EulerState, ctx: RoundContext): void {
  accrueMarkets(EULER_NAMES.engine, state.markets, ctx);
}

export function eulerV2Totals(state: EulerState): MarketTotals[] {
  return marketTotals(state.markets, lentAssetBadDebt);
}
