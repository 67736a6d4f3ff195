/**
 * A listing of the top of each group (docs/model.md §3.2, docs/scale.md "Session 10"): the liquidators take a group's
 * offers in profit order (most collateral per unit of debt paid to the taker, then the larger repay) and the search
 * for the paying boundary draws only the top of that order. A caller that asks for it (`RoundContext.leftOut`) lets a
 * store listing leave out, per (market, collateral, debt) group, the positions whose debt is at most a bound, and
 * reads here what each group left out: an upper bound on the left-out offers' repay and the exact largest profit
 * (collateralPerDebt · takerShare) they can have. The caller lists the group whole again when its decision may have
 * reached them (cascade/left-out-check.ts): the left-out rows change nothing but the work.
 */
import { grown } from '../util/grow.js';

/** The groups a listing left rows out of, in listing order, and the request: how many candidates each group keeps at least. */
export class LeftOut {
  /** Candidates (under water at the oracle, above the floor's size bound) a group keeps before it leaves any out. */
  readonly top: number;
  count = 0;
  market = new Int32Array(8);
  collateral = new Int32Array(8);
  debt = new Int32Array(8);
  /** An upper bound on the maxRepay of every left-out offer of the group (debt tokens). */
  repay = new Float64Array(8);
  /** The largest collateralPerDebt · takerShare a left-out offer of the group can have, as the rule computes it. */
  profit = new Float64Array(8);

  constructor(top: number) {
    if (!(top >= 1) || !Number.isInteger(top)) throw new Error(`LeftOut: top must be an integer >= 1, got ${top}`);
    this.top = top;
  }

  clear(): void {
    this.count = 0;
  }

  push(market: number, collateral: number, debt: number, repay: number, profit: number): void {
    const k = this.count;
    if (k === this.market.length) {
      this.market = grown(this.market, 2 * k);
      this.collateral = grown(this.collateral, 2 * k);
      this.debt = grown(this.debt, 2 * k);
      this.repay = grown(this.repay, 2 * k);
      this.profit = grown(this.profit, 2 * k);
    }
    this.market[k] = market;
    this.collateral[k] = collateral;
    this.debt[k] = debt;
    this.repay[k] = repay;
    this.profit[k] = profit;
    this.count = k + 1;
  }

  /** The entry of group (market, collateral, debt), −1 when the listing left nothing out of it. */
  find(market: number, collateral: number, debt: number): number {
    for (let k = 0; k < this.count; k++) if (this.market[k] === market && this.collateral[k] === collateral && this.debt[k] === debt) return k;
    return -1;
  }
}
