/**
 * Carries out liquidation orders on a Euler v2 state (Engine.execute, Engine.executeBatch), as the EVK whitepaper's
 * "Liquidation" describes (liquidation.ts): the liquidator takes over `repay` of the account's debt and receives
 * repay·price/(f·collateral price) of the chosen collateral (at most its balance), all of it (no protocol fee: EVK
 * removed Euler v1's liquidation fees); when the account has no collateral left and still owes, the vault cancels the
 * rest and its depositors bear it (booked bad debt; the vault's supply shrinks by it), unless the vault opted out.
 * A liquidation leaves the account's last status check where it was: an account in violation cannot restart its
 * cool-off (whitepaper "Cool-Off Period"). One rule for both paths: `executeRow` writes an ExecutionBatch row.
 */
import type { Execution, Order, RoundContext } from '../types.js';
import { addBadDebt, executionsOf, KIND_LIQUIDATION, newExecutionBatch, offerKindCode, offerKindName, pushExecution, type ExecutionBatch, type OfferBatch } from '../batch.js';
import { beginRound, entryOf, takenThisRound, takeOnce } from '../shared/bookkeeping.js';
import { checkPrices, emptyAccountData, type AccountData } from '../shared/health.js';
import { repaidFor, seizedFor } from '../shared/collateral.js';
import { retirePosition, touchPair } from '../shared/liquidation-index.js';
import { debtAt, hasCollateral, setDebtAt } from '../position-store.js';
import { pastCoolOff, yieldExcess } from './liquidation.js';
import { describeEulerAccount, eulerAccountData } from './offers.js';
import type { EulerState, EulerVaultState } from './state.js';

const REPAY_TOLERANCE = 1e-9;

interface Pass {
  state: EulerState;
  ctx: RoundContext;
  data: AccountData;
  checked: Uint8Array;
}

function beginPass(state: EulerState, ctx: RoundContext): Pass {
  for (const ms of state.markets) beginRound(ms.rounds, ctx.time);
  return { state, ctx, data: emptyAccountData(), checked: new Uint8Array(state.markets.length) };
}

/** The order's checks: the vault, the kind, the account, the amount, once a round, in violation and past its cool-off. */
function vaultFor(p: Pass, m: number, kind: number, i: number, maxRepay: number, repay: number): { ms: EulerVaultState; prices: Float64Array } {
  const ms = p.state.markets[m];
  if (!ms) throw new Error(`eulerV2Engine.execute: order for market index ${m}; expected 0..${p.state.markets.length - 1}`);
  const where = `eulerV2Engine.execute: vault "${ms.id}"`;
  if (kind !== KIND_LIQUIDATION) throw new Error(`${where}: order of kind "${offerKindName(kind)}"; a Euler vault offers only "liquidation"`);
  const prices = p.checked[m] === 1 ? p.ctx.oraclePrices[m]! : checkPrices(() => `${where} (ctx.oraclePrices[${m}])`, p.ctx.oraclePrices[m], ms.assetsUsed, ms.assetCount);
  p.checked[m] = 1;
  if (!Number.isInteger(i) || i < 0 || i >= ms.store.count) throw new Error(`${where}: order for account ${i}; expected 0..${ms.store.count - 1}`);
  if (!Number.isFinite(repay) || repay < 0) throw new Error(`${where}: repay must be a finite amount >= 0, got ${repay}`);
  if (repay > maxRepay * (1 + REPAY_TOLERANCE)) throw new Error(`${where}: repay ${repay} exceeds the offer's maxRepay ${maxRepay} for ${describeEulerAccount(ms, i)}`);
  if (takenThisRound(ms.rounds, i)) throw new Error(`${where}: ${describeEulerAccount(ms, i)} ordered twice in one round`);
  if (!pastCoolOff(p.ctx.time, ms.lastStatusCheck[i]!, ms.liquidationCoolOffTime))
    throw new Error(`${where}: ${describeEulerAccount(ms, i)} is in its liquidation cool-off until ${ms.lastStatusCheck[i]! + ms.liquidationCoolOffTime} s (E_LiquidationCoolOff)`);
  eulerAccountData(ms, i, prices, p.data);
  if (!(p.data.healthFactor < 1)) throw new Error(`${where}: ${describeEulerAccount(ms, i)} is not in violation (health score ${p.data.healthFactor} >= 1)`);
  return { ms, prices };
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
function executeRow(p: Pass, m: number, kind: number, i: number, ca: number, da: number, maxRepay: number, repay: number, out: ExecutionBatch): void {
  const { ms, prices } = vaultFor(p, m, kind, i, maxRepay, repay);
  const s = ms.store;
  const kc = entryOf(s.collStart, s.collAsset, i, ca);
  const kd = entryOf(s.debtStart, s.debtAsset, i, da);
  if (kd < 0) throw new Error(`eulerV2Engine.execute: vault "${ms.id}": ${describeEulerAccount(ms, i)} owes no asset ${da} (asset index)`);
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
  const p = beginPass(state, ctx);
  for (let j = 0; j < count; j++) {
    const r = rows[j]!;
    executeRow(p, offers.market[r]!, offers.kind[r]!, offers.ref[r]!, offers.collateralAsset[r]!, offers.debtAsset[r]!, offers.maxRepay[r]!, repay[j]!, out);
  }
}

/** Engine.execute: the orders' rows as objects. */
export function executeEulerOrders(state: EulerState, orders: readonly Order[], ctx: RoundContext): Execution[] {
  const out = newExecutionBatch(Math.max(1, orders.length));
  const p = beginPass(state, ctx);
  for (const { offer, repay } of orders) executeRow(p, offer.market, offerKindCode(offer.kind), offer.ref, offer.collateralAsset, offer.debtAsset, offer.maxRepay, repay, out);
  return executionsOf(out);
}
