/**
 * The morpho-blue liquidation engine (DESIGN §4, §10; morpho-org/morpho-blue src/Morpho.sol `liquidate`,
 * `_isHealthy`, `_accrueInterest`): a position with borrowed·pLoan > collateral·pCollateral·lltv may be liquidated
 * by anyone, for any amount up to the whole debt (no close factor), seizing repaid·LIF·pLoan/pCollateral of
 * collateral, capped at the collateral held; when the collateral reaches zero the remaining debt is realised as bad
 * debt and the market's supply shrinks by it. The liquidator takes all the seized collateral (no protocol fee).
 * Interest: interest = totalBorrowAssets·wTaylorCompounded(rate, elapsed), added to borrow and supply (the shared
 * accrual). The engine contract over the markets' rows is the store-based one (shared/store-engine.ts); the family's
 * own rules are offers.ts and execute.ts.
 */
import type { ObjectEngine } from '../objects.js';
import { storeEngine } from '../shared/store-engine.js';
import { lentAssetBadDebt } from '../shared/store-market.js';
import { executeMorphoRow } from './execute.js';
import { morphoOfferBound, morphoOfferRow } from './offers.js';
import { ruleListing } from '../shared/listing.js';
import { storeListingMargin, storeStillQuiet } from '../shared/listing-margin.js';

/** What the listing margin reads besides the index: the profit floor's offer bound. */
const MARGIN = { offerBound: morphoOfferBound };
import { cloneMorphoBlue, compileMorphoBlue, MORPHO_NAMES, type MorphoBlueState, type MorphoMarketState } from './state.js';

export const morphoBlueEngine: ObjectEngine<MorphoBlueState> = storeEngine<MorphoMarketState, MorphoBlueState>({
  family: 'morpho-blue',
  names: MORPHO_NAMES,
  compile: compileMorphoBlue,
  clone: cloneMorphoBlue,
  ...ruleListing<MorphoMarketState, MorphoBlueState>(MORPHO_NAMES.engine, morphoOfferRow, morphoOfferBound),
  listingMargin: (state, ctx) => storeListingMargin(state.markets, ctx, MARGIN),
  stillQuiet: (state, ctx, margin) => storeStillQuiet(state.markets, ctx, margin, MARGIN),
  executeRow: executeMorphoRow,
  badDebt: lentAssetBadDebt,
});
