/**
 * Carries out liquidation orders on an Aave v3 state (Engine.execute), each as LiquidationLogic.executeLiquidationCall
 * does at the round's oracle prices: close factor and collateral cap, protocol fee out of the bonus, isolation-mode
 * debt reduced by the repay (IsolationModeLogic: by the repay only, not the deficit), and under 3.3 the deficit
 * when the position's last collateral is taken (_burnDebtTokens for the debt reserve, _burnBadDebt for the others).
 *
 * An order asking for less than the offer is a partial liquidation; under 3.3, one that would leave dust (which the
 * contract refuses) is lowered to the largest partial that leaves none, and an order that comes to nothing is
 * dropped (no Execution). An order for a healthy position, above its offer, or twice in one round is an error.
 */
import type { Execution, Order, RoundContext } from '../engine.js';
import { checkPrices, emptyAccountData } from '../shared/health.js';
import { BALANCE_SNAP, protocolFeeOf, seizedFor } from '../shared/collateral.js';
import { pairKey, retirePosition, touchPosition } from '../shared/liquidation-index.js';
import { debtAt, hasCollateral, hasDebt, setDebtAt } from '../position-store.js';
import { beginRound, entryOf, takenThisRound, takeOnce } from '../shared/bookkeeping.js';
import { HEALTH_FACTOR_LIQUIDATION_THRESHOLD } from './constants.js';
import { acceptedRepayOf } from './liquidation.js';
import { calculateUserAccountData, describePosition } from './offers.js';
import type { AaveV3State } from './state.js';

/** Shared empty bad-debt list (frozen: an engine never appends to another execution's list). */
const NO_BAD_DEBT = Object.freeze([]) as unknown as Execution['badDebt'];

/** Relative tolerance on `repay <= offer.maxRepay` for float arithmetic in the caller. */
const REPAY_TOLERANCE = 1e-9;

export function executeOrders(state: AaveV3State, orders: readonly Order[], ctx: RoundContext): Execution[] {
  const out: Execution[] = [];
  const data = emptyAccountData();
  const checked = new Uint8Array(state.markets.length);
  for (const ms of state.markets) beginRound(ms.rounds, ctx.time);
  for (const order of orders) {
    const offer = order.offer;
    const m = offer.market;
    const ms = state.markets[m];
    if (!ms) throw new Error(`aaveV3Engine.execute: order for market index ${m}; expected 0..${state.markets.length - 1}`);
    if (offer.kind !== 'liquidation') throw new Error(`aaveV3Engine.execute: market "${ms.id}": order of kind "${offer.kind}"; Aave v3 offers only "liquidation"`);
    const prices = ctx.oraclePrices[m];
    if (checked[m] === 0) {
      checkPrices(`aaveV3Engine.execute: market "${ms.id}" (ctx.oraclePrices[${m}])`, prices, ms.assetsUsed, ms.assetCount);
      checked[m] = 1;
    }
    const i = offer.ref;
    const s = ms.store;
    if (!Number.isInteger(i) || i < 0 || i >= s.count) throw new Error(`aaveV3Engine.execute: market "${ms.id}": order for position ${i}; expected 0..${s.count - 1}`);
    const repay = order.repay;
    if (!Number.isFinite(repay) || repay < 0) throw new Error(`aaveV3Engine.execute: market "${ms.id}": repay must be a finite amount >= 0, got ${repay}`);
    if (repay > offer.maxRepay * (1 + REPAY_TOLERANCE)) throw new Error(`aaveV3Engine.execute: market "${ms.id}": repay ${repay} exceeds the offer's maxRepay ${offer.maxRepay} for ${describePosition(ms, i)}`);
    if (takenThisRound(ms.rounds, i)) throw new Error(`aaveV3Engine.execute: market "${ms.id}": ${describePosition(ms, i)} ordered twice in one round`);
    if (repay === 0) continue;
    const px = prices!;
    calculateUserAccountData(ms, i, px, data);
    if (!(data.healthFactor < HEALTH_FACTOR_LIQUIDATION_THRESHOLD)) throw new Error(`aaveV3Engine.execute: market "${ms.id}": ${describePosition(ms, i)} is not liquidatable (health factor ${data.healthFactor} >= 1)`);
    const kc = entryOf(s.collStart, s.collAsset, i, offer.collateralAsset);
    const kd = entryOf(s.debtStart, s.debtAsset, i, offer.debtAsset);
    if (kc < 0 || kd < 0) throw new Error(`aaveV3Engine.execute: market "${ms.id}": ${describePosition(ms, i)} holds no collateral ${offer.collateralAsset} or no debt ${offer.debtAsset} (asset indices)`);
    const v33 = ms.version === '3.3';
    const ca = offer.collateralAsset;
    const balance = s.collAmount[kc]!;
    const reserveDebt = debtAt(s, kd);
    const pc = px[ca]!;
    const pd = px[offer.debtAsset]!;
    const bonus = ms.liquidationBonus[ms.emodeRow[s.emode[i]!]! * ms.assetCount + ca]!;
    const repaid = acceptedRepayOf(v33, data.healthFactor, data.totalDebtUsd, balance, reserveDebt, pc, pd, bonus, Math.min(repay, offer.maxRepay));
    if (!(repaid > 0)) continue;
    const seized = seizedFor(repaid, pd, pc, balance, bonus);
    const fee = ms.liquidationProtocolFee[ca]!;
    const protocolFee = protocolFeeOf(seized, bonus, fee);
    takeOnce(ms.rounds, i);

    // Collateral and debt leave the position (exact zeros when taken whole).
    s.collAmount[kc] = seized === balance ? 0 : balance - seized;
    setDebtAt(s, kd, repaid === reserveDebt ? 0 : reserveDebt - repaid);
    const b = ms.borrowables[ms.borrowableOf[offer.debtAsset]!];
    if (b) b.totalDebt = Math.max(0, b.totalDebt - repaid);
    if (ms.debtCeiling[ca]! > 0) ms.isolationModeTotalDebt[ca] = Math.max(0, ms.isolationModeTotalDebt[ca]! - repaid);

    // 3.3: the position's last collateral is gone (hasNoCollateralLeft): every debt left becomes deficit.
    let badDebt = NO_BAD_DEBT;
    if (v33 && seized === balance && data.totalCollateralUsd <= seized * pc * (1 + BALANCE_SNAP)) {
      badDebt = [];
      for (let k = s.debtStart[i]!; k < s.debtStart[i + 1]!; k++) {
        const amount = debtAt(s, k);
        if (!(amount > 0)) continue;
        const a = s.debtAsset[k]!;
        ms.deficit[a]! += amount;
        const bb = ms.borrowables[ms.borrowableOf[a]!];
        if (bb) bb.totalDebt = Math.max(0, bb.totalDebt - amount);
        setDebtAt(s, k, 0);
        badDebt.push({ asset: a, amount });
      }
    }
    // Without debt or collateral left a position never makes an offer again (offerFor): no later scan reads it.
    if (hasDebt(s, i) && hasCollateral(s, i)) touchPosition(ms.index, i, pairKey(s, i, ms.liquidationThreshold, ms.emodeRow[s.emode[i]!]! * ms.assetCount));
    else retirePosition(ms.index, i);
    out.push({
      kind: 'liquidation',
      market: m,
      ref: i,
      collateralAsset: ca,
      debtAsset: offer.debtAsset,
      repaid,
      seized,
      toTaker: seized - protocolFee,
      protocolFee,
      toAbsorber: 0,
      redistributed: 0,
      gasCompensation: 0,
      bonus: (seized * bonus * (1 - fee)) / (1 + bonus),
      badDebt,
    });
  }
  return out;
}
