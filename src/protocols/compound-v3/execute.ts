/**
 * Carries out Comet orders (compound-finance/comet contracts/Comet.sol `absorbInternal`, `buyCollateral`; the maths
 * in absorb.ts and storefront.ts), after the store engine's order checks (store-engine.ts):
 * - absorb takes the whole account, any order on it absorbs it all: every collateral goes to the protocol (`held`),
 *   the debt is extinguished, the reserves pay basePaidOut = max(borrow, credited) and the excess credit goes back to
 *   the borrower as supply; the debt with no collateral value behind it is booked as bad debt;
 * - buyCollateral sells a lot at the store-front quote while reserves < targetReserves (NotForSale otherwise: no row);
 *   the buyer's base goes into the reserves. Engine choice: where the contract reverts (InsufficientReserves), an
 *   order on a lot that shrank within the round is cut to what is left (the partial fill).
 */
import { addBadDebt, KIND_ABSORB, KIND_STOREFRONT, pushExecution, type ExecutionBatch } from '../batch.js';
import { setDebtAt } from '../position-store.js';
import { retirePosition } from '../shared/liquidation-index.js';
import { checkPosition, checkRepay, orderMarket, orderWhere, type ExecutePass } from '../shared/store-engine.js';
import { borrowOf, collateralValues } from './offers.js';
import { isForSale, quoteCollateral } from './storefront.js';
import type { CometMarketState } from './state.js';

/** Takes the account's collateral into `held`: one row per collateral, the bad debt and the reserves' payment on the first. */
function seizeAll(m: CometMarketState, market: number, i: number, repaid: number, uncoveredDebt: number, basePaidOut: number, value: number, prices: Float64Array, out: ExecutionBatch): boolean {
  const s = m.store;
  let first = true;
  for (let j = s.collStart[i]!; j < s.collStart[i + 1]!; j++) {
    const amount = s.collAmount[j]!;
    if (!(amount > 0)) continue;
    const a = s.collAsset[j]!;
    s.collAmount[j] = 0;
    m.held[a] = m.held[a]! + amount;
    const r = pushExecution(out, KIND_ABSORB, market, i, a, m.base);
    // Split by each collateral's value.
    out.repaid[r] = value > 0 ? (repaid * amount * prices[a]!) / value : 0;
    out.seized[r] = amount;
    out.toAbsorber[r] = amount;
    out.toReserves[r] = first ? -basePaidOut : 0;
    if (first && uncoveredDebt > 0) addBadDebt(out, m.base, uncoveredDebt);
    first = false;
  }
  return !first;
}

/** Comet.absorbInternal on account i (absorb.ts's formulas inline); `fallbackAsset` names the row of an account with no collateral. */
function executeAbsorb(m: CometMarketState, market: number, i: number, fallbackAsset: number, prices: Float64Array, out: ExecutionBatch): void {
  if (m.absorbed[i]) return;
  const borrow = borrowOf(m, i);
  if (!(borrow > 0)) return;
  const pb = prices[m.base]!;
  const cv = collateralValues(m, i, prices);
  if (!(cv[0]! < borrow * pb)) return; // NotLiquidatable
  const deltaBalance = cv[2]! / pb;
  const value = cv[1]!;
  const supplyAmount = Math.max(0, deltaBalance - borrow);
  const basePaidOut = Math.max(borrow, deltaBalance);
  const uncoveredDebt = Math.max(0, borrow - value / pb);
  // The debt extinguished splits into what has collateral value behind it (repaid) and what has none (bad debt).
  const repaid = borrow - uncoveredDebt;
  const s = m.store;
  const b = m.borrowables[0]!;
  m.absorbed[i] = 1;
  retirePosition(m.index, i); // absorbed whole: never an offer again (absorbOfferRow)
  b.totalDebt = Math.max(0, b.totalDebt - borrow);
  b.supply += supplyAmount;
  m.reserves[m.base] = m.reserves[m.base]! - basePaidOut;
  m.badDebt += uncoveredDebt;
  for (let j = s.debtStart[i]!; j < s.debtStart[i + 1]!; j++) setDebtAt(s, j, 0);
  if (seizeAll(m, market, i, repaid, uncoveredDebt, basePaidOut, value, prices, out)) return;
  // No collateral at all: the whole borrow is written off against the reserves.
  const r = pushExecution(out, KIND_ABSORB, market, i, fallbackAsset, m.base);
  out.toReserves[r] = -basePaidOut;
  if (uncoveredDebt > 0) addBadDebt(out, m.base, uncoveredDebt);
}

/** Comet.buyCollateral of `orderRepay` base for lot `a` (the offer's ref), cut to what the protocol holds. */
function executeBuy(m: CometMarketState, market: number, a: number, maxRepay: number, orderRepay: number, prices: Float64Array, out: ExecutionBatch): void {
  if (!isForSale({ reserves: m.reserves[m.base]!, targetReserves: m.targetReserves })) return; // buyCollateral: NotForSale
  const pb = prices[m.base]!;
  const pa = prices[a]!;
  const quote = (baseAmount: number) => quoteCollateral({ baseAmount, basePrice: pb, assetPrice: pa, storeFrontPriceFactor: m.storeFrontPriceFactor, liquidationFactor: m.liquidationFactor[a]! });
  const held = m.held[a]!;
  let baseAmount = Math.min(orderRepay, maxRepay);
  let collateral = quote(baseAmount);
  if (collateral >= held * (1 - 1e-12)) {
    collateral = held;
    baseAmount = Math.min(baseAmount, held / quote(1));
  }
  if (!(baseAmount > 0) || !(collateral > 0)) return;
  m.held[a] = held - collateral;
  m.reserves[m.base] = m.reserves[m.base]! + baseAmount;
  const r = pushExecution(out, KIND_STOREFRONT, market, a, a, m.base);
  out.repaid[r] = baseAmount;
  out.seized[r] = collateral;
  out.toTaker[r] = collateral;
  out.bonus[r] = collateral - (baseAmount * pb) / pa;
  out.toReserves[r] = baseAmount;
}

/** One order (offer fields as numbers, `kind` a batch.ts code), appended to `out`. */
export function executeCometRow(p: ExecutePass<CometMarketState>, k: number, kind: number, ref: number, collateralAsset: number, _debtAsset: number, maxRepay: number, repay: number, out: ExecutionBatch): void {
  const m = orderMarket(p, k, kind);
  if (kind === KIND_ABSORB) {
    checkPosition(p, m, ref);
    checkRepay(p, m, ref, maxRepay, repay);
    // absorb takes the whole account: any order on it absorbs it all.
    if (repay > 0 || maxRepay === 0) executeAbsorb(m, k, ref, collateralAsset, p.prices, out);
    return;
  }
  checkRepay(p, m, -1, maxRepay, repay);
  if (ref !== collateralAsset || !m.collaterals.includes(ref)) throw new Error(`${orderWhere(p.names, m)}: store-front order for asset index ${ref}, which is not one of its collaterals`);
  executeBuy(m, k, ref, maxRepay, repay, p.prices, out);
}
