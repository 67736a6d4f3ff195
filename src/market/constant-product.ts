/**
 * Constant product x·y = k with the fee on the input (Uniswap v2 Core whitepaper, Adams, Zinsmeister, Robinson
 * 2020: the reserves' product net of the 0.3% input fee cannot decrease; UniswapV2Library.getAmountOut /
 * getAmountIn; the fee stays in the reserves, UniswapV2Pair.swap).
 * With γ = 1 − fee, selling dx of coin i for coin j: out = y·γdx / (x + γdx); the marginal rate after it is
 * γ·x·y / (x + γdx)². Maths in docs/market.md §1.
 */
import { checkAmount, checkPair, checkPrice, checkRate, checkWithdrawnShare } from './check.js';
import { DOUBLES_PRIMER, makeCommon, type CommonArgs } from './common.js';
import { pricedPair, type VenueCommon } from './common.js';
import type { ConstantProductVenue } from '../network/schema/venue.js';
import type { VenueKindRules } from './kind.js';

/** Uniswap v2 style x·y = k; the fee stays in the reserves (UniswapV2Pair.swap). */
export interface ConstantProductState extends VenueCommon {
  readonly kind: 'constantProduct';
  readonly reserve0: number;
  readonly reserve1: number;
}

export interface ConstantProductArgs extends CommonArgs {
  /** Reserves of coin 0 and coin 1, whole tokens, both > 0. */
  reserves: readonly [number, number];
}

/** A checked x·y = k state. */
export function createConstantProduct(args: ConstantProductArgs): ConstantProductState {
  const common = makeCommon('createConstantProduct', args, 2);
  args.reserves.forEach((r, k) => {
    if (!(r > 0 && r < Infinity)) throw new Error(`createConstantProduct: venue "${common.id}" reserves[${k}] must be a finite amount > 0, got ${r}`);
  });
  return withReserves(common, args.reserves[0], args.reserves[1]);
}

/** Every state is built here, fields in one order, so that all x·y = k states share one hidden class. */
function withReserves(s: VenueCommon, reserve0: number, reserve1: number): ConstantProductState {
  return {
    id: s.id,
    coins: s.coins,
    coinIds: s.coinIds,
    fee: s.fee,
    recoveryHalfLife: s.recoveryHalfLife,
    provider: s.provider,
    kind: 'constantProduct',
    reserve0,
    reserve1,
  };
}

/** Amount of coin j received for dx of coin i (UniswapV2Library.getAmountOut, in whole tokens). */
export function getAmountOut(s: ConstantProductState, i: number, j: number, dx: number): number {
  checkPair('getAmountOut', s, i, j);
  checkAmount('getAmountOut', 'dx', dx);
  const x = i === 0 ? s.reserve0 : s.reserve1;
  const y = j === 0 ? s.reserve0 : s.reserve1;
  if (dx === 0 || x === 0 || y === 0) return 0;
  const gdx = (1 - s.fee) * dx;
  // y·(γdx/(x+γdx)): the ratio is in [0, 1], so no overflow for any finite dx.
  return y * (gdx / (x + gdx));
}

/** Amount of coin i needed to receive exactly dy of coin j (UniswapV2Library.getAmountIn, in whole tokens). */
export function getAmountIn(s: ConstantProductState, i: number, j: number, dy: number): number {
  checkPair('getAmountIn', s, i, j);
  checkAmount('getAmountIn', 'dy', dy);
  const x = i === 0 ? s.reserve0 : s.reserve1;
  const y = j === 0 ? s.reserve0 : s.reserve1;
  if (dy === 0) return 0;
  if (!(dy < y)) throw new Error(`getAmountIn: dy must be below the venue's reserve of coin ${j} (${y}), got ${dy}`);
  return (x * (dy / (y - dy))) / (1 - s.fee);
}

export const amountOut = getAmountOut;
export const amountIn = getAmountIn;

/** d(out)/d(in) after fees at the point after selling dx: γ·x·y / (x + γdx)². */
export function marginalRate(s: ConstantProductState, i: number, j: number, dx: number): number {
  checkPair('marginalRate', s, i, j);
  checkAmount('marginalRate', 'dx', dx);
  const x = i === 0 ? s.reserve0 : s.reserve1;
  const y = j === 0 ? s.reserve0 : s.reserve1;
  const g = 1 - s.fee;
  const xe = x + g * dx;
  if (xe === 0) return 0;
  return g * (x / xe) * (y / xe);
}

/**
 * Inverse of marginalRate with its derivative, for the clearing: out[0] = the largest dx with
 * marginalRate >= rate, out[1] = d(dx)/d(rate) there (<= 0), out[2] = the amount received for it. rate > 0.
 */
export function inverseMarginal(s: ConstantProductState, i: number, j: number, rate: number, out: Float64Array): void {
  const x = i === 0 ? s.reserve0 : s.reserve1;
  const y = j === 0 ? s.reserve0 : s.reserve1;
  const g = 1 - s.fee;
  // x + γdx = √(γxy/rate), written to avoid overflow of x·y.
  const xe = Math.sqrt(x) * Math.sqrt((g * y) / rate);
  if (!(xe > x)) {
    out[0] = 0;
    out[1] = 0;
    out[2] = 0;
    return;
  }
  out[0] = (xe - x) / g;
  out[1] = -xe / (2 * g * rate);
  out[2] = y * ((xe - x) / xe);
}

const scratch = new Float64Array(3);

/** The largest dx of coin i whose marginal rate is still >= rate (coin j per coin i, after fees); rate > 0. */
export function sellableTo(s: ConstantProductState, i: number, j: number, rate: number): number {
  checkPair('sellableTo', s, i, j);
  checkRate('sellableTo', rate);
  if (rate === 0) throw new Error(`sellableTo: rate must be > 0 (x·y = k takes any amount at a rate of 0; see capacity), got 0`);
  inverseMarginal(s, i, j, rate, scratch);
  return scratch[0]!;
}

/** The state after selling dx of coin i for coin j; the fee stays in the reserves. */
export function apply(s: ConstantProductState, i: number, j: number, dx: number): ConstantProductState {
  checkPair('apply', s, i, j);
  checkAmount('apply', 'dx', dx);
  if (dx === 0) return s;
  const x = i === 0 ? s.reserve0 : s.reserve1;
  const y = j === 0 ? s.reserve0 : s.reserve1;
  const gdx = (1 - s.fee) * dx;
  // y' = y − out = y·x/(x + γdx): never negative, no cancellation.
  const yNew = y * (x / (x + gdx));
  const xNew = x + dx;
  return i === 0 ? withReserves(s, xNew, yNew) : withReserves(s, yNew, xNew);
}

/** Fee-free price of coin i in coin j: y / x. */
export function spotPrice(s: ConstantProductState, i: number, j: number): number {
  checkPair('spotPrice', s, i, j);
  const x = i === 0 ? s.reserve0 : s.reserve1;
  const y = j === 0 ? s.reserve0 : s.reserve1;
  return x > 0 ? y / x : 0;
}

/** The most of coin i the venue takes while paying anything: unbounded for x·y = k (Infinity). */
export function capacity(s: ConstantProductState, i: number, j: number): number {
  checkPair('capacity', s, i, j);
  return s.reserve0 > 0 && s.reserve1 > 0 ? Infinity : 0;
}

/** The supremum of what selling coin i can pay out in coin j: the reserve y (never reached). */
export function outputCapacity(s: ConstantProductState, i: number, j: number): number {
  checkPair('outputCapacity', s, i, j);
  return j === 0 ? s.reserve0 : s.reserve1;
}

/** Re-balanced by arbitrage to `price` (coin 1 per coin 0), fees ignored: same k, new ratio y/x = price. */
export function setPrice(s: ConstantProductState, price: number): ConstantProductState {
  checkPrice('setPrice', 'price', price);
  const r0 = Math.sqrt(s.reserve0) * Math.sqrt(s.reserve1 / price);
  const r1 = Math.sqrt(s.reserve0) * Math.sqrt(s.reserve1 * price);
  return withReserves(s, r0, r1);
}

/** A provider withdraws `share` of the liquidity: both reserves scale by (1 − share); the price is unchanged. */
export function scaleLiquidity(s: ConstantProductState, share: number): ConstantProductState {
  checkWithdrawnShare('scaleLiquidity', share);
  return withReserves(s, s.reserve0 * (1 - share), s.reserve1 * (1 - share));
}

/** What the venue holds of coin k, whole tokens. */
export function holding(s: ConstantProductState, k: number): number {
  return k === 0 ? s.reserve0 : s.reserve1;
}

/** What the venue holds of each coin, whole tokens. */
export function holdings(s: ConstantProductState): number[] {
  return [s.reserve0, s.reserve1];
}

/** The x·y = k kind (kind.ts), registered in kinds.ts. */
export const constantProductKind: VenueKindRules<ConstantProductState, ConstantProductVenue> = {
  compile: (v, c) => createConstantProduct({ ...c.common, reserves: v.reserves }),
  amountOut: getAmountOut,
  amountIn: getAmountIn,
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
withReserves(DOUBLES_PRIMER, NaN, NaN);
