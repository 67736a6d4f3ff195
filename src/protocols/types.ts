/**
 * The rows the engine contract passes (DESIGN §4, §10 Engines and liquidators): what an engine lists (`Offer`), what
 * the cascade orders (`Order`), what an execution moved (`Execution`), book totals, and the round context. Types
 * only, imported by the engines, the batch buffers and the position store alike, so that none of them imports another
 * to name a row.
 */
import type { LeftOut } from './left-out.js';

/** asset id → index in `network.assets`. */
export type AssetIndex = ReadonlyMap<string, number>;

export interface RoundContext {
  /** Seconds since the start of the run, at the start of this round. */
  time: number;
  roundSeconds: number;
  /** Oracle price (USD) per asset index, one array per market of the protocol (markets may use different oracles). */
  oraclePrices: readonly Float64Array[];
  /** The network's market price (USD) per asset index: what the venues say now (for auction keepers, store fronts). */
  marketPrices: Float64Array;
  /**
   * Optional, set by a caller whose liquidators take an offer only while it pays its gas: engines may then leave out
   * non-automatic `liquidation` offers that cannot pay even in the best case (`belowProfitFloor`). Absent: every
   * offer is listed.
   */
  profitFloor?: ProfitFloor;
  /**
   * Optional, with `profitFloor`, set by a caller that decides a group's offers in profit order and lists a group whole
   * again (`listPairBatch`) when its decision may reach further (left-out.ts): a store listing may then leave out the
   * smaller positions of a group with many candidates, and records what it left out here. Absent: every offer is listed.
   */
  leftOut?: LeftOut | undefined;
}

/**
 * The caller's test, bounded: it takes an offer only when maxRepay · (collateralPerDebt · takerShare · spot − 1) > gas,
 * spot being the debt tokens a sale of the collateral returns per token; `bestRate` bounds spot from above where the
 * caller decides the offer (for the whole of the protocol's turn, or until the caller lists the pair again with
 * `listPairBatch`). An offer left out changes nothing but the work: the caller would not have taken it.
 */
export interface ProfitFloor {
  /** Upper bound on the debt tokens per collateral token a liquidator can get; Infinity when none is known. */
  bestRate(collateralAsset: number, debtAsset: number): number;
  /** Gas per liquidation in tokens of each debt asset (by asset index). */
  gas: Float64Array;
}

/**
 * Something a liquidator (or the protocol itself) can take this round: pay up to `maxRepay` of `debtAsset`,
 * receive `collateralPerDebt` of `collateralAsset` per unit paid.
 *
 * kinds:
 * - `liquidation`  a position past its threshold (Aave, Morpho, generic, perp): the liquidator repays, seizes with the bonus;
 * - `absorb`       the protocol takes the whole account (Comet absorb, Liquity stability-pool offset / redistribution,
 *                  Maker bark starting an auction): `automatic`, no liquidator, no profit test;
 * - `auction`      collateral on sale in an open auction (Maker clip/flip) at the auction's current price;
 * - `storefront`   collateral the protocol sells at a discount (Comet buyCollateral while reserves < targetReserves).
 */
export interface Offer {
  kind: 'liquidation' | 'absorb' | 'auction' | 'storefront';
  automatic: boolean;
  market: number;
  /** Position index in the market's store (liquidation/absorb), or auction id / collateral asset for lots. */
  ref: number;
  collateralAsset: number;
  debtAsset: number;
  /** Health factor at the oracle prices (NaN-free: Infinity never appears; lots carry 0). */
  healthFactor: number;
  /** The most of `debtAsset` the rules allow to be repaid / paid now, whole tokens. */
  maxRepay: number;
  /** Collateral tokens received per debt token paid, at this round's prices, bonus included (gross of protocol fee). */
  collateralPerDebt: number;
  /** The excess paid to whoever takes the collateral (0.05 = 5%), gross of the protocol fee. */
  incentive: number;
  /** Share of the seized collateral that reaches the taker (1 − the protocol's cut, e.g. Aave's liquidation protocol fee). */
  takerShare: number;
  /** The contract function the order calls (Maker `bark`/`take`/`redo`/`bite`/`tend`/`dent`/`deal`/`tick`, perp `liquidate`). */
  action?: string;
  /** perp: the closing trade — a long is closed by SELLING `collateralAsset` (the underlying), a short by BUYING it. */
  side?: 'sell' | 'buy';
  /** The lot's terms in an open auction (Maker clip/flip), for keepers and reports. */
  auction?: AuctionTerms;
}

/** An auction lot as keepers see it (Maker Clipper sale / Flipper bid). Amounts in whole tokens, times in run seconds. */
export interface AuctionTerms {
  /** Auction id within its market (the Clipper's / Flipper's id, counted from 0). */
  id: number;
  /** Collateral on sale. */
  lot: number;
  /** Debt-asset target still to raise. */
  tab: number;
  /** clip: the current price from `calc` (debt asset per collateral token). */
  price?: number;
  /** flip: 'tend' (bids rise for the whole lot, up to tab) or 'dent' (the lot falls for the full tab). */
  phase?: 'tend' | 'dent';
  /** flip: the current highest bid for the whole lot (0 before the first bid). */
  bid?: number;
  /** flip tend: the least valid next bid (max(bid·beg, bid + 1 wei), capped at tab); dent: tab. */
  minBid?: number;
  /** flip dent: the largest lot a bid for the full tab may ask for (lot / beg). */
  maxLot?: number;
  /** clip: kick (or last redo) time; flip: when the current bid expires (0 = no bid yet). */
  tic?: number;
  /** flip: when the auction ends (kick + tau, or the last tick + tau). */
  end?: number;
}

/** A decision of the liquidator step: take `repay` (<= offer.maxRepay) of an offer. */
export interface Order {
  offer: Offer;
  repay: number;
  /** Maker flip `dent` only: the lot the bidder accepts for the full tab (default: offer.auction.maxLot). */
  lot?: number;
}

/** What one executed order moved. Amounts in whole tokens. */
export interface Execution {
  kind: Offer['kind'];
  market: number;
  ref: number;
  collateralAsset: number;
  debtAsset: number;
  /** Debt repaid (or paid for a lot) by the taker, in debtAsset. */
  repaid: number;
  /** Collateral leaving the position or the lot (everything taken from the borrower). */
  seized: number;
  /** Part of `seized` that goes to the taker (liquidator / keeper / bidder), to be sold or held. */
  toTaker: number;
  /** Part of `seized` the protocol keeps for good as its fee (Aave's liquidation protocol fee). */
  protocolFee: number;
  /** Part of `seized` held by the protocol or its absorber until sold (Comet reserves, Liquity stability pool, Maker auction lots). */
  toAbsorber: number;
  /** Part of `seized` spread to other positions (Liquity redistribution). */
  redistributed: number;
  /** Part of `seized` paid as gas compensation (Liquity). */
  gasCompensation: number;
  /** Bonus value paid to the taker in collateral tokens: toTaker − repaid-equivalent at the order's price; net of fee. */
  bonus: number;
  /** Debt written off with no collateral behind it, per asset index (as the protocol books it). */
  badDebt: { asset: number; amount: number }[];
  /** The contract function carried out (see Offer.action). */
  action?: string;
  /** perp: the closing trade's direction on `collateralAsset` (the underlying). */
  side?: 'sell' | 'buy';
  /** Collateral handed back to the borrower, outside `seized` (Maker: the lot left once tab is raised, flip `dent` decrements; Liquity: the collateral surplus). */
  returnedToOwner?: number;
  /** Change the engine itself made to the protocol's reserves, in debtAsset (Maker penalty income; perp fee in − insurance fund draw; Comet: −basePaidOut on absorb, +base on buyCollateral). */
  toReserves?: number;
  /** Keeper incentive the protocol paid, in debtAsset (Maker Clipper tip + chip·tab), also booked in `badDebt` as the vow does. */
  keeperIncentive?: number;
  /** perp: loss beyond the insurance fund borne by auto-deleveraged counterparties, in debtAsset (the margin asset). */
  socializedLoss?: number;
  /** Liquity: debt moved to the other troves along with the `redistributed` collateral, in debtAsset. */
  debtRedistributed?: number;
  /** Liquity: gas compensation paid to the liquidator outside `seized` (v1 LUSD_GAS_COMPENSATION from the gas pool, v2 ETH_GAS_COMPENSATION). */
  gasPoolCompensation?: { asset: number; amount: number };
  /** Share of `toAbsorber` the absorber may sell (Liquity option spSellShare; 0: the stability pool keeps its gains). */
  absorberSellShare?: number;
}

/** Book totals of one market, whole tokens per asset index (arrays of length network.assets.length). */
export interface MarketTotals {
  market: string;
  collateral: Float64Array;
  debt: Float64Array;
  /** Bad debt as the protocol books it (Aave deficit, Maker sin, Comet's shortfall, Morpho's socialised loss). */
  badDebt: Float64Array;
  /** Collateral the protocol or its absorber holds (Comet absorbed collateral, stability-pool gains, unsold auction lots). */
  held: Float64Array;
  /** Reserves left (Comet reserves may go negative), in the reserve's asset. */
  reserves: Float64Array;
}

/** One market's margin of a store listing (shared/listing-margin.ts): its oracle prices then and, per group, the two bounds (build units). */
export interface IndexMargin {
  prices: Float64Array;
  /** Largest key below the cut (−Infinity: none). */
  below: Float64Array;
  /**
   * Of the entries at or above the cut (margin-bounds.ts), the largest debt of a band entry and of a touched one held
   * back by the size floor alone (−Infinity: none; each class likewise).
   */
  dust: Float64Array;
  touchedDust: Float64Array;
  /** A bound on the largest debt / key (ratioBound) of those held back by the collateral floor alone. */
  held: Float64Array;
  /** The largest debt, and a bound on the largest debt / key, of those held back by both floors. */
  bothDebt: Float64Array;
  bothRatio: Float64Array;
  /** The largest debt and key of those read and refused above the family's close factor step (CloseFactorStep). */
  stepDebt: Float64Array;
  stepKey: Float64Array;
}

/**
 * What an empty listing leaves (Engine.listingMargin): per market its IndexMargin, or null when the listing gives no
 * promise; `margin` is the factor by which every debt may grow before a listing at the same prices and floor could
 * list something (min over groups of cut / below and floor / dust, over the scale then; for reports and tests).
 */
export interface ListingMargin {
  markets: IndexMargin[] | null;
  margin: number;
}
