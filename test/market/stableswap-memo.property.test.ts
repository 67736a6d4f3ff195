/**
 * setPrices remembered (src/market/stableswap-memo.ts): a call whose n, Ann, D and prices per pool unit equal an
 * earlier call's gets that call's balances and invariant, any other is searched. Held to the straightforward search
 * (stableswap-reference.ts) with `Object.is` on every output, over random pools asked random prices again and again —
 * the same pool and prices, the pool moved (another D), another A, other rates, one price a few ulps away — and one
 * case per part of the key, each failing when that part is dropped from the comparison (keys made to share a slot).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as ss from '../../src/market/stableswap.js';
import { referenceSetPrices } from './stableswap-reference.js';
import { recalledFit, slotOf } from '../../src/market/stableswap-memo.js';

/** A double `steps` ulps up (positive x). */
function ulps(x: number, steps: number): number {
  const f = new Float64Array([x]);
  const b = new BigInt64Array(f.buffer);
  b[0] = b[0]! + BigInt(steps);
  return f[0]!;
}

function expectReference(s: ss.StableswapState, prices: number[]): void {
  const got = ss.setPrices(s, prices);
  const want = referenceSetPrices(s, prices);
  expect(Array.from(got.xp, (x, k) => Object.is(x, want.xp[k]))).toEqual(Array.from(got.xp, () => true));
  expect(Object.is(got.D, want.D)).toBe(true);
}

const pool = fc.record({
  n: fc.integer({ min: 2, max: 4 }),
  A: fc.double({ min: 1, max: 5000, noNaN: true }),
  bal: fc.array(fc.double({ min: 1, max: 1e8, noNaN: true }), { minLength: 4, maxLength: 4 }),
  rates: fc.array(fc.double({ min: 0.5, max: 2, noNaN: true }), { minLength: 4, maxLength: 4 }),
  moves: fc.array(fc.double({ min: -0.5, max: 0.5, noNaN: true }), { minLength: 4, maxLength: 4 }),
});

type Pool = { n: number; A: number; bal: number[]; rates: number[]; moves: number[] };
const make = (p: Pool) => ss.createStableswap({ balances: p.bal.slice(0, p.n), A: p.A, fee: 0.0004, rates: p.rates.slice(0, p.n) });
const pricesOf = (p: Pool) => p.moves.slice(0, p.n).map((m) => Math.exp(m));

describe('stableswap setPrices remembered: bit for bit the straightforward search', () => {
  it('random pools asked again and again, and asked with one input changed', () => {
    const change = fc.constantFrom('same', 'moved', 'A', 'rates', 'ulp');
    fc.assert(
      fc.property(fc.array(fc.tuple(pool, fc.array(change, { minLength: 1, maxLength: 6 })), { minLength: 1, maxLength: 3 }), (cases) => {
        for (const [p, changes] of cases) {
          const s = make(p);
          const prices = pricesOf(p);
          expectReference(s, prices);
          for (const c of changes) {
            if (c === 'same') expectReference(s, prices);
            else if (c === 'moved') expectReference(ss.apply(s, 0, 1, ss.holding(s, 0) * 0.01), prices);
            else if (c === 'A') expectReference(make({ ...p, A: ulps(p.A, 1) }), prices);
            else if (c === 'rates') expectReference(make({ ...p, rates: p.rates.map((r, k) => (k === p.n - 1 ? ulps(r, 1) : r)) }), prices);
            else expectReference(s, prices.map((x, k) => (k === p.n - 1 ? ulps(x, 2) : x)));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('one part of the key at a time: Ann, D, each price per pool unit', () => {
    const p: Pool = { n: 3, A: 200, bal: [1e6, 1.2e6, 0.9e6, 0], rates: [1, 1, 1, 1], moves: [0, 0.01, -0.02, 0] };
    const s = make(p);
    const prices = pricesOf(p);
    expectReference(s, prices);
    // Another Ann, the same D and prices.
    const otherA = ss.createStableswap({ balances: Array.from(s.xp), A: 400, fee: 0.0004 });
    expectReference(otherA, prices);
    // Another D (liquidity withdrawn), the same Ann and prices.
    expectReference(ss.scaleLiquidity(s, 0.5), prices);
    // Each price, the others kept.
    for (let k = 0; k < 3; k++) expectReference(s, prices.map((x, j) => (j === k ? x * 1.001 : x)));
    // A rate changes π as a price does.
    expectReference(make({ ...p, rates: [1, 1, 1.001, 1] }), prices);
  });

  it('keys that share a slot: each part of the key (Ann, D, a price) compared, an empty slot never recalled', () => {
    // Keys in different slots never meet, so only a key sharing its slot with a remembered one tests the comparison:
    // dropping Ann's, D's or a price's compare from recalledFit fails here (checked).
    const s = ss.createStableswap({ balances: [2e6, 1.7e6, 2.1e6], A: 150, fee: 0.0004 });
    const prices = [Math.exp(0.003), 1, Math.exp(-0.004)];
    const slot = slotOf(3, s.Ann, s.D, Float64Array.from(prices));
    /** The first double up from x (by ulps) whose key, made by `keyOf`, falls in the slot. */
    const colliding = (x: number, keyOf: (y: number) => number): number => {
      for (let k = 1; ; k++) if (keyOf(ulps(x, k)) === slot) return ulps(x, k);
    };
    const Ann = colliding(s.Ann, (y) => slotOf(3, y, s.D, Float64Array.from(prices)));
    const D = colliding(s.D, (y) => slotOf(3, s.Ann, y, Float64Array.from(prices)));
    const p2 = colliding(prices[2]!, (y) => slotOf(3, s.Ann, s.D, Float64Array.from([prices[0]!, prices[1]!, y])));
    for (const [state, ps] of [
      [s, prices],
      [{ ...s, Ann }, prices],
      [s, prices],
      [{ ...s, D }, prices],
      [s, prices],
      [s, [prices[0]!, prices[1]!, p2]],
    ] as [ss.StableswapState, number[]][])
      expectReference(state, ps);
    // A coin count no call has used: every slot empty (Ann = 0 in each), nothing recalled and xp left as it was.
    const xp = new Float64Array([7, 7, 7, 7, 7, 7, 7]);
    expect(recalledFit(7, s.Ann, s.D, new Float64Array(7).fill(1), xp)).toBeNaN();
    expect(Array.from(xp)).toEqual([7, 7, 7, 7, 7, 7, 7]);
  });
});
