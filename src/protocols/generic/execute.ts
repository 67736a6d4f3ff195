/**
 * Carries out liquidation orders on a generic state (Engine.execute) as Aave v2 LendingPoolCollateralManager
 * .liquidationCall / Compound v2 CToken.liquidateBorrowFresh do: repay <= closeFactor × the debt, seize
 * repay × (1 + bonus) × price ratio capped at the balance, everything to the liquidator. No deficit is booked:
 * debt left without collateral stays on the position (visible in `insolvency`), and booked bad debt is 0.
 */
import type { Execution, Order, RoundContext } from '../engine.js';
import { beginRound, entryOf, takenThisRound, takeOnce } from '../shared/bookkeeping.js';
import { checkPrices, emptyAccountData } from '../shared/health.js';
import { seizedFor } from '../shared/collateral.js';
import { pairKey, retirePosition, touchPosition } from '../shared/liquidation-index.js';
import { debtAt, hasCollateral, hasDebt, setDebtAt } from '../position-store.js';
import { genericAcceptedRepayOf } from './liquidation.js';
import { describeGenericPosition, genericAccountData } from './offers.js';
import type { GenericState } from './state.js';

const NO_BAD_DEBT = Object.freeze([]) as unknown as Execution['badDebt'];
const REPAY_TOLERANCE = 1e-9;

export function executeGenericOrders(state: GenericState, orders: readonly Order[], ctx: RoundContext): Execution[] {
  const out: Execution[] = [];
  const data = emptyAccountData();
  const checked = new Uint8Array(state.markets.length);
  for (const ms of state.markets) beginRound(ms.rounds, ctx.time);
  for (const order of orders) {
    const offer = order.offer;
    const m = offer.market;
    const ms = state.markets[m];
    if (!ms) throw new Error(`genericEngine.execute: order for market index ${m}; expected 0..${state.markets.length - 1}`);
    if (offer.kind !== 'liquidation') throw new Error(`genericEngine.execute: market "${ms.id}": order of kind "${offer.kind}"; a generic lender offers only "liquidation"`);
    const prices = ctx.oraclePrices[m];
    if (checked[m] === 0) {
      checkPrices(`genericEngine.execute: market "${ms.id}" (ctx.oraclePrices[${m}])`, prices, ms.assetsUsed, ms.assetCount);
      checked[m] = 1;
    }
    const s = ms.store;
    const i = offer.ref;
    if (!Number.isInteger(i) || i < 0 || i >= s.count) throw new Error(`genericEngine.execute: market "${ms.id}": order for position ${i}; expected 0..${s.count - 1}`);
    const repay = order.repay;
    if (!Number.isFinite(repay) || repay < 0) throw new Error(`genericEngine.execute: market "${ms.id}": repay must be a finite amount >= 0, got ${repay}`);
    if (repay > offer.maxRepay * (1 + REPAY_TOLERANCE)) throw new Error(`genericEngine.execute: market "${ms.id}": repay ${repay} exceeds the offer's maxRepay ${offer.maxRepay} for ${describeGenericPosition(ms, i)}`);
    if (takenThisRound(ms.rounds, i)) throw new Error(`genericEngine.execute: market "${ms.id}": ${describeGenericPosition(ms, i)} ordered twice in one round`);
    if (repay === 0) continue;
    const px = prices!;
    genericAccountData(ms, i, px, data);
    if (!(data.healthFactor < 1)) throw new Error(`genericEngine.execute: market "${ms.id}": ${describeGenericPosition(ms, i)} is not liquidatable (health factor ${data.healthFactor} >= 1)`);
    const kc = entryOf(s.collStart, s.collAsset, i, offer.collateralAsset);
    const kd = entryOf(s.debtStart, s.debtAsset, i, offer.debtAsset);
    if (kc < 0 || kd < 0) throw new Error(`genericEngine.execute: market "${ms.id}": ${describeGenericPosition(ms, i)} holds no collateral ${offer.collateralAsset} or no debt ${offer.debtAsset} (asset indices)`);
    const balance = s.collAmount[kc]!;
    const reserveDebt = debtAt(s, kd);
    const pc = px[offer.collateralAsset]!;
    const pd = px[offer.debtAsset]!;
    const bonus = ms.liquidationBonus[offer.collateralAsset]!;
    const repaid = genericAcceptedRepayOf(ms.closeFactor, balance, reserveDebt, pc, pd, bonus, Math.min(repay, offer.maxRepay));
    if (!(repaid > 0)) continue;
    const seized = seizedFor(repaid, pd, pc, balance, bonus);
    takeOnce(ms.rounds, i);
    s.collAmount[kc] = seized === balance ? 0 : balance - seized;
    setDebtAt(s, kd, repaid === reserveDebt ? 0 : reserveDebt - repaid);
    const b = ms.borrowables[ms.borrowableOf[offer.debtAsset]!];
    if (b) b.totalDebt = Math.max(0, b.totalDebt - repaid);
    // Without debt or collateral left a position never makes an offer again (genericOfferFor): no later scan reads it.
    if (hasDebt(s, i) && hasCollateral(s, i)) touchPosition(ms.index, i, pairKey(s, i, ms.liquidationThreshold, 0));
    else retirePosition(ms.index, i);
    out.push({
      kind: 'liquidation',
      market: m,
      ref: i,
      collateralAsset: offer.collateralAsset,
      debtAsset: offer.debtAsset,
      repaid,
      seized,
      toTaker: seized,
      protocolFee: 0,
      toAbsorber: 0,
      redistributed: 0,
      gasCompensation: 0,
      bonus: (seized * bonus) / (1 + bonus),
      badDebt: NO_BAD_DEBT,
    });
  }
  return out;
}
