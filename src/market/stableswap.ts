/**
 * Curve StableSwap (Egorov, "StableSwap — efficient mechanism for Stablecoin liquidity", 2019; the invariant
 * as the contract codes it, Ann = A·n): Ann·Σx + D = Ann·D + D^{n+1}/(nⁿ·Πx), balances x scaled by the stored
 * rates (Curve's `_xp`). D is found by Newton's method (Curve's `get_D`). With the other balances fixed, the
 * curve of coins i, j is x·y·(x + y + E) = κ, E = Σ_rest + D/Ann − D, so `get_y` is a quadratic solved in
 * closed form around the current point (no cancellation for small trades). The fee is taken on the output
 * and stays in the pool (Curve's `exchange` with no admin share withdrawn). Maths: docs/market.md §3.
 */
import { checkAmount, checkPair, checkRate, checkWithdrawnShare } from './check.js';
import { DOUBLES_PRIMER, makeCommon, type CommonArgs } from './common.js';
import { brentRoot, brentRootIn, SOLVE_DEFAULTS } from './solve.js';
import { recalledFit, rememberFit } from './stableswap-memo.js';
import { RECOVERED, type VenueCommon } from './common.js';
import type { StableswapVenue } from '../network/schema/venue.js';
import type { VenueKindRules } from './kind.js';

/**
 * Curve StableSwap: balances scaled by the stored rates (`xp = balance × rate`, Curve's `_xp`), `A` as the
 * contract's A(), `Ann = A·n`, and the invariant D of the current balances. The fee is taken on the output and
 * stays in the pool (admin fee not withdrawn).
 */
export interface StableswapState extends VenueCommon {
  readonly kind: 'stableswap';
  readonly n: number;
  readonly A: number;
  readonly Ann: number;
  readonly rates: Float64Array;
  readonly xp: Float64Array;
  readonly D: number;
}

export interface StableswapArgs extends CommonArgs {
  /** Balances in whole tokens, one per coin, each > 0. */
  balances: readonly number[];
  /** The contract's A() (> 0); the invariant uses Ann = A·n. */
  A: number;
  /** Value of one token of each coin in the pool's unit (stored rates); 1 for every coin when absent. */
  rates?: readonly number[];
}

/** A sale never takes more than this share of a balance (the curve reaches zero only at an infinite sale). */
const MAX_OUT_SHARE = 1 - 1e-12;

/** The invariant D of balances `xp` (Curve's get_D): Newton from D = S, on balances normalised by their sum. */
export function getD(xp: ArrayLike<number>, Ann: number): number {
  const n = xp.length;
  let S = 0;
  for (let k = 0; k < n; k++) S += xp[k]!;
  if (S === 0) return 0;
  let D = 1;
  for (let iter = 0; iter < 255; iter++) {
    let DP = D;
    for (let k = 0; k < n; k++) DP = (DP * D) / ((xp[k]! / S) * n);
    const prev = D;
    D = ((Ann + DP * n) * D) / ((Ann - 1) * D + (n + 1) * DP);
    if (!(D > 0 && D < Infinity)) break;
    if (Math.abs(D - prev) <= 1e-15 * D) return D * S;
  }
  // Not converged (A < 1 or extreme balances): the invariant is monotone on (0, S], bracket it.
  let logProd = 0;
  for (let k = 0; k < n; k++) logProd += Math.log((xp[k]! / S) * n);
  const f = (d: number) => Ann + d * (1 - Ann) - Math.exp((n + 1) * Math.log(d) - logProd);
  return brentRoot('getD', f, Number.MIN_VALUE, 1) * S;
}

/** A checked StableSwap state. */
export function createStableswap(args: StableswapArgs): StableswapState {
  const n = args.balances.length;
  const id = args.id ?? 'createStableswap';
  const at = `createStableswap: venue "${id}"`;
  if (!(n >= 2 && n <= 8)) throw new Error(`${at}: expected 2 to 8 balances, got ${n}`);
  const common = makeCommon('createStableswap', args, n);
  if (!(args.A > 0 && args.A < Infinity)) throw new Error(`${at}: A must be a finite amplification > 0, got ${args.A}`);
  const rates = new Float64Array(n).fill(1);
  if (args.rates) {
    if (args.rates.length !== n) throw new Error(`${at}: expected one rate per coin (${n}), got ${args.rates.length}`);
    args.rates.forEach((r, k) => {
      if (!(r > 0 && r < Infinity)) throw new Error(`${at}: rates[${k}] must be a finite rate > 0, got ${r}`);
      rates[k] = r;
    });
  }
  const xp = new Float64Array(n);
  args.balances.forEach((b, k) => {
    if (!(b > 0 && b < Infinity)) throw new Error(`${at}: balances[${k}] must be a finite amount > 0, got ${b}`);
    xp[k] = b * rates[k]!;
  });
  const Ann = args.A * n;
  return make(common, n, args.A, Ann, rates, xp, getD(xp, Ann));
}

function withBalances(s: StableswapState, xp: Float64Array, D: number): StableswapState {
  return make(s, s.n, s.A, s.Ann, s.rates, xp, D);
}

/** Every state is built here, fields in one order, so that all StableSwap states share one hidden class. */
function make(s: VenueCommon, n: number, A: number, Ann: number, rates: Float64Array, xp: Float64Array, D: number): StableswapState {
  return {
    id: s.id,
    coins: s.coins,
    coinIds: s.coinIds,
    fee: s.fee,
    recoveryHalfLife: s.recoveryHalfLife,
    provider: s.provider,
    kind: 'stableswap',
    n,
    A,
    Ann,
    rates,
    xp,
    D,
  };
}

/** E = Σ_{k≠i,j} x_k + D/Ann − D: the constant of the two-coin curve x·y·(x + y + E) = κ. */
function curveE(s: StableswapState, i: number, j: number): number {
  let rest = 0;
  for (let k = 0; k < s.n; k++) if (k !== i && k !== j) rest += s.xp[k]!;
  return rest + s.D / s.Ann - s.D;
}

/**
 * Decrease of x_j (pool units) when x_i grows by d from (a, b) along x·y·(x + y + E) = const (Curve's get_y,
 * solved as the quadratic Δ² − PΔ + C = 0 around the current point). Capped below b.
 */
function deltaOut(a: number, b: number, E: number, d: number): number {
  if (d === 0) return 0;
  const X = a + d;
  const P = 2 * b + X + E;
  const dp = d / P;
  const r = (X + a + b + E) / X;
  const q = 4 * dp * (b / P) * r;
  const delta = (2 * dp * b * r) / (1 + Math.sqrt(q < 1 ? 1 - q : 0));
  return Math.min(delta, b * MAX_OUT_SHARE);
}

/** φ = −dy/dx on the curve at (x, y): y·(2x + y + E) / (x·(x + 2y + E)). */
function slopeRatio(x: number, y: number, E: number): number {
  return (y * (2 * x + y + E)) / (x * (x + 2 * y + E));
}

/** Amount of coin j received for dx of coin i, fee on the output (Curve's get_dy, in whole tokens). */
export function get_dy(s: StableswapState, i: number, j: number, dx: number): number {
  checkPair('get_dy', s, i, j);
  checkAmount('get_dy', 'dx', dx);
  const delta = deltaOut(s.xp[i]!, s.xp[j]!, curveE(s, i, j), dx * s.rates[i]!);
  return (delta / s.rates[j]!) * (1 - s.fee);
}

/** Amount of coin i needed to receive exactly dy of coin j (Curve NG's get_dx); throws at or beyond the balance. */
export function get_dx(s: StableswapState, i: number, j: number, dy: number): number {
  checkPair('get_dx', s, i, j);
  checkAmount('get_dx', 'dy', dy);
  if (dy === 0) return 0;
  const a = s.xp[i]!;
  const b = s.xp[j]!;
  const E = curveE(s, i, j);
  const delta = (dy * s.rates[j]!) / (1 - s.fee);
  if (!(delta < b * MAX_OUT_SHARE))
    throw new Error(`get_dx: dy must be below venue "${s.id}"'s balance of coin ${j} after fee (${(b * MAX_OUT_SHARE * (1 - s.fee)) / s.rates[j]!}), got ${dy}`);
  const y = b - delta;
  // d² + P·d − Q = 0 (the same curve, solved for the growth of x_i)
  const P = 2 * a + y + E;
  const Q = (delta * a * (y + a + b + E)) / y;
  const root = Math.sqrt(P * P + 4 * Q);
  const d = P >= 0 ? (2 * Q) / (P + root) : (root - P) / 2;
  if (!(d >= 0 && d < Infinity)) throw new Error(`get_dx: no finite input buys ${dy} of coin ${j} from venue "${s.id}"`);
  return d / s.rates[i]!;
}

export const amountOut = get_dy;
export const amountIn = get_dx;

/** d(out)/d(in) after fees after selling dx of coin i: (1 − fee)·φ·rate_i/rate_j at the new balances. */
export function marginalRate(s: StableswapState, i: number, j: number, dx: number): number {
  checkPair('marginalRate', s, i, j);
  checkAmount('marginalRate', 'dx', dx);
  const a = s.xp[i]!;
  const b = s.xp[j]!;
  const E = curveE(s, i, j);
  const d = dx * s.rates[i]!;
  const y = b - deltaOut(a, b, E, d);
  return (1 - s.fee) * slopeRatio(a + d, y, E) * (s.rates[i]! / s.rates[j]!);
}

/**
 * Inverse of marginalRate for the clearing: out[0] = dx, out[1] = d(dx)/d(rate), out[2] = the amount received.
 * Newton on ln φ(X) = ln φ* in ln X (X the new x_i), safeguarded by a bracket; `hint` is a previous dx for a
 * warm start (or 0).
 */
export function inverseMarginal(s: StableswapState, i: number, j: number, rate: number, out: Float64Array, hint = 0): void {
  searchArgs[0] = rate;
  searchArgs[1] = hint;
  marginalSearch(s, i, j, out);
}

/**
 * inverseMarginal's rate and hint for marginalSearch: a search too long for V8 to inline, to which a number passed
 * would be a heap number allocated at every call. Written just before the call and read at its start only.
 */
const searchArgs = new Float64Array(2);

/** inverseMarginal on searchArgs' rate and hint. */
function marginalSearch(s: StableswapState, i: number, j: number, out: Float64Array): void {
  const rate = searchArgs[0]!;
  const hint = searchArgs[1]!;
  const a = s.xp[i]!;
  const b = s.xp[j]!;
  const E = curveE(s, i, j);
  const target = (rate * s.rates[j]!) / ((1 - s.fee) * s.rates[i]!);
  if (!(slopeRatio(a, b, E) > target)) {
    out[0] = 0;
    out[1] = 0;
    out[2] = 0;
    return;
  }
  const lnA = Math.log(a);
  let wLo = lnA;
  let wHi = Infinity;
  let X = hint > 0 ? a + hint * s.rates[i]! : a;
  // Without a hint X = a: its log is lnA (the same double).
  let w = hint > 0 ? Math.log(X) : lnA;
  let dlog = 0;
  let y = b;
  // Whether y is the balance at the current X (the loop's usual exit, |h| small, leaves it so).
  let yAtX = false;
  for (let iter = 0; iter < 100; iter++) {
    y = b - deltaOut(a, b, E, X - a);
    yAtX = true;
    const phi = slopeRatio(X, y, E);
    const T = X + y + E;
    dlog = -phi / y + (2 - phi) / (T + X) - 1 / X - (1 - 2 * phi) / (T + y);
    const h = Math.log(phi / target);
    if (h > 0) wLo = w;
    else wHi = w;
    if (Math.abs(h) < 1e-14) break;
    let wNew = w - h / (X * dlog);
    if (!(wNew > wLo && wNew < wHi)) wNew = wHi < Infinity ? 0.5 * (wLo + wHi) : wLo + Math.max(1, 2 * (wLo - lnA));
    if (Math.abs(wNew - w) <= 1e-16 * Math.abs(w)) break;
    w = wNew;
    X = Math.exp(w);
    yAtX = false;
    if (wHi - wLo <= 1e-15 * Math.abs(wLo)) break;
  }
  if (!yAtX) y = b - deltaOut(a, b, E, X - a);
  out[0] = Math.max(0, X - a) / s.rates[i]!;
  out[1] = dlog < 0 ? 1 / (s.rates[i]! * rate * dlog) : 0;
  out[2] = ((b - y) / s.rates[j]!) * (1 - s.fee);
}

const scratch = new Float64Array(3);

/** The largest dx of coin i whose marginal rate is still >= rate; rate > 0. */
export function sellableTo(s: StableswapState, i: number, j: number, rate: number): number {
  checkPair('sellableTo', s, i, j);
  checkRate('sellableTo', rate);
  if (rate === 0) throw new Error(`sellableTo: rate must be > 0 (StableSwap takes any amount at a rate of 0; see capacity), got 0`);
  inverseMarginal(s, i, j, rate, scratch);
  return scratch[0]!;
}

/** The state after selling dx of coin i for coin j: the fee stays in the pool, D is recomputed. */
export function apply(s: StableswapState, i: number, j: number, dx: number): StableswapState {
  checkPair('apply', s, i, j);
  checkAmount('apply', 'dx', dx);
  if (dx === 0) return s;
  const a = s.xp[i]!;
  const b = s.xp[j]!;
  const d = dx * s.rates[i]!;
  const delta = deltaOut(a, b, curveE(s, i, j), d);
  const xp = Float64Array.from(s.xp);
  xp[i] = a + d;
  xp[j] = b - delta * (1 - s.fee);
  return withBalances(s, xp, getD(xp, s.Ann));
}

/** Fee-free price of coin i in coin j: φ at the current balances × rate_i / rate_j. */
export function spotPrice(s: StableswapState, i: number, j: number): number {
  checkPair('spotPrice', s, i, j);
  return slopeRatio(s.xp[i]!, s.xp[j]!, curveE(s, i, j)) * (s.rates[i]! / s.rates[j]!);
}

/** The pool takes any amount (Infinity): its curve never reaches a zero balance. */
export function capacity(s: StableswapState, i: number, j: number): number {
  checkPair('capacity', s, i, j);
  return Infinity;
}

/** The supremum of what selling coin i pays out in coin j: the balance, after fee (never reached). */
export function outputCapacity(s: StableswapState, i: number, j: number): number {
  checkPair('outputCapacity', s, i, j);
  return ((s.xp[j]! * MAX_OUT_SHARE) / s.rates[j]!) * (1 - s.fee);
}

/**
 * setPrices' search for λ = (Ann/π_min)(1 + e^t): its data, the bracket found, and the last evaluation (one module-level
 * record, not a closure or object per call: setPrices runs to the end without calling itself, so no call sees another's).
 */
interface PriceFit {
  n: number;
  Ann: number;
  /** Ann/π_min and n·ln n: the same doubles at every evaluation, divided and multiplied once. */
  scale: number;
  nLnN: number;
  pi: Float64Array;
  w: Float64Array;
  lo: number;
  hi: number;
  fLo: number;
  fHi: number;
  /** The t of the last evaluation, and its D_P (fit.w holds its weights). */
  lastT: number;
  DP: number;
  /** The root finder's slot (brentRootIn): read and written within each evaluation only. */
  io: Float64Array;
}

const MAX_COINS = 8;
// The fractions start NaN (each is written before it is read): stored as doubles from the first fit (util/doubles.ts).
const priceFit: PriceFit = { n: 0, Ann: NaN, scale: NaN, nLnN: NaN, pi: new Float64Array(MAX_COINS), w: new Float64Array(MAX_COINS), lo: -1, hi: 1, fLo: NaN, fHi: NaN, lastT: NaN, DP: NaN, io: new Float64Array(2) };

/** The invariant Ann·Σx + D − Ann·D − D_P at D = 1, x_k = D_P·w_k, for λ at t (writes w, lastT and DP). */
function fitGap(fit: PriceFit, t: number): number {
  const n = fit.n;
  const Ann = fit.Ann;
  const pi = fit.pi;
  const w = fit.w;
  const lambda = fit.scale * (1 + Math.exp(t));
  let sumW = 0;
  let sumLnW = 0;
  for (let k = 0; k < n; k++) {
    const wk = 1 / (lambda * pi[k]! - Ann);
    w[k] = wk;
    sumW += wk;
    sumLnW += Math.log(wk);
  }
  const DP = Math.exp(-(fit.nLnN + sumLnW) / (n + 1));
  fit.lastT = t;
  fit.DP = DP;
  return DP * (Ann * sumW - 1) + 1 - Ann;
}

/** fitGap for the root finder (brentRootIn: t in io[0], the gap to io[1]), which starts by evaluating both ends: their values are known (fitGap is pure in t). */
function bracketedGap(io: Float64Array, fit: PriceFit): void {
  const x = io[0]!;
  io[1] = x === fit.lo ? fit.fLo : x === fit.hi ? fit.fHi : fitGap(fit, x);
}

/**
 * A gap this far below 0, relative to its terms (each ≤ Ann + D_P + 1 when the gap is < 0), is below 0 beyond any
 * rounding of fitGap: the gaps at every larger t are then below 0 too, the gap decreasing in t (docs/market.md §7).
 */
const PROVEN_BELOW = 1e-6;

/** Whether the fit's last evaluation, of gap `f`, proves the gap below 0 at every larger t (fit.DP is that evaluation's). */
function provesBelow(fit: PriceFit, f: number): boolean {
  return f < -PROVEN_BELOW * (fit.Ann + fit.DP + 1);
}

/**
 * The bracket's low end (fit.lo, fit.fLo): the first t of −1, −2, −4, … (down to −1024) where the gap is not below 0, as
 * the doubling from −1 finds it, skipping the points −8 (or −4) proves below 0: −1, −2, −4 are never evaluated when
 * the end is −8 or lower (in the 12-protocol game it is −8 or −16 at every search).
 */
function lowEnd(fit: PriceFit): void {
  let lo = -8;
  let f = fitGap(fit, lo);
  if (!provesBelow(fit, f)) {
    // The end is −8 when the gap at −8 is not below 0 and −4 proves −1, −2, −4 below it; else the doubling from −1.
    if (f >= 0 && provesBelow(fit, fitGap(fit, -4))) {
      fit.lo = lo;
      fit.fLo = f;
      return;
    }
    lo = -1;
    f = fitGap(fit, lo);
  }
  while (f < 0 && lo > -700) f = fitGap(fit, (lo *= 2));
  fit.lo = lo;
  fit.fLo = f;
}

/**
 * Re-balanced by arbitrage to token prices `prices` (one per coin, any common unit), fees ignored: the
 * balances on the same invariant D where every pair's fee-free price equals the ratio of the given prices —
 * the point of the level set whose normal is the price vector: Ann + D_P/x_k = λ·π_k, π_k = price_k/rate_k.
 */
export function setPrices(s: StableswapState, prices: ArrayLike<number>): StableswapState {
  const n = s.n;
  if (prices.length !== n) throw new Error(`setPrices: expected ${n} prices for venue "${s.id}", got ${prices.length}`);
  const fit = priceFit;
  const pi = fit.pi;
  let piMin = Infinity;
  for (let k = 0; k < n; k++) {
    const p = prices[k]!;
    if (!(p > 0 && p < Infinity)) throw new Error(`setPrices: prices[${k}] must be a finite price > 0, got ${p}`);
    pi[k] = p / s.rates[k]!;
    piMin = Math.min(piMin, pi[k]!);
  }
  const Ann = s.Ann;
  const xp = new Float64Array(n);
  // The same n, Ann, D and π as an earlier call: its balances and invariant (stableswap-memo.ts).
  const recalled = recalledFit(n, Ann, s.D, pi, xp);
  if (recalled === recalled) return withBalances(s, xp, recalled);
  // Work with D = 1; λ = (Ann/π_min)(1 + e^t) keeps every λ·π_k − Ann > 0.
  fit.n = n;
  fit.Ann = Ann;
  fit.scale = Ann / piMin;
  fit.nLnN = n * Math.log(n);
  fit.hi = 1;
  fit.lastT = NaN;
  lowEnd(fit);
  fit.fHi = fitGap(fit, fit.hi);
  while (fit.fHi > 0 && fit.hi < 700) fit.fHi = fitGap(fit, (fit.hi *= 2));
  const t = brentRootIn('setPrices', bracketedGap, fit.lo, fit.hi, SOLVE_DEFAULTS, fit, fit.io);
  // The weights and D_P at the root: those of the last evaluation when the root finder returned it (the usual case).
  if (!(fit.lastT === t)) fitGap(fit, t);
  const w = fit.w;
  const DP = fit.DP;
  for (let k = 0; k < n; k++) xp[k] = s.D * DP * w[k]!;
  const D = getD(xp, Ann);
  rememberFit(n, Ann, s.D, pi, xp, D);
  return withBalances(s, xp, D);
}

/** Token prices of the coins implied by the pool, fee-free, relative to coin 0 (coin 0 = 1). */
export function impliedPrices(s: StableswapState): Float64Array {
  const out = new Float64Array(s.n);
  out[0] = 1;
  for (let k = 1; k < s.n; k++) out[k] = spotPrice(s, k, 0);
  return out;
}

/** A provider withdraws `share` of the liquidity: every balance and D scale by (1 − share). */
export function scaleLiquidity(s: StableswapState, share: number): StableswapState {
  checkWithdrawnShare('scaleLiquidity', share);
  return withBalances(
    s,
    s.xp.map((x) => x * (1 - share)),
    s.D * (1 - share),
  );
}

/** Balance of coin k in whole tokens. */
export function holding(s: StableswapState, k: number): number {
  return s.xp[k]! / s.rates[k]!;
}

/** Balances in whole tokens. */
export function holdings(s: StableswapState): number[] {
  return Array.from(s.xp, (x, k) => x / s.rates[k]!);
}

/** The invariant's residual at the state, relative to D (0 for a consistent state). */
export function invariantResidual(s: StableswapState): number {
  let S = 0;
  let DP = s.D;
  for (let k = 0; k < s.n; k++) {
    S += s.xp[k]!;
    DP = (DP * s.D) / (s.xp[k]! * s.n);
  }
  return (s.Ann * S + s.D - s.Ann * s.D - DP) / (s.Ann * s.D);
}

/** Every pair's log gap shrinks by `keep`: target_k = p_k · r_k^keep, r_k = pool price / external price relative to coin 0. */
function recoverTo(s: StableswapState, prices: ArrayLike<number>, keep: number): StableswapState {
  const target = new Float64Array(s.n);
  let apart = false;
  for (let k = 0; k < s.n; k++) {
    const rel = k === 0 ? 1 : (spotPrice(s, k, 0) * prices[0]!) / prices[k]!;
    if (Math.abs(rel - 1) > RECOVERED) apart = true;
    target[k] = prices[k]! * Math.pow(rel, keep);
  }
  return apart ? setPrices(s, target) : s;
}

/** The Curve StableSwap kind (kind.ts), registered in kinds.ts. */
export const stableswapKind: VenueKindRules<StableswapState, StableswapVenue> = {
  compile: (v, c) => {
    if (v.balances.length !== v.coins.length) throw new Error(`${c.at}: expected one balance per coin (${v.coins.length}), got ${v.balances.length}`);
    return createStableswap({ ...c.common, balances: v.balances, A: v.A, ...(v.rates ? { rates: v.rates } : {}) });
  },
  amountOut: get_dy,
  amountIn: get_dx,
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
  rebalanceTo: setPrices,
  recoverTo,
};

// The numbers a trade moves are stored as doubles from the first real state on (common.ts DOUBLES_PRIMER).
make(DOUBLES_PRIMER, 0, 0, 0, new Float64Array(0), new Float64Array(0), NaN);
