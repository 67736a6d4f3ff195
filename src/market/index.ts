/** The market layer (DESIGN §3, §9): venue kinds, clearing, routing, recovery. */
export type { VenueState, VenueStateKind, VenueCommon } from './types.js';
export type { ConstantProductState } from './constant-product.js';
export type { ConcentratedState } from './concentrated.js';
export type { StableswapState } from './stableswap.js';
export type { OrderBookState } from './order-book-state.js';
export * as constantProduct from './constant-product.js';
export * as concentrated from './concentrated.js';
export * as stableswap from './stableswap.js';
export * as orderBook from './order-book.js';
export { createConstantProduct, type ConstantProductArgs } from './constant-product.js';
export { createConcentrated, type ConcentratedArgs, type RangeArgs } from './concentrated.js';
export { createStableswap, getD, type StableswapArgs } from './stableswap.js';
export { createOrderBook, type OrderBookArgs, type DepthBookArgs, type SqrtImpactBookArgs } from './order-book.js';
export type { DepthLevelArgs } from './depth-curve.js';
export {
  amountOut,
  amountIn,
  marginalRate,
  sellableTo,
  apply,
  spotPrice,
  capacity,
  outputCapacity,
  scaleLiquidity,
  holding,
  holdings,
  coinIndex,
} from './venue.js';
export { compileVenue, type CompileVenueOptions } from './compile.js';
export { rebalance, rebalanceTo, recover, recoverTo, coinPrices } from './recovery.js';
export { clearSales, clearPurchases, quoteSales, CLEARING_DEFAULTS, type Clearing, type ClearingOptions, type CoinAmount } from './clearing.js';
export {
  compileMarket,
  cloneMarket,
  rebalanceMarket,
  recoverMarket,
  marketPrices,
  marketPrice,
  venuesTrading,
  sellAsset,
  buyAsset,
  withdrawLiquidity,
  drainVenue,
  assetIndexOf,
  venueIndexOf,
  type MarketState,
  type MarketClearing,
  type CompileMarketOptions,
} from './market-state.js';
export { buildRouteTable, routeBetween, type RouteTable, type CompiledRoute, type CompiledHop } from './routing-table.js';
export { arbitrageConversions, arbitrageLoops, ARBITRAGE_DEFAULTS, type ArbitrageOptions, type ArbitrageTrade } from './arbitrage.js';
export { sellAlongRoute, buyAlongRoute, quoteAlongRoute, routeBestRate, sellHop, buyHop, ROUTING_DEFAULTS, type HopTrade, type RouteSale, type RoutePurchase, type RoutingOptions } from './routing.js';
export { clearRound, ROUND_DEFAULTS, type SaleOrder, type RoundClearing, type RoundOptions } from './round.js';
export { brentRoot, brentRootIn } from './solve.js';
