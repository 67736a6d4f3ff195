/**
 * The StableSwap routines the clearing and recovery call most (stableswap.ts inverseMarginal, setPrices) were made
 * cheaper without moving a bit: the work an evaluation repeated is done once, every iterate and every floating-point
 * operation kept in its order. These tests hold them to the straightforward versions, kept here as the reference (the
 * code before the change, on the state's public fields), with `Object.is` on every output, over random pools.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as ss from '../../src/market/stableswap.js';
import { referenceSetPrices } from './stableswap-reference.js';

const MAX_OUT_SHARE = 1 - 1e-12;

function curveE(s: ss.StableswapState, i: number, j: number): number {
  let rest = 0;
  for (let k = 0; k < s.n; k++) if (k !== i && k !== j) rest += s.xp[k]!;
  return rest + s.D / s.Ann - s.D;
}

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

function slopeRatio(x: number, y: number, E: number): number {
  return (y * (2 * x + y + E)) / (x * (x + 2 * y + E));
}

/** inverseMarginal as it was: log(a) and log(X) taken apart, the balance at X recomputed after the loop. */
function referenceInverseMarginal(s: ss.StableswapState, i: number, j: number, rate: number, out: Float64Array, hint: number): void {
  const a = s.xp[i]!;
  const b = s.xp[j]!;
  const E = curveE(s, i, j);
  const target = (rate * s.rates[j]!) / ((1 - s.fee) * s.rates[i]!);
  if (!(slopeRatio(a, b, E) > target)) {
    out.fill(0);
    return;
  }
  let wLo = Math.log(a);
  let wHi = Infinity;
  let X = hint > 0 ? a + hint * s.rates[i]! : a;
  let w = Math.log(X);
  let dlog = 0;
  let y = b;
  for (let iter = 0; iter < 100; iter++) {
    y = b - deltaOut(a, b, E, X - a);
    const phi = slopeRatio(X, y, E);
    const T = X + y + E;
    dlog = -phi / y + (2 - phi) / (T + X) - 1 / X - (1 - 2 * phi) / (T + y);
    const h = Math.log(phi / target);
    if (h > 0) wLo = w;
    else wHi = w;
    if (Math.abs(h) < 1e-14) break;
    let wNew = w - h / (X * dlog);
    if (!(wNew > wLo && wNew < wHi)) wNew = wHi < Infinity ? 0.5 * (wLo + wHi) : wLo + Math.max(1, 2 * (wLo - Math.log(a)));
    if (Math.abs(wNew - w) <= 1e-16 * Math.abs(w)) break;
    w = wNew;
    X = Math.exp(w);
    if (wHi - wLo <= 1e-15 * Math.abs(wLo)) break;
  }
  y = b - deltaOut(a, b, E, X - a);
  out[0] = Math.max(0, X - a) / s.rates[i]!;
  out[1] = dlog < 0 ? 1 / (s.rates[i]! * rate * dlog) : 0;
  out[2] = ((b - y) / s.rates[j]!) * (1 - s.fee);
}

/** Random pools: 2 to 4 coins, A from 1 to 5000, balances 1 to 1e8 (one skewed down to 1e-3 of itself), stored rates. */
const pool = fc
  .record({
    n: fc.integer({ min: 2, max: 4 }),
    A: fc.double({ min: 1, max: 5000, noNaN: true }),
    fee: fc.double({ min: 0, max: 0.01, noNaN: true }),
    bal: fc.array(fc.double({ min: 1, max: 1e8, noNaN: true }), { minLength: 4, maxLength: 4 }),
    rates: fc.array(fc.double({ min: 0.5, max: 2, noNaN: true }), { minLength: 4, maxLength: 4 }),
    skew: fc.double({ min: 1e-3, max: 1, noNaN: true }),
    pair: fc.tuple(fc.nat(3), fc.nat(3)),
  })
  .map((r) => {
    const s = ss.createStableswap({ balances: r.bal.slice(0, r.n).map((b, k) => (k === 0 ? b * r.skew : b)), A: r.A, fee: r.fee, rates: r.rates.slice(0, r.n) });
    const i = r.pair[0] % r.n;
    const j = (i + 1 + (r.pair[1] % (r.n - 1))) % r.n;
    return { s, i, j };
  });

const same = (got: Float64Array, want: Float64Array) => expect(Array.from(got, (x, k) => Object.is(x, want[k]))).toEqual([true, true, true]);

describe('stableswap inverseMarginal: bit for bit the straightforward version', () => {
  it('at rates from the spot price down to far below it, without a hint and with hints near and far from the answer', () => {
    fc.assert(
      fc.property(
        pool,
        fc.double({ min: 1e-6, max: 1.2, noNaN: true }),
        fc.oneof(fc.constant(0), fc.double({ min: 1e-9, max: 1e3, noNaN: true })),
        ({ s, i, j }, below, hintShare) => {
          const rate = ss.spotPrice(s, i, j) * (1 - s.fee) * below;
          const got = new Float64Array(3);
          const want = new Float64Array(3);
          // A hint as the clearing gives one: a previous answer, here the answer at a nearby rate times a share.
          referenceInverseMarginal(s, i, j, rate * 1.001, want, 0);
          const hint = hintShare === 0 ? 0 : want[0]! * hintShare;
          ss.inverseMarginal(s, i, j, rate, got, hint);
          referenceInverseMarginal(s, i, j, rate, want, hint);
          same(got, want);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('stableswap setPrices: bit for bit the straightforward version', () => {
  it('to prices near the pool (recovery) and far from it, pool after pool (one search record serves every call)', () => {
    const move = fc.oneof(fc.double({ min: -1e-6, max: 1e-6, noNaN: true }), fc.double({ min: -0.5, max: 0.5, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true }));
    fc.assert(
      fc.property(fc.array(fc.tuple(pool, fc.array(move, { minLength: 4, maxLength: 4 })), { minLength: 1, maxLength: 4 }), (cases) => {
        for (const [{ s }, moves] of cases) {
          const spot = ss.impliedPrices(s);
          const prices = Array.from(spot, (p, k) => (p / s.rates[k]!) * Math.exp(moves[k]!));
          const got = ss.setPrices(s, prices);
          const want = referenceSetPrices(s, prices);
          expect(Array.from(got.xp, (x, k) => Object.is(x, want.xp[k]))).toEqual(Array.from(got.xp, () => true));
          expect(Object.is(got.D, want.D)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('stableswap setPrices: the bracket found without the points a lower one proves below the root', () => {
  it('ends low at −1, −2, −4, −8, −16, −32 and beyond, bit for bit the doubling from −1', () => {
    const lows = new Set<number>();
    for (let e = -1; e <= 12; e += 0.125) {
      for (const n of [2, 3, 4]) {
        for (const move of [0, 1e-9, -0.3, 2]) {
          // A from 0.1 to 1e12: the root t ≈ ln(1/A) on a balanced pool walks the low end through every doubling.
          const s = ss.createStableswap({ balances: Array.from({ length: n }, (_, k) => 1e6 * (1 + 0.37 * k)), A: 10 ** e, fee: 0, rates: Array.from({ length: n }, (_, k) => 1 + 0.01 * k) });
          const prices = Array.from(ss.impliedPrices(s), (p, k) => (p / s.rates[k]!) * Math.exp(k === 1 ? move : 0));
          const got = ss.setPrices(s, prices);
          const want = referenceSetPrices(s, prices);
          lows.add(want.lo);
          expect(Array.from(got.xp, (x, k) => Object.is(x, want.xp[k]))).toEqual(Array.from(got.xp, () => true));
          expect(Object.is(got.D, want.D)).toBe(true);
        }
      }
    }
    expect([...lows].sort((a, b) => b - a).slice(0, 6)).toEqual([-1, -2, -4, -8, -16, -32]);
  });
});
