/**
 * Concentrated liquidity, Uniswap v3 style (Uniswap v3 whitepaper §6.2, eq. 6.13–6.16 within a range,
 * 6.29–6.30 for what a range holds): within a range of liquidity L, Δ√P = Δy/L and Δ(1/√P) = Δx/L, P = coin 1
 * per coin 0. A swap walks the ranges in price order (SwapMath.computeSwapStep per range, as UniswapV3Pool.swap
 * crosses ticks), the fee is taken on the input and paid outside the curve; past the last range it stops: the
 * venue pays what its ranges hold, no more, and takes only the input that bought it. Maths: docs/market.md §2.
 */
import { checkAmount, checkPair, checkPrice, checkRate, checkWithdrawnShare } from './check.js';
import { DOUBLES_PRIMER, makeCommon, type CommonArgs } from './common.js';
import { pricedPair, type VenueCommon } from './common.js';
import type { ConcentratedVenue } from '../network/schema/venue.js';
import type { VenueKindRules } from './kind.js';

/**
 * Uniswap v3 style liquidity on price ranges: √price bounds ascending, disjoint, each with its active
 * liquidity L > 0 (whole-token units); between ranges there is none. The fee is paid outside the curve.
 */
export interface ConcentratedState extends VenueCommon {
  readonly kind: 'concentrated';
  readonly sqrtLower: Float64Array;
  readonly sqrtUpper: Float64Array;
  readonly liquidity: Float64Array;
  /** √P, P = coin 1 per coin 0 in whole tokens. */
  readonly sqrtPrice: number;
}

export interface RangeArgs {
  /** Range bounds, coin 1 per coin 0 in whole tokens. */
  lower: number;
  upper: number;
  /** Active liquidity in whole-token units (raw L / 10^((d0+d1)/2)). */
  liquidity: number;
}

export interface ConcentratedArgs extends CommonArgs {
  /** Sorted, disjoint ranges (a range may start where the previous one ends). */
  ranges: readonly RangeArgs[];
  /** Current price, coin 1 per coin 0. */
  price: number;
}

/** A checked v3 state; ranges without liquidity are dropped (they trade like a gap). */
export function createConcentrated(args: ConcentratedArgs): ConcentratedState {
  const common = makeCommon('createConcentrated', args, 2);
  const at = `createConcentrated: venue "${common.id}"`;
  if (args.ranges.length === 0) throw new Error(`${at}: expected at least one liquidity range, got none`);
  checkPrice('createConcentrated', 'price', args.price);
  let liquid = 0;
  args.ranges.forEach((r, k) => {
    if (!(r.lower > 0 && r.lower < Infinity)) throw new Error(`${at}: ranges[${k}].lower must be a finite price > 0, got ${r.lower}`);
    if (!(r.upper > r.lower && r.upper < Infinity)) throw new Error(`${at}: ranges[${k}].upper must be finite and > lower (${r.lower}), got ${r.upper}`);
    if (!(r.liquidity >= 0 && r.liquidity < Infinity)) throw new Error(`${at}: ranges[${k}].liquidity must be a finite amount >= 0, got ${r.liquidity}`);
    const prev = args.ranges[k - 1];
    if (prev && r.lower < prev.upper)
      throw new Error(`${at}: ranges[${k}] overlaps ranges[${k - 1}]: expected ranges sorted and disjoint (lower >= ${prev.upper}), got lower ${r.lower}`);
    if (r.liquidity > 0) liquid++;
  });
  if (liquid === 0) throw new Error(`${at}: expected at least one range with liquidity > 0, got none`);
  const sqrtLower = new Float64Array(liquid);
  const sqrtUpper = new Float64Array(liquid);
  const liquidity = new Float64Array(liquid);
  let k = 0;
  for (const r of args.ranges) {
    if (r.liquidity === 0) continue;
    sqrtLower[k] = Math.sqrt(r.lower);
    sqrtUpper[k] = Math.sqrt(r.upper);
    liquidity[k] = r.liquidity;
    k++;
  }
  return make(common, sqrtLower, sqrtUpper, liquidity, Math.sqrt(args.price));
}

function withSqrtPrice(s: ConcentratedState, sqrtPrice: number, liquidity = s.liquidity): ConcentratedState {
  return make(s, s.sqrtLower, s.sqrtUpper, liquidity, sqrtPrice);
}

/** Every state is built here, fields in one order, so that all v3 states share one hidden class. */
function make(s: VenueCommon, sqrtLower: Float64Array, sqrtUpper: Float64Array, liquidity: Float64Array, sqrtPrice: number): ConcentratedState {
  return {
    id: s.id,
    coins: s.coins,
    coinIds: s.coinIds,
    fee: s.fee,
    recoveryHalfLife: s.recoveryHalfLife,
    provider: s.provider,
    kind: 'concentrated',
    sqrtLower,
    sqrtUpper,
    liquidity,
    sqrtPrice,
  };
}

/** Highest range index whose lower bound is below √P (−1 when none): where a sale of coin 0 starts. */
function rangeBelow(s: ConcentratedState, sp: number): number {
  let lo = 0;
  let hi = s.sqrtLower.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (s.sqrtLower[mid]! < sp) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Lowest range index whose upper bound is above √P (length when none): where a sale of coin 1 starts. */
function rangeAbove(s: ConcentratedState, sp: number): number {
  let lo = 0;
  let hi = s.sqrtUpper.length - 1;
  let found = s.sqrtUpper.length;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (s.sqrtUpper[mid]! > sp) {
      found = mid;
      hi = mid - 1;
    } else lo = mid + 1;
  }
  return found;
}

/**
 * Results of the last walk (module scratch, so that the hot path allocates nothing): fields of one object, first NaN so
 * that they store doubles in place — a module-level `let` would box every double written to it.
 */
const walk = { out: Number.NaN, sqrt: Number.NaN, rest: Number.NaN };

/** Sell `amount` (after fee) of coin 0: price falls. Sets walk.out (coin 1), walk.sqrt (√P after), walk.rest (input not taken). */
function walkDown(s: ConcentratedState, amount: number): void {
  let sp = s.sqrtPrice;
  let rest = +amount; // `+`: a loop variable first set from a parameter would box every new value
  let out = 0;
  for (let k = rangeBelow(s, sp); k >= 0 && rest > 0; k--) {
    const L = s.liquidity[k]!;
    const lo = s.sqrtLower[k]!;
    const top = Math.min(sp, s.sqrtUpper[k]!);
    const need = L * (1 / lo - 1 / top);
    if (rest <= need) {
      // eq. 6.15–6.16: Δ(1/√P) = Δx/L, Δy = L·Δ√P
      // clamped into [lo, top]: rounding must not move the price backwards or past the range
      const spNew = Math.min(top, Math.max(lo, 1 / (1 / top + rest / L)));
      out += L * (top - spNew);
      sp = spNew;
      rest = 0;
      break;
    }
    out += L * (top - lo);
    rest -= need;
    sp = lo;
  }
  walk.out = out;
  walk.sqrt = sp;
  walk.rest = rest;
}

/** Sell `amount` (after fee) of coin 1: price rises. Sets walk.out (coin 0), walk.sqrt, walk.rest. */
function walkUp(s: ConcentratedState, amount: number): void {
  let sp = s.sqrtPrice;
  let rest = +amount; // `+`: a loop variable first set from a parameter would box every new value
  let out = 0;
  const m = s.sqrtUpper.length;
  for (let k = rangeAbove(s, sp); k < m && rest > 0; k++) {
    const L = s.liquidity[k]!;
    const hi = s.sqrtUpper[k]!;
    const bottom = Math.max(sp, s.sqrtLower[k]!);
    const need = L * (hi - bottom);
    if (rest <= need) {
      // eq. 6.13–6.14: Δ√P = Δy/L, Δx = L·Δ(1/√P)
      const spNew = Math.max(bottom, Math.min(hi, bottom + rest / L));
      out += L * (1 / bottom - 1 / spNew);
      sp = spNew;
      rest = 0;
      break;
    }
    out += L * (1 / bottom - 1 / hi);
    rest -= need;
    sp = hi;
  }
  walk.out = out;
  walk.sqrt = sp;
  walk.rest = rest;
}

/** Exact input (QuoterV2.quoteExactInputSingle without a price limit): coin j received for dx of coin i. */
export function quoteExactInput(s: ConcentratedState, i: number, j: number, dx: number): number {
  checkPair('quoteExactInput', s, i, j);
  checkAmount('quoteExactInput', 'dx', dx);
  if (dx === 0) return 0;
  if (i === 0) walkDown(s, (1 - s.fee) * dx);
  else walkUp(s, (1 - s.fee) * dx);
  return walk.out;
}

/** Exact output (QuoterV2.quoteExactOutputSingle): coin i needed to receive dy of coin j; throws beyond what the ranges hold. */
export function quoteExactOutput(s: ConcentratedState, i: number, j: number, dy: number): number {
  checkPair('quoteExactOutput', s, i, j);
  checkAmount('quoteExactOutput', 'dy', dy);
  if (dy === 0) return 0;
  let sp = s.sqrtPrice;
  let rest = dy;
  let input = 0;
  if (i === 0) {
    for (let k = rangeBelow(s, sp); k >= 0 && rest > 0; k--) {
      const L = s.liquidity[k]!;
      const lo = s.sqrtLower[k]!;
      const top = Math.min(sp, s.sqrtUpper[k]!);
      const avail = L * (top - lo);
      if (rest <= avail) {
        const spNew = Math.max(lo, top - rest / L);
        input += L * (1 / spNew - 1 / top);
        rest = 0;
        break;
      }
      input += L * (1 / lo - 1 / top);
      rest -= avail;
      sp = lo;
    }
  } else {
    const m = s.sqrtUpper.length;
    for (let k = rangeAbove(s, sp); k < m && rest > 0; k++) {
      const L = s.liquidity[k]!;
      const hi = s.sqrtUpper[k]!;
      const bottom = Math.max(sp, s.sqrtLower[k]!);
      const avail = L * (1 / bottom - 1 / hi);
      if (rest <= avail) {
        const spNew = Math.min(hi, 1 / (1 / bottom - rest / L));
        input += L * (spNew - bottom);
        rest = 0;
        break;
      }
      input += L * (hi - bottom);
      rest -= avail;
      sp = hi;
    }
  }
  if (rest > 1e-12 * dy) throw new Error(`quoteExactOutput: dy ${dy} exceeds what venue "${s.id}" holds of coin ${j} on the way (${dy - rest})`);
  return input / (1 - s.fee);
}

export const amountOut = quoteExactInput;
export const amountIn = quoteExactOutput;

/** d(out)/d(in) after fees after selling dx: γ·P' selling coin 0, γ/P' selling coin 1; 0 past the last range. */
export function marginalRate(s: ConcentratedState, i: number, j: number, dx: number): number {
  checkPair('marginalRate', s, i, j);
  checkAmount('marginalRate', 'dx', dx);
  const g = 1 - s.fee;
  let sp: number;
  if (dx === 0) {
    // Rate of the first unit: where the walk starts (the next range's edge when the price sits in a gap).
    if (i === 0) {
      const k = rangeBelow(s, s.sqrtPrice);
      if (k < 0) return 0;
      sp = Math.min(s.sqrtPrice, s.sqrtUpper[k]!);
    } else {
      const k = rangeAbove(s, s.sqrtPrice);
      if (k >= s.sqrtUpper.length) return 0;
      sp = Math.max(s.sqrtPrice, s.sqrtLower[k]!);
    }
  } else {
    if (i === 0) walkDown(s, g * dx);
    else walkUp(s, g * dx);
    // past the last range (rounding at exactly the capacity still counts as inside)
    if (walk.rest > 1e-12 * g * dx) return 0;
    sp = walk.sqrt;
  }
  return i === 0 ? g * sp * sp : g / (sp * sp);
}

/**
 * Inverse of marginalRate for the clearing: out[0] = the largest dx with marginalRate >= rate, out[1] =
 * d(dx)/d(rate) (0 in a gap or past the last range), out[2] = the amount received. rate > 0.
 */
export function inverseMarginal(s: ConcentratedState, i: number, j: number, rate: number, out: Float64Array): void {
  searchRate[0] = rate;
  rangeSearch(s, i, out);
}

/**
 * inverseMarginal's rate for rangeSearch: a walk too long for V8 to inline, to which a number passed would be a heap
 * number allocated at every call. Written just before the call and read at its start only.
 */
const searchRate = new Float64Array(1);

/** inverseMarginal on searchRate's rate. */
function rangeSearch(s: ConcentratedState, i: number, out: Float64Array): void {
  const rate = searchRate[0]!;
  const g = 1 - s.fee;
  let sp = s.sqrtPrice;
  let input = 0;
  let received = 0;
  let slope = 0;
  if (i === 0) {
    const target = Math.sqrt(rate / g);
    for (let k = rangeBelow(s, sp); k >= 0; k--) {
      const L = s.liquidity[k]!;
      const lo = s.sqrtLower[k]!;
      const top = Math.min(sp, s.sqrtUpper[k]!);
      if (target >= top) break;
      if (target >= lo) {
        input += L * (1 / target - 1 / top);
        received += L * (top - target);
        slope = -L / (2 * g * g * target * target * target);
        break;
      }
      input += L * (1 / lo - 1 / top);
      received += L * (top - lo);
      sp = lo;
    }
  } else {
    const target = Math.sqrt(g / rate);
    const m = s.sqrtUpper.length;
    for (let k = rangeAbove(s, sp); k < m; k++) {
      const L = s.liquidity[k]!;
      const hi = s.sqrtUpper[k]!;
      const bottom = Math.max(sp, s.sqrtLower[k]!);
      if (target <= bottom) break;
      if (target <= hi) {
        input += L * (target - bottom);
        received += L * (1 / bottom - 1 / target);
        slope = -(L * target) / (2 * g * rate);
        break;
      }
      input += L * (hi - bottom);
      received += L * (1 / bottom - 1 / hi);
      sp = hi;
    }
  }
  out[0] = input / g;
  out[1] = slope;
  out[2] = received;
}

const scratch = new Float64Array(3);

/** The largest dx of coin i whose marginal rate is still >= rate; rate > 0. */
export function sellableTo(s: ConcentratedState, i: number, j: number, rate: number): number {
  checkPair('sellableTo', s, i, j);
  checkRate('sellableTo', rate);
  if (rate === 0) return capacity(s, i, j);
  inverseMarginal(s, i, j, rate, scratch);
  return scratch[0]!;
}

/** The state after selling dx of coin i; past the last range the price stops at its bound and the rest is not taken. */
export function apply(s: ConcentratedState, i: number, j: number, dx: number): ConcentratedState {
  checkPair('apply', s, i, j);
  checkAmount('apply', 'dx', dx);
  if (dx === 0) return s;
  if (i === 0) walkDown(s, (1 - s.fee) * dx);
  else walkUp(s, (1 - s.fee) * dx);
  return withSqrtPrice(s, walk.sqrt);
}

/** Fee-free price of coin i in coin j: P or 1/P. */
export function spotPrice(s: ConcentratedState, i: number, j: number): number {
  checkPair('spotPrice', s, i, j);
  const P = s.sqrtPrice * s.sqrtPrice;
  return i === 0 ? P : 1 / P;
}

/** The most of coin i the ranges take (gross of fee) before they run out. */
export function capacity(s: ConcentratedState, i: number, j: number): number {
  checkPair('capacity', s, i, j);
  let total = 0;
  const sp = s.sqrtPrice;
  if (i === 0) {
    for (let k = rangeBelow(s, sp); k >= 0; k--) total += s.liquidity[k]! * (1 / s.sqrtLower[k]! - 1 / Math.min(sp, s.sqrtUpper[k]!));
  } else {
    for (let k = rangeAbove(s, sp); k < s.sqrtUpper.length; k++) total += s.liquidity[k]! * (s.sqrtUpper[k]! - Math.max(sp, s.sqrtLower[k]!));
  }
  return total / (1 - s.fee);
}

/** What the ranges pay out in coin j when sold through to the end (eq. 6.29–6.30). */
export function outputCapacity(s: ConcentratedState, i: number, j: number): number {
  checkPair('outputCapacity', s, i, j);
  let total = 0;
  const sp = s.sqrtPrice;
  if (i === 0) {
    for (let k = rangeBelow(s, sp); k >= 0; k--) total += s.liquidity[k]! * (Math.min(sp, s.sqrtUpper[k]!) - s.sqrtLower[k]!);
  } else {
    for (let k = rangeAbove(s, sp); k < s.sqrtUpper.length; k++) total += s.liquidity[k]! * (1 / Math.max(sp, s.sqrtLower[k]!) - 1 / s.sqrtUpper[k]!);
  }
  return total;
}

/** Re-balanced by arbitrage to `price` (coin 1 per coin 0): same ranges and liquidity, new price. */
export function setPrice(s: ConcentratedState, price: number): ConcentratedState {
  checkPrice('setPrice', 'price', price);
  return withSqrtPrice(s, Math.sqrt(price));
}

/** A provider withdraws `share` of every range's liquidity; the price is unchanged. */
export function scaleLiquidity(s: ConcentratedState, share: number): ConcentratedState {
  checkWithdrawnShare('scaleLiquidity', share);
  const liquidity = s.liquidity.map((L) => L * (1 - share));
  return withSqrtPrice(s, s.sqrtPrice, liquidity);
}

/** What the ranges hold of coin c at the current price (eq. 6.29–6.30). */
export function holding(s: ConcentratedState, c: number): number {
  let total = 0;
  const sp = s.sqrtPrice;
  for (let k = 0; k < s.liquidity.length; k++) {
    const L = s.liquidity[k]!;
    const lo = s.sqrtLower[k]!;
    const hi = s.sqrtUpper[k]!;
    if (c === 0 && sp < hi) total += L * (1 / Math.max(sp, lo) - 1 / hi);
    if (c === 1 && sp > lo) total += L * (Math.min(sp, hi) - lo);
  }
  return total;
}

/** What the ranges hold of each coin at the current price. */
export function holdings(s: ConcentratedState): number[] {
  return [holding(s, 0), holding(s, 1)];
}

/** The Uniswap v3 kind (kind.ts), registered in kinds.ts: the pool's price is the ratio of its coins' prices. */
export const concentratedKind: VenueKindRules<ConcentratedState, ConcentratedVenue> = {
  compile: (v, c) => createConcentrated({ ...c.common, ranges: v.ranges, price: c.price(0) / c.price(1) }),
  amountOut: quoteExactInput,
  amountIn: quoteExactOutput,
  marginalRate,
  sellableTo,
  inverseMarginal,
  topCurvature: () => 0,
  apply,
  spotPrice,
  capacity,
  outputCapacity,
  scaleLiquidity,
  holding,
  holdings,
  ...pricedPair(spotPrice, setPrice),
};

// The numbers a trade moves are stored as doubles from the first real state on (common.ts DOUBLES_PRIMER).
make(DOUBLES_PRIMER, new Float64Array(0), new Float64Array(0), new Float64Array(0), NaN);
