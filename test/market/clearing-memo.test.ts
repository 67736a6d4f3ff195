/**
 * The venue sides a clearing remembers (src/market/clearing-memo.ts) change no number: random sequences of sales and
 * purchases — venue subsets that overlap and repeat, venues replaced by their next states, prices moved, the coin
 * received restricted or not, maxFillShare changed, more distinct clearings than the memo holds — give every field of
 * every clearing bit for bit as the same clearing on copies of the venue states (other objects: never in the memo).
 * Quotes held (clearing.ts `HeldSales`, `quoteHeld`: venues, an asset and options held while the amount changes read
 * back the entry the first quote used, with no check of the options and no look-up) are quoteSales' numbers bit for bit
 * in random sequences of quotes of several holds, with other clearings in between — up to 20 of distinct inputs, so
 * that the memo's 16 entries turn over and a held entry is claimed for other inputs (the hold must see it and quote
 * afresh) — on lone venues (the quote without a solve) and several, the coin received restricted or not.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clearPurchases, clearSales, HeldSales, holdSales, quoteHeld, quoteSales, type Clearing, type ClearingOptions } from '../../src/market/clearing.js';
import { clearSides } from '../../src/market/clearing-memo.js';
import { createConcentrated } from '../../src/market/concentrated.js';
import { createConstantProduct } from '../../src/market/constant-product.js';
import { createOrderBook } from '../../src/market/order-book.js';
import { createStableswap } from '../../src/market/stableswap.js';
import type { VenueState } from '../../src/market/types.js';

const ETH = 0;
const USDC = 1;
const USDT = 2;
const STETH = 3;
const ids = ['ETH', 'USDC', 'USDT', 'stETH'];
const coins = (a: number, b: number) => ({ coins: [a, b], coinIds: [ids[a]!, ids[b]!] });

/** Six venues of every kind trading ETH. */
function venues(): VenueState[] {
  return [
    createConstantProduct({ ...coins(ETH, USDC), reserves: [5000, 10_000_000], fee: 0.003 }),
    createConcentrated({ ...coins(ETH, USDC), price: 2000, fee: 0.0005, ranges: [{ lower: 1500, upper: 1900, liquidity: 4e4 }, { lower: 1900, upper: 2100, liquidity: 2e5 }, { lower: 2100, upper: 2600, liquidity: 3e4 }] }),
    createStableswap({ ...coins(STETH, ETH), balances: [40_000, 38_000], A: 50, fee: 0.0004 }),
    createOrderBook({ ...coins(ETH, USDT), model: 'depth', mid: 2000, fee: 0.001, bids: [{ offset: 0.001, depth: 200 }, { offset: 0.01, depth: 1500 }], asks: [{ offset: 0.001, depth: 200 }, { offset: 0.05, depth: 4000 }] }),
    createOrderBook({ ...coins(ETH, USDC), model: 'sqrtImpact', mid: 2000, fee: 0.001, dailyVolume: 200_000, volatility: 0.6 }),
    createConstantProduct({ ...coins(ETH, USDT), reserves: [800, 1_600_000], fee: 0.0005 }),
  ];
}

interface Step {
  subset: number;
  purchase: boolean;
  quote: boolean;
  amount: number;
  receive: number;
  price: number;
  fill: number;
  advance: boolean;
}

const step: fc.Arbitrary<Step> = fc.record({
  // Few distinct inputs, so that a clearing often repeats one of the last few (the memo's hits), with prices or maxFillShare changed
  subset: fc.constantFrom(63, 7, 33, 5),
  purchase: fc.boolean(),
  quote: fc.boolean(),
  amount: fc.double({ min: 0, max: 8000, noNaN: true }),
  receive: fc.constantFrom(-1, USDC),
  price: fc.constantFrom(2000, 2000, 1900),
  fill: fc.constantFrom(0.999, 0.999, 0.5),
  advance: fc.constantFrom(false, false, false, true),
});

describe('the clearing memo', () => {
  it('changes no number of any clearing in random sequences (compared with the clearing on copies of the states)', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 60 }), (steps) => {
        clearSides();
        const states = venues();
        for (const s of steps) {
          const vs = states.filter((_, k) => (s.subset >> k) & 1);
          const options: ClearingOptions = { prices: [s.price, 1, 1, s.price], maxFillShare: s.fill, ...(s.receive >= 0 ? (s.purchase ? { pay: s.receive } : { receive: s.receive }) : {}) };
          const run = (on: VenueState[]): Clearing | number | Error => {
            try {
              if (s.quote && !s.purchase) return quoteSales(on, ETH, s.amount, options);
              return (s.purchase ? clearPurchases : clearSales)(on, ETH, s.amount, options);
            } catch (e) {
              return e as Error;
            }
          };
          // Copies of the states are other objects with the same numbers: the memo never saw them.
          const fresh = run(vs.map((v) => structuredClone(v)));
          expect(run(vs)).toEqual(fresh); // from the memo when an earlier step cleared these venues at these inputs
          expect(run(vs)).toEqual(fresh); // from the memo
          // Venues move on: the next clearing sees some next states (new objects: the memo must miss them).
          if (s.advance && typeof fresh === 'object' && !(fresh instanceof Error)) vs.forEach((v, k) => (states[states.indexOf(v)] = fresh.states[k]!));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('reads an entry back only at the same inputs: prices, maxFillShare, the coin allowed, the side, the venue states', () => {
    clearSides();
    const vs = venues();
    const cps = [vs[0]!, vs[5]!]; // x·y = k pools holding 5000 and 800 ETH: maxFillShare 0.5 caps a purchase at 2900 ETH
    const seq: [boolean, ClearingOptions][] = [
      [true, { prices: [2000, 1, 1, 2000], maxFillShare: 0.999 }],
      [true, { prices: [2000, 1, 1, 2000], maxFillShare: 0.5 }],
      [true, { prices: [1900, 1, 1, 1900], maxFillShare: 0.5 }],
      [true, { prices: [1900, 1, 1, 1900], maxFillShare: 0.5, pay: USDC }],
      [false, { prices: [1900, 1, 1, 1900], maxFillShare: 0.5, receive: USDC }],
      [false, { prices: [1900, 1, 1, 1900], maxFillShare: 0.5 }],
      [true, { prices: [2000, 1, 1, 2000], maxFillShare: 0.999 }],
    ];
    const filled: number[] = [];
    for (const [purchase, options] of seq) {
      const clear = purchase ? clearPurchases : clearSales;
      const fresh = clear(cps.map((v) => structuredClone(v)), ETH, 4000, options);
      const got = clear(cps, ETH, 4000, options);
      expect(got).toEqual(fresh);
      filled.push(got.filled);
    }
    // Caps: 0.999 · 5800 = 5794.2 ≥ 4000, all bought; 0.5 · 5800 = 2900; paying USDC only, the 5000-ETH pool: 0.5 · 5000 = 2500.
    expect(filled[0]).toBe(4000);
    expect(filled[1]).toBeLessThanOrEqual(2900);
    expect(filled[1]).toBeGreaterThan(2890);
    expect(filled[3]).toBeLessThanOrEqual(2500);
    expect(filled[3]).toBeGreaterThan(2490);
    // Sold into the pools, the next states are new objects: the same clearing on them reads no entry.
    const next = clearSales(cps, ETH, 100, { prices: [2000, 1, 1, 2000] }).states;
    const got = clearSales(next, ETH, 100, { prices: [2000, 1, 1, 2000] });
    clearSides();
    expect(got).toEqual(clearSales(next, ETH, 100, { prices: [2000, 1, 1, 2000] }));
  });
});

describe('the clearing memo and a list of coins allowed', () => {
  it('reads a list by its elements: a caller changing its own list in place gets the clearing of the new coins', () => {
    clearSides();
    const pool = createStableswap({ id: '3pool', coinIds: ['USDC', 'DAI', 'USDT'], balances: [1e6, 2e6, 0.5e6], A: 100, fee: 0.0004 });
    const receive = ['DAI'];
    const dai = clearSales([pool], 'USDC', 100_000, { receive });
    receive[0] = 'USDT';
    const reused = clearSales([pool], 'USDC', 100_000, { receive });
    const fresh = clearSales([pool], 'USDC', 100_000, { receive: ['USDT'] });
    expect(dai.byCoin.map((c) => c.coin)).toEqual(['DAI']);
    expect(reused).toEqual(fresh);
    expect(reused.byCoin.map((c) => c.coin)).toEqual(['USDT']);
  });
});

/** Venue subsets held (bit k: venue k of `venues`), each with the coin received (−1: any). */
const HOLDS: [number, number][] = [
  [1, USDC],
  [3, USDC],
  [27, -1],
  [16, USDC],
  [7, -1],
];

interface HeldStep {
  hold: number;
  amount: number;
  /** Clearings of other inputs before the quote (each at another price: a new entry of the memo). */
  others: number;
}

const heldStep: fc.Arbitrary<HeldStep> = fc.record({
  hold: fc.integer({ min: 0, max: HOLDS.length - 1 }),
  amount: fc.oneof(fc.double({ min: 1e-9, max: 1, noNaN: true }), fc.double({ min: 0, max: 9000, noNaN: true })),
  others: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 20 })),
});

describe('quoteHeld', () => {
  it('quotes what quoteSales quotes, bit for bit, while other clearings turn the memo over', () => {
    let evicted = 0;
    fc.assert(
      fc.property(fc.array(heldStep, { minLength: 1, maxLength: 40 }), fc.constantFrom(2000, 1900), (steps, price) => {
        clearSides();
        const vs = venues();
        const prices = [price, 1, 1, price];
        const held = HOLDS.map(([subset, receive]) => {
          const on = vs.filter((_, k) => (subset >> k) & 1);
          const options: ClearingOptions = { prices, ...(receive >= 0 ? { receive } : {}) };
          const h = new HeldSales();
          holdSales(h, on, ETH, options);
          return { h, on, options };
        });
        for (const s of steps) {
          for (let k = 0; k < s.others; k++) clearSales(vs, ETH, 10, { prices: [price + k + 1, 1, 1, price + k + 1] });
          const { h, on, options } = held[s.hold]!;
          const before = h.sides;
          const claims = h.claims;
          const got = quoteHeld(h, s.amount);
          if (before !== null && before.claims !== claims) evicted++;
          expect(got).toBe(quoteSales(on.map((v) => structuredClone(v)), ETH, s.amount, options));
        }
      }),
      { numRuns: 150 },
    );
    expect(evicted).toBeGreaterThan(20); // held entries were claimed for other inputs and quoted afresh
  });

  it('refuses what quoteSales refuses, on the first quote and after', () => {
    clearSides();
    const h = new HeldSales();
    holdSales(h, venues().slice(0, 2), ETH, { prices: [2000, 1, 1, 2000], tolerance: 0 });
    expect(() => quoteHeld(h, 5)).toThrow('quoteSales: tolerance must be a finite number > 0, got 0');
    holdSales(h, venues().slice(0, 2), ETH, { prices: [2000, 1, 1, 2000] });
    expect(quoteHeld(h, 5)).toBeGreaterThan(0);
    expect(() => quoteHeld(h, Number.NaN)).toThrow(/quoteSales: .*amount/);
    expect(() => quoteHeld(h, -1)).toThrow(/quoteSales: .*amount/);
  });
});
