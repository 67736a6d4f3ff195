/**
 * Carries out liquidation orders on a Euler v2 state (Engine.execute, Engine.executeBatch), as the EVK whitepaper's
 * "Liquidation" describes (liquidation.ts): the liquidator takes over `repay` of the account's debt and receives
 * repay·price/(f·collateral price) of the chosen collateral (at most its balance), all of it (no protocol fee: EVK
 * removed Euler v1's liquidation fees); when the account has no collateral left and still owes, the vault cancels the
 * rest and its depositors bear it (booked bad debt; the vault's supply shrinks by it), unless the vault opted out.
 * A liquidation leaves the account's last status check where it was: an account in violation cannot restart its
 * cool-off (whitepaper "Cool-Off Period"). One rule, rows out: `executeEulerRow` writes an ExecutionBatch row.
 */
import type { Execution, Order, RoundContext } from '../types.js';
import { addBadDebt, KIND_LIQUIDATION, pushExecution, type ExecutionBatch, type OfferBatch } from '../batch.js';
import { entryOf, takeOnce } from '../shared/bookkeeping.js';
import { checkOrder, executeOrderObjects, executeRows, positionWhere, type ExecutePass } from '../shared/store-engine.js';
import { repaidFor, seizedFor } from '../shared/collateral.js';
import { retirePosition, touchPair } from '../shared/liquidation-index.js';
import { debtAt, hasCollateral, setDebtAt } from '../position-store.js';
import { pastCoolOff, yieldExcess } from './liquidation.js';
import { eulerAccountData } from './offers.js';
import { EULER_NAMES, type EulerState, type EulerVaultState } from './state.js';

/** The order's checks: the common ones (store-engine.ts), then in violation and past its cool-off. */
function vaultFor(p: ExecutePass<EulerVaultState>, m: number, kind: number, i: number, maxRepay: number, repay: number): EulerVaultState {
  const ms = checkOrder(p, m, kind, i, maxRepay, repay);
  if (!pastCoolOff(p.ctx.time, ms.lastStatusCheck[i]!, ms.liquidationCoolOffTime))
    throw new Error(`${positionWhere(p.names, ms, i)} is in its liquidation cool-off until ${ms.lastStatusCheck[i]! + ms.liquidationCoolOffTime} s (E_LiquidationCoolOff)`);
  eulerAccountData(ms, i, p.prices, p.data);
  if (!(p.data.healthFactor < 1)) throw new Error(`${positionWhere(p.names, ms, i)} is not in violation (health score ${p.data.healthFactor} >= 1)`);
  return ms;
}

/** Cancels the debt of an account left with no collateral (socialisation): returns what it cancelled. */
function socialize(ms: EulerVaultState, i: number, kd: number): number {
  const s = ms.store;
  const left = debtAt(s, kd);
  if (!ms.socializeDebt || !(left > 0) || hasCollateral(s, i)) return 0;
  setDebtAt(s, kd, 0);
  const b = ms.borrowables[0]!;
  b.totalDebt = Math.max(0, b.totalDebt - left);
  // The depositors' claim shrinks by the cancelled debt (the vault's total assets fall).
  b.supply = Math.max(0, b.supply - left);
  ms.badDebt += left;
  return left;
}

/** One order (offer fields as numbers, `kind` a batch.ts code): liquidate on account `i`, appended to `out`. */
export function executeEulerRow(p: ExecutePass<EulerVaultState>, m: number, kind: number, i: number, ca: number, da: number, maxRepay: number, repay: number, out: ExecutionBatch): void {
  const ms = vaultFor(p, m, kind, i, maxRepay, repay);
  const prices = p.prices;
  const s = ms.store;
  const kc = entryOf(s.collStart, s.collAsset, i, ca);
  const kd = entryOf(s.debtStart, s.debtAsset, i, da);
  if (kd < 0) throw new Error(`${positionWhere(p.names, ms, i)} owes no asset ${da} (asset index)`);
  const balance = kc < 0 ? 0 : s.collAmount[kc]!;
  const debt = debtAt(s, kd);
  const excess = yieldExcess(p.data.healthFactor, ms.maxLiquidationDiscount);
  const repaid = balance > 0 ? repaidFor(Math.min(repay, maxRepay, debt), prices[da]!, prices[ca]!, balance, excess) : 0;
  if (!(repaid > 0) && (hasCollateral(s, i) || !ms.socializeDebt)) return;
  const seized = repaid > 0 ? seizedFor(repaid, prices[da]!, prices[ca]!, balance, excess) : 0;
  takeOnce(ms.rounds, i);
  if (kc >= 0) s.collAmount[kc] = seized === balance ? 0 : balance - seized;
  setDebtAt(s, kd, repaid === debt ? 0 : debt - repaid);
  const b = ms.borrowables[0]!;
  b.totalDebt = Math.max(0, b.totalDebt - repaid);
  const bad = socialize(ms, i, kd);
  if (debtAt(s, kd) > 0 && hasCollateral(s, i)) touchPair(ms.index, s, i, ms.liquidationLTV, 0);
  else retirePosition(ms.index, i);
  const r = pushExecution(out, KIND_LIQUIDATION, m, i, ca, da);
  out.repaid[r] = repaid;
  out.seized[r] = seized;
  out.toTaker[r] = seized;
  out.bonus[r] = (seized * excess) / (1 + excess);
  if (bad > 0) addBadDebt(out, da, bad);
}

/** Engine.executeBatch: order j is repay[j] of offer row rows[j]. */
export function executeEulerOrdersBatch(state: EulerState, offers: OfferBatch, rows: Uint32Array, repay: Float64Array, count: number, ctx: RoundContext, out: ExecutionBatch): void {
  executeRows(EULER_NAMES, executeEulerRow, state.markets, offers, rows, repay, count, ctx, out);
}

/** Engine.execute: the orders' rows as objects. */
export function executeEulerOrders(state: EulerState, orders: readonly Order[], ctx: RoundContext): Execution[] {
  return executeOrderObjects(EULER_NAMES, executeEulerRow, state.markets, orders, ctx);
}
