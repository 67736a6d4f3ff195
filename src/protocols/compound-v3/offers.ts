/**
 * What a Comet offers this round (compound-finance/comet contracts/Comet.sol `isLiquidatable`, `absorb`,
 * `quoteCollateral`, `buyCollateral`):
 * - every account with Σ collateral·price·liquidateCollateralFactor < borrow·basePrice, to be absorbed whole by the
 *   protocol (kind `absorb`, automatic: no profit test, so no profit floor);
 * - then, while reserves < targetReserves, each collateral the protocol holds at the store front (kind `storefront`,
 *   one lot per asset, ref = the asset index), at the oracle price discounted by storeFrontPriceFactor·(1 − LF).
 * The accounts come from the shared listing (shared/listing.ts), Comet by Comet, each Comet's lots after its accounts.
 */
import type { ProfitFloor, RoundContext } from '../types.js';
import { KIND_ABSORB, KIND_STOREFRONT, pushOffer, type OfferBatch } from '../batch.js';
import type { AccountData } from '../shared/health.js';
import { listStoreMarket } from '../shared/listing.js';
import { debtAt } from '../position-store.js';
import { isForSale, quoteCollateral, storeFrontDiscount } from './storefront.js';
import { COMET_NAMES, type CometMarketState, type CompoundV3State } from './state.js';

/** Base tokens account i owes. */
export function borrowOf(m: CometMarketState, i: number): number {
  const s = m.store;
  let d = 0;
  for (let k = s.debtStart[i]!; k < s.debtStart[i + 1]!; k++) d += debtAt(s, k);
  return d;
}

/** Scratch for the hot loop: [Σ c·p·LCF, Σ c·p, Σ c·p·LF (USD), largest collateral by value or −1]. */
const scratch = new Float64Array(4);

/** Account i's collateral values at `prices`, in the scratch (read before the next call). */
export function collateralValues(m: CometMarketState, i: number, prices: Float64Array): Float64Array {
  const s = m.store;
  let weighted = 0;
  let value = 0;
  let credited = 0;
  let largest = -1;
  let best = -1;
  for (let k = s.collStart[i]!; k < s.collStart[i + 1]!; k++) {
    const a = s.collAsset[k]!;
    const v = s.collAmount[k]! * prices[a]!;
    weighted += v * m.liquidateCollateralFactor[a]!;
    credited += v * m.liquidationFactor[a]!;
    value += v;
    if (s.collAmount[k]! > 0 && v > best) {
      best = v;
      largest = a;
    }
  }
  scratch[0] = weighted;
  scratch[1] = value;
  scratch[2] = credited;
  scratch[3] = largest;
  return scratch;
}

/** Appends account i's absorb offer to `out` when Comet.isLiquidatable says so; the floor does not apply. */
export function absorbOfferRow(m: CometMarketState, k: number, i: number, prices: Float64Array, _data: AccountData, _floor: ProfitFloor | undefined, out: OfferBatch): boolean {
  if (m.absorbed[i]) return false;
  const borrow = borrowOf(m, i);
  if (borrow <= 0) return false;
  const pb = prices[m.base]!;
  const cv = collateralValues(m, i, prices);
  const weighted = cv[0]!;
  if (!(weighted < borrow * pb)) return false; // Comet.isLiquidatable, inline
  const value = cv[1]!;
  const credited = cv[2]! / pb;
  const collateralAsset = cv[3]! >= 0 ? cv[3]! : m.collaterals[0] ?? m.base;
  const s = m.store;
  let amount = 0;
  for (let j = s.collStart[i]!; j < s.collStart[i + 1]!; j++) if (s.collAsset[j] === collateralAsset) amount += s.collAmount[j]!;
  // incentive: what the protocol receives over what it pays out (basePaidOut); negative when the account is underwater.
  pushOffer(out, KIND_ABSORB, true, k, i, collateralAsset, m.base, weighted / (borrow * pb), borrow, amount / borrow, value / (Math.max(borrow, credited) * pb) - 1, 0);
  return true;
}

/** The store-front lots of Comet k while its reserves are below target: all it holds of each collateral. */
function storeFrontLots(m: CometMarketState, k: number, prices: Float64Array, out: OfferBatch): void {
  if (!isForSale({ reserves: m.reserves[m.base]!, targetReserves: m.targetReserves })) return;
  const pb = prices[m.base]!;
  for (const a of m.collaterals) {
    const held = m.held[a]!;
    if (!(held > 0)) continue;
    const d = storeFrontDiscount({ storeFrontPriceFactor: m.storeFrontPriceFactor, liquidationFactor: m.liquidationFactor[a]! });
    const collateralPerDebt = quoteCollateral({ baseAmount: 1, basePrice: pb, assetPrice: prices[a]!, storeFrontPriceFactor: m.storeFrontPriceFactor, liquidationFactor: m.liquidationFactor[a]! });
    pushOffer(out, KIND_STOREFRONT, false, k, a, a, m.base, 0, held / collateralPerDebt, collateralPerDebt, d / (1 - d), 1);
  }
}

/** Engine.listLiquidatableBatch: per Comet, accounts by position index (absorbed ones keep a stale place and are skipped), then its lots. */
export function listCometBatch(state: CompoundV3State, ctx: RoundContext, out: OfferBatch): void {
  const listing = { engine: COMET_NAMES.engine, markets: state.markets, rule: absorbOfferRow, fullScan: false };
  for (let k = 0; k < state.markets.length; k++) storeFrontLots(state.markets[k]!, k, listStoreMarket(listing, k, ctx, out), out);
}
