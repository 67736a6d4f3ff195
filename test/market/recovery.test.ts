import { describe, expect, it } from 'vitest';
import * as cp from '../../src/market/constant-product.js';
import * as v3 from '../../src/market/concentrated.js';
import * as ob from '../../src/market/order-book.js';
import * as ss from '../../src/market/stableswap.js';
import { coinPrices, rebalance, rebalanceTo, RECOVERED, recover, recoverTo } from '../../src/market/recovery.js';

// DESIGN §3/§10: between rounds the log gap to the external price shrinks by 2^(−t/halfLife); rebalancing keeps
// the venue's liquidity (x·y = k: same k; v3: same ranges; StableSwap: same D; a book re-centres).
const keep = (t: number, h: number) => Math.pow(2, -t / h);

describe('recover: the gap to the external price shrinks by 2^(−t/halfLife)', () => {
  it('x·y = k: after one half-life the log gap halves, k unchanged', () => {
    const pool = cp.apply(cp.createConstantProduct({ coins: [0, 1], reserves: [5000, 10_000_000], fee: 0.003, recoveryHalfLife: 600 }), 0, 1, 1000);
    const spot = cp.spotPrice(pool, 0, 1);
    const after = recover(pool, [2000, 1], 600) as typeof pool;
    expect(cp.spotPrice(after, 0, 1)).toBeCloseTo(2000 * Math.pow(spot / 2000, 0.5), 9);
    expect(after.reserve0 * after.reserve1).toBeCloseTo(pool.reserve0 * pool.reserve1, 0);
    // 1800 s = three half-lives: the gap is 1/8 of what it was
    expect(Math.log(cp.spotPrice(recover(pool, [2000, 1], 1800) as typeof pool, 0, 1) / 2000)).toBeCloseTo(Math.log(spot / 2000) * keep(1800, 600), 12);
  });

  it('no half-life, or no time: the same state', () => {
    const still = cp.createConstantProduct({ coins: [0, 1], reserves: [1, 1000], fee: 0 });
    expect(recover(still, [2000, 1], 3600)).toBe(still);
    const moving = cp.createConstantProduct({ coins: [0, 1], reserves: [1, 1000], fee: 0, recoveryHalfLife: 60 });
    expect(recover(moving, [2000, 1], 0)).toBe(moving);
  });

  it('a venue within RECOVERED (1e-12) of the external price is left as it is; one 1e-9 away still moves', () => {
    const pool = cp.createConstantProduct({ coins: [0, 1], reserves: [1000, 2_000_000], fee: 0, recoveryHalfLife: 600 });
    expect(RECOVERED).toBe(1e-12);
    expect(recover(pool, [2000 * (1 + 5e-13), 1], 60)).toBe(pool);
    expect(recover(pool, [2000 * (1 + 1e-9), 1], 60)).not.toBe(pool);
    const three = ss.createStableswap({ coins: [0, 1, 2], balances: [1e6, 1e6, 1e6], A: 100, fee: 0.0004, recoveryHalfLife: 1000 });
    expect(recoverTo(three, [1, 1, 1], 60)).toBe(three);
    expect(recoverTo(three, [1, 1, 1 + 1e-9], 60)).not.toBe(three);
    // A book at the external price but anchored on another mid is re-anchored.
    const book = ob.createOrderBook({ coins: [0, 1], model: 'sqrtImpact', dailyVolume: 20_000, volatility: 0.6, mid: 2000, fee: 0.001, recoveryHalfLife: 300 });
    expect(recover(book, [2000, 1], 60)).toBe(book);
  });

  it('v3: same ranges, the price moves; a book: re-anchored on the external mid', () => {
    const pool = v3.createConcentrated({ coins: [0, 1], price: 1700, fee: 0.003, recoveryHalfLife: 100, ranges: [{ lower: 1000, upper: 3000, liquidity: 1e4 }] });
    const after = recover(pool, [2000, 1], 100) as typeof pool;
    expect(v3.spotPrice(after, 0, 1)).toBeCloseTo(2000 * Math.sqrt(1700 / 2000), 9);
    expect(after.liquidity).toBe(pool.liquidity);
    const book = ob.apply(ob.createOrderBook({ coins: [0, 1], model: 'sqrtImpact', dailyVolume: 20_000, volatility: 0.6, mid: 2000, fee: 0.001, recoveryHalfLife: 300 }), 0, 1, 2000);
    const spot = ob.spotPrice(book, 0, 1);
    // the external price moved to 1900: the book's mid follows, its gap to 1900 shrinks
    const healed = recover(book, [1900, 1], 600) as typeof book;
    expect(healed.mid).toBe(1900);
    expect(ob.spotPrice(healed, 0, 1)).toBeCloseTo(1900 * Math.pow(spot / 1900, keep(600, 300)), 8);
  });

  it('StableSwap: every pair gap shrinks by the factor, D unchanged', () => {
    const pool = ss.apply(ss.createStableswap({ coins: [0, 1, 2], balances: [1e6, 1e6, 1e6], A: 100, fee: 0.0004, recoveryHalfLife: 1000 }), 0, 1, 600_000);
    const prices = [1, 1, 1];
    const after = recoverTo(pool, prices, 1000) as typeof pool;
    for (const [i, j] of [[0, 1], [0, 2], [1, 2]] as const) expect(Math.log(ss.spotPrice(after, i, j))).toBeCloseTo(Math.log(ss.spotPrice(pool, i, j)) * 0.5, 10);
    expect(after.D / pool.D).toBeCloseTo(1, 12);
  });
});

describe('rebalance: arbitrage to the external price keeping liquidity', () => {
  it('x·y = k at ETH −30%: x = √(k/1400), y = √(k·1400)', () => {
    const pool = cp.createConstantProduct({ coins: [0, 1], reserves: [5000, 10_000_000], fee: 0.003 });
    const moved = rebalance(pool, [1400, 1]) as typeof pool;
    expect(moved.reserve0).toBeCloseTo(Math.sqrt(5e10 / 1400), 9);
    expect(moved.reserve1).toBeCloseTo(Math.sqrt(5e10 * 1400), 6);
  });
  it('a book is re-centred (nothing consumed) on the new mid', () => {
    const book = ob.apply(ob.createOrderBook({ coins: [0, 1], model: 'depth', mid: 2000, fee: 0, bids: [{ offset: 0.01, depth: 100 }], asks: [{ offset: 0.01, depth: 100 }] }), 0, 1, 50);
    const moved = rebalanceTo(book, [1500, 1]) as typeof book;
    expect(moved.position).toBe(0);
    expect(ob.spotPrice(moved, 0, 1)).toBe(1500);
  });
  it('needs asset indices to read prices by asset', () => {
    const loose = cp.createConstantProduct({ id: 'x', reserves: [1, 1], fee: 0 });
    expect(() => coinPrices(loose, [1, 1])).toThrow(/coinPrices: venue "x" was compiled without a network/);
    expect(() => coinPrices(cp.createConstantProduct({ coins: [0, 3], reserves: [1, 1], fee: 0 }), [1, 1])).toThrow(/the price of asset 3 \("1"\) must be a finite USD price > 0, got undefined/);
    expect(() => recover(cp.createConstantProduct({ coins: [0, 1], reserves: [1, 1], fee: 0, recoveryHalfLife: 5 }), [1, 1], -1)).toThrow('recover: seconds must be a finite number >= 0, got -1');
  });
});
