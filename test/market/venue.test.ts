import { describe, expect, it } from 'vitest';
import { createConcentrated } from '../../src/market/concentrated.js';
import { createConstantProduct } from '../../src/market/constant-product.js';
import { createOrderBook } from '../../src/market/order-book.js';
import { createStableswap } from '../../src/market/stableswap.js';
import type { VenueState } from '../../src/market/types.js';
import { amountIn, amountOut, capacity, coinIndex, holdings, marginalRate, scaleLiquidity, sellableTo, spotPrice } from '../../src/market/venue.js';

const kinds: [string, VenueState][] = [
  ['constantProduct', createConstantProduct({ coinIds: ['ETH', 'USDC'], coins: [0, 1], reserves: [5000, 10_000_000], fee: 0.003 })],
  ['concentrated', createConcentrated({ coinIds: ['ETH', 'USDC'], coins: [0, 1], price: 2000, fee: 0.0005, ranges: [{ lower: 1500, upper: 1900, liquidity: 4e4 }, { lower: 1900, upper: 2600, liquidity: 2e5 }] })],
  ['stableswap', createStableswap({ coinIds: ['stETH', 'ETH'], coins: [3, 0], balances: [40_000, 38_000], A: 50, fee: 0.0004 })],
  ['orderBook depth', createOrderBook({ coinIds: ['ETH', 'USDC'], coins: [0, 1], model: 'depth', mid: 2000, fee: 0.001, bids: [{ offset: 0.01, depth: 1500 }, { offset: 0.05, depth: 4000 }], asks: [{ offset: 0.05, depth: 4000 }] })],
  ['orderBook sqrtImpact', createOrderBook({ coinIds: ['ETH', 'USDC'], coins: [0, 1], model: 'sqrtImpact', mid: 2000, fee: 0.001, dailyVolume: 200_000, volatility: 0.6 })],
];

describe('venue interface, every kind', () => {
  for (const [name, s] of kinds) {
    it(`${name}: exact output inverts exact input; sellableTo inverts marginalRate`, () => {
      for (const [i, j] of [[0, 1], [1, 0]] as const) {
        const dx = 0.01 * holdings(s)[i]!;
        const dy = amountOut(s, i, j, dx);
        expect(amountIn(s, i, j, dy) / dx).toBeCloseTo(1, 9);
        expect(sellableTo(s, i, j, marginalRate(s, i, j, dx)) / dx).toBeCloseTo(1, 7);
        // after fees the first unit gets less than the fee-free spot
        expect(marginalRate(s, i, j, 0)).toBeLessThan(spotPrice(s, i, j));
      }
    });

    it(`${name}: liquidity is homogeneous: half the venue pays for q what the whole pays for 2q, halved; the price stays`, () => {
      const half = scaleLiquidity(s, 0.5);
      expect(spotPrice(half, 0, 1)).toBeCloseTo(spotPrice(s, 0, 1), 10);
      const q = 0.003 * holdings(s)[0]!;
      expect(amountOut(half, 0, 1, q)).toBeCloseTo(0.5 * amountOut(s, 0, 1, 2 * q), 6);
      if (capacity(s, 0, 1) < Infinity) expect(capacity(half, 0, 1)).toBeCloseTo(0.5 * capacity(s, 0, 1), 9);
    });
  }

  it('finds coins by asset index or id', () => {
    const s = kinds[2]![1];
    expect(coinIndex(s, 0)).toBe(1);
    expect(coinIndex(s, 'stETH')).toBe(0);
    expect(coinIndex(s, 'USDC')).toBe(-1);
  });
});
