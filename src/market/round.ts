/**
 * One round's sales of several assets at once, some through shared venues (wstETH → WETH and WETH → USDC both
 * hit WETH), cleared consistently (DESIGN §3: "assets clear in route order (LST → ETH → stablecoins), repeated
 * until the prices settle"). Algorithm (docs/market.md §6):
 *   1. every order (sell `amount` of `from`, receive `to`) follows its route; the distinct hops (from → to) of
 *      all routes are ordered topologically along the routes — a hop before every hop it feeds, hops the routes
 *      leave unordered by their assets' ids;
 *   2. a pass clears each hop once, in that order, from the round's starting venue states: a hop's input is the
 *      orders' own amounts plus what earlier hops passed on, all its units sold together (one clearing), its
 *      proceeds shared pro rata to the orders that fed it and passed on along their routes;
 *   3. when routes form a cycle (one order sells WETH for USDC, another USDC for WETH), a hop may be fed by a hop
 *      that comes later in the order: it uses that hop's output from the previous pass; passes repeat, each
 *      from the starting states, until no hop's input moves by more than `tolerance` (relative), or `maxPasses`.
 * Without a cycle one pass is exact. The market is left at the last pass's states.
 */
import { checkAmount } from './check.js';
import type { ClearingOptions } from './clearing.js';
import { assetIndexOf, type MarketState } from './market-state.js';
import { routeBetween, type CompiledHop, type RouteTable } from './routing-table.js';
import { sellHop, type HopOptions, type HopTrade } from './routing.js';
import { pairKey, pairKeyFrom, pairKeyTo } from '../util/packed-keys.js';
import { mapArray } from '../util/map-array.js';

export const ROUND_DEFAULTS = {
  tolerance: 1e-10,
  maxPasses: 50,
};

export interface SaleOrder {
  /** Asset sold (index or id). */
  from: number | string;
  /** Asset wanted (index or id). */
  to: number | string;
  amount: number;
}

export interface RoundOptions extends Pick<ClearingOptions, 'maxIterations' | 'maxFillShare'> {
  tolerance?: number;
  maxPasses?: number;
  /** Record each venue's marginal rate before and after its trade on the hops (`HopTrade.marginalBefore` / `marginalAfter`). */
  marginalRates?: boolean;
}

export interface RoundClearing {
  /** Per order: received in its `to`. */
  received: Float64Array;
  /** Per order: what could not be sold, by the asset it stayed in. */
  stranded: { order: number; asset: number; amount: number }[];
  /** The distinct hops in clearing order, with their last pass's trades. */
  hops: HopTrade[];
  passes: number;
  converged: boolean;
}

/** The round's hops: each distinct hop once, each order's hop ids, the clearing order, and whether a route runs against it. */
interface HopPlan {
  hops: CompiledHop[];
  paths: number[][];
  order: number[];
  backwards: boolean;
  /** The passes' scratch, sized by the plan (clearRound zeroes what a pass reads before writing it). */
  st: PassState;
}

/**
 * The plans last made on each route table (the most recent first, at most PLANS), with their orders' pairs (pairKey),
 * and a scratch for the pairs of the orders at hand: a cascade's rounds sell along a few sets of routes, in turn, and a
 * plan is a function of the table and the pairs in their order alone.
 */
const lastPlans = new WeakMap<RouteTable, { scratch: Int32Array; plans: { pairs: Int32Array; plan: HopPlan }[] }>();
const PLANS = 8;

/** Step 1, remembered: the plan of the orders' pairs (each order's amount checked); the pairs copied only for a new plan. */
function planOf(m: MarketState, orders: readonly SaleOrder[]): HopPlan {
  let memo = lastPlans.get(m.routes);
  if (!memo) lastPlans.set(m.routes, (memo = { scratch: new Int32Array(0), plans: [] }));
  const count = orders.length;
  if (memo.scratch.length < count) memo.scratch = new Int32Array(Math.max(count, 2 * memo.scratch.length));
  const pairs = memo.scratch;
  for (let k = 0; k < count; k++) pairs[k] = pairOf(m, orders, k);
  const { plans } = memo;
  let p = 0;
  while (p < plans.length && !samePairs(plans[p]!.pairs, pairs, count)) p++;
  const hit = p < plans.length ? plans[p]! : { pairs: pairs.slice(0, count), plan: planHops(m, pairs.subarray(0, count)) };
  // The plan used moves to the front; the least recently used drops out past PLANS.
  for (let q = Math.min(p, PLANS - 1); q > 0; q--) plans[q] = plans[q - 1]!;
  plans[0] = hit;
  return hit.plan;
}

/** Whether a plan's pairs are the first `count` of `pairs`. */
function samePairs(planned: Int32Array, pairs: Int32Array, count: number): boolean {
  if (planned.length !== count) return false;
  for (let k = 0; k < count; k++) if (planned[k] !== pairs[k]) return false;
  return true;
}

/** Order k's pair key (its amount checked). */
function pairOf(m: MarketState, orders: readonly SaleOrder[], k: number): number {
  const ord = orders[k]!;
  checkAmount('clearRound', `orders[${k}].amount`, ord.amount);
  return pairKey(assetIndexOf(m, ord.from, 'clearRound'), assetIndexOf(m, ord.to, 'clearRound'), m.assetIds.length);
}

/** Step 1: routes, distinct hops, each order's hop ids (orders by their pairKey), and the hops' topological order. */
function planHops(m: MarketState, pairs: Int32Array): HopPlan {
  const n = m.assetIds.length;
  const hopOf = new Map<number, number>();
  const hops: CompiledHop[] = [];
  const paths: number[][] = mapArray(Array.from(pairs), (pair) =>
    mapArray(routeBetween(m.routes, pairKeyFrom(pair, n), pairKeyTo(pair, n)).hops, (h) => {
      const key = pairKey(h.from, h.to, n);
      let id = hopOf.get(key);
      if (id === undefined) {
        hopOf.set(key, (id = hops.length));
        hops.push(h);
      }
      return id;
    }),
  );
  // Hops no route orders come in the order of their assets' ids: the file's order of assets changes nothing.
  const ids = m.assetIds;
  const byIds = (a: number, b: number) => {
    const x = hops[a]!;
    const y = hops[b]!;
    if (x.from !== y.from) return ids[x.from]! < ids[y.from]! ? -1 : 1;
    return x.to === y.to ? 0 : ids[x.to]! < ids[y.to]! ? -1 : 1;
  };
  const order = topologicalOrder(hops.length, paths, byIds);
  const rank = new Int32Array(hops.length);
  order.forEach((h, k) => (rank[h] = k));
  const backwards = paths.some((p) => p.some((h, t) => t > 0 && rank[p[t - 1]!]! > rank[h]!));
  const st: PassState = { outPrev: pathOutputs(paths), outNow: pathOutputs(paths), input: new Float64Array(hops.length), inputPrev: new Float64Array(hops.length), done: new Uint8Array(hops.length) };
  return { hops, paths, order, backwards, st };
}

/** What passes carry from one to the next: per order and hop of its path, the output now and in the previous pass; per hop, its input now and in the previous pass. */
interface PassState {
  outPrev: Float64Array[];
  outNow: Float64Array[];
  input: Float64Array;
  inputPrev: Float64Array;
  done: Uint8Array;
}

/** Step 2: one pass, each hop cleared once in order (the market's venues moved); its trades and what stayed unsold. */
function clearPass(m: MarketState, orders: readonly SaleOrder[], plan: HopPlan, st: PassState, clearOpts: HopOptions): { trades: HopTrade[]; stranded: RoundClearing['stranded'] } {
  const { hops, paths } = plan;
  const trades = new Array<HopTrade>(hops.length);
  const stranded: RoundClearing['stranded'] = [];
  st.done.fill(0);
  for (const h of plan.order) {
    // what each order brings to this hop
    let total = 0;
    for (let k = 0; k < paths.length; k++) {
      const p = paths[k]!;
      for (let t = 0; t < p.length; t++) if (p[t] === h) total += fedBy(orders, st, p, k, t);
    }
    st.input[h] = total;
    const trade = sellHop(m, hops[h]!, total, clearOpts);
    trades[h] = trade;
    // the feeds again (read as before the sale: they read only hops already done, which this one is not)
    for (let k = 0; k < paths.length; k++) {
      const p = paths[k]!;
      for (let t = 0; t < p.length; t++) {
        if (p[t] !== h) continue;
        const share = total > 0 ? fedBy(orders, st, p, k, t) / total : 0;
        st.outNow[k]![t] = trade.amountOut * share;
        if (trade.unfilled > 0 && share > 0) stranded.push({ order: k, asset: hops[h]!.from, amount: trade.unfilled * share });
      }
    }
    st.done[h] = 1;
  }
  return { trades, stranded };
}

/** What order k brings to hop t of its path `p`: its amount at the first hop, else what its hop before passed on (this pass's when done, else the last pass's). */
function fedBy(orders: readonly SaleOrder[], st: PassState, p: number[], k: number, t: number): number {
  return t === 0 ? orders[k]!.amount : st.done[p[t - 1]!] ? st.outNow[k]![t - 1]! : st.outPrev[k]![t - 1]!;
}

/** Clear a round of sales on the market (updated in place). */
export function clearRound(m: MarketState, orders: readonly SaleOrder[], options: RoundOptions = {}): RoundClearing {
  const tolerance = options.tolerance ?? ROUND_DEFAULTS.tolerance;
  const maxPasses = options.maxPasses ?? ROUND_DEFAULTS.maxPasses;
  // Without a pass the plan's scratch would still hold another call's outputs.
  if (!(Number.isInteger(maxPasses) && maxPasses >= 1)) throw new Error(`clearRound: option maxPasses must be an integer >= 1, got ${String(maxPasses)}`);
  const plan = planOf(m, orders);
  const { hops, paths, st } = plan;
  // 2–3. passes from the starting states (kept aside only when a second pass may start from them again)
  const start = plan.backwards ? m.venues.slice() : null;
  // The first pass reads the last pass's outputs as zeros; inputPrev is read only after a pass has set it.
  const inputPrev = st.inputPrev;
  for (let k = 0; k < st.outPrev.length; k++) st.outPrev[k]!.fill(0);
  const clearOpts: HopOptions = {};
  if (options.maxIterations !== undefined) clearOpts.maxIterations = options.maxIterations;
  if (options.maxFillShare !== undefined) clearOpts.maxFillShare = options.maxFillShare;
  if (options.marginalRates) clearOpts.marginalRates = true;
  let pass: ReturnType<typeof clearPass> = { trades: [], stranded: [] };
  let passes = 0;
  let converged = false;
  while (passes < maxPasses) {
    if (passes++ > 0) for (let v = 0; v < start!.length; v++) m.venues[v] = start![v]!;
    pass = clearPass(m, orders, plan, st, clearOpts);
    let moved = 0;
    for (let h = 0; h < hops.length; h++) moved = Math.max(moved, Math.abs(st.input[h]! - inputPrev[h]!) / Math.max(st.input[h]!, inputPrev[h]!, Number.MIN_VALUE));
    if (!plan.backwards || (passes > 1 && moved <= tolerance)) {
      converged = true;
      break;
    }
    inputPrev.set(st.input);
    for (let k = 0; k < st.outNow.length; k++) st.outPrev[k]!.set(st.outNow[k]!);
  }
  const received = new Float64Array(orders.length);
  for (let k = 0; k < paths.length; k++) {
    const p = paths[k]!;
    received[k] = p.length === 0 ? orders[k]!.amount : st.outNow[k]![p.length - 1]!;
  }
  const inOrder: HopTrade[] = [];
  for (const h of plan.order) inOrder.push(pass.trades[h]!);
  return { received, stranded: pass.stranded, hops: inOrder, passes, converged };
}

/** Per order, one output per hop of its path. */
function pathOutputs(paths: number[][]): Float64Array[] {
  const out: Float64Array[] = [];
  for (const p of paths) out.push(new Float64Array(p.length));
  return out;
}

/** Hops ordered so that a hop comes before the hops it feeds (Kahn), the ready hop first by `compare`; on a cycle, the first by `compare` not yet placed. */
function topologicalOrder(count: number, paths: number[][], compare: (a: number, b: number) => number): number[] {
  const next: Set<number>[] = [];
  for (let h = 0; h < count; h++) next.push(new Set<number>());
  const indegree = new Int32Array(count);
  for (const p of paths)
    for (let t = 1; t < p.length; t++) {
      if (p[t - 1] === p[t] || next[p[t - 1]!]!.has(p[t]!)) continue;
      next[p[t - 1]!]!.add(p[t]!);
      indegree[p[t]!]!++;
    }
  const out: number[] = [];
  const placed = new Uint8Array(count);
  const ready: number[] = [];
  for (let h = 0; h < count; h++) if (indegree[h] === 0) ready.push(h);
  while (out.length < count) {
    if (ready.length === 0) {
      // a cycle: take the first hop not yet placed
      let h = -1;
      for (let x = 0; x < count; x++) if (!placed[x] && (h < 0 || compare(x, h) < 0)) h = x;
      ready.push(h);
      indegree[h] = 0;
    }
    let best = 0;
    for (let j = 1; j < ready.length; j++) if (compare(ready[j]!, ready[best]!) < 0) best = j;
    const h = ready.splice(best, 1)[0]!;
    if (placed[h]) continue;
    placed[h] = 1;
    out.push(h);
    for (const x of next[h]!) if (!placed[x] && --indegree[x]! <= 0) ready.push(x);
  }
  return out;
}
