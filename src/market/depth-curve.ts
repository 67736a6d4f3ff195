/**
 * A book's depth curve as a continuous price curve (DESIGN §3: piecewise linear between levels so that prices
 * move continuously): knots (s, g) ascending in s — asks at s = −cumulative depth with g = 1 + offset, the mid
 * (0, 1), bids at s = +cumulative depth with g = 1 − offset — and g linear in s between knots. A repeated s is a
 * price jump (a level with no depth of its own). ∫g is kept at every knot, so a walk is closed-form.
 * Maths: docs/market.md §4.
 */
import type { OrderBookState } from './order-book-state.js';

export interface DepthLevelArgs {
  /** Fractional offset from the mid (0.01 = 1%), strictly increasing along the side. */
  offset: number;
  /** Cumulative base amount down to (bids) or up to (asks) this offset, non-decreasing. */
  depth: number;
}

export interface DepthKnots {
  knotS: Float64Array;
  knotG: Float64Array;
  knotArea: Float64Array;
}

function checkSide(at: string, side: 'bids' | 'asks', levels: readonly DepthLevelArgs[]): void {
  if (levels.length === 0) throw new Error(`${at}: expected at least one level in ${side}, got an empty depth curve`);
  levels.forEach((l, k) => {
    if (!(l.offset > 0 && l.offset < Infinity)) throw new Error(`${at}: ${side}[${k}].offset must be a finite fraction > 0, got ${l.offset}`);
    if (side === 'bids' && !(l.offset < 1)) throw new Error(`${at}: bids[${k}].offset must be below 1 (a bid price above zero), got ${l.offset}`);
    if (!(l.depth >= 0 && l.depth < Infinity)) throw new Error(`${at}: ${side}[${k}].depth must be a finite amount >= 0, got ${l.depth}`);
    const prev = levels[k - 1];
    if (prev && !(l.offset > prev.offset)) throw new Error(`${at}: ${side}[${k}].offset must exceed the previous level's (${prev.offset}): a monotone depth curve, got ${l.offset}`);
    if (prev && !(l.depth >= prev.depth)) throw new Error(`${at}: ${side}[${k}].depth must be >= the previous level's (${prev.depth}): cumulative depth, got ${l.depth}`);
  });
  const last = levels[levels.length - 1]!;
  if (!(last.depth > 0)) throw new Error(`${at}: ${side} must hold some amount (last level depth > 0), got ${last.depth}`);
}

/** Knots of the curve for checked bid and ask levels; `at` names the caller in errors. */
export function depthKnots(at: string, bids: readonly DepthLevelArgs[], asks: readonly DepthLevelArgs[]): DepthKnots {
  checkSide(at, 'bids', bids);
  checkSide(at, 'asks', asks);
  const m = asks.length + 1 + bids.length;
  const knotS = new Float64Array(m);
  const knotG = new Float64Array(m);
  let k = 0;
  for (let a = asks.length - 1; a >= 0; a--, k++) {
    knotS[k] = -asks[a]!.depth;
    knotG[k] = 1 + asks[a]!.offset;
  }
  const zero = k;
  knotS[k] = 0;
  knotG[k++] = 1;
  for (const b of bids) {
    knotS[k] = b.depth;
    knotG[k++] = 1 - b.offset;
  }
  // ∫₀^s g by trapezoids from the mid outwards (exact: g is linear between knots).
  const knotArea = new Float64Array(m);
  for (let q = zero + 1; q < m; q++) knotArea[q] = knotArea[q - 1]! + ((knotS[q]! - knotS[q - 1]!) * (knotG[q]! + knotG[q - 1]!)) / 2;
  for (let q = zero - 1; q >= 0; q--) knotArea[q] = knotArea[q + 1]! - ((knotS[q + 1]! - knotS[q]!) * (knotG[q]! + knotG[q + 1]!)) / 2;
  return { knotS, knotG, knotArea };
}

export function depthMin(b: OrderBookState): number {
  return b.knotS[0]!;
}

export function depthMax(b: OrderBookState): number {
  return b.knotS[b.knotS.length - 1]!;
}

/** Largest knot index q with knotS[q] <= s (−1 when s is below the first knot). */
function lastKnotAtOrBelow(S: Float64Array, s: number): number {
  let lo = 0;
  let hi = S.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (S[mid]! <= s) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Smallest knot index q with knotS[q] >= s (length when s is beyond the last knot). */
function firstKnotAtOrAbove(S: Float64Array, s: number): number {
  let lo = 0;
  let hi = S.length - 1;
  let found = S.length;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (S[mid]! >= s) {
      found = mid;
      hi = mid - 1;
    } else lo = mid + 1;
  }
  return found;
}

function lerp(b: OrderBookState, q: number, s: number): number {
  const s0 = b.knotS[q]!;
  const s1 = b.knotS[q + 1]!;
  const g0 = b.knotG[q]!;
  return g0 + ((b.knotG[q + 1]! - g0) * (s - s0)) / (s1 - s0);
}

/** g just after s (the next unit sold); 0 at or past the end of the bids. */
export function depthGRight(b: OrderBookState, s: number): number {
  const q = lastKnotAtOrBelow(b.knotS, s);
  if (q >= b.knotS.length - 1) return 0;
  if (q < 0) return b.knotG[0]!;
  return lerp(b, q, s);
}

/** g just before s (the last unit sold to reach s); the top ask at or before the start of the asks. */
export function depthGLeft(b: OrderBookState, s: number): number {
  const q = firstKnotAtOrAbove(b.knotS, s);
  if (q <= 0) return b.knotG[0]!;
  if (q >= b.knotS.length) return b.knotG[b.knotG.length - 1]!;
  return lerp(b, q - 1, s);
}

/** ∫₀^s g, s clamped to the curve. */
export function depthArea(b: OrderBookState, s: number): number {
  const S = b.knotS;
  if (s <= S[0]!) return b.knotArea[0]!;
  if (s >= S[S.length - 1]!) return b.knotArea[S.length - 1]!;
  let q = lastKnotAtOrBelow(S, s);
  if (q >= S.length - 1) q = S.length - 2;
  const g = lerp(b, q, s);
  return b.knotArea[q]! + ((s - S[q]!) * (b.knotG[q]! + g)) / 2;
}

/**
 * ds/dg at the last position found (0 at a jump or an end): set by depthPositionLeft/Right. A field first NaN stores
 * its doubles in place; an exported `let` would box every double written to it.
 */
export const depthSlope = { dsDg: Number.NaN };

/** sup{s : g just before s >= target}: how far a sale of base goes before its last unit falls below target. */
export function depthPositionLeft(b: OrderBookState, target: number): number {
  const G = b.knotG;
  const S = b.knotS;
  const m = G.length;
  depthSlope.dsDg = 0;
  if (target > G[0]!) return S[0]!;
  // largest q with G[q] >= target (G strictly decreasing)
  let lo = 0;
  let hi = m - 1;
  let q = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (G[mid]! >= target) {
      q = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (q >= m - 1) return S[m - 1]!;
  const ds = S[q + 1]! - S[q]!;
  if (ds === 0) return S[q]!;
  const dg = G[q + 1]! - G[q]!;
  const dsDg = ds / dg;
  depthSlope.dsDg = dsDg;
  return S[q]! + (target - G[q]!) * dsDg;
}

/** inf{s : g just after s <= target}: how far a purchase of base goes before its last unit costs more than target. */
export function depthPositionRight(b: OrderBookState, target: number): number {
  const G = b.knotG;
  const S = b.knotS;
  const m = G.length;
  depthSlope.dsDg = 0;
  if (target < G[m - 1]!) return S[m - 1]!;
  // smallest q with G[q] <= target
  let lo = 0;
  let hi = m - 1;
  let q = m - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (G[mid]! <= target) {
      q = mid;
      hi = mid - 1;
    } else lo = mid + 1;
  }
  if (q <= 0) return S[0]!;
  const ds = S[q]! - S[q - 1]!;
  if (ds === 0) return S[q]!;
  const dg = G[q]! - G[q - 1]!;
  const dsDg = ds / dg;
  depthSlope.dsDg = dsDg;
  return S[q - 1]! + (target - G[q - 1]!) * dsDg;
}

/** The s with ∫₀^s g = area (area within the curve's range): the quadratic of one segment. */
export function depthAreaInverse(b: OrderBookState, area: number): number {
  const A = b.knotArea;
  const S = b.knotS;
  const m = A.length;
  if (area <= A[0]!) return S[0]!;
  if (area >= A[m - 1]!) return S[m - 1]!;
  // largest q with A[q] <= area, on a segment of positive width
  let lo = 0;
  let hi = m - 1;
  let q = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (A[mid]! <= area) {
      q = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (q >= m - 1) return S[m - 1]!;
  while (q < m - 2 && S[q + 1]! === S[q]!) q++;
  const ds = S[q + 1]! - S[q]!;
  if (ds === 0) return S[q]!;
  const g0 = b.knotG[q]!;
  const slope = (b.knotG[q + 1]! - g0) / ds;
  const c = area - A[q]!;
  // g0·t + (slope/2)·t² = c, the root in [0, ds]
  const disc = g0 * g0 + 2 * slope * c;
  const t = (2 * c) / (g0 + Math.sqrt(disc > 0 ? disc : 0));
  return S[q]! + Math.min(t, ds);
}
