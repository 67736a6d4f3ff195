/**
 * Arbitrage through instant conversions (DESIGN §3: "arbitrage equalises venues' marginal proceeds"). An asset with an
 * instant `pegOf` converts both ways at its rate with no impact (wstETH ⇄ stETH: unwrap and wrap; a vault share: redeem
 * and deposit), so its venues and its underlying's venues form one market: when wstETH trades on its pools below
 * rate × what stETH fetches on its own, an arbitrageur buys wstETH with ETH, unwraps it and sells the stETH for ETH, in
 * the block of the sales that opened the gap, until the loop returns no more than it costs at the margin (fees
 * included). Without it a sale into the thin wstETH pools would leave them at a discount the stETH pool never sees.
 * The loops: for each instant conversion A → B at rate r and each coin C that trades against A (and B, unless B is C):
 * C → A on the A/C venues, A → B at r, B → C on the B/C venues; and the other way round, B → A at 1/r.
 * Maths: docs/market.md §6.1.
 */
import type { MarketState } from './market-state.js';
import type { CompiledHop, CompiledRoute, RouteTable } from './routing-table.js';
import { routeBestRate, sellAlongRoute, type HopTrade } from './routing.js';
import { cloneMarket } from './market-state.js';
import { quoteSales } from './clearing.js';
import type { VenueState } from './types.js';

export const ARBITRAGE_DEFAULTS = {
  /** A loop trades only while its marginal return exceeds 1 by more than this. */
  tolerance: 1e-9,
  /** Bisection steps on the amount put through a loop. */
  iterations: 60,
};

export type ArbitrageOptions = Partial<typeof ARBITRAGE_DEFAULTS> & {
  /** Record each venue's marginal rate around its trades (`HopTrade.marginalBefore` / `marginalAfter`). */
  marginalRates?: boolean;
};

/** What one loop moved: `amount` of `coin` put in, `profit` of it taken out by the arbitrageur. */
export interface ArbitrageTrade {
  coin: number;
  /** The converted asset (A) and its underlying (B). */
  asset: number;
  underlying: number;
  /** 1: A bought and converted to B (A was cheap); −1: B bought and converted to A (A was dear). */
  direction: 1 | -1;
  amount: number;
  profit: number;
}

const loopsCache = new WeakMap<RouteTable, ArbLoop[]>();

interface ArbLoop extends CompiledRoute {
  asset: number;
  underlying: number;
  direction: 1 | -1;
}

/** A loop's hop: across `venues`, or a conversion at `rate` (no venues). */
const hop = (from: number, to: number, venues: Int32Array | null, rate = 0): CompiledHop => ({ from, to, venues: venues ?? new Int32Array(0), redeemRate: rate });

/** Every arbitrage loop of a route table (built once per table). */
export function arbitrageLoops(table: RouteTable): readonly ArbLoop[] {
  const hit = loopsCache.get(table);
  if (hit) return hit;
  const loops: ArbLoop[] = [];
  const venuesOf = (from: string, to: string): Int32Array | null => {
    const hop = table.graph.get(from)?.find((h) => h.to === to && h.redeemRate === undefined && h.venues.length > 0);
    return hop ? Int32Array.from(hop.venues.map((id) => table.venueIndex.get(id)!)) : null;
  };
  const ids = [...table.assetIndex.keys()].sort();
  for (const aId of ids) {
    for (const conv of table.graph.get(aId) ?? []) {
      if (conv.redeemRate === undefined) continue;
      const bId = conv.to;
      const r = conv.redeemRate;
      const a = table.assetIndex.get(aId)!;
      const b = table.assetIndex.get(bId)!;
      for (const cId of ids) {
        if (cId === aId) continue;
        const ca = venuesOf(cId, aId);
        const ac = venuesOf(aId, cId);
        if (!ca || !ac) continue;
        const c = table.assetIndex.get(cId)!;
        if (cId === bId) {
          loops.push({ from: c, to: c, asset: a, underlying: b, direction: 1, hops: [hop(c, a, ca), hop(a, c, null, r)] });
          loops.push({ from: c, to: c, asset: a, underlying: b, direction: -1, hops: [hop(c, a, null, 1 / r), hop(a, c, ac)] });
          continue;
        }
        const cb = venuesOf(cId, bId);
        const bc = venuesOf(bId, cId);
        if (!cb || !bc) continue;
        loops.push({ from: c, to: c, asset: a, underlying: b, direction: 1, hops: [hop(c, a, ca), hop(a, b, null, r), hop(b, c, bc)] });
        loops.push({ from: c, to: c, asset: a, underlying: b, direction: -1, hops: [hop(c, b, cb), hop(b, a, null, 1 / r), hop(a, c, ac)] });
      }
    }
  }
  loopsCache.set(table, loops);
  return loops;
}

/** Scratch of the trial sales (not re-entrant): a hop's venue states before and after. */
const before: VenueState[] = [];
const after: VenueState[] = [];

/**
 * The loop's marginal return after `x` of its coin has gone through it, on `copy` (a clone of `m`): its venues are set
 * to m's first — a sale replaces venue states and touches nothing else of a market, so one copy serves every trial.
 * The sale is sellAlongRoute(copy, loop, x) without its trade records: each hop's quoteSales with the venues' next
 * states (the same clearings, the same sums), a conversion at its rate.
 */
function returnAfter(m: MarketState, copy: MarketState, loop: ArbLoop, x: number): number {
  for (let v = 0; v < m.venues.length; v++) copy.venues[v] = m.venues[v]!;
  let carry = x;
  for (const hop of loop.hops) {
    if (hop.redeemRate > 0) {
      carry = carry * hop.redeemRate;
      continue;
    }
    before.length = 0;
    for (const v of hop.venues) if (copy.active[v]) before.push(copy.venues[v]!);
    if (before.length === 0 || carry === 0) {
      carry = 0;
      continue;
    }
    carry = quoteSales(before, hop.from, carry, { prices: copy.externalPrices, receive: hop.to }, after);
    let k = 0;
    for (const v of hop.venues) if (copy.active[v]) copy.venues[v] = after[k++]!;
  }
  return routeBestRate(copy, loop);
}

/**
 * Closes every arbitrage loop of `m` that returns more than it costs, in place: per loop, the amount that brings its
 * marginal return down to 1 (bisection; the return falls as more goes through), then that trade. Returns the trades.
 */
export function arbitrageConversions(m: MarketState, options: ArbitrageOptions = {}): { trades: ArbitrageTrade[]; hops: HopTrade[] } {
  const o = { ...ARBITRAGE_DEFAULTS, ...options };
  const trades: ArbitrageTrade[] = [];
  const hops: HopTrade[] = [];
  let copy: MarketState | null = null;
  for (const loop of arbitrageLoops(m.routes)) {
    if (!(routeBestRate(m, loop) > 1 + o.tolerance)) continue;
    copy ??= cloneMarket(m);
    // An amount past the gain (×4 from one unit), then bisection down to it.
    let hi = 1;
    while (returnAfter(m, copy, loop, hi) > 1 + o.tolerance && hi < 1e18) hi *= 4;
    let lo = 0;
    for (let i = 0; i < o.iterations && hi - lo > 1e-12 * hi; i++) {
      const mid = (lo + hi) / 2;
      if (returnAfter(m, copy, loop, mid) > 1 + o.tolerance) lo = mid;
      else hi = mid;
    }
    // hi: the least amount found that closes the loop (its return at most 1 + tolerance after the trade).
    const x = hi;
    const sale = sellAlongRoute(m, loop, x, { marginalRates: o.marginalRates === true });
    for (const h of sale.hops) if (h.redeemRate === 0) hops.push(h);
    trades.push({ coin: loop.from, asset: loop.asset, underlying: loop.underlying, direction: loop.direction, amount: x, profit: sale.received - x });
  }
  return { trades, hops };
}
