/**
 * A round's sales cleared jointly (DESIGN §3: "one asset's sales clear across all its venues at a common marginal
 * price …; assets clear in route order (LST → ETH → stablecoins)"; docs/model.md §3.6). Every liquidation of the round
 * puts its taker's sale aside; once every protocol has had its turn, the sales of each route are summed and all routes
 * clear together (`clearRound`): each hop once, with all the units that reach it, at one marginal rate across its
 * venues, hops in route order. Purchases (a short closed by buying the underlying) then clear per route the same way,
 * in the other direction. Routes are taken in the order of their assets' ids, so the order of assets, venues or
 * protocols in the network file does not change the result.
 */
import { pairKeyTo, routeKeyFrom } from '../util/packed-keys.js';
import { sellAlongRouteQuietly } from '../market/routing.js';
import { buyAlongRoute, clearRound, routeBetween, type HopTrade, type MarketState, type RoutePurchase, type SaleOrder } from '../market/index.js';

/** One route's total and what became of it. */
export interface RouteOutcome {
  /** (side · n + from) · n + to, side 1 for a purchase (from: what is bought, to: what pays). */
  key: number;
  amount: number;
  /** Sales: the amount that left its first asset (amount less what no venue took there); purchases: what was bought. */
  done: number;
  /** Sales: what stayed in the first asset, unsold. */
  stranded: number;
}

/**
 * A route's outcome, its amounts stored as doubles from the first (util/doubles.ts: fields first NaN): as a literal, a
 * route with nothing stranded stored 0 as a small integer, and the first fraction re-classed the outcomes mid-run
 * (docs/scale.md "Session 15: recompiles").
 */
class Outcome implements RouteOutcome {
  amount = Number.NaN;
  done = Number.NaN;
  stranded = Number.NaN;

  constructor(
    readonly key: number,
    amount: number,
    done: number,
    stranded: number,
  ) {
    this.amount = amount;
    this.done = done;
    this.stranded = stranded;
  }
}

/**
 * Clears every route of `keys` (distinct) with its `amounts`; updates the market; returns each route's outcome and the
 * trades (with the venues' marginal rates around them under `marginalRates`, for the round's trade records).
 */
export function clearRoundSales(m: MarketState, keys: readonly number[], amounts: readonly number[], options: { marginalRates?: boolean } = {}): { routes: RouteOutcome[]; hops: HopTrade[] } {
  const n = m.assetIds.length;
  const order = routeOrder(keys, m.assetIds);
  const routes: RouteOutcome[] = new Array(keys.length);
  const hops: HopTrade[] = [];
  const sales: number[] = [];
  const orders: SaleOrder[] = [];
  for (const j of order) {
    if (keys[j]! >= n * n) continue;
    sales.push(j);
    orders.push({ from: Math.floor(keys[j]! / n), to: keys[j]! % n, amount: amounts[j]! });
  }
  if (sales.length) {
    const r = clearRound(m, orders, options);
    hops.push(...r.hops);
    for (let q = 0; q < sales.length; q++) {
      const j = sales[q]!;
      let stranded = 0;
      for (const s of r.stranded) if (s.order === q && s.asset === orders[q]!.from) stranded += s.amount;
      routes[j] = new Outcome(keys[j]!, amounts[j]!, amounts[j]! - stranded, stranded);
    }
  }
  for (const j of order) {
    if (keys[j]! < n * n) continue;
    const buy = purchaseOf(m, keys[j]!, amounts[j]!, options);
    hops.push(...buy.hops);
    routes[j] = new Outcome(keys[j]!, amounts[j]!, buy.received, 0);
  }
  return { routes, hops };
}

/**
 * The indices of `keys` in clearing order: an insertion sort (a round has few routes) by `compareRoutes`, with no
 * comparator closure made per call (its optimised code would be dropped at every full GC and compiled again).
 */
function routeOrder(keys: readonly number[], ids: readonly string[]): number[] {
  const order: number[] = [];
  for (let j = 0; j < keys.length; j++) {
    let i = j;
    for (; i > 0 && compareRoutes(keys[order[i - 1]!]!, keys[j]!, ids) > 0; i--) order[i] = order[i - 1]!;
    order[i] = j;
  }
  return order;
}

/** Sales before purchases; then by the ids of the asset sold (bought), then of the asset wanted (paid with). */
function compareRoutes(a: number, b: number, ids: readonly string[]): number {
  const n = ids.length;
  if ((a >= n * n) !== (b >= n * n)) return a >= n * n ? 1 : -1;
  const fa = Math.floor(a / n) % n;
  const fb = Math.floor(b / n) % n;
  if (fa !== fb) return ids[fa]! < ids[fb]! ? -1 : 1;
  return ids[a % n]! < ids[b % n]! ? -1 : ids[a % n]! > ids[b % n]! ? 1 : 0;
}

/** A purchase put aside (side 1): a short closed by the exchange buys the underlying with the margin asset. */
function purchaseOf(m: MarketState, key: number, amount: number, options: { marginalRates?: boolean } = {}): RoutePurchase {
  const n = m.assetIds.length;
  return buyAlongRoute(m, routeBetween(m.routes, pairKeyTo(key, n), routeKeyFrom(key, n)), amount, options);
}

/** One route put aside, alone and at once: a sale sold along its route, a purchase bought (the quote market's step). */
export function tradeAlongRoute(m: MarketState, key: number, amount: number): void {
  const n = m.assetIds.length;
  if (key >= n * n) purchaseOf(m, key, amount);
  else sellAlongRouteQuietly(m, routeBetween(m.routes, routeKeyFrom(key, n), pairKeyTo(key, n)), amount);
}
