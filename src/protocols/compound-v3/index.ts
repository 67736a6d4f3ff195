/** The compound-v3 (Comet) engine and the contract functions it is built from (rate curves: ../rates, Comet.getBorrowRate etc.). */
export { compoundV3Engine } from './engine.js';
export { compileCompoundV3, cloneCompoundV3, type CompoundV3State, type CometMarketState } from './state.js';
export { isLiquidatable, cometHealthFactor, liquidationCollateralValue, type CometHolding, type IsLiquidatableArgs } from './liquidity.js';
export { absorbInternal, type AbsorbArgs, type AbsorbCollateral, type AbsorbResult } from './absorb.js';
export { quoteCollateral, buyCollateral, storeFrontDiscount, isForSale, type QuoteCollateralArgs, type BuyCollateralArgs, type BuyCollateralResult } from './storefront.js';
