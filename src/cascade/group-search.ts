/**
 * One group's search for the boundary of its paying offers (docs/model.md §3.2; liquidators.ts decideGroupRows): the
 * viable offers drawn from a heap in profit order, the proceeds P(k) of selling the collateral of the first k quoted on
 * the round's venues (never moved: `quoteAlongRoute`), the boundary searched from the top then bisected, each
 * proceeds quoted once.
 */
import { routeBetween, type ClearingOptions, type CompiledRoute, type MarketState } from '../market/index.js';
import { HeldSales, holdSales, quoteHeld } from '../market/clearing.js';
import { quoteAlongRoute, tradesAgain } from '../market/routing.js';
import type { VenueState } from '../market/types.js';
import type { OfferBatch } from '../protocols/batch.js';
import { ProfitHeap } from './profit-order.js';
import { grown } from '../util/grow.js';

/** Proceeds, in the debt asset, of selling `q` collateral along the route from the round's current venue state (the market is not changed). */
export function quoteProceeds(m: MarketState, from: number, to: number, q: number): number {
  if (q <= 0) return 0;
  if (from === to) return q;
  return quoteAlongRoute(m, routeBetween(m.routes, from, to), q);
}

/**
 * One group's search (decideGroupRows): the viable rows in a heap, those drawn from it in profit order, their
 * cumulative collateral (cumQ[k]: the first k) and the proceeds of selling it (P[k]; NaN: not quoted yet). Typed
 * arrays kept from group to group: one decision at a time, no array or closure per group.
 */
export class GroupSearch {
  readonly heap = new ProfitHeap();
  m!: MarketState;
  offers!: OfferBatch;
  from = 0;
  to = 0;
  /** NaN until a group starts: a field first holding 0 re-classed the search at its first fractional gas (util/doubles.ts). */
  gas = Number.NaN;
  /** Rows drawn. */
  count = 0;
  /** Quotes made since `start`. */
  quotes = 0;
  taken = new Uint32Array(64);
  cumQ = new Float64Array(65);
  P = new Float64Array(65);
  /** The quotes made since `start` (size, proceeds), and those of the search before, read back when `start` recalls them. */
  private madeQ = new Float64Array(16);
  private madeP = new Float64Array(16);
  private made = 0;
  private keptQ = new Float64Array(16);
  private keptP = new Float64Array(16);
  private kept = 0;

  /** The route from → to (null when they are one asset), looked up once a group. */
  route: CompiledRoute | null = null;
  /** The route as `quote` sells along it (HopQuotes), for the market of the group (which does not move during a search). */
  private readonly hops = new HopQuotes();

  /**
   * Starts a group: `heap` must hold its viable rows, built. With `recall`, the quotes of the search since the last
   * `forget` are read back where this one quotes the same size: the caller sees to it that it searched the same pair on
   * the same market, unmoved (a quote is a function of the venues and the size alone).
   */
  start(m: MarketState, offers: OfferBatch, from: number, to: number, gas: number, recall = false): void {
    if (recall) this.keep();
    else this.kept = 0;
    this.made = 0;
    this.m = m;
    this.route = from === to ? null : routeBetween(m.routes, from, to);
    if (this.route) this.hops.prepare(m, this.route);
    this.offers = offers;
    this.from = from;
    this.to = to;
    this.gas = gas;
    this.count = 0;
    this.quotes = 0;
    this.cumQ[0] = 0;
    this.P[0] = 0;
  }

  /** Rows drawn (liquidators.ts `lastDraw`). */
  get drawn(): number {
    return this.count;
  }

  /** Viable rows not drawn. */
  get left(): number {
    return this.heap.left;
  }

  /** Draws rows until k are drawn. */
  upTo(k: number): void {
    const b = this.offers;
    while (this.count < k) {
      const j = this.count;
      if (j + 1 === this.cumQ.length) this.grow(2 * (j + 1));
      const r = this.heap.pop();
      this.taken[j] = r;
      this.cumQ[j + 1] = this.cumQ[j]! + b.maxRepay[r]! * b.collateralPerDebt[r]! * b.takerShare[r]!;
      this.P[j + 1] = Number.NaN;
      this.count = j + 1;
    }
  }

  private grow(n: number): void {
    this.taken = grown(this.taken, n);
    this.cumQ = grown(this.cumQ, n);
    this.P = grown(this.P, n);
  }

  /** No search to recall: the next `start` with `recall` reads nothing back. */
  forget(): void {
    this.made = 0;
  }

  /** The quotes made become the ones kept (the arrays swapped: no copy). */
  private keep(): void {
    const q = this.keptQ;
    const p = this.keptP;
    this.keptQ = this.madeQ;
    this.keptP = this.madeP;
    this.madeQ = q;
    this.madeP = p;
    this.kept = this.made;
  }

  /** quoteProceeds(m, from, to, q) on the group's route. */
  quote(q: number): number {
    if (q <= 0) return 0;
    if (this.route === null) return q;
    for (let i = 0; i < this.kept; i++) if (this.keptQ[i] === q) return this.keptP[i]!;
    const v = this.hops.straight && q < Infinity ? this.hops.quote(q) : quoteAlongRoute(this.m, this.route, q);
    const j = this.made;
    if (j === this.madeQ.length) {
      this.madeQ = grown(this.madeQ, 2 * j);
      this.madeP = grown(this.madeP, 2 * j);
    }
    this.madeQ[j] = q;
    this.madeP[j] = v;
    this.made = j + 1;
    return v;
  }

  /** Proceeds of selling the collateral of the first k offers (quoted once). */
  proceeds(k: number): number {
    this.upTo(k);
    let v = this.P[k]!;
    if (Number.isNaN(v)) {
      this.P[k] = v = this.quote(this.cumQ[k]!);
      this.quotes++;
    }
    return v;
  }

  /**
   * Whether offer k pays in full after the k − 1 before it: P(k) − P(k − 1) ≥ its repay + gas, both quoted. (A bound
   * from concavity that spares the quote of P(k − 1) is not exact: the quotes' rounding is absolute, not relative to the
   * proceeds, and a secant extended beyond its points multiplies it — docs/model.md §3.2.)
   */
  pays(k: number): boolean {
    return this.proceeds(k) - this.proceeds(k - 1) >= this.offers.maxRepay[this.taken[k - 1]!]! + this.gas;
  }

  /**
   * The boundary of the paying offers among n: offers 1, 2, 4, 8, … are tested until one does not pay, then the last
   * interval is bisected — the largest m ≤ n with offer m paying in full, assuming the marginal proceeds fall as more
   * is sold.
   */
  boundary(n: number): number {
    let lo = 0;
    let hi = -1;
    for (let k = 1; ; k = Math.min(2 * k, n)) {
      if (!this.pays(k)) {
        hi = k;
        break;
      }
      lo = k;
      if (k === n) break;
    }
    if (hi > 0)
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (this.pays(mid)) lo = mid;
        else hi = mid;
      }
    return lo;
  }
}


/**
 * quoteAlongRoute(m, route, q) with what it looks up on every call looked up once a group: each hop's active venue
 * states (in the route's order) and its clearing options (the market's external prices, the coin received), or its
 * redemption rate. Only for a route on which no venue trades in two hops (`straight`; quoteAlongRoute otherwise):
 * then every hop is quoteSales on the states before the sale, the same calls with the same arguments.
 */
class HopQuotes {
  straight = false;
  private count = 0;
  private redeem: number[] = [];
  /** Per hop, arrays filled by push (packed, the kind the clearing's loops are compiled for) and kept from group to group. */
  private states: VenueState[][] = [];
  private clearing: ClearingOptions[] = [];
  /** Per hop, its states, coin and clearing options held for quoteHeld (clearing.ts): checked and looked up once a group. */
  private held: HeldSales[] = [];

  prepare(m: MarketState, route: CompiledRoute): void {
    const hops = route.hops;
    this.straight = true;
    for (let h = 0; h < hops.length; h++) if (tradesAgain(route, h)) this.straight = false;
    if (!this.straight) return;
    this.count = hops.length;
    for (let h = 0; h < hops.length; h++) {
      const hop = hops[h]!;
      if (h === this.states.length) {
        this.states.push([]);
        this.clearing.push({ prices: undefined, receive: 0 });
        this.held.push(new HeldSales());
      }
      this.redeem[h] = hop.redeemRate;
      const states = this.states[h]!;
      states.length = 0;
      for (const v of hop.venues) if (m.active[v]) states.push(m.venues[v]!);
      const c = this.clearing[h]!;
      c.prices = m.externalPrices;
      c.receive = hop.to;
      holdSales(this.held[h]!, states, hop.from, c);
    }
  }

  /** The proceeds of selling q (finite, > 0) along the prepared route. */
  quote(q: number): number {
    let carry = q;
    for (let h = 0; h < this.count; h++) {
      const rate = this.redeem[h]!;
      if (rate > 0) {
        carry = carry * rate;
        continue;
      }
      carry = carry === 0 || this.states[h]!.length === 0 ? 0 : quoteHeld(this.held[h]!, carry);
    }
    return carry;
  }
}
