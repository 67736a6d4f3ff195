/**
 * Comet's store front (compound-finance/comet contracts/Comet.sol `quoteCollateral`, `buyCollateral`): absorbed
 * collateral is sold for base at the oracle price discounted by
 *   discount = storeFrontPriceFactor·(1 − liquidationFactor),
 * and only while the reserves are below `targetReserves` (`NotForSale` otherwise); the buyer's base goes into the
 * reserves, and no more collateral than the protocol holds can be bought (`InsufficientReserves`).
 */

export interface StoreFrontDiscountArgs {
  storeFrontPriceFactor: number;
  liquidationFactor: number;
}

/** quoteCollateral's discountFactor = storeFrontPriceFactor·(1 − liquidationFactor). */
export function storeFrontDiscount({ storeFrontPriceFactor, liquidationFactor }: StoreFrontDiscountArgs): number {
  if (!(storeFrontPriceFactor >= 0 && storeFrontPriceFactor <= 1)) throw new Error(`storeFrontDiscount: storeFrontPriceFactor must be in [0, 1], got ${storeFrontPriceFactor}`);
  if (!(liquidationFactor >= 0 && liquidationFactor <= 1)) throw new Error(`storeFrontDiscount: liquidationFactor must be in [0, 1], got ${liquidationFactor}`);
  return storeFrontPriceFactor * (1 - liquidationFactor);
}

export interface QuoteCollateralArgs extends StoreFrontDiscountArgs {
  /** Base tokens paid, >= 0. */
  baseAmount: number;
  basePrice: number;
  /** Oracle price of the collateral asset. */
  assetPrice: number;
}

/** Comet.quoteCollateral: collateral tokens for `baseAmount` = basePrice·baseAmount / (assetPrice·(1 − discount)). */
export function quoteCollateral(a: QuoteCollateralArgs): number {
  if (!(a.baseAmount >= 0) || !Number.isFinite(a.baseAmount)) throw new Error(`quoteCollateral: baseAmount must be a finite number >= 0, got ${a.baseAmount}`);
  if (!(a.basePrice > 0) || !Number.isFinite(a.basePrice)) throw new Error(`quoteCollateral: basePrice must be a finite number > 0, got ${a.basePrice}`);
  if (!(a.assetPrice > 0) || !Number.isFinite(a.assetPrice)) throw new Error(`quoteCollateral: assetPrice must be a finite number > 0, got ${a.assetPrice}`);
  const d = storeFrontDiscount(a);
  // d <= 1 with d = 1 only when storeFrontPriceFactor = 1 and liquidationFactor = 0: the collateral would be free.
  if (d >= 1) throw new Error(`quoteCollateral: a store-front discount of ${d} gives the collateral away; expected storeFrontPriceFactor·(1 − liquidationFactor) < 1`);
  return (a.basePrice * a.baseAmount) / (a.assetPrice * (1 - d));
}

export interface IsForSaleArgs {
  /** Comet.getReserves(), base tokens (may be negative). */
  reserves: number;
  targetReserves: number;
}

/** buyCollateral's guard: collateral is for sale unless reserves >= 0 and reserves >= targetReserves. */
export function isForSale({ reserves, targetReserves }: IsForSaleArgs): boolean {
  if (!Number.isFinite(reserves)) throw new Error(`isForSale: reserves must be finite, got ${reserves}`);
  if (!(targetReserves >= 0)) throw new Error(`isForSale: targetReserves must be >= 0, got ${targetReserves}`);
  return !(reserves >= 0 && reserves >= targetReserves);
}

export interface BuyCollateralArgs extends QuoteCollateralArgs, IsForSaleArgs {
  /** Collateral the protocol holds (Comet.getCollateralReserves). */
  collateralReserves: number;
}

export interface BuyCollateralResult {
  /** Collateral tokens the buyer receives. */
  collateralAmount: number;
  /** Reserves after the purchase: reserves + baseAmount. */
  reserves: number;
}

/** Comet.buyCollateral: refuses (throws) when not for sale or when the quote exceeds what the protocol holds. */
export function buyCollateral(a: BuyCollateralArgs): BuyCollateralResult {
  if (!isForSale(a)) throw new Error(`buyCollateral: not for sale (NotForSale): reserves ${a.reserves} >= targetReserves ${a.targetReserves}`);
  if (!(a.collateralReserves >= 0)) throw new Error(`buyCollateral: collateralReserves must be >= 0, got ${a.collateralReserves}`);
  const collateralAmount = quoteCollateral(a);
  if (collateralAmount > a.collateralReserves * (1 + 1e-12))
    throw new Error(`buyCollateral: quote ${collateralAmount} exceeds the collateral the protocol holds (${a.collateralReserves}) (InsufficientReserves)`);
  return { collateralAmount: Math.min(collateralAmount, a.collateralReserves), reserves: a.reserves + a.baseAmount };
}
