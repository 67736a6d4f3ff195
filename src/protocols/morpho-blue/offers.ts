/**
 * What may be liquidated in a Morpho Blue market this round (morpho-org/morpho-blue src/Morpho.sol `_isHealthy`,
 * `liquidate`): every position with borrowed > collateral · price · lltv gets one offer, any amount up to the whole
 * debt (no close factor) and at most what its collateral pays for at the incentive factor, min(borrowed,
 * collateral · price / LIF); the liquidator takes all it seizes (no protocol fee). A position with no collateral left
 * gets an automatic offer of nothing, whose execution realises its bad debt. `price` is the oracle's price of one
 * collateral token in loan tokens. The listing is the shared one over this rule and bound (shared/listing.ts `ruleListing`).
 */
import type { ProfitFloor } from '../types.js';
import { KIND_LIQUIDATION, pushOffer, type OfferBatch } from '../batch.js';
import type { AccountData } from '../shared/health.js';
import type { OfferBoundOut } from '../shared/listing.js';
import { debtAt } from '../position-store.js';
import type { MorphoMarketState } from './state.js';

/** IOracle.price: loan tokens per collateral token, from the round's USD oracle prices. */
export function oraclePrice(m: MorphoMarketState, prices: Float64Array): number {
  return prices[m.collateralAsset]! / prices[m.loanAsset]!;
}

/** Loan tokens position i owes. */
export function borrowedOf(m: MorphoMarketState, i: number): number {
  const s = m.store;
  let x = 0;
  for (let k = s.debtStart[i]!; k < s.debtStart[i + 1]!; k++) x += debtAt(s, k);
  return x;
}

/** Collateral tokens position i holds. */
export function collateralOf(m: MorphoMarketState, i: number): number {
  const s = m.store;
  let x = 0;
  for (let k = s.collStart[i]!; k < s.collStart[i + 1]!; k++) x += s.collAmount[k]!;
  return x;
}

/** Appends position i's offer to `out` and returns true; false when it is healthy (the listing tests the profit floor: keepAboveFloor). */
export function morphoOfferRow(m: MorphoMarketState, k: number, i: number, prices: Float64Array, _data: AccountData, _floor: ProfitFloor | undefined, out: OfferBatch): boolean {
  const price = oraclePrice(m, prices);
  const borrowed = borrowedOf(m, i);
  const collateral = collateralOf(m, i);
  if (!(borrowed > 0) || collateral * price * m.lltv >= borrowed) return false; // Morpho._isHealthy
  const maxRepay = Math.min(borrowed, (collateral * price) / m.lif); // maxRepayable
  // A position with no collateral left only waits for its bad debt to be realised (a zero-seize liquidate): automatic, no profit to test.
  pushOffer(out, KIND_LIQUIDATION, collateral === 0, k, i, m.collateralAsset, m.loanAsset, (collateral * price * m.lltv) / borrowed, maxRepay, m.lif / price, m.lif - 1, 1);
  return true;
}

/**
 * The most an offer gives (listing.ts OfferBound): LIF / price collateral per unit repaid, up to the whole debt. Every
 * offer of the market has that profit, in morphoOfferRow's arithmetic (takerShare 1): its maxProfit, so a listing may
 * list a group's largest positions only (left-out.ts).
 */
export function morphoOfferBound(m: MorphoMarketState, _c: number, _d: number, prices: Float64Array, out: OfferBoundOut): void {
  out.takerCollateralPerDebt = m.lif / oraclePrice(m, prices);
  out.closeFactor = 1;
  out.maxProfit = m.lif / oraclePrice(m, prices);
}
