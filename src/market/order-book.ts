/**
 * A centralized exchange book (coins [base, quote]) as one continuous price curve through the external mid:
 * the relative price g(s) of the last unit traded after a net sale of s base tokens, from the depth curve
 * (depth-curve.ts) or the square-root law (sqrt-impact.ts). Selling base walks the bids (s grows), buying base
 * walks the asks (s falls); with A(s) = ∫₀^s g, a sale of dx base pays γ·mid·(A(s + dx) − A(s)) of quote and a
 * purchase with dx quote moves s to A⁻¹(A(s) − dx/mid), paying γ·(s − s') base; the taker fee (γ = 1 − fee) is
 * taken on what is received. Maths: docs/market.md §4.
 */
import { checkAmount, checkPair, checkPrice, checkRate, checkWithdrawnShare } from './check.js';
import { DOUBLES_PRIMER, makeCommon, type CommonArgs } from './common.js';
import {
  depthArea,
  depthAreaInverse,
  depthSlope,
  depthGLeft,
  depthGRight,
  depthKnots,
  depthMax,
  depthMin,
  depthPositionLeft,
  depthPositionRight,
  type DepthLevelArgs,
} from './depth-curve.js';
import { SQRT_G_FLOOR, sqrtArea, sqrtAreaInverse, sqrtDsDg, sqrtG, sqrtMax, sqrtPosition } from './sqrt-impact.js';
import { pairRecoveryTarget, type VenueCommon } from './common.js';
import type { OrderBookState } from './order-book-state.js';
export type { OrderBookState } from './order-book-state.js';
import type { OrderBookVenue } from '../network/schema/venue.js';
import type { CompileContext, VenueKindRules } from './kind.js';

export interface DepthBookArgs extends CommonArgs {
  model: 'depth';
  bids: readonly DepthLevelArgs[];
  asks: readonly DepthLevelArgs[];
  /** External mid, quote per base. */
  mid: number;
}

export interface SqrtImpactBookArgs extends CommonArgs {
  model: 'sqrtImpact';
  /** Daily volume V in base tokens. */
  dailyVolume: number;
  /** Annualised log volatility σ of the base coin (σ_daily = σ/√365). */
  volatility: number;
  /** Y in ΔP/P = Y·σ_d·√(Q/V); 1 by default. */
  impactCoefficient?: number;
  mid: number;
}

export type OrderBookArgs = DepthBookArgs | SqrtImpactBookArgs;

const EMPTY = new Float64Array(0);

/** A checked book, centred on its mid (nothing consumed). */
export function createOrderBook(args: OrderBookArgs): OrderBookState {
  const common = makeCommon('createOrderBook', args, 2);
  const at = `createOrderBook: venue "${common.id}"`;
  checkPrice('createOrderBook', 'mid', args.mid);
  if (args.model === 'depth') {
    const k = depthKnots(at, args.bids, args.asks);
    return make(common, 'depth', args.mid, 0, k.knotS, k.knotG, k.knotArea, 0, 0);
  }
  if (!(args.dailyVolume > 0 && args.dailyVolume < Infinity)) throw new Error(`${at}: dailyVolume must be a finite amount > 0 (base tokens), got ${args.dailyVolume}`);
  if (!(args.volatility > 0 && args.volatility < Infinity)) throw new Error(`${at}: volatility must be a finite annualised σ > 0 (the square-root law needs it), got ${args.volatility}`);
  const Y = args.impactCoefficient ?? 1;
  if (!(Y > 0 && Y < Infinity)) throw new Error(`${at}: impactCoefficient Y must be finite and > 0, got ${Y}`);
  const impact = Y * (args.volatility / Math.sqrt(365));
  return make(common, 'sqrtImpact', args.mid, 0, EMPTY, EMPTY, EMPTY, impact, args.dailyVolume);
}

function withPosition(b: OrderBookState, position: number, mid = b.mid): OrderBookState {
  return make(b, b.model, mid, position, b.knotS, b.knotG, b.knotArea, b.impact, b.dailyVolume);
}

/** Every state is built here, fields in one order, so that all book states share one hidden class. */
function make(
  c: VenueCommon,
  model: OrderBookState['model'],
  mid: number,
  position: number,
  knotS: Float64Array,
  knotG: Float64Array,
  knotArea: Float64Array,
  impact: number,
  dailyVolume: number,
): OrderBookState {
  return {
    id: c.id,
    coins: c.coins,
    coinIds: c.coinIds,
    fee: c.fee,
    recoveryHalfLife: c.recoveryHalfLife,
    provider: c.provider,
    kind: 'orderBook',
    model,
    mid,
    position,
    knotS,
    knotG,
    knotArea,
    impact,
    dailyVolume,
  };
}

// ——— the curve, whichever model ———

function sMin(b: OrderBookState): number {
  return b.model === 'depth' ? depthMin(b) : -Infinity;
}
function sMax(b: OrderBookState): number {
  return b.model === 'depth' ? depthMax(b) : sqrtMax(b);
}
function area(b: OrderBookState, s: number): number {
  return b.model === 'depth' ? depthArea(b, s) : sqrtArea(b, s);
}
function areaInverse(b: OrderBookState, a: number): number {
  return b.model === 'depth' ? depthAreaInverse(b, a) : sqrtAreaInverse(b, a);
}
/** g of the next unit sold from s (0 at the end of the bids). */
function gRight(b: OrderBookState, s: number): number {
  if (s >= sMax(b)) return 0;
  return b.model === 'depth' ? depthGRight(b, s) : sqrtG(b, s);
}
/** g of the last unit sold to reach s. */
function gLeft(b: OrderBookState, s: number): number {
  return b.model === 'depth' ? depthGLeft(b, s) : sqrtG(b, s);
}

/** ds/dg at the last position found (positionLeft/Right): a field first NaN stores its doubles in place, a module-level `let` would box them. */
const lastSlope = { dsDg: Number.NaN };
function positionLeft(b: OrderBookState, target: number): number {
  if (b.model === 'depth') {
    const s = depthPositionLeft(b, target);
    lastSlope.dsDg = depthSlope.dsDg;
    return s;
  }
  lastSlope.dsDg = target > SQRT_G_FLOOR ? sqrtDsDg(b, target) : 0;
  return sqrtPosition(b, target);
}
function positionRight(b: OrderBookState, target: number): number {
  if (b.model === 'depth') {
    const s = depthPositionRight(b, target);
    lastSlope.dsDg = depthSlope.dsDg;
    return s;
  }
  lastSlope.dsDg = target > SQRT_G_FLOOR ? sqrtDsDg(b, target) : 0;
  return sqrtPosition(b, target);
}

/** The book's relative price at its position (1 at the mid): the last unit traded towards s. */
function gSpot(b: OrderBookState): number {
  const s = b.position;
  if (s === 0) return 1;
  return s > 0 ? gLeft(b, s) : gRight(b, s);
}

// ——— the venue interface ———

/** Coin j received for dx of coin i: quote for base along the bids (i = 0), base for quote along the asks (i = 1). */
export function amountOut(b: OrderBookState, i: number, j: number, dx: number): number {
  checkPair('amountOut', b, i, j);
  checkAmount('amountOut', 'dx', dx);
  if (dx === 0) return 0;
  const g = 1 - b.fee;
  const s = b.position;
  if (i === 0) {
    const top = sMax(b);
    const end = s + dx < top ? s + dx : top;
    return g * b.mid * (area(b, end) - area(b, s));
  }
  const end = areaInverse(b, area(b, s) - dx / b.mid);
  return g * Math.max(0, s - end);
}

/** Coin i needed to receive exactly dy of coin j; throws beyond what the book holds. */
export function amountIn(b: OrderBookState, i: number, j: number, dy: number): number {
  checkPair('amountIn', b, i, j);
  checkAmount('amountIn', 'dy', dy);
  if (dy === 0) return 0;
  const g = 1 - b.fee;
  const s = b.position;
  if (i === 0) {
    const want = area(b, s) + dy / (g * b.mid);
    const top = sMax(b);
    if (want > area(b, top) * (1 + 1e-15)) throw new Error(`amountIn: dy ${dy} exceeds what the bids of venue "${b.id}" pay (${g * b.mid * (area(b, top) - area(b, s))})`);
    return Math.max(0, Math.min(areaInverse(b, want), top) - s);
  }
  const end = s - dy / g;
  if (end < sMin(b) * (1 + 1e-15)) throw new Error(`amountIn: dy ${dy} exceeds what the asks of venue "${b.id}" offer (${g * (s - sMin(b))})`);
  return b.mid * (area(b, s) - area(b, Math.max(end, sMin(b))));
}

/** d(out)/d(in) after fees after selling dx: γ·mid·g selling base, γ/(mid·g) selling quote; 0 past the book's end. */
export function marginalRate(b: OrderBookState, i: number, j: number, dx: number): number {
  checkPair('marginalRate', b, i, j);
  checkAmount('marginalRate', 'dx', dx);
  const g = 1 - b.fee;
  const s = b.position;
  if (i === 0) {
    if (dx === 0) return g * b.mid * gRight(b, s);
    const top = sMax(b);
    const end = s + dx;
    // past the last bid (rounding at exactly the capacity still counts as inside)
    if (end > top + 1e-12 * (Math.abs(top) + dx)) return 0;
    return g * b.mid * gLeft(b, Math.min(end, top));
  }
  let end = s;
  if (dx > 0) {
    const want = area(b, s) - dx / b.mid;
    const lo = sMin(b);
    if (want < area(b, lo) - 1e-12 * (Math.abs(area(b, lo)) + dx / b.mid)) return 0;
    end = areaInverse(b, want);
  } else if (s <= sMin(b)) return 0;
  let price = dx === 0 ? gLeft(b, s) : gRight(b, end);
  if (!(price > 0)) price = gLeft(b, end);
  return g / (b.mid * price);
}

/**
 * Inverse of marginalRate for the clearing: out[0] = the largest dx with marginalRate >= rate, out[1] =
 * d(dx)/d(rate) there (0 at a jump or the book's end), out[2] = the amount received for it. rate > 0.
 */
export function inverseMarginal(b: OrderBookState, i: number, j: number, rate: number, out: Float64Array): void {
  const g = 1 - b.fee;
  const s = b.position;
  if (i === 0) {
    const target = rate / (g * b.mid);
    const end = positionLeft(b, target);
    if (!(end > s)) {
      out[0] = 0;
      out[1] = 0;
      out[2] = 0;
      return;
    }
    out[0] = end - s;
    out[1] = lastSlope.dsDg / (g * b.mid);
    out[2] = g * b.mid * (area(b, end) - area(b, s));
    return;
  }
  const target = g / (b.mid * rate);
  const end = positionRight(b, target);
  if (!(end < s)) {
    out[0] = 0;
    out[1] = 0;
    out[2] = 0;
    return;
  }
  out[0] = b.mid * (area(b, s) - area(b, end));
  out[1] = (b.mid * target * target * lastSlope.dsDg) / rate;
  out[2] = g * (s - end);
}

/**
 * For the clearing's first guess on a square-root book, the quadratic term at the top rate m of what a trade
 * moves as the rate falls by Δ: selling base at s >= 0, dx = 2√s·Δ/(c·R) + Δ²/(c·R)² exactly (R = γ·mid,
 * c = Yσ_d/√V) — returns 1/(c·R)²; buying base at s <= 0 (g₀ = g(s)), the base received is
 * γ·(g₀/(c·m))²·Δ² to second order — returns that coefficient; 0 otherwise (a depth book is piecewise linear).
 */
export function topCurvature(b: OrderBookState, i: number): number {
  if (b.model !== 'sqrtImpact') return 0;
  const c = b.impact / Math.sqrt(b.dailyVolume);
  const g = 1 - b.fee;
  if (i === 0) {
    if (b.position < 0) return 0;
    const cR = c * g * b.mid;
    return 1 / (cR * cR);
  }
  if (b.position > 0) return 0;
  const g0 = sqrtG(b, b.position);
  const m = g / (b.mid * g0);
  const t = g0 / (c * m);
  return g * t * t;
}

const scratch = new Float64Array(3);

/** The largest dx of coin i whose marginal rate is still >= rate; rate > 0 (rate 0: see capacity). */
export function sellableTo(b: OrderBookState, i: number, j: number, rate: number): number {
  checkPair('sellableTo', b, i, j);
  checkRate('sellableTo', rate);
  if (rate === 0) {
    if (i === 1 && b.model === 'sqrtImpact') throw new Error(`sellableTo: rate must be > 0 (a square-root book sells base without bound; see capacity), got 0`);
    return capacity(b, i, j);
  }
  inverseMarginal(b, i, j, rate, scratch);
  return scratch[0]!;
}

/** The book after selling dx of coin i: its position moves along the curve (clamped at the book's ends). */
export function apply(b: OrderBookState, i: number, j: number, dx: number): OrderBookState {
  checkPair('apply', b, i, j);
  checkAmount('apply', 'dx', dx);
  if (dx === 0) return b;
  const s = b.position;
  if (i === 0) return withPosition(b, Math.min(s + dx, sMax(b)));
  return withPosition(b, Math.max(areaInverse(b, area(b, s) - dx / b.mid), sMin(b)));
}

/** Fee-free price of coin i in coin j at the book's position: mid·g, or its inverse. */
export function spotPrice(b: OrderBookState, i: number, j: number): number {
  checkPair('spotPrice', b, i, j);
  const p = b.mid * gSpot(b);
  return i === 0 ? p : p > 0 ? 1 / p : 0;
}

/** The most of coin i the book takes: base down to the last bid; quote for every ask (Infinity for the square-root law). */
export function capacity(b: OrderBookState, i: number, j: number): number {
  checkPair('capacity', b, i, j);
  if (i === 0) return Math.max(0, sMax(b) - b.position);
  if (b.model === 'sqrtImpact') return Infinity;
  return b.mid * (area(b, b.position) - area(b, sMin(b)));
}

/** The most that selling coin i pays out in coin j (Infinity: base from a square-root book). */
export function outputCapacity(b: OrderBookState, i: number, j: number): number {
  checkPair('outputCapacity', b, i, j);
  const g = 1 - b.fee;
  if (i === 0) return g * b.mid * (area(b, sMax(b)) - area(b, b.position));
  if (b.model === 'sqrtImpact') return Infinity;
  return g * (b.position - sMin(b));
}

/**
 * The book quoted around `mid` (default: its own) with its last traded price at `price` (quote per base): the
 * position where mid·g = price, clamped to the book's ends. setPrice(b, p, p) re-centres it (nothing consumed).
 */
export function setPrice(b: OrderBookState, price: number, mid = b.mid): OrderBookState {
  checkPrice('setPrice', 'price', price);
  checkPrice('setPrice', 'mid', mid);
  const target = price / mid;
  if (target === 1) return withPosition(b, 0, mid);
  const probe = withPosition(b, 0, mid);
  const s = target < 1 ? positionLeft(probe, target) : positionRight(probe, target);
  return withPosition(b, Math.min(Math.max(s, sMin(b)), sMax(b)), mid);
}

/**
 * Market makers withdraw `share` of the book: every level's depth (or the daily volume V) and the consumed
 * position scale by (1 − share), so the price stays where it is.
 */
export function scaleLiquidity(b: OrderBookState, share: number): OrderBookState {
  checkWithdrawnShare('scaleLiquidity', share);
  const f = 1 - share;
  if (b.model === 'depth') return make(b, b.model, b.mid, b.position * f, b.knotS.map((x) => x * f), b.knotG, b.knotArea.map((x) => x * f), 0, 0);
  return make(b, b.model, b.mid, b.position * f, EMPTY, EMPTY, EMPTY, b.impact, b.dailyVolume * f);
}

/**
 * What the book holds for a seller, whole tokens: [base its asks offer, quote its bids pay] at the mid;
 * a square-root book is represented by its daily volume, [V, V·mid] (network/venue-value.ts does the same).
 */
export function holdings(b: OrderBookState): number[] {
  return [holding(b, 0), holding(b, 1)];
}

/** What the book holds of coin k for a seller of the other coin (see holdings). */
export function holding(b: OrderBookState, k: number): number {
  if (b.model === 'sqrtImpact') return k === 0 ? b.dailyVolume : b.dailyVolume * b.mid;
  return k === 0 ? Math.max(0, b.position - sMin(b)) : b.mid * (area(b, sMax(b)) - area(b, b.position));
}

/** The state of a book of the network format: its mid is the ratio of its coins' prices; a square-root book needs σ. */
function compile(v: OrderBookVenue, c: CompileContext): OrderBookState {
  const mid = c.price(0) / c.price(1);
  const book = v.book;
  if (book.model === 'depth') return createOrderBook({ ...c.common, model: 'depth', bids: book.bids, asks: book.asks, mid });
  const sigma = book.volatility ?? c.asset(0).volatility;
  if (sigma === undefined) throw new Error(`${c.at}: the square-root law needs σ: expected book.volatility or a volatility on asset "${v.coins[0]}", got none`);
  return createOrderBook({ ...c.common, model: 'sqrtImpact', dailyVolume: book.dailyVolume, volatility: sigma, impactCoefficient: book.impactCoefficient, mid });
}

/** The order-book kind (kind.ts), registered in kinds.ts: re-balancing re-centres the book on the external mid. */
export const orderBookKind: VenueKindRules<OrderBookState, OrderBookVenue> = {
  compile,
  amountOut,
  amountIn,
  marginalRate,
  sellableTo,
  inverseMarginal,
  topCurvature,
  apply,
  spotPrice,
  capacity,
  outputCapacity,
  scaleLiquidity,
  holding,
  holdings,
  rebalanceTo: (b, prices) => {
    const mid = prices[0]! / prices[1]!;
    return setPrice(b, mid, mid);
  },
  recoverTo: (b, prices, keep) => {
    const external = prices[0]! / prices[1]!;
    const target = pairRecoveryTarget(spotPrice(b, 0, 1), prices, keep, b.mid === external);
    return target === null ? b : setPrice(b, target, external);
  },
};

// The numbers a trade moves are stored as doubles from the first real state on (common.ts DOUBLES_PRIMER).
make(DOUBLES_PRIMER, 'depth', NaN, NaN, EMPTY, EMPTY, EMPTY, 0, 0);
