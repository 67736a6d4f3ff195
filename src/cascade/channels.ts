/**
 * The spiral's other channels (DESIGN §4 "Leverage loops", issue "Beyond liquidations"; docs/channels.md):
 * - supply withdrawals: lenders take `amount` of an asset out of a market, at most the liquidity not lent out
 *   (supply − debt); utilisation and the borrow rate follow the market's curve;
 * - loop unwinding: a position whose collateral and debt share an underlying (wstETH or weETH against WETH) is a
 *   leverage loop; its carry per unit of collateral value is
 *       carry = yield(collateral) + supplyRate(collateral) − borrowRate(debt) · (debt value ÷ collateral value),
 *   and once it has stayed below −`carryThreshold` for `persistSeconds`, its owner unwinds `sharePerRound` of the debt
 *   each round: sells collateral worth that debt along its route and repays with the proceeds — as far as the sale's
 *   average price stays within `maxDiscount` of the collateral's external value (beyond that they wait).
 * Both act on the lending books of the position-store families (aave-v3, generic, morpho-blue, compound-v3).
 */
import { cloneMarket, routeBetween, sellAlongRoute, type CompiledRoute, type HopTrade, type MarketState } from '../market/index.js';
import { debtAt, setDebtAt, type Engine, type LendingBook } from '../protocols/index.js';
import { touchPosition } from '../protocols/shared/liquidation-index.js';
import { borrowRate, ratesNow, supplyRate, utilization } from '../protocols/rates/index.js';
import type { Kernel } from './kernel.js';
import { pairKey } from '../util/packed-keys.js';
import { mapArray } from '../util/map-array.js';

export interface LoopUnwind {
  /** Carry (annual) must stay below −carryThreshold this long before owners unwind. */
  persistSeconds: number;
  /** Share of a loop's debt unwound each round once it does. */
  sharePerRound: number;
  /** Annual hurdle below zero (gas, hassle); 0 = any negative carry. */
  carryThreshold: number;
  /**
   * Owners sell on the venues only while the average price stays within this discount of the collateral's external
   * (redemption-consistent) value; beyond it they wait — for the market to recover or the withdrawal queue.
   */
  maxDiscount: number;
}

/** A loop whose debt is worth less than this (USD) is closed in one go. */
export const DUST_USD = 100;

export interface RateRecord {
  protocol: string;
  market: string;
  asset: string;
  supply: number;
  debt: number;
  utilization: number;
  /** Annual borrow and supply rates at this utilisation (the curve's, now). */
  borrowRate: number;
  supplyRate: number;
}

export interface UnwindRecord {
  protocol: string;
  market: string;
  collateral: string;
  debt: string;
  positions: number;
  /** Collateral sold and debt repaid, tokens. */
  sold: number;
  repaid: number;
}

/** The root of an asset's pegOf chain (wstETH → stETH → ETH), by asset index. */
export function underlyingRoots(k: Kernel): Int32Array {
  const roots = new Int32Array(k.assetIds.length);
  k.network.assets.forEach((a, i) => {
    let x = a;
    for (let guard = 0; x.pegOf && x.pegOf.asset !== 'USD' && guard < roots.length; guard++) x = k.network.assets[k.assetIndex.get(x.pegOf.asset)!]!;
    roots[i] = k.assetIndex.get(x.id)!;
  });
  return roots;
}

/** Lenders withdraw up to `amount` of `asset` from a market; returns what they got out (limited by the liquidity left). */
export function withdrawSupply(book: LendingBook, asset: number, amount: number): number {
  const b = book.borrowables.find((x) => x.asset === asset);
  if (!b) return 0;
  const available = Math.max(0, b.supply - b.totalDebt);
  const w = Math.min(amount, available);
  b.supply -= w;
  b.utilization = utilization(b.supply, b.totalDebt);
  return w;
}

const rates = new Float64Array(2);

/** Every lending book's borrowables now (a round's `rates`): totals, utilisation, both rates (the curve evaluated once). */
export function rateRecords(k: Kernel, engines: Engine<unknown>[], states: unknown[]): RateRecord[] {
  const out: RateRecord[] = [];
  for (let pi = 0; pi < k.protocols.length; pi++) {
    const books = engines[pi]!.books?.(states[pi]);
    if (!books) continue;
    const p = k.protocols[pi]!;
    for (const book of books) {
      for (const b of book.borrowables) {
        const u = utilization(b.supply, b.totalDebt);
        ratesNow(b.curve, b.rateState, u, rates);
        out.push({ protocol: p.id, market: p.marketIds[book.market]!, asset: k.assetIds[b.asset]!, supply: b.supply, debt: b.totalDebt, utilization: u, borrowRate: rates[0]!, supplyRate: rates[1]! });
      }
    }
  }
  return out;
}

export interface UnwindState {
  /** Per protocol, per book: the time each position's carry first went below the threshold (−1 when it is not). */
  negativeSince: Float64Array[][];
}

/** Per book, a column of −1; `unwinding` false (option loopUnwind null: nothing reads it): no columns, no protocols. */
export function newUnwindState(engines: Engine<unknown>[], states: unknown[], unwinding = true): UnwindState {
  if (!unwinding) return { negativeSince: [] };
  return { negativeSince: engines.map((e, pi) => (e.books?.(states[pi]) ?? []).map((b) => new Float64Array(b.store.count).fill(-1))) };
}

/** The arguments of one round of loop unwinding. */
export interface UnwindArgs {
  k: Kernel;
  engines: Engine<unknown>[];
  states: unknown[];
  m: MarketState;
  prices: Float64Array;
  roots: Int32Array;
  rule: LoopUnwind;
  state: UnwindState;
  t: number;
  sellers: Uint8Array;
}

/** What one round of loop unwinding did. */
export interface UnwindRound {
  records: UnwindRecord[];
  hops: HopTrade[];
  soldBy: Float64Array[];
  repaidBy: Float64Array[];
  waiting: number;
}

/** Positions of one pair that unwind together, and the collateral each sells. */
interface UnwindGroup {
  c: number;
  d: number;
  pos: number[];
  q: number[];
  total: number;
}

/** The borrow and supply rate of each asset a book lends, at its utilisation now. */
function bookRates(book: LendingBook): Map<number, { borrow: number; supply: number }> {
  const rateOf = new Map<number, { borrow: number; supply: number }>();
  for (const b of book.borrowables) {
    const u = utilization(b.supply, b.totalDebt);
    rateOf.set(b.asset, { borrow: borrowRate(b.curve, b.rateState, u), supply: supplyRate(b.curve, b.rateState, u) });
  }
  return rateOf;
}

/**
 * The loops of a book whose carry has stayed below the threshold long enough, grouped by pair (one collateral and one
 * debt entry of the same root asset), with what each sells; `waiting` counts those still within their persistence.
 */
function loopsToUnwind(a: UnwindArgs, book: LendingBook, since: Float64Array): { groups: Map<number, UnwindGroup>; waiting: number } {
  const { k, prices, roots, rule, t } = a;
  const n = k.assetIds.length;
  const s = book.store;
  const rateOf = bookRates(book);
  const groups = new Map<number, UnwindGroup>();
  let waiting = 0;
  for (let i = 0; i < s.count; i++) {
    const c0 = s.collStart[i]!;
    const d0 = s.debtStart[i]!;
    if (s.collStart[i + 1]! - c0 !== 1 || s.debtStart[i + 1]! - d0 !== 1) continue;
    const c = s.collAsset[c0]!;
    const d = s.debtAsset[d0]!;
    if (c === d || roots[c] !== roots[d]) continue;
    const coll = s.collAmount[c0]!;
    const debt = debtAt(s, d0);
    if (!(coll > 0 && debt > 0)) {
      since[i] = -1;
      continue;
    }
    const yieldC = k.network.assets[c]!.yield ?? 0;
    const carry = yieldC + (rateOf.get(c)?.supply ?? 0) - (rateOf.get(d)?.borrow ?? 0) * ((debt * prices[d]!) / (coll * prices[c]!));
    if (!(carry < -rule.carryThreshold)) {
      since[i] = -1;
      continue;
    }
    if (since[i]! < 0) since[i] = t;
    if (t - since[i]! < rule.persistSeconds - 1e-9) {
      waiting++;
      continue;
    }
    // An owner closes what is left once it is dust (under $100 of debt) rather than unwinding it forever.
    const repay = debt * prices[d]! < DUST_USD ? debt : rule.sharePerRound * debt;
    const q = Math.min(coll, (repay * prices[d]!) / prices[c]!);
    const key = pairKey(c, d, n);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { c, d, pos: [], q: [], total: 0 }));
    g.pos.push(i);
    g.q.push(q);
    g.total += q;
  }
  return { groups, waiting };
}

/** The most the owners sell along `route` before the average price falls below (1 − maxDiscount) of the external value. */
function unwindable(m: MarketState, route: CompiledRoute, g: UnwindGroup, rule: LoopUnwind): number {
  const fair = m.externalPrices[g.c]! / m.externalPrices[g.d]!;
  const proceeds = (q: number) => sellAlongRoute(cloneMarket(m), route, q).received;
  const ok = (q: number) => proceeds(q) >= q * fair * (1 - rule.maxDiscount);
  if (ok(g.total)) return g.total;
  let lo = 0;
  let hi = g.total;
  for (let it = 0; it < 40 && hi - lo > 1e-9 * g.total; it++) {
    const mid = (lo + hi) / 2;
    if (ok(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Sells a group's collateral (scaled to what may be sold) and repays each position with its share of the proceeds. */
function unwindGroup(a: UnwindArgs, pi: number, book: LendingBook, g: UnwindGroup, Q: number, out: UnwindRound): void {
  const { k, m } = a;
  const p = k.protocols[pi]!;
  const s = book.store;
  const fill = Q / g.total;
  for (let j = 0; j < g.q.length; j++) g.q[j]! *= fill;
  g.total = Q;
  const sale = sellAlongRoute(m, routeBetween(m.routes, g.c, g.d), g.total, { marginalRates: true }); // its hops become trade records
  out.hops.push(...sale.hops);
  const stranded = sale.stranded.reduce((x, y) => x + (y.asset === g.c ? y.amount : 0), 0);
  const filled = g.total - stranded;
  const db = book.borrowables.find((b) => b.asset === g.d);
  let repaidTotal = 0;
  let soldTotal = 0;
  g.pos.forEach((i, j) => {
    const share = g.q[j]! / g.total;
    const sold = filled * share;
    const proceeds = sale.received * share;
    const c0 = s.collStart[i]!;
    const d0 = s.debtStart[i]!;
    const owed = debtAt(s, d0);
    const repaid = Math.min(proceeds, owed);
    s.collAmount[c0] = Math.max(0, s.collAmount[c0]! - sold);
    setDebtAt(s, d0, Math.max(0, owed - repaid));
    touchPosition(book.index, i);
    repaidTotal += repaid;
    soldTotal += sold;
  });
  if (db) db.totalDebt = Math.max(0, db.totalDebt - repaidTotal);
  out.soldBy[pi]![g.c]! += soldTotal;
  out.repaidBy[pi]![g.d]! += repaidTotal;
  out.records.push({ protocol: p.id, market: p.marketIds[book.market]!, collateral: k.assetIds[g.c]!, debt: k.assetIds[g.d]!, positions: g.pos.length, sold: soldTotal, repaid: repaidTotal });
}

/**
 * One round of loop unwinding. Sales of one protocol, market and pair clear together; each position repays with its
 * share of the proceeds. Returns the records and the venue trades (for the round's log).
 */
export function unwindLoops(a: UnwindArgs): UnwindRound {
  const { k, engines, states, m, rule, state } = a;
  const n = k.assetIds.length;
  const out: UnwindRound = { records: [], hops: [], soldBy: mapArray(k.protocols, () => new Float64Array(n)), repaidBy: mapArray(k.protocols, () => new Float64Array(n)), waiting: 0 };
  k.protocols.forEach((_, pi) => {
    const books = engines[pi]!.books?.(states[pi]) ?? [];
    books.forEach((book, bi) => {
      const { groups, waiting } = loopsToUnwind(a, book, state.negativeSince[pi]![bi]!);
      out.waiting += waiting;
      for (const g of groups.values()) {
        if (!(g.total > 0)) continue;
        // A non-selling protocol (Shapley game) unwinds nothing: it touches no venue.
        if (!a.sellers[pi]) continue;
        const Q = unwindable(m, routeBetween(m.routes, g.c, g.d), g, rule);
        if (!(Q > 1e-12 * g.total)) {
          out.waiting += g.pos.length;
          continue;
        }
        unwindGroup(a, pi, book, g, Q, out);
      }
    });
  });
  return out;
}
