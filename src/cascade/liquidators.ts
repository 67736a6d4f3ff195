/**
 * The liquidator step (DESIGN §4, §5, §10 Engines and liquidators): liquidators are agents with a motive. An offer
 * is taken only while it pays — the collateral received, sold along its route to the debt asset, must return more
 * than the debt paid plus a gas cost per liquidation — and within keeper capacity (USD of debt repaid per protocol
 * per round) and any gradual-liquidation cap (per market per round). Offers of one protocol, market, collateral and
 * debt asset are taken in order of collateral received per unit of debt (most profitable first), each seeing the
 * price impact of those before it: with P(Q) the proceeds of selling Q collateral from the round's venue state
 * (concave), offer m pays when P(Q_m) − P(Q_{m−1}) ≥ r_m + gas. The boundary is searched from the top (offers 1, 2,
 * 4, … until one does not pay, then bisection), the offers drawn from a heap only as far as the search reaches; the
 * first offer that does not pay in full is taken for the largest part that does (`largestPayingPart`: a bisection's
 * answer, found with fewer quotes). Quotes never touch the live market (`quoteAlongRoute`). With profit gating the engines
 * may leave out offers that cannot pay their gas even at their route's best rate (`profitFloor`, docs/model.md
 * §3.3): such an offer is one the step would not take, so leaving it out changes nothing but the work; without
 * gating everything is taken.
 * The decisions run on rows of an OfferBatch (`decideGroupRows`: no object per offer); the object form
 * (`decideGroup`) puts its offers in a batch and calls it.
 */
import { brentRootIn, routeBetween, type CompiledRoute, type MarketState } from '../market/index.js';
import type { Offer, Order, PositionStore, ProfitFloor } from '../protocols/index.js';
import { newOfferBatch, pushOfferObject, type OfferBatch } from '../protocols/batch.js';
import { PHASE_DENT, PHASE_TEND, TERM_BID, TERM_MAX_LOT, TERM_MIN_BID } from '../protocols/auction-rows.js';
import { ProfitHeap, sortByProfit } from './profit-order.js';
import { GroupSearch, quoteProceeds } from './group-search.js';
import { assetPairKey, pairKey } from '../util/packed-keys.js';
import { pairRate, type RouteRates } from './route-rates.js';

export { sortByProfit } from './profit-order.js';
export { quoteProceeds } from './group-search.js';
export { routeBestRate } from '../market/routing.js';

export interface DecideInput {
  m: MarketState;
  offers: Offer[];
  /** USD price of the debt asset used to convert caps and gas (the round's market price). */
  debtPriceUsd: number;
  profitGating: boolean;
  /** Gas per liquidation, USD. */
  gasUsd: number;
  /** Remaining USD of debt this group may repay (keeper capacity, gradual cap); Infinity when unlimited. */
  budgetUsd: number;
}

/**
 * The collateral → debt pairs (keys from·n + to) among `pairs` whose route shares no venue with another of these
 * routes trading it another way: sales along any of the routes can only lower their best rate. A protocol's
 * liquidators sell along its own pairs only during its turn, so a rate bounded at the start of the turn stays a bound.
 */
export function monotonePairs(m: MarketState, pairs: readonly (readonly [number, number])[]): Set<number> {
  const n = m.assetIds.length;
  const routes = new Map<number, CompiledRoute>();
  for (const [c, d] of pairs) if (c !== d) routes.set(pairKey(c, d, n), routeBetween(m.routes, c, d));
  // venue → the one direction (from·n + to) it is traded in by these routes, −1 once it is traded in two
  const direction = new Map<number, number>();
  for (const r of routes.values())
    for (const hop of r.hops)
      for (const v of hop.venues) {
        const dir = pairKey(hop.from, hop.to, n);
        const seen = direction.get(v);
        direction.set(v, seen === undefined || seen === dir ? dir : -1);
      }
  const out = new Set<number>();
  for (const [key, r] of routes) if (r.hops.every((hop) => Array.from(hop.venues).every((v) => direction.get(v) !== -1))) out.add(key);
  return out;
}

/** A profit floor for one protocol's turn, and the rates it gave. */
export interface TurnFloor extends ProfitFloor {
  /** At collateral·n + debt: the best rate the floor gave for the pair (when the engines listed), NaN when not asked. */
  given: Float64Array;
  /** Pairs (collateral·n + debt) the floor gave a rate for although the turn's own sales may raise it. */
  risers: number[];
  /**
   * The pairs given a rate since the floor was made or reset, asked[0, askedCount) (resetFloor forgets only these; a
   * count, not the array's length: writing a length calls V8's runtime, and a game resets floors ~2 M times).
   */
  asked: number[];
  askedCount: number;
  /** A pair (collateral·n + debt) the caller lists again under `raisedRate`, the rate its sales lifted it to; −1: none. */
  raisedPair: number;
  raisedRate: number;
}

const heldPairs = new WeakMap<Uint16Array, [number, number][]>();

/**
 * The collateral → debt pairs some position of the store holds (both entries in one position): the only pairs its
 * liquidations sell along. Asset sets are fixed when a store is built, so clones share the answer (cached).
 */
export function pairsHeld(s: PositionStore): [number, number][] {
  let out = heldPairs.get(s.collAsset);
  if (!out) heldPairs.set(s.collAsset, (out = collectPairs(s)));
  return out;
}

/** The pass of pairsHeld, a function of its own (a loop compiled on the stack deoptimises where the code after it first runs). */
function collectPairs(s: PositionStore): [number, number][] {
  const seen = new Set<number>();
  const out: [number, number][] = [];
  for (let i = 0; i < s.count; i++)
    for (let c = s.collStart[i]!; c < s.collStart[i + 1]!; c++)
      for (let d = s.debtStart[i]!; d < s.debtStart[i + 1]!; d++) {
        const key = assetPairKey(s.collAsset[c]!, s.debtAsset[d]!);
        if (seen.has(key)) continue;
        seen.add(key);
        out.push([s.collAsset[c]!, s.debtAsset[d]!]);
      }
  return out;
}

/**
 * The RoundContext.profitFloor of one protocol's turn: the best rate of each pair when an engine first asks, at
 * listing, before any of the turn's sales; `gas` per debt asset. Monotone pairs keep that bound for the whole turn.
 * Other pairs get it only with `relist` (the caller checks their rate again before deciding them and lists them
 * again when it rose: `risers`, `raisedPair`), else Infinity (no bound: nothing left out). With `rates`, the memo of
 * `m`'s route rates its writer keeps (a run's quote market: route-rates.ts), shared with the other protocols' floors.
 */
export function profitFloor(m: MarketState, monotone: ReadonlySet<number>, gas: Float64Array, relist = false, rates: RouteRates | null = null): TurnFloor {
  return new Floor(m, monotone, gas, relist, rates);
}

/** A class, not a literal with a closure per floor: every floor has one shape, so the hot code that reads it stays optimised. */
class Floor implements TurnFloor {
  gas: Float64Array;
  readonly given: Float64Array;
  readonly risers: number[] = [];
  readonly asked: number[] = [];
  askedCount = 0;
  raisedPair = -1;
  /** NaN, a double, until a rate is raised: a field first holding 0 re-classes every floor when the first rate lands (util/doubles.ts). */
  raisedRate = Number.NaN;
  private readonly n: number;

  constructor(
    private readonly m: MarketState,
    private readonly monotone: ReadonlySet<number>,
    gas: Float64Array,
    private readonly relist: boolean,
    private readonly rates: RouteRates | null,
  ) {
    this.gas = gas;
    this.n = m.assetIds.length;
    this.given = new Float64Array(this.n * this.n).fill(Number.NaN);
  }

  bestRate(c: number, d: number): number {
    if (c === d) return 1;
    const key = pairKey(c, d, this.n);
    if (key === this.raisedPair) return this.raisedRate;
    let r = this.given[key]!;
    if (Number.isNaN(r)) {
      const bounded = this.monotone.has(key);
      this.given[key] = bounded || this.relist ? this.routeRate(key, c, d) : Infinity;
      this.asked[this.askedCount++] = key;
      if (!bounded && this.relist) this.risers.push(key);
      // Read back from the typed array: a rate merged from the call's (boxed) result would be boxed on every return.
      r = this.given[key]!;
    }
    return r;
  }

  private routeRate(key: number, c: number, d: number): number {
    return pairRate(this.rates, this.m, key, c, d);
  }
}

/**
 * Makes `floor` new for another turn: no rate given yet, gas per debt asset `gas` (a cascade keeps one floor per
 * protocol). Only the pairs asked are forgotten: a turn asks a few of the asset × asset table, every turn.
 */
export function resetFloor(floor: TurnFloor, gas: Float64Array): void {
  floor.gas = gas;
  const { asked, given } = floor;
  for (let i = 0; i < floor.askedCount; i++) given[asked[i]!] = Number.NaN;
  floor.askedCount = 0;
  if (floor.risers.length > 0) floor.risers.length = 0;
  floor.raisedPair = -1;
}

/**
 * Orders on rows of an OfferBatch: order j takes repay[j] of row rows[j] — for an auction bid that names its lot, the
 * lot[j] asked for (NaN: the offer's largest). Grown by doubling, reused.
 */
export interface OrderRows {
  count: number;
  rows: Uint32Array;
  repay: Float64Array;
  lot: Float64Array;
}

export function newOrderRows(capacity = 64): OrderRows {
  return new Orders(Math.max(1, capacity));
}

/** The rows made by a constructor, not a literal made once a run (route-rates.ts `Rates`: docs/scale.md "Session 15: recompiles"). */
class Orders implements OrderRows {
  count = 0;
  rows: Uint32Array;
  repay: Float64Array;
  lot: Float64Array;

  constructor(n: number) {
    this.rows = new Uint32Array(n);
    this.repay = new Float64Array(n);
    this.lot = new Float64Array(n);
  }
}

/** Appends an order (`lot`: the lot an auction bid asks for; NaN, the default, for none). */
export function pushOrder(o: OrderRows, row: number, repay: number, lot = Number.NaN): void {
  if (o.count === o.rows.length) {
    const rows = new Uint32Array(2 * o.count);
    rows.set(o.rows);
    const rp = new Float64Array(2 * o.count);
    rp.set(o.repay);
    const lt = new Float64Array(2 * o.count);
    lt.set(o.lot);
    o.rows = rows;
    o.repay = rp;
    o.lot = lt;
  }
  o.rows[o.count] = row;
  o.lot[o.count] = lot;
  o.repay[o.count++] = repay;
}

/** decideGroup on rows: the group is `rows` (listing order) of `offers`. */
export interface DecideRowsInput extends Omit<DecideInput, 'offers'> {
  offers: OfferBatch;
  rows: ArrayLike<number>;
  /** The memo of `m`'s route rates its writer keeps, when `m` is a run's quote market (route-rates.ts); else null or absent. */
  rates?: RouteRates | null;
}

/** The orders a group of offers (same collateral and debt asset) receives (decideGroup: the same rule, on objects). */
export function decideGroup(d: DecideInput): Order[] {
  const batch = newOfferBatch(Math.max(1, d.offers.length));
  for (const o of d.offers) pushOfferObject(batch, o);
  const out = newOrderRows(d.offers.length);
  decideGroupRows({ ...d, offers: batch, rows: Array.from(d.offers, (_, k) => k) }, out);
  const orders: Order[] = [];
  for (let j = 0; j < out.count; j++) orders.push({ offer: d.offers[out.rows[j]!]!, repay: out.repay[j]! });
  return orders;
}

/**
 * The search of every decision on this thread (module-level: its arrays are kept from group to group). Safe as a
 * decision runs to its end before the next starts (no await within one; a worker thread has its own module); what it
 * carries from one call to the next — the quotes decideGroupRowsAgain recalls — is read only by the call right after a
 * decideGroupRows of the same group on the same unmoved market (left-out-check.ts), and every decideGroupRows forgets it.
 */
const search = new GroupSearch();

/**
 * Appends to `out` the orders a group receives: without profit gating every offer in full, most collateral per unit of
 * debt first; with it the offers that pay at the spot rate, in that order, up to the boundary found on the proceeds
 * (the last one partly); then capped at the budget.
 */
export function decideGroupRows(d: DecideRowsInput, out: OrderRows): void {
  search.forget();
  decideRows(d, out, false);
}

/**
 * decideGroupRows of the group the last call decided, listed again (the same pair, more rows), on the market as that
 * call saw it — nothing moved it since: the proceeds that call quoted are read back where this one quotes the same
 * size (left-out-check.ts: a group decided on its top, then whole).
 */
export function decideGroupRowsAgain(d: DecideRowsInput, out: OrderRows): void {
  decideRows(d, out, true);
}

/** decideGroupRows; with `again` (decideGroupRowsAgain) the search recalls the quotes of the last one. */
function decideRows(d: DecideRowsInput, out: OrderRows, again: boolean): void {
  const b = d.offers;
  const maxRepay = b.maxRepay;
  const budget = d.debtPriceUsd > 0 ? d.budgetUsd / d.debtPriceUsd : 0;
  const start = out.count;
  if (!d.profitGating) {
    const all = Array.from(d.rows);
    sortByProfit(all, b);
    for (const r of all) pushOrder(out, r, maxRepay[r]!);
    capToBudget(out, start, budget);
    return;
  }
  // What lastDraw reads when no row is viable: nothing drawn, nothing left.
  search.count = 0;
  search.heap.clear();
  if (d.rows.length === 0) return;
  const from = b.collateralAsset[d.rows[0]!]!;
  const to = b.debtAsset[d.rows[0]!]!;
  const gas = d.debtPriceUsd > 0 ? d.gasUsd / d.debtPriceUsd : Infinity;
  const n = viableRows(d, from, to, gas, search.heap);
  if (n === 0) return;
  // The viable offers in the order liquidators take them, drawn from the heap only as far as the search reaches.
  search.start(d.m, b, from, to, gas, again);
  const lo = search.boundary(n);
  const taken = search.taken;
  for (let k = 0; k < lo; k++) pushOrder(out, taken[k]!, maxRepay[taken[k]!]!);
  if (lo < n) {
    const next = taken[lo]!;
    // The largest part of the next offer that still pays. pays(lo + 1) failed, so proceeds(lo + 1) is known: the
    // gain of taking it whole (up to the rounding of its collateral).
    const base = search.proceeds(lo);
    const whole = maxRepay[next]!;
    const part = new PartGain(search.cumQ[lo]!, b.collateralPerDebt[next]! * b.takerShare[next]!, base, gas, whole, search.proceeds(lo + 1) - base - whole - gas);
    const repay = largestPayingPart(part);
    if (repay > 0) pushOrder(out, next, repay);
  }
  capToBudget(out, start, budget);
}

/**
 * How far the last decideGroupRows with profit gating drew: its viable rows in profit order, taken[0 .. drawn), and
 * how many viable rows it left undrawn (a caller that listed a group's top checks it against what it left out).
 */
export function lastDraw(): LastDraw {
  return search;
}

/** What lastDraw reads (the search itself: no object per decision). */
export interface LastDraw {
  readonly drawn: number;
  readonly left: number;
  readonly taken: Uint32Array;
}

/** The best rate of the route from → to on d.m (1 for one asset): from the market's memo when d.rates holds it. */
export function spotRate(d: DecideRowsInput, from: number, to: number): number {
  if (from === to) return 1;
  return pairRate(d.rates ?? null, d.m, pairKey(from, to, d.m.assetIds.length), from, to);
}

/**
 * Puts in `heap` (built) the group's offers that pay their gas at the spot rate, what a vanishing sale returns per
 * unit of collateral (the route's best rate: proceeds are concave), and returns how many. The others are dropped
 * before ordering; most groups of a long cascade have none left, round after round.
 */
function viableRows(d: DecideRowsInput, from: number, to: number, gas: number, heap: ProfitHeap): number {
  const b = d.offers;
  const { maxRepay, collateralPerDebt: cpd, takerShare: share } = b;
  const spot = spotRate(d, from, to);
  heap.clear();
  const rows = d.rows;
  for (let j = 0; j < rows.length; j++) {
    const r = rows[j]!;
    const profit = cpd[r]! * share[r]!;
    if (maxRepay[r]! * (profit * spot - 1) > gas) heap.add(r, profit, maxRepay[r]!);
  }
  heap.build();
  return heap.left;
}

/**
 * The gain of taking x of the next offer after the paying ones (search's proceeds with it, less those without, the
 * repay and gas): a module-level class, not a closure per decision (V8 recompiles those after every full GC).
 */
class PartGain {
  readonly scale: number;
  constructor(
    readonly q0: number,
    readonly k: number,
    readonly base: number,
    readonly gas: number,
    readonly maxRepay: number,
    readonly gainAtMax: number,
  ) {
    this.scale = base + maxRepay;
  }
  gain(x: number): number {
    return search.quote(this.q0 + x * this.k) - this.base - x - this.gas;
  }
}

/** Brent's evaluations in largestPayingPart: the ends are known; each evaluation tightens [lo, hi]. */
interface Narrowing {
  p: { gain: (x: number) => number };
  a0: number;
  ga0: number;
  b0: number;
  gb0: number;
  lo: number;
  hi: number;
}

/** One evaluation (brentRootIn: x in io[0], the gain to io[1]). */
function narrowingGain(io: Float64Array, s: Narrowing): void {
  const x = io[0]!;
  const gx = x === s.a0 ? s.ga0 : x === s.b0 ? s.gb0 : s.p.gain(x);
  if (gx >= 0) {
    if (x > s.lo) s.lo = x;
  } else if (x < s.hi) s.hi = x;
  io[1] = gx;
}

/** largestPayingPart's slot for brentRootIn: read and written within each evaluation only. */
const narrowingSlot = new Float64Array(2);

/** Relative width, of the offer, to which the paying part is found (the bisection's stopping rule). */
export const PARTIAL_TOLERANCE = 1e-9;

/**
 * What a 40-step bisection on [0, maxRepay] for the last x with gain(x) >= 0 returns (to PARTIAL_TOLERANCE of the
 * offer; 0 when it finds no such x), for a concave gain (the proceeds of a sale are concave in its size) with
 * gain(maxRepay) < 0 — with fewer evaluations of the gain (each one a quote):
 *  - the bisection first halves towards 0 (x = maxRepay/2, /4, …) until gain(x) >= 0. The same points are evaluated
 *    here, but once the chord through the last two, extended to x = 0, is below 0, concavity puts gain < 0 on all
 *    of [0, x]: the bisection would find nothing, and the halving stops;
 *  - once gain(a) >= 0 > gain(b), Brent's method (secant and inverse quadratic steps, bisection where they stall)
 *    narrows the root to [lo, hi]; the bisection is then replayed from [a, b]: a midpoint at or below lo pays, one
 *    at or above hi does not (concavity), one in between is evaluated.
 * `gainAtMax` is gain(maxRepay) as the caller knows it; `scale` is the size of the proceeds involved, so that a
 * chord counts as below 0 only beyond the quotes' rounding.
 */
export function largestPayingPart(p: { gain: (x: number) => number; maxRepay: number; gainAtMax: number; scale: number }): number {
  const maxRepay = p.maxRepay;
  if (!(maxRepay > 0) || !Number.isFinite(maxRepay)) throw new Error(`largestPayingPart: maxRepay must be a finite number > 0, got ${maxRepay}`);
  if (!(p.gainAtMax < 0)) throw new Error(`largestPayingPart: gainAtMax must be < 0 (the whole offer does not pay), got ${p.gainAtMax}`);
  const tol = PARTIAL_TOLERANCE * maxRepay;
  const noise = 1e-9 * Math.abs(p.scale);
  // 1. The bisection's halving towards 0 while nothing pays: b = maxRepay / 2^j.
  let b = maxRepay;
  let gb = p.gainAtMax;
  let a = 0;
  let ga = Number.NaN;
  let it = 0;
  while (it < MAX_BISECTIONS && b - a > tol) {
    const x = (a + b) / 2;
    const gx = p.gain(x);
    it++;
    if (gx >= 0) {
      a = x;
      ga = gx;
      break;
    }
    // The chord through (x, gx) and (b, gb) bounds a concave gain from above on [0, x].
    const slope = (gb - gx) / (b - x);
    if (gx - slope * x < -noise) return 0;
    b = x;
    gb = gx;
  }
  if (!(a > 0)) return 0;
  // 2. gain(a) >= 0 > gain(b): narrow the root to [lo, hi] (Brent's method; its evaluations tighten the bracket).
  const nw: Narrowing = { p, a0: a, ga0: ga, b0: b, gb0: gb, lo: a, hi: b };
  brentRootIn('largestPayingPart', narrowingGain, a, b, { xTolerance: tol, relativeTolerance: 0 }, nw, narrowingSlot);
  let lo = nw.lo;
  let hi = nw.hi;
  // 3. The bisection from [a, b], its midpoints classified by [lo, hi].
  while (it < MAX_BISECTIONS && b - a > tol) {
    const m = (a + b) / 2;
    it++;
    let pays: boolean;
    if (m <= lo) pays = true;
    else if (m >= hi) pays = false;
    else {
      pays = p.gain(m) >= 0;
      if (pays) lo = m;
      else hi = m;
    }
    if (pays) a = m;
    else b = m;
  }
  return a;
}

/** The bisection's step cap. */
const MAX_BISECTIONS = 40;

/** Keeps the orders from `start` on until `budget` (debt tokens) is spent; the last one partly. */
function capToBudget(o: OrderRows, start: number, budget: number): void {
  if (!(budget < Infinity)) return;
  let left = budget;
  let w = start;
  for (let j = start; j < o.count; j++) {
    if (left <= 0) break;
    const repay = Math.min(o.repay[j]!, left);
    o.rows[w] = o.rows[j]!;
    o.lot[w] = o.lot[j]!;
    o.repay[w++] = repay;
    left -= repay;
  }
  o.count = w;
}

/** decideFlip's group: `rows` of `offers`, English-auction lots (each row's auction terms have a phase). */
export interface FlipInput {
  m: MarketState;
  offers: OfferBatch;
  rows: ArrayLike<number>;
  debtPriceUsd: number;
  gasUsd: number;
  budgetUsd: number;
  zeroBidKeepers: boolean;
}

/** The smallest lot (to 1e-12 of `maxLot`) whose sale along from → to returns `need`; null when the whole does not. */
function smallestLotFor(m: MarketState, from: number, to: number, need: number, maxLot: number): number | null {
  if (!(quoteProceeds(m, from, to, maxLot) >= need)) return null;
  let lo = 0;
  let hi = maxLot;
  for (let it = 0; it < 50 && hi - lo > 1e-12 * hi; it++) {
    const mid = (lo + hi) / 2;
    if (quoteProceeds(m, from, to, mid) >= need) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * English auctions of a lot for a tab (offer rows whose auction terms have a phase: `tend`, bids rise for the whole lot
 * up to the tab; `dent`, the lot falls for the full tab; docs/protocols/maker.md "Driving flip auctions"): competitive
 * keepers value a lot at what selling it along its route returns, less gas. In the tend phase they bid that value (capped at the tab)
 * when it beats the least valid bid; in the dent phase they ask for the smallest lot whose sale still covers the tab
 * and gas, when that is within the largest lot allowed. Zero-bid keepers (12 March 2020) bid one wei on lots nobody
 * else bid on. Keeper capacity (USD of DAI bid per round) limits the competitive keepers only. Appends to `out`.
 */
export function decideFlip(d: FlipInput, out: OrderRows): void {
  const b = d.offers;
  const t = b.auctions;
  let budget = d.debtPriceUsd > 0 ? d.budgetUsd / d.debtPriceUsd : 0;
  const gas = d.debtPriceUsd > 0 ? d.gasUsd / d.debtPriceUsd : Infinity;
  for (let j = 0; j < d.rows.length; j++) {
    const r = d.rows[j]!;
    const k = b.auction[r]!;
    const tend = t.phase[k] === PHASE_TEND;
    const standing = t.fields[k]! & TERM_BID ? t.bid[k]! : 0;
    const minBid = t.fields[k]! & TERM_MIN_BID ? t.minBid[k]! : undefined;
    const from = b.collateralAsset[r]!;
    const to = b.debtAsset[r]!;
    let repay = Number.NaN;
    let lot = Number.NaN;
    if (budget > 0) {
      if (tend) {
        const want = Math.min(t.tab[k]!, quoteProceeds(d.m, from, to, t.lot[k]!) - gas);
        if (minBid !== undefined && want >= minBid && want > standing) repay = want;
      } else if (t.phase[k] === PHASE_DENT) {
        const smallest = smallestLotFor(d.m, from, to, t.tab[k]! + gas, t.fields[k]! & TERM_MAX_LOT ? t.maxLot[k]! : t.lot[k]!);
        if (smallest !== null) {
          repay = b.maxRepay[r]!;
          lot = smallest;
        }
      }
    }
    if (!Number.isNaN(repay)) {
      const spent = Math.max(0, repay - (tend ? standing : 0));
      if (spent <= budget) {
        budget -= spent;
        pushOrder(out, r, repay, lot);
        continue;
      }
    }
    if (d.zeroBidKeepers && tend && standing === 0 && minBid !== undefined) pushOrder(out, r, minBid);
  }
}
