/**
 * Deciding a group of which the listing gave only the top (protocols/left-out.ts; docs/scale.md "Session 10"). The
 * liquidators' decision (liquidators.ts decideGroupRows) reads the group's viable offers in profit order — most
 * collateral per unit of debt to the taker, then the larger repay, then listing order — and only as far as its search
 * reaches. Its decision on the rows listed is its decision on every row when no left-out row is viable (none pays its
 * gas at the spot rate: repay ≤ R and profit ≤ P bound the test), or when the search left viable rows undrawn (so no
 * step was capped at their count) and the last row drawn comes before every left-out row (profit above P, or P and a
 * repay above R). Otherwise the group is listed whole and decided again: the same orders, bit for bit, either way.
 */
import { KIND_LIQUIDATION } from '../protocols/batch.js';
import type { LeftOut } from '../protocols/left-out.js';
import { groupKey, groupKeyCollateral, groupKeyDebt, groupKeyMarket } from '../util/packed-keys.js';
import { addSlot, type OfferGroups } from './groups.js';
import { decideGroupRows, decideGroupRowsAgain, lastDraw, spotRate, type DecideRowsInput, type OrderRows } from './liquidators.js';
import { pairRows, paused, type Relisting } from './relist.js';

/** Candidates a group's listing keeps at least before it leaves smaller positions out (a decision draws ~9 of ~77: docs/scale.md). */
export const LEFT_OUT_TOP = 16;

/** Gives every group the listing left rows out of a slot (decided even when none of its rows was listed), unless the breaker pauses it. */
export function leftOutSlots(groups: OfferGroups, left: LeftOut, relist: Relisting, n: number): void {
  for (let k = 0; k < left.count; k++) if (!paused(relist, left.collateral[k]!)) addSlot(groups, groupKey(left.market[k]!, KIND_LIQUIDATION, left.collateral[k]!, left.debt[k]!, n));
}

/** The entry of group `key` in `left`, −1 when its listing left nothing out. */
export function leftOutOf(left: LeftOut, key: number, n: number): number {
  return left.find(groupKeyMarket(key, n), groupKeyCollateral(key, n), groupKeyDebt(key, n));
}

/** decideGroupRows of group `key` (entry k of `left`, profit gating on), listing it whole again when the top did not decide it. */
export function decideLeftOut(d: DecideRowsInput, out: OrderRows, left: LeftOut, k: number, relist: Relisting, key: number, n: number): void {
  const start = out.count;
  const decided = d.rows.length > 0;
  if (decided) decideGroupRows(d, out);
  if (decidedWhole(d, left, k, decided)) return;
  out.count = start;
  d.rows = pairRows(relist, key, n);
  // Listing moves no venue: the group's search whole recalls the quotes of its search on the top.
  if (d.rows.length > 0) (decided ? decideGroupRowsAgain : decideGroupRows)(d, out);
}

/** Whether the decision just made on d.rows (`decided`: one was made) is the decision on the group's every row. */
function decidedWhole(d: DecideRowsInput, left: LeftOut, k: number, decided: boolean): boolean {
  const R = left.repay[k]!;
  const P = left.profit[k]!;
  const from = left.collateral[k]!;
  const to = left.debt[k]!;
  const gas = d.debtPriceUsd > 0 ? d.gasUsd / d.debtPriceUsd : Infinity;
  const spot = spotRate(d, from, to);
  if (!(R * (P * spot - 1) > gas)) return true;
  if (!decided) return false;
  const { drawn, left: undrawn, taken } = lastDraw();
  if (undrawn === 0 || drawn === 0) return false;
  const b = d.offers;
  const x = taken[drawn - 1]!;
  const px = b.collateralPerDebt[x]! * b.takerShare[x]!;
  return px > P || (px === P && b.maxRepay[x]! > R);
}
