/**
 * Carries out liquidation orders on an Aave v3 state (Engine.execute, Engine.executeBatch), each as
 * LiquidationLogic.executeLiquidationCall does at the round's oracle prices: close factor and collateral cap, protocol
 * fee out of the bonus, isolation-mode debt reduced by the repay (IsolationModeLogic: by the repay only, not the
 * deficit), and under 3.3 the deficit when the position's last collateral is taken (_burnDebtTokens for the debt
 * reserve, _burnBadDebt for the others).
 *
 * An order asking for less than the offer is a partial liquidation; under 3.3, one that would leave dust (which the
 * contract refuses) is lowered to the largest partial that leaves none, and an order that comes to nothing is
 * dropped (no Execution). An order for a healthy position, above its offer, or twice in one round is an error.
 * One rule for both paths: `executeRow` takes an order's fields as numbers and writes an ExecutionBatch row.
 */
import type { Execution, Order, RoundContext } from '../engine.js';
import { addBadDebt, executionsOf, KIND_LIQUIDATION, newExecutionBatch, offerKindCode, offerKindName, pushExecution, type ExecutionBatch, type OfferBatch } from '../batch.js';
import { checkPrices, emptyAccountData, type AccountData } from '../shared/health.js';
import { BALANCE_SNAP, protocolFeeOf, seizedFor } from '../shared/collateral.js';
import { retirePosition, touchPair } from '../shared/liquidation-index.js';
import { debtAt, hasCollateral, hasDebt, setDebtAt } from '../position-store.js';
import { beginRound, entryOf, takenThisRound, takeOnce } from '../shared/bookkeeping.js';
import { HEALTH_FACTOR_LIQUIDATION_THRESHOLD } from './constants.js';
import { acceptedRepayOf } from './liquidation.js';
import { calculateUserAccountData, describePosition } from './offers.js';
import type { AaveV3State } from './state.js';

/** Relative tolerance on `repay <= offer.maxRepay` for float arithmetic in the caller. */
const REPAY_TOLERANCE = 1e-9;

/** What one call carries across its orders: scratch account data, the markets whose prices were checked. */
interface Pass {
  state: AaveV3State;
  ctx: RoundContext;
  data: AccountData;
  checked: Uint8Array;
}

function beginPass(state: AaveV3State, ctx: RoundContext): Pass {
  for (const ms of state.markets) beginRound(ms.rounds, ctx.time);
  return { state, ctx, data: emptyAccountData(), checked: new Uint8Array(state.markets.length) };
}

/** One order (offer fields as numbers, `kind` a batch.ts code): executeLiquidationCall on position `i`, appended to `out`. */
function executeRow(p: Pass, m: number, kind: number, i: number, ca: number, da: number, maxRepay: number, repay: number, out: ExecutionBatch): void {
  const { state, ctx, data } = p;
  const ms = state.markets[m];
  if (!ms) throw new Error(`aaveV3Engine.execute: order for market index ${m}; expected 0..${state.markets.length - 1}`);
  if (kind !== KIND_LIQUIDATION) throw new Error(`aaveV3Engine.execute: market "${ms.id}": order of kind "${offerKindName(kind)}"; Aave v3 offers only "liquidation"`);
  const prices = ctx.oraclePrices[m];
  if (p.checked[m] === 0) {
    checkPrices(() => `aaveV3Engine.execute: market "${ms.id}" (ctx.oraclePrices[${m}])`, prices, ms.assetsUsed, ms.assetCount);
    p.checked[m] = 1;
  }
  const s = ms.store;
  if (!Number.isInteger(i) || i < 0 || i >= s.count) throw new Error(`aaveV3Engine.execute: market "${ms.id}": order for position ${i}; expected 0..${s.count - 1}`);
  if (!Number.isFinite(repay) || repay < 0) throw new Error(`aaveV3Engine.execute: market "${ms.id}": repay must be a finite amount >= 0, got ${repay}`);
  if (repay > maxRepay * (1 + REPAY_TOLERANCE)) throw new Error(`aaveV3Engine.execute: market "${ms.id}": repay ${repay} exceeds the offer's maxRepay ${maxRepay} for ${describePosition(ms, i)}`);
  if (takenThisRound(ms.rounds, i)) throw new Error(`aaveV3Engine.execute: market "${ms.id}": ${describePosition(ms, i)} ordered twice in one round`);
  if (repay === 0) return;
  const px = prices!;
  calculateUserAccountData(ms, i, px, data);
  if (!(data.healthFactor < HEALTH_FACTOR_LIQUIDATION_THRESHOLD)) throw new Error(`aaveV3Engine.execute: market "${ms.id}": ${describePosition(ms, i)} is not liquidatable (health factor ${data.healthFactor} >= 1)`);
  const kc = entryOf(s.collStart, s.collAsset, i, ca);
  const kd = entryOf(s.debtStart, s.debtAsset, i, da);
  if (kc < 0 || kd < 0) throw new Error(`aaveV3Engine.execute: market "${ms.id}": ${describePosition(ms, i)} holds no collateral ${ca} or no debt ${da} (asset indices)`);
  const v33 = ms.version === '3.3';
  const balance = s.collAmount[kc]!;
  const reserveDebt = debtAt(s, kd);
  const pc = px[ca]!;
  const pd = px[da]!;
  const bonus = ms.liquidationBonus[ms.emodeRow[s.emode[i]!]! * ms.assetCount + ca]!;
  const repaid = acceptedRepayOf(v33, data.healthFactor, data.totalDebtUsd, balance, reserveDebt, pc, pd, bonus, Math.min(repay, maxRepay));
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

  const r = pushExecution(out, KIND_LIQUIDATION, m, i, ca, da);
  out.repaid[r] = repaid;
  out.seized[r] = seized;
  out.toTaker[r] = seized - protocolFee;
  out.protocolFee[r] = protocolFee;
  out.bonus[r] = (seized * bonus * (1 - fee)) / (1 + bonus);

  // 3.3: the position's last collateral is gone (hasNoCollateralLeft): every debt left becomes deficit.
  if (v33 && seized === balance && data.totalCollateralUsd <= seized * pc * (1 + BALANCE_SNAP)) {
    for (let k = s.debtStart[i]!; k < s.debtStart[i + 1]!; k++) {
      const amount = debtAt(s, k);
      if (!(amount > 0)) continue;
      const a = s.debtAsset[k]!;
      ms.deficit[a]! += amount;
      const bb = ms.borrowables[ms.borrowableOf[a]!];
      if (bb) bb.totalDebt = Math.max(0, bb.totalDebt - amount);
      setDebtAt(s, k, 0);
      addBadDebt(out, a, amount);
    }
  }
  // Without debt or collateral left a position never makes an offer again (offerFor): no later scan reads it.
  if (hasDebt(s, i) && hasCollateral(s, i)) touchPair(ms.index, s, i, ms.liquidationThreshold, ms.emodeRow[s.emode[i]!]! * ms.assetCount);
  else retirePosition(ms.index, i);
}

/** Engine.executeBatch: order j is repay[j] of offer row rows[j]. */
export function executeOrdersBatch(state: AaveV3State, offers: OfferBatch, rows: Uint32Array, repay: Float64Array, count: number, ctx: RoundContext, out: ExecutionBatch): void {
  const p = beginPass(state, ctx);
  for (let j = 0; j < count; j++) {
    const r = rows[j]!;
    executeRow(p, offers.market[r]!, offers.kind[r]!, offers.ref[r]!, offers.collateralAsset[r]!, offers.debtAsset[r]!, offers.maxRepay[r]!, repay[j]!, out);
  }
}

/** Engine.execute: the orders' rows as objects. */
export function executeOrders(state: AaveV3State, orders: readonly Order[], ctx: RoundContext): Execution[] {
  const out = newExecutionBatch(Math.max(1, orders.length));
  const p = beginPass(state, ctx);
  for (const { offer, repay } of orders) executeRow(p, offer.market, offerKindCode(offer.kind), offer.ref, offer.collateralAsset, offer.debtAsset, offer.maxRepay, repay, out);
  return executionsOf(out);
}
