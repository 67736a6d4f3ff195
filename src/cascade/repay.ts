/**
 * The `repay` scenario event (issue #16): an owner repays debt from outside funds at a time — as Michael Egorov
 * repaid his CRV-backed loans with the proceeds of over-the-counter CRV sales in August 2023 — so nothing trades on
 * the network's venues. It lowers the debt of the owner's positions in one lending market, in position order, and
 * the market's total debt; the lenders' supply is unchanged (the repaid tokens return to the pool as liquidity).
 */
import { debtAt, setDebtAt, type LendingBook } from '../protocols/index.js';
import { touchPosition } from '../protocols/shared/liquidation-index.js';
import { utilization } from '../protocols/rates/index.js';

/** Repays up to `amount` of `asset` owed by `owner`'s positions in one lending book; returns what was repaid. */
export function repayOwnerDebt(book: LendingBook, owner: string, asset: number, amount: number): number {
  const s = book.store;
  const o = s.owners.indexOf(owner);
  if (o < 0 || !(amount > 0)) return 0;
  let left = amount;
  for (let i = 0; i < s.owner.length && left > 0; i++) {
    if (s.owner[i] !== o) continue;
    for (let k = s.debtStart[i]!; k < s.debtStart[i + 1]! && left > 0; k++) {
      if (s.debtAsset[k] !== asset) continue;
      const owed = debtAt(s, k);
      const paid = Math.min(owed, left);
      if (!(paid > 0)) continue;
      setDebtAt(s, k, owed - paid);
      left -= paid;
      touchPosition(book.index, i);
    }
  }
  const repaid = amount - left;
  const b = book.borrowables.find((x) => x.asset === asset);
  if (b && repaid > 0) {
    b.totalDebt = Math.max(0, b.totalDebt - repaid);
    b.utilization = utilization(b.supply, b.totalDebt);
  }
  return repaid;
}
