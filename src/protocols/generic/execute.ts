/**
 * Carries out liquidation orders on a generic state (Engine.execute, Engine.executeBatch) as Aave v2
 * LendingPoolCollateralManager.liquidationCall / Compound v2 CToken.liquidateBorrowFresh do: repay <= closeFactor ×
 * the debt, seize repay × (1 + bonus) × price ratio capped at the balance, everything to the liquidator. No deficit is
 * booked: debt left without collateral stays on the position (visible in `insolvency`), and booked bad debt is 0.
 * One rule for both paths: `executeRow` takes an order's fields as numbers and writes an ExecutionBatch row.
 */
import type { Execution, Order, RoundContext } from '../engine.js';
import { executionsOf, KIND_LIQUIDATION, newExecutionBatch, offerKindCode, offerKindName, pushExecution, type ExecutionBatch, type OfferBatch } from '../batch.js';
import { beginRound, entryOf, takenThisRound, takeOnce } from '../shared/bookkeeping.js';
import { checkPrices, emptyAccountData, type AccountData } from '../shared/health.js';
import { seizedFor } from '../shared/collateral.js';
import { retirePosition, touchPair } from '../shared/liquidation-index.js';
import { debtAt, hasCollateral, hasDebt, setDebtAt } from '../position-store.js';
import { genericAcceptedRepayOf } from './liquidation.js';
import { describeGenericPosition, genericAccountData } from './offers.js';
import type { GenericState } from './state.js';

const REPAY_TOLERANCE = 1e-9;

interface Pass {
  state: GenericState;
  ctx: RoundContext;
  data: AccountData;
  checked: Uint8Array;
}

function beginPass(state: GenericState, ctx: RoundContext): Pass {
  for (const ms of state.markets) beginRound(ms.rounds, ctx.time);
  return { state, ctx, data: emptyAccountData(), checked: new Uint8Array(state.markets.length) };
}

/** One order (offer fields as numbers, `kind` a batch.ts code): liquidationCall on position `i`, appended to `out`. */
function executeRow(p: Pass, m: number, kind: number, i: number, ca: number, da: number, maxRepay: number, repay: number, out: ExecutionBatch): void {
  const { state, ctx, data } = p;
  const ms = state.markets[m];
  if (!ms) throw new Error(`genericEngine.execute: order for market index ${m}; expected 0..${state.markets.length - 1}`);
  if (kind !== KIND_LIQUIDATION) throw new Error(`genericEngine.execute: market "${ms.id}": order of kind "${offerKindName(kind)}"; a generic lender offers only "liquidation"`);
  const prices = ctx.oraclePrices[m];
  if (p.checked[m] === 0) {
    checkPrices(() => `genericEngine.execute: market "${ms.id}" (ctx.oraclePrices[${m}])`, prices, ms.assetsUsed, ms.assetCount);
    p.checked[m] = 1;
  }
  const s = ms.store;
  if (!Number.isInteger(i) || i < 0 || i >= s.count) throw new Error(`genericEngine.execute: market "${ms.id}": order for position ${i}; expected 0..${s.count - 1}`);
  if (!Number.isFinite(repay) || repay < 0) throw new Error(`genericEngine.execute: market "${ms.id}": repay must be a finite amount >= 0, got ${repay}`);
  if (repay > maxRepay * (1 + REPAY_TOLERANCE)) throw new Error(`genericEngine.execute: market "${ms.id}": repay ${repay} exceeds the offer's maxRepay ${maxRepay} for ${describeGenericPosition(ms, i)}`);
  if (takenThisRound(ms.rounds, i)) throw new Error(`genericEngine.execute: market "${ms.id}": ${describeGenericPosition(ms, i)} ordered twice in one round`);
  if (repay === 0) return;
  const px = prices!;
  genericAccountData(ms, i, px, data);
  if (!(data.healthFactor < 1)) throw new Error(`genericEngine.execute: market "${ms.id}": ${describeGenericPosition(ms, i)} is not liquidatable (health factor ${data.healthFactor} >= 1)`);
  const kc = entryOf(s.collStart, s.collAsset, i, ca);
  const kd = entryOf(s.debtStart, s.debtAsset, i, da);
  if (kc < 0 || kd < 0) throw new Error(`genericEngine.execute: market "${ms.id}": ${describeGenericPosition(ms, i)} holds no collateral ${ca} or no debt ${da} (asset indices)`);
  const balance = s.collAmount[kc]!;
  const reserveDebt = debtAt(s, kd);
  const pc = px[ca]!;
  const pd = px[da]!;
  const bonus = ms.liquidationBonus[ca]!;
  const repaid = genericAcceptedRepayOf(ms.closeFactor, balance, reserveDebt, pc, pd, bonus, Math.min(repay, maxRepay));
  if (!(repaid > 0)) return;
  const seized = seizedFor(repaid, pd, pc, balance, bonus);
  takeOnce(ms.rounds, i);
  s.collAmount[kc] = seized === balance ? 0 : balance - seized;
  setDebtAt(s, kd, repaid === reserveDebt ? 0 : reserveDebt - repaid);
  const b = ms.borrowables[ms.borrowableOf[da]!];
  if (b) b.totalDebt = Math.max(0, b.totalDebt - repaid);
  // Without debt or collateral left a position never makes an offer again (genericOfferFor): no later scan reads it.
  if (hasDebt(s, i) && hasCollateral(s, i)) touchPair(ms.index, s, i, ms.liquidationThreshold, 0);
  else retirePosition(ms.index, i);
  const r = pushExecution(out, KIND_LIQUIDATION, m, i, ca, da);
  out.repaid[r] = repaid;
  out.seized[r] = seized;
  out.toTaker[r] = seized;
  out.bonus[r] = (seized * bonus) / (1 + bonus);
}

/** Engine.executeBatch: order j is repay[j] of offer row rows[j]. */
export function executeGenericOrdersBatch(state: GenericState, offers: OfferBatch, rows: Uint32Array, repay: Float64Array, count: number, ctx: RoundContext, out: ExecutionBatch): void {
  const p = beginPass(state, ctx);
  for (let j = 0; j < count; j++) {
    const r = rows[j]!;
    executeRow(p, offers.market[r]!, offers.kind[r]!, offers.ref[r]!, offers.collateralAsset[r]!, offers.debtAsset[r]!, offers.maxRepay[r]!, repay[j]!, out);
  }
}

/** Engine.execute: the orders' rows as objects. */
export function executeGenericOrders(state: GenericState, orders: readonly Order[], ctx: RoundContext): Execution[] {
  const out = newExecutionBatch(Math.max(1, orders.length));
  const p = beginPass(state, ctx);
  for (const { offer, repay } of orders) executeRow(p, offer.market, offerKindCode(offer.kind), offer.ref, offer.collateralAsset, offer.debtAsset, offer.maxRepay, repay, out);
  return executionsOf(out);
}
