/**
 * Carries out one liquidation order on a pool lender, as the liquidation call does at the round's oracle prices
 * (Aave v3 LiquidationLogic.executeLiquidationCall; Aave v2 LendingPoolCollateralManager.liquidationCall; Compound v2
 * liquidateBorrowFresh): the close factor and collateral cap of the market's rules (rules.ts), the protocol fee out of
 * the bonus, isolation-mode debt reduced by the repay (IsolationModeLogic: by the repay only, not the deficit), and
 * under `rules.deficit` the debt left written off when the position's last collateral is taken (Aave 3.3
 * _burnDebtTokens for the debt reserve, _burnBadDebt for the others). Without it, debt left without collateral stays
 * on the position (visible in `insolvency`).
 *
 * An order asking for less than the offer is a partial liquidation; one that would leave dust (which the contract
 * refuses) is lowered to the largest partial that leaves none, and an order that comes to nothing is dropped (no
 * row). An order for a healthy position, above its offer, or twice in one round is an error (store-engine.ts).
 */
import type { Execution, Order, RoundContext } from '../types.js';
import { addBadDebt, fillLiquidationDefaults, pushLiquidation, type ExecutionBatch, type OfferBatch } from '../batch.js';
import { BALANCE_SNAP, protocolFeeOf, seizedFor } from '../shared/collateral.js';
import { healthFactorOf } from '../shared/health.js';
import { retirePosition, touchPair } from '../shared/liquidation-index.js';
import { debtAt, hasCollateral, hasDebt, setDebtAt, type PositionStore } from '../position-store.js';
import { entryOf, takeOnce } from '../shared/bookkeeping.js';
import { checkOrder, executeOrderObjects, executeRows, positionWhere, type ExecutePass } from '../shared/store-engine.js';
import { lenderAccountData } from './offers.js';
import { HEALTH_FACTOR_LIQUIDATION_THRESHOLD } from '../shared/health.js';
import { acceptedRepayOf } from './rules.js';
import type { LenderMarketState, LenderState } from './state.js';

/** Writes off every debt position i has left as the reserves' deficit, booked on the last execution row. */
function writeOffDeficit(ms: LenderMarketState, s: PositionStore, i: number, out: ExecutionBatch): void {
  for (let k = s.debtStart[i]!; k < s.debtStart[i + 1]!; k++) {
    const amount = debtAt(s, k);
    if (!(amount > 0)) continue;
    const a = s.debtAsset[k]!;
    ms.deficit[a]! += amount;
    const b = ms.borrowables[ms.borrowableOf[a]!];
    if (b) b.totalDebt = Math.max(0, b.totalDebt - amount);
    setDebtAt(s, k, 0);
    addBadDebt(out, a, amount);
  }
}

/** One order: the liquidation call on position `i` of market `m`, its row appended to `out` (pushLiquidation: the caller then runs fillLiquidationDefaults). */
export function executeLenderRow(p: ExecutePass<LenderMarketState>, m: number, kind: number, i: number, ca: number, da: number, maxRepay: number, repay: number, out: ExecutionBatch): void {
  const ms = checkOrder(p, m, kind, i, maxRepay, repay);
  if (repay === 0) return;
  const { data, prices: px } = p;
  const s = ms.store;
  const row = ms.emodeRow[s.emode[i]!]! * ms.assetCount;
  let kc = s.collStart[i]!;
  let kd = s.debtStart[i]!;
  if (s.collStart[i + 1]! - kc === 1 && s.debtStart[i + 1]! - kd === 1 && s.collAsset[kc] === ca && s.debtAsset[kd] === da) {
    // One collateral, one debt (every generated position): accountData's sums, read straight from the columns.
    const v = s.collAmount[kc]! * px[ca]!;
    data.totalCollateralUsd = 0 + v;
    data.weightedCollateralUsd = 0 + v * ms.liquidationThreshold[row + ca]!;
    data.totalDebtUsd = 0 + debtAt(s, kd) * px[da]!;
    data.healthFactor = healthFactorOf(data.weightedCollateralUsd, data.totalDebtUsd);
  } else {
    lenderAccountData(ms, i, px, data);
    kc = entryOf(s.collStart, s.collAsset, i, ca);
    kd = entryOf(s.debtStart, s.debtAsset, i, da);
  }
  if (!(data.healthFactor < HEALTH_FACTOR_LIQUIDATION_THRESHOLD)) throw new Error(`${positionWhere(p.names, ms, i)} is not liquidatable (health factor ${data.healthFactor} >= 1)`);
  if (kc < 0 || kd < 0) throw new Error(`${positionWhere(p.names, ms, i)} holds no collateral ${ca} or no debt ${da} (asset indices)`);
  const balance = s.collAmount[kc]!;
  const reserveDebt = debtAt(s, kd);
  const pc = px[ca]!;
  const pd = px[da]!;
  const bonus = ms.liquidationBonus[row + ca]!;
  const repaid = acceptedRepayOf(ms.rules, data.healthFactor, data.totalDebtUsd, balance, reserveDebt, pc, pd, bonus, Math.min(repay, maxRepay));
  if (!(repaid > 0)) return;
  const seized = seizedFor(repaid, pd, pc, balance, bonus);
  const fee = ms.liquidationProtocolFee[ca]!;
  const protocolFee = protocolFeeOf(seized, bonus, fee);
  takeOnce(ms.rounds, i);

  // Collateral and debt leave the position (exact zeros when taken whole).
  s.collAmount[kc] = seized === balance ? 0 : balance - seized;
  setDebtAt(s, kd, repaid === reserveDebt ? 0 : reserveDebt - repaid);
  const b = ms.borrowables[ms.borrowableOf[da]!];
  if (b) b.totalDebt = Math.max(0, b.totalDebt - repaid);
  if (ms.debtCeiling[ca]! > 0) ms.isolationModeTotalDebt[ca] = Math.max(0, ms.isolationModeTotalDebt[ca]! - repaid);

  pushLiquidation(out, m, i, ca, da, repaid, seized, seized - protocolFee, protocolFee, (seized * bonus * (1 - fee)) / (1 + bonus));

  // The position's last collateral is gone (3.3 hasNoCollateralLeft): every debt left becomes deficit.
  if (ms.rules.deficit && seized === balance && data.totalCollateralUsd <= seized * pc * (1 + BALANCE_SNAP)) writeOffDeficit(ms, s, i, out);
  // Without debt or collateral left a position never makes an offer again (lenderOfferRowFor): no later scan reads it.
  if (hasDebt(s, i) && hasCollateral(s, i)) touchPair(ms.index, s, i, ms.liquidationThreshold, row);
  else retirePosition(ms.index, i);
}

/** Engine.executeBatch of a lender state: order j is repay[j] of offer row rows[j]. */
export function executeLenderOrdersBatch(state: LenderState, offers: OfferBatch, rows: Uint32Array, repay: Float64Array, count: number, ctx: RoundContext, out: ExecutionBatch): void {
  executeRows(state.names, executeLenderRow, state.markets, offers, rows, repay, count, ctx, out, fillLiquidationDefaults);
}

/** Engine.execute of a lender state: the orders' rows as objects. */
export function executeLenderOrders(state: LenderState, orders: readonly Order[], ctx: RoundContext): Execution[] {
  return executeOrderObjects(state.names, executeLenderRow, state.markets, orders, ctx, fillLiquidationDefaults);
}
