/**
 * Clearing one asset across every venue that trades it (DESIGN §3, §10 Venues): arbitrage between venues leaves
 * them at one marginal price, so a sale of Q spreads as q_k with marginalRate_k(q_k)·P_k = r* for every venue
 * that takes part, P_k the USD price of the coin it pays, and Σ q_k = Q. With q_k(r) = sellableTo_k(r/P_k) the
 * total S(r) is monotone; r* is found by a safeguarded Newton search (Newton steps inside a shrinking bracket,
 * bisection when a step leaves it) in u = r^(−1/2), the variable in which x·y = k and v3 ranges are exactly
 * linear. Purchases (a liquidator buying a debt asset, exact output) clear the same way with the marginal amount
 * received per USD paid. Maths and algorithm: docs/market.md §5.
 */
import { checkAmount } from './check.js';
import type { VenueState } from './types.js';
import { claimSides, findSides, type SideEntry } from './clearing-memo.js';
import { amountIn, amountOut, apply, capacity, coinIndex, holding, inverseMarginalIn, marginalRate, outputCapacity, spotPrice, topCurvature } from './venue.js';

export const CLEARING_DEFAULTS = {
  /** Relative tolerance on Σq − Q (the marginal prices then agree to far better than 1e-9). */
  tolerance: 1e-12,
  maxIterations: 200,
  /** Compute the venues' next states. */
  apply: true,
  /** Purchases: at most this share of what a venue of unbounded cost (x·y = k, StableSwap) holds is bought. */
  maxFillShare: 0.999,
};

export interface ClearingOptions {
  /** USD price per asset index: values the coin each venue pays (sales) or takes (purchases). Needed when venues differ in that coin. */
  prices?: ArrayLike<number>;
  /** Sales: the coin(s) received, by asset index or id (a route hop restricts it); default any, the best per venue. */
  receive?: number | string | readonly (number | string)[];
  /** Purchases: the coin(s) paid; default any, the cheapest per venue. */
  pay?: number | string | readonly (number | string)[];
  tolerance?: number;
  maxIterations?: number;
  apply?: boolean;
  maxFillShare?: number;
}

/** Amount of one coin received or paid, by asset. */
export interface CoinAmount {
  /** Asset index (−1 for a venue compiled without a network). */
  asset: number;
  coin: string;
  amount: number;
}

export interface Clearing {
  /** The asset sold (clearSales) or bought (clearPurchases). */
  asset: number | string;
  /** The amount asked for. */
  amount: number;
  /** Sales: Σ amountsIn; purchases: Σ amountsOut (what was bought). */
  filled: number;
  /** What the venues could not take (sales beyond every venue's capacity) or deliver (purchases). */
  unfilled: number;
  /** Per venue, aligned with the input: coin index paid in (−1: the venue takes no part), coin index received. */
  coinIn: number[];
  coinOut: number[];
  amountsIn: number[];
  amountsOut: number[];
  /** Sales: the proceeds per coin received; purchases: the cost per coin paid. */
  byCoin: CoinAmount[];
  /** Sales: proceeds in USD; purchases: cost in USD (at the option prices; 1 per token without them). */
  usd: number;
  /** USD per unit of the asset, fees included (0 when nothing traded). */
  averagePrice: number;
  /** Pre-trade fee-free USD price of the asset over the venues used, weighted by the USD value they hold of the coin the trade receives. */
  spotPrice: number;
  /** USD per unit of the asset at the margin after the trade: the common marginal price. */
  marginalPrice: number;
  /** Sales: 1 − average/spot; purchases: average/spot − 1 (fees included). */
  slippage: number;
  /** The venues' next states (the input states where `apply` is false or nothing traded). */
  states: VenueState[];
  iterations: number;
}

// Reused scratch buffers (the clearing is not re-entrant): grown to the largest venue count seen.
let cap = 0;
let coinI = new Int32Array(0);
let coinJ = new Int32Array(0);
let scale = new Float64Array(0);
let peak = new Float64Array(0);
let order = new Int32Array(0);
let curve = new Float64Array(0);
let limit = new Float64Array(0);
let qty = new Float64Array(0);
let got = new Float64Array(0);
let deriv = new Float64Array(0);
/** inverseMarginalIn's slot: out[0..2], rate in [3], hint in [4]. */
const one = new Float64Array(5);

function grow(n: number): void {
  if (n <= cap) return;
  cap = Math.max(n, 2 * cap, 16);
  coinI = new Int32Array(cap);
  coinJ = new Int32Array(cap);
  scale = new Float64Array(cap);
  peak = new Float64Array(cap);
  order = new Int32Array(cap);
  curve = new Float64Array(cap);
  limit = new Float64Array(cap);
  qty = new Float64Array(cap);
  got = new Float64Array(cap);
  deriv = new Float64Array(cap);
}

/** The coins a clearing may receive (sales) or pay (purchases): one, a list, or any (undefined); checked, never copied. */
type CoinSelection = ClearingOptions['receive'];

function checkSelection(fn: string, sel: CoinSelection): void {
  if (Array.isArray(sel) && sel.length === 0) throw new Error(`${fn}: expected at least one coin to restrict to, got an empty list`);
}

function isCoin(state: VenueState, k: number, a: number | string): boolean {
  return typeof a === 'number' ? state.coins[k] === a : state.coinIds[k] === a;
}

function allowed(state: VenueState, k: number, sel: CoinSelection): boolean {
  if (sel === undefined) return true;
  if (!Array.isArray(sel)) return isCoin(state, k, sel as number | string);
  for (const a of sel as readonly (number | string)[]) if (isCoin(state, k, a)) return true;
  return false;
}

function usdOf(fn: string, state: VenueState, k: number, prices: ArrayLike<number> | undefined): number {
  if (!prices) return 1;
  const a = state.coins[k]!;
  const p = a >= 0 ? prices[a] : undefined;
  if (!(p !== undefined && p > 0 && p < Infinity)) throw new Error(`${fn}: expected a finite USD price > 0 for "${state.coinIds[k]}" (asset ${a}) in options.prices, got ${p}`);
  return p;
}

/**
 * Spread a sale of `amount` of `asset` (an asset index, or an id) across `venues` — every venue given must trade
 * it — so that all end at the same marginal USD proceeds per unit; returns per-venue amounts, proceeds,
 * average price, slippage and the venues' next states.
 */
export function clearSales(venues: readonly VenueState[], asset: number | string, amount: number, options: ClearingOptions = {}): Clearing {
  return clear('clearSales', venues, asset, amount, options, false);
}

/**
 * Buy exactly `amount` of `asset` across `venues` (a liquidator buying the debt asset it must repay), so that all
 * end at the same marginal USD cost per unit; returns per-venue amounts paid and received, the cost, average
 * price, slippage and the venues' next states. What exceeds `maxFillShare` of the venues' holdings is unfilled.
 */
export function clearPurchases(venues: readonly VenueState[], asset: number | string, amount: number, options: ClearingOptions = {}): Clearing {
  return clear('clearPurchases', venues, asset, amount, options, true);
}

/**
 * What clearSales(venues, asset, amount, options).byCoin would sum to — the proceeds in the coin(s) received —
 * computed the same way (same split, same sums in the same order) without the per-venue arrays or the trade record:
 * a price quote for a seller sizing a sale (the cascade's liquidators). With `next`, the venues' next states too
 * (clearSales' `states`, aligned with `venues`): a trial sale that only needs where the venues end (the arbitrage).
 */
export function quoteSales(venues: readonly VenueState[], asset: number | string, amount: number, options: ClearingOptions = {}, next: VenueState[] | null = null): number {
  const applies = split('quoteSales', venues, asset, amount, options, false, true).apply && next !== null;
  return proceedsOf(venues, next, applies);
}

/**
 * quoteSales on venues, an asset and options that stay the same while the amount changes (a liquidator's search
 * quotes one hop at many sizes on venues that do not move while it searches): `holdSales` sets them, `quoteHeld`
 * quotes. The first quote is quoteSales itself; the next ones read back the venue sides it used (clearing-memo.ts) with
 * neither the options' checks nor the memo's look-up, while no other clearing has claimed that entry for other inputs
 * — the same steps on the same numbers, so the same doubles. The caller changes neither the venues array nor the
 * options while it holds them.
 */
export class HeldSales {
  venues: readonly VenueState[] = [];
  asset: number | string = -1;
  options: ClearingOptions = {};
  /** The entry of the first quote's venue sides, and its claim count then (clearing-memo.ts). */
  sides: SideEntry | null = null;
  claims = -1;
  /** The first quote's tolerance and iteration cap (checked by it). */
  tolerance = CLEARING_DEFAULTS.tolerance;
  maxIterations = CLEARING_DEFAULTS.maxIterations;
}

/** Holds `venues`, `asset` and `options` in `h` for quoteHeld (nothing quoted yet). */
export function holdSales(h: HeldSales, venues: readonly VenueState[], asset: number | string, options: ClearingOptions): void {
  h.venues = venues;
  h.asset = asset;
  h.options = options;
  h.sides = null;
}

/** quoteSales(h.venues, h.asset, amount, h.options) (see HeldSales). */
export function quoteHeld(h: HeldSales, amount: number): number {
  const e = h.sides;
  if (e === null || e.claims !== h.claims) {
    const v = quoteSales(h.venues, h.asset, amount, h.options);
    const used = splitResult.sides!;
    h.sides = used;
    h.claims = used.claims;
    h.tolerance = h.options.tolerance ?? CLEARING_DEFAULTS.tolerance;
    h.maxIterations = h.options.maxIterations ?? CLEARING_DEFAULTS.maxIterations;
    return v;
  }
  checkAmount('quoteSales', 'amount', amount);
  restoreSides(e);
  splitOn(h.venues, amount, e, false, true, h.tolerance, h.maxIterations);
  return proceedsOf(h.venues, null, false);
}

/**
 * What the split in the scratch buffers returns: byCoin's per-coin subtotals, in order of first appearance, then their
 * sum (as RouteSale/HopTrade sum them); with `next` (`applies`: the next states computed), the venues' next states.
 */
function proceedsOf(venues: readonly VenueState[], next: VenueState[] | null, applies: boolean): number {
  const n = venues.length;
  let first = '';
  let firstAmount = 0;
  let others: CoinAmount[] | null = null;
  for (let k = 0; k < n; k++) {
    if (next) next[k] = venues[k]!;
    const i = coinI[k]!;
    if (i < 0) continue;
    const dx = qty[k]!;
    if (!(dx > 0)) continue;
    const s = venues[k]!;
    const j = coinJ[k]!;
    const dy = amountOut(s, i, j, dx);
    if (applies) next![k] = apply(s, i, j, dx);
    const id = s.coinIds[j]!;
    if (first === '' || id === first) {
      first = id;
      firstAmount += dy;
      continue;
    }
    others ??= [];
    let entry = others.find((e) => e.coin === id);
    if (!entry) others.push((entry = { asset: s.coins[j]!, coin: id, amount: 0 }));
    entry.amount += dy;
  }
  let total = 0 + firstAmount;
  if (others) for (const e of others) total += e.amount;
  return total;
}

function clear(fn: string, venues: readonly VenueState[], asset: number | string, amount: number, options: ClearingOptions, purchase: boolean): Clearing {
  // split's result is shared by every clearing: read into locals at once
  const { apply: applies, r, iterations, spotNum, spotDen } = split(fn, venues, asset, amount, options, purchase, false);
  const n = venues.length;
  const prices = options.prices;

  // 3. Amounts, proceeds and next states.
  // plain arrays: a typed array allocation costs more than the rest of a small clearing
  const amountsIn: number[] = new Array<number>(n).fill(0);
  const amountsOut: number[] = new Array<number>(n).fill(0);
  const cIn: number[] = new Array<number>(n).fill(-1);
  const cOut: number[] = new Array<number>(n).fill(-1);
  const states = venues.slice();
  const byCoin: CoinAmount[] = [];
  let usd = 0;
  let filled = 0;
  for (let k = 0; k < n; k++) {
    const s = venues[k]!;
    const i = coinI[k]!;
    cIn[k] = i;
    cOut[k] = i < 0 ? -1 : coinJ[k]!;
    if (i < 0) continue;
    const j = coinJ[k]!;
    let dx: number;
    let dy: number;
    if (purchase) {
      dy = got[k]!;
      if (!(dy > 0)) continue;
      dx = amountIn(s, i, j, dy);
    } else {
      dx = qty[k]!;
      if (!(dx > 0)) continue;
      dy = amountOut(s, i, j, dx);
    }
    amountsIn[k] = dx;
    amountsOut[k] = dy;
    filled += purchase ? dy : dx;
    const side = purchase ? i : j;
    const value = (purchase ? dx : dy) * usdOf(fn, s, side, prices);
    usd += value;
    const assetIdx = s.coins[side]!;
    const id = s.coinIds[side]!;
    let entry = byCoin.find((e) => e.coin === id);
    if (!entry) byCoin.push((entry = { asset: assetIdx, coin: id, amount: 0 }));
    entry.amount += purchase ? dx : dy;
    if (applies) states[k] = apply(s, i, j, dx);
  }
  const spot = spotDen > 0 ? spotNum / spotDen : 0;
  const average = filled > 0 ? usd / filled : 0;
  const slippage = filled > 0 && spot > 0 ? (purchase ? average / spot - 1 : 1 - average / spot) : 0;
  return {
    asset,
    amount,
    filled,
    unfilled: Math.max(0, amount - filled),
    coinIn: cIn,
    coinOut: cOut,
    amountsIn,
    amountsOut,
    byCoin,
    usd,
    averagePrice: average,
    spotPrice: spot,
    marginalPrice: purchase ? (r > 0 ? 1 / r : 0) : r,
    slippage,
    states,
    iterations,
  };
}

/**
 * Step 1 for venue k: the side of the trade it takes (i sold in, j out: the coin that pays best at its marginal rate),
 * written to the scratch buffers; returns that best value (sales: USD per unit sold; purchases: units per USD), or 0
 * when the venue takes no part (coinI[k] = −1).
 */
function venueSide(fn: string, s: VenueState, k: number, asset: number | string, other: CoinSelection, prices: ArrayLike<number> | undefined, purchase: boolean): number {
  const a = coinIndex(s, asset);
  if (a < 0) throw new Error(`${fn}: venue "${s.id}" does not trade asset ${JSON.stringify(asset)} (coins ${s.coinIds.join(', ')})`);
  let best = -1;
  let bestValue = 0;
  let bestScale = 0;
  for (let c = 0; c < s.coins.length; c++) {
    if (c === a || !allowed(s, c, other)) continue;
    const p = usdOf(fn, s, c, prices);
    // sales: USD per unit sold = MR·P_c; purchases: units bought per USD = MR/P_c
    const value = purchase ? marginalRate(s, c, a, 0) / p : marginalRate(s, a, c, 0) * p;
    if (best < 0 || value > bestValue) {
      best = c;
      bestValue = value;
      bestScale = purchase ? p : 1 / p;
    }
  }
  coinI[k] = purchase ? best : a;
  coinJ[k] = purchase ? a : best;
  qty[k] = 0;
  got[k] = 0;
  deriv[k] = 0;
  if (best < 0 || !(bestValue > 0)) {
    coinI[k] = -1;
    return 0;
  }
  scale[k] = bestScale;
  peak[k] = bestValue;
  return bestValue;
}

/** Step 2: every venue filled to capacity when the target takes it all, else the common marginal price r solved for. */
function commonPrice(venues: readonly VenueState[], n: number, target: number, all: boolean, top: number, purchase: boolean, tolerance: number, maxIterations: number, sides: SideEntry): number {
  if (!all) {
    const r = solve(venues, n, target, top, purchase, tolerance, maxIterations, sides);
    distributeResidual(n, target, purchase);
    return r;
  }
  for (let k = 0; k < n; k++) {
    if (coinI[k]! < 0) continue;
    if (purchase) {
      got[k] = limit[k]!;
      qty[k] = capacity(venues[k]!, coinI[k]!, coinJ[k]!);
    } else qty[k] = limit[k]!;
  }
  return 0;
}

/** What split leaves besides the scratch buffers (one object, rewritten by every split: its number fields stay unboxed). */
interface SplitResult {
  apply: boolean;
  r: number;
  iterations: number;
  spotNum: number;
  spotDen: number;
  /** The venue sides it used (the memo's entry). */
  sides: SideEntry | null;
}

const splitResult: SplitResult = { apply: true, r: 0.5, iterations: 0, spotNum: 0.5, spotDen: 0.5, sides: null };

/**
 * Steps 1 and 2 of a clearing: each venue's side of the trade and the common marginal price; leaves the split in the
 * scratch buffers (coinI, coinJ, qty, got) and returns the price, the solver's iterations and the spot-price terms.
 */
function split(
  fn: string,
  venues: readonly VenueState[],
  asset: number | string,
  amount: number,
  options: ClearingOptions,
  purchase: boolean,
  quote: boolean,
): SplitResult {
  // DEFAULTS merged field by field, into locals: an object here costs more than a small clearing
  const maxFillShare = options.maxFillShare ?? CLEARING_DEFAULTS.maxFillShare;
  const out = splitResult;
  out.apply = options.apply ?? CLEARING_DEFAULTS.apply;
  checkAmount(fn, 'amount', amount);
  if (!(maxFillShare > 0 && maxFillShare < 1)) throw new Error(`${fn}: maxFillShare must be in (0, 1), got ${maxFillShare}`);
  const tol = options.tolerance ?? CLEARING_DEFAULTS.tolerance;
  const maxIterations = options.maxIterations ?? CLEARING_DEFAULTS.maxIterations;
  if (!(tol > 0 && tol < Infinity)) throw new Error(`${fn}: tolerance must be a finite number > 0, got ${tol}`);
  if (!(Number.isInteger(maxIterations) && maxIterations >= 1)) throw new Error(`${fn}: maxIterations must be an integer >= 1, got ${maxIterations}`);
  const n = venues.length;
  grow(n);
  const other = purchase ? options.pay : options.receive;
  checkSelection(fn, other);
  const prices = options.prices;

  // 1. Each venue's side of the trade; top = the best marginal price (read back when these venues were just cleared).
  let sides = findSides(venues, asset, other, purchase, maxFillShare, prices);
  if (sides) restoreSides(sides);
  else sides = sideOfEachVenue(fn, venues, asset, other, prices, purchase, maxFillShare);

  out.sides = sides;
  return splitOn(venues, amount, sides, purchase, quote, tol, maxIterations);
}

/** Step 2 of a clearing on the venue sides `sides` (in the scratch buffers): the common marginal price. */
function splitOn(venues: readonly VenueState[], amount: number, sides: SideEntry, purchase: boolean, quote: boolean, tol: number, maxIterations: number): SplitResult {
  const out = splitResult;
  // The common marginal price r (sales: USD per unit sold; purchases: units per USD) such that Σ = target.
  const { top, finiteCap, unboundedCap } = sides;
  const total = finiteCap + unboundedCap;
  const target = Math.min(amount, total);
  out.spotNum = sides.spotNum;
  out.spotDen = sides.spotDen;
  out.r = top;
  out.iterations = 0;
  if (!(target > 0 && top > 0)) return out;
  const all = target >= total && unboundedCap === 0;
  // A quote on one venue under the solve it was measured for: its residual spread gives it the target exactly (docs/market.md §5, "One venue").
  if (quote && !all && sides.single >= 0 && tol === SOLO_TOLERANCE && maxIterations === SOLO_ITERATIONS && target >= SOLO_SHARE * soloDepth(venues, sides)) {
    qty[sides.single] = target;
    return out;
  }
  out.r = commonPrice(venues, venues.length, target, all, top, purchase, tol, maxIterations, sides);
  out.iterations = all ? 0 : last.iterations;
  return out;
}

/**
 * The lone venue's depth bound: all it can pay out, in units of the coin sold at its best marginal rate — at least what
 * it sells before that rate falls (the rate only falls) — remembered in the entry.
 */
function soloDepth(venues: readonly VenueState[], sides: SideEntry): number {
  if (sides.depth >= 0) return sides.depth;
  const k = sides.single;
  return (sides.depth = outputCapacity(venues[k]!, coinI[k]!, coinJ[k]!) / (peak[k]! * scale[k]!));
}

/** A quote on one venue of at least this share of its depth bound (soloDepth) needs no solve (docs/market.md §5)… */
const SOLO_SHARE = 1e-6;
/** …when the solve would run with the tolerance and iterations this was measured for (the defaults as shipped). */
const SOLO_TOLERANCE = 1e-12;
const SOLO_ITERATIONS = 200;

/** Step 1 into the scratch buffers, from a remembered entry. */
function restoreSides(e: SideEntry): void {
  for (let k = 0; k < e.n; k++) {
    coinI[k] = e.coinI[k]!;
    coinJ[k] = e.coinJ[k]!;
    scale[k] = e.scale[k]!;
    peak[k] = e.peak[k]!;
    limit[k] = e.limit[k]!;
    qty[k] = 0;
    got[k] = 0;
    deriv[k] = 0;
  }
}

/** Step 1 computed: each venue's side into the scratch buffers, remembered in an entry (claimed once nothing threw). */
function sideOfEachVenue(fn: string, venues: readonly VenueState[], asset: number | string, other: CoinSelection, prices: ArrayLike<number> | undefined, purchase: boolean, maxFillShare: number): SideEntry {
  const n = venues.length;
  let top = 0;
  let spotNum = 0;
  let spotDen = 0;
  let finiteCap = 0;
  let unboundedCap = 0;
  let firstCoin = '';
  let single = -1;
  let parts = 0;
  for (let k = 0; k < n; k++) {
    const s = venues[k]!;
    const bestValue = venueSide(fn, s, k, asset, other, prices, purchase);
    if (bestValue === 0) continue;
    parts++;
    single = k;
    const i = coinI[k]!;
    const j = coinJ[k]!;
    const coinId = s.coinIds[purchase ? i : j]!;
    if (!prices && firstCoin !== '' && coinId !== firstCoin)
      throw new Error(`${fn}: venues ${purchase ? 'take' : 'pay'} different coins ("${firstCoin}", "${coinId}"); expected options.prices (USD per asset index) to value them`);
    firstCoin = coinId;
    top = Math.max(top, bestValue);
    // the pre-trade reference price, weighted by the USD value of what the trade receives
    const pj = purchase ? 1 / scale[k]! : usdOf(fn, s, j, prices);
    const spotUsd = purchase ? spotPrice(s, j, i) * scale[k]! : spotPrice(s, i, j) * pj;
    const w = holding(s, j) * (purchase ? spotUsd : pj);
    spotNum += w * spotUsd;
    spotDen += w;
    if (purchase && capacity(s, i, j) === Infinity) {
      limit[k] = outputCapacity(s, i, j) * maxFillShare;
      unboundedCap += limit[k]!;
    } else {
      limit[k] = purchase ? outputCapacity(s, i, j) : capacity(s, i, j);
      finiteCap += limit[k]!;
    }
  }
  const e = claimSides(venues, asset, other, purchase, maxFillShare, prices);
  for (let k = 0; k < n; k++) {
    e.coinI[k] = coinI[k]!;
    e.coinJ[k] = coinJ[k]!;
    e.scale[k] = scale[k]!;
    e.peak[k] = peak[k]!;
    e.limit[k] = limit[k]!;
  }
  e.top = top;
  e.spotNum = spotNum;
  e.spotDen = spotDen;
  e.finiteCap = finiteCap;
  e.unboundedCap = unboundedCap;
  e.single = parts === 1 ? single : -1;
  e.depth = -1;
  return e;
}

/**
 * The solver's last iteration count and total slope, and evaluate's price and total (fields of one object: a
 * module-level number would be boxed at every write, and one passed to or returned from evaluate where V8 does not
 * inline it).
 */
const last = { iterations: 0, slope: 0.5, r: 0.5, total: 0.5 };

/** Σ over venues at the common price last.r: fills qty/got/deriv (d(total)/dr per venue), the total to last.total. */
function evaluate(venues: readonly VenueState[], n: number, purchase: boolean): void {
  const r = last.r;
  let sum = 0;
  let slope = 0;
  for (let k = 0; k < n; k++) {
    const i = coinI[k]!;
    if (i < 0) continue;
    const sc = scale[k]!;
    const rate = r * sc;
    one[3] = rate;
    one[4] = qty[k]!;
    inverseMarginalIn(venues[k]!, i, coinJ[k]!, one);
    qty[k] = one[0]!;
    got[k] = one[2]!;
    // d(dx)/dr = d(dx)/d(rate)·scale; purchases count the output: d(out) = rate·d(dx) on the curve
    const d = purchase ? rate * one[1]! * sc : one[1]! * sc;
    deriv[k] = d;
    slope += d;
    sum += purchase ? one[2]! : one[0]!;
  }
  last.slope = slope;
  last.total = sum;
}

/**
 * The common price r: safeguarded Newton on a bracket, in v = r^(−1/2) for sales (x·y = k and v3 ranges are
 * linear in it) and v = −r^(1/2) for purchases (their outputs are linear in it). Until a point past the target is
 * found, steps are capped
 * (a curve with no slope at its top, the square-root law, would send Newton far away); bisection otherwise;
 * stops at the tolerance, or when the total no longer improves at the limit of float precision.
 */
function solve(venues: readonly VenueState[], n: number, target: number, top: number, purchase: boolean, tol: number, maxIterations: number, sides: SideEntry): number {
  let lo = purchase ? -Math.sqrt(top) : 1 / Math.sqrt(top);
  let hi = purchase ? 0 : Infinity;
  // `+` (the same double): a loop variable first set from a call's result is of any type to V8, its every new value boxed
  let r = +initialGuess(venues, n, target, purchase, sides);
  let v = lo;
  let cap = 1e-3;
  if (r > 0 && r < top) {
    v = purchase ? -Math.sqrt(r) : 1 / Math.sqrt(r);
    cap = 1;
  }
  let best = Infinity;
  let stalls = 0;
  let bracketed = false;
  let it = 0;
  for (; it < maxIterations; it++) {
    r = purchase ? v * v : 1 / (v * v);
    last.r = r;
    evaluate(venues, n, purchase);
    const f = last.total - target;
    const af = Math.abs(f);
    if (af <= tol * target) break;
    if (f < 0) lo = v;
    else {
      hi = v;
      bracketed = true;
    }
    const width = hi - lo;
    const size = Math.max(Math.abs(lo), Math.abs(hi));
    if (hi < Infinity && width <= 4e-16 * size) break;
    if (af < best) {
      best = af;
      stalls = 0;
    } else if (++stalls >= 3 && hi < Infinity && width <= 1e-12 * size) break;
    // dS/dv = dS/dr · dr/dv
    const drdv = purchase ? 2 * v : -2 / (v * v * v);
    const slope = last.slope * drdv;
    let next = slope > 0 ? v - f / slope : NaN;
    // a Newton step below float resolution: v is as good as it gets
    if (Math.abs(next - v) <= 4e-16 * Math.abs(v)) break;
    if (!bracketed) {
      // no point above the target yet: move by at most cap·|v| (cap growing), never past hi
      const far = v + cap * Math.abs(v);
      next = next > v ? Math.min(next, far) : far;
      if (!(next < hi)) next = 0.5 * (v + hi);
      cap *= 10;
    } else if (!(next > lo && next < hi)) {
      next = !purchase && hi > 1.5 * lo ? Math.sqrt(lo * hi) : 0.5 * (lo + hi);
    }
    if (next === v) break;
    v = next;
  }
  last.iterations = it + 1;
  return r;
}

/** The first guess's amount-free half into the scratch buffers (deriv, curve, order), remembered in `sides`; the venues taking part. */
function guessTerms(venues: readonly VenueState[], n: number, purchase: boolean, sides: SideEntry): number {
  let m = 0;
  for (let k = 0; k < n; k++) {
    if (coinI[k]! < 0) continue;
    const sc = scale[k]!;
    const rate = peak[k]! * sc * (1 - 1e-9);
    one[3] = rate;
    one[4] = 0;
    inverseMarginalIn(venues[k]!, coinI[k]!, coinJ[k]!, one);
    deriv[k] = -(purchase ? rate * one[1]! * sc : one[1]! * sc);
    curve[k] = topCurvature(venues[k]!, coinI[k]!) * sc * sc;
    // insertion by decreasing peak
    let p = m++;
    while (p > 0 && peak[order[p - 1]!]! < peak[k]!) {
      order[p] = order[p - 1]!;
      p--;
    }
    order[p] = k;
  }
  for (let p = 0; p < m; p++) {
    const k = order[p]!;
    sides.order[p] = k;
    sides.deriv[k] = deriv[k]!;
    sides.curve[k] = curve[k]!;
  }
  sides.participants = m;
  sides.guessed = true;
  return m;
}

/** The first guess's amount-free half read back (a clearing on the same venues and prices needed it before). */
function restoreGuessTerms(sides: SideEntry): number {
  const m = sides.participants;
  for (let p = 0; p < m; p++) {
    const k = sides.order[p]!;
    order[p] = k;
    deriv[k] = sides.deriv[k]!;
    curve[k] = sides.curve[k]!;
  }
  return m;
}

/**
 * A first guess: each venue's amount expanded at its best price m_k, q_k ≈ d_k·(m_k − r) + e_k·(m_k − r)², with
 * d_k = −dq_k/dr just below m_k and e_k the exact quadratic term of a square-root book (0 elsewhere), summed over
 * the venues whose m_k exceeds r (water-filling by decreasing m_k); 0 when the model cannot reach the target.
 */
function initialGuess(venues: readonly VenueState[], n: number, target: number, purchase: boolean, sides: SideEntry): number {
  const m = sides.guessed ? restoreGuessTerms(sides) : guessTerms(venues, n, purchase, sides);
  // Σ d_k(m_k − r) + e_k(m_k − r)² = T  ⇔  E·r² − (D + 2Σe_k·m_k)·r + (Σd_k·m_k + Σe_k·m_k² − T) = 0
  let D = 0;
  let Dm = 0;
  let E = 0;
  let Em = 0;
  let Emm = 0;
  for (let p = 0; p < m; p++) {
    const k = order[p]!;
    const mk = peak[k]!;
    D += deriv[k]!;
    Dm += deriv[k]! * mk;
    E += curve[k]!;
    Em += curve[k]! * mk;
    Emm += curve[k]! * mk * mk;
    const b = D + 2 * Em;
    const c = Dm + Emm - target;
    if (!(b > 0)) continue;
    const disc = b * b - 4 * E * c;
    const r = E > 0 ? (disc >= 0 ? (2 * c) / (b + Math.sqrt(disc)) : -1) : c / b;
    const nextPeak = p + 1 < m ? peak[order[p + 1]!]! : 0;
    if (r >= nextPeak) return r;
  }
  return 0;
}

/** Spread Σ − target over the venues in proportion to their sensitivity, so that the sum is exact. */
function distributeResidual(n: number, target: number, purchase: boolean): void {
  let sum = 0;
  let slope = 0;
  let biggest = -1;
  for (let k = 0; k < n; k++) {
    if (coinI[k]! < 0) continue;
    sum += purchase ? got[k]! : qty[k]!;
    slope += deriv[k]!;
    if (biggest < 0 || (purchase ? got[k]! > got[biggest]! : qty[k]! > qty[biggest]!)) biggest = k;
  }
  const residual = target - sum;
  if (residual === 0 || biggest < 0) return;
  for (let k = 0; k < n; k++) {
    if (coinI[k]! < 0) continue;
    const share = slope !== 0 ? deriv[k]! / slope : k === biggest ? 1 : 0;
    if (share === 0) continue;
    if (purchase) got[k] = Math.min(Math.max(0, got[k]! + residual * share), limit[k]!);
    else qty[k] = Math.min(Math.max(0, qty[k]! + residual * share), limit[k]!);
  }
}
