/**
 * Carries out Morpho.liquidate orders (morpho-org/morpho-blue src/Morpho.sol `liquidate`; the maths in liquidate.ts):
 * the repay is cut to the debt and to what the collateral pays for at the incentive factor; when the collateral reaches
 * zero the debt left is realised as bad debt and the market's supply shrinks by it (the suppliers bear it). The order
 * checks are the store engine's (store-engine.ts); a second order on a position in a round, or one on a position the
 * round left healthy, does nothing (HEALTHY_POSITION), as a liquidator's call that finds nothing to do.
 */
import { addBadDebt, KIND_LIQUIDATION, pushExecution, type ExecutionBatch } from '../batch.js';
import { takeOnce, takenThisRound } from '../shared/bookkeeping.js';
import { retirePosition, SCAN_ALWAYS, touchPosition } from '../shared/liquidation-index.js';
import { checkPosition, checkRepay, orderMarket, type ExecutePass } from '../shared/store-engine.js';
import { setDebtAt, type PositionStore } from '../position-store.js';
import { liquidate } from './liquidate.js';
import { borrowedOf, collateralOf, oraclePrice } from './offers.js';
import type { MorphoMarketState } from './state.js';

/** Writes `value` to position i's first entry and zeros any other, so that the side sums to `value`. */
function setCollateral(s: PositionStore, i: number, value: number): void {
  for (let k = s.collStart[i]!; k < s.collStart[i + 1]!; k++) s.collAmount[k] = k === s.collStart[i] ? value : 0;
}

/** The same on the debt side, in whole tokens through the store's debt index. */
function setBorrowed(s: PositionStore, i: number, value: number): void {
  for (let k = s.debtStart[i]!; k < s.debtStart[i + 1]!; k++) setDebtAt(s, k, k === s.debtStart[i] ? value : 0);
}

/** One order (offer fields as numbers, `kind` a batch.ts code): Morpho.liquidate on position `i`, appended to `out`. */
export function executeMorphoRow(p: ExecutePass<MorphoMarketState>, k: number, kind: number, i: number, _ca: number, _da: number, maxRepay: number, orderRepay: number, out: ExecutionBatch): void {
  const m = orderMarket(p, k, kind);
  checkPosition(p, m, i);
  checkRepay(p, m, i, maxRepay, orderRepay);
  if (takenThisRound(m.rounds, i)) return;
  const price = oraclePrice(m, p.prices);
  const borrowed = borrowedOf(m, i);
  const collateral = collateralOf(m, i);
  if (!(borrowed > 0) || collateral * price * m.lltv >= borrowed) return; // HEALTHY_POSITION
  const repay = Math.min(orderRepay, maxRepay, borrowed, (collateral * price) / m.lif);
  if (!(repay > 0) && collateral > 0) return; // nothing to do: a zero liquidation only realises bad debt once the collateral is gone
  const r = liquidate({ borrowed, collateral, collateralPrice: price, lltv: m.lltv, repaidAssets: repay });
  takeOnce(m.rounds, i);
  setBorrowed(m.store, i, r.borrowed);
  setCollateral(m.store, i, r.collateral);
  const b = m.borrowables[0]!;
  b.totalDebt = Math.max(0, b.totalDebt - r.repaidAssets - r.badDebt);
  // Bad debt realised: totalSupplyAssets shrinks by it (the suppliers take the loss).
  b.supply = Math.max(0, b.supply - r.badDebt);
  m.badDebt += r.badDebt;
  // Its new key (borrowed / (collateral · lltv), as at compile; none once the collateral is gone): a position with no
  // debt left can never be liquidated again (one with debt and no collateral still can: its bad debt is realised).
  if (r.borrowed > 0) touchPosition(m.index, i, r.collateral > 0 ? r.borrowed / (r.collateral * m.lltv) : SCAN_ALWAYS, r.borrowed);
  else retirePosition(m.index, i);
  const e = pushExecution(out, KIND_LIQUIDATION, k, i, m.collateralAsset, m.loanAsset);
  out.repaid[e] = r.repaidAssets;
  out.seized[e] = r.seizedAssets;
  out.toTaker[e] = r.seizedAssets;
  out.bonus[e] = r.seizedAssets - r.repaidAssets / price;
  if (r.badDebt > 0) addBadDebt(out, m.loanAsset, r.badDebt);
}
