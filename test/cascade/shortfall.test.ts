/**
 * The exposure game's bad debt in one unit (DESIGN §10 Measures; issue #20): booked bad debt in tokens and the
 * insolvent accounts' shortfall in debt tokens, both at snapshot prices.
 */
import { describe, expect, it } from 'vitest';
import { parseNetwork, simulateCascade } from '../../src/index.js';
import { shortfallAtSnapshot } from '../../src/cascade/shortfall.js';
import type { MarketTotals } from '../../src/protocols/index.js';

const usdc = { id: 'USDC', symbol: 'USDC', price: 1, pegOf: { asset: 'USD', rate: 1 } };
const totals = (debt: number[], badDebt = [0, 0], collateral = [0, 0]): MarketTotals => ({
  market: 'm',
  collateral: Float64Array.from(collateral),
  debt: Float64Array.from(debt),
  badDebt: Float64Array.from(badDebt),
  held: new Float64Array(2),
  reserves: new Float64Array(2),
});

describe('shortfallAtSnapshot', () => {
  // Assets [ETH, USDC]; final prices [3,000, 1], snapshot [2,000, 1].
  const final = Float64Array.from([3000, 1]);
  const snapshot = Float64Array.from([2000, 1]);

  it('counts a USD shortfall in the market\'s debt tokens, valued at snapshot prices', () => {
    // ETH debt: 6,000 USD at $3,000 is 2 ETH, worth 4,000 at the snapshot's $2,000.
    expect(shortfallAtSnapshot([6_000], [totals([10, 0])], final, snapshot)).toBeCloseTo(4_000, 9);
    // USDC debt: the two units agree.
    expect(shortfallAtSnapshot([6_000], [totals([0, 50_000])], final, snapshot)).toBeCloseTo(6_000, 9);
  });

  it('splits a shortfall over several debt assets by their value at final prices', () => {
    // 10 ETH (30,000) and 30,000 USDC: half each. 3,000 USD of ETH = 1 ETH → 2,000; 3,000 USDC → 3,000. Total 5,000.
    expect(shortfallAtSnapshot([6_000], [totals([10, 30_000])], final, snapshot)).toBeCloseTo(5_000, 9);
  });

  it('falls back to the booked bad debt\'s assets, then the collateral\'s, where no debt is left', () => {
    expect(shortfallAtSnapshot([3_000], [totals([0, 0], [1, 0])], final, snapshot)).toBeCloseTo(2_000, 9);
    expect(shortfallAtSnapshot([3_000], [totals([0, 0], [0, 0], [0, 5])], final, snapshot)).toBeCloseTo(3_000, 9);
    expect(shortfallAtSnapshot([0, 0], [totals([1, 0])], final, snapshot)).toBe(0);
    expect(() => shortfallAtSnapshot([1], [], final, snapshot)).toThrow(/market #0/);
  });
});

describe('the exposure game counts bad debt in tokens at snapshot prices', () => {
  // A lender of ETH against USDC (LT 0.8), one loan of 35 ETH on 100,000 USDC; the only ETH venue holds 0.01 ETH, so
  // no liquidation can pay its $25 of gas and nothing is liquidated. ETH +50% to $3,000: the debt is worth 105,000 against 100,000 — 5,000 USD
  // insolvent at final market prices, i.e. 5,000 / 3,000 = 1.6667 ETH short, worth 1.6667 · 2,000 = 3,333.33 at the
  // snapshot. The game's v(all) bad debt is 3,333.33 (it was 5,000: the price move passed for a larger shortfall).
  const net = parseNetwork({
    schemaVersion: 1,
    meta: { name: 'ETH debt under water', snapshotDate: '2025-10-01', synthetic: true },
    assets: [{ id: 'ETH', symbol: 'ETH', price: 2000, volatility: 0.6 }, usdc],
    venues: [{ id: 'dust', kind: 'constantProduct', coins: ['ETH', 'USDC'], reserves: [0.01, 20], fee: 0.003 }],
    protocols: [
      {
        id: 'L',
        family: 'generic',
        version: 'aave-v2',
        oracle: { kind: 'market', delaySeconds: 0, deviation: 0 },
        markets: [
          {
            id: 'm',
            closeFactor: 0.5,
            collaterals: [{ asset: 'USDC', liquidationThreshold: 0.8, liquidationBonus: 0.05 }],
            borrowables: [{ asset: 'ETH', supply: 1_000, rateModel: { model: 'none' } }],
            positions: [{ id: 'p', collateral: { USDC: 100_000 }, debt: { ETH: 35 } }],
          },
        ],
      },
    ],
  });
  const r = simulateCascade(net, { shocks: { ETH: 0.5 } }, { exposure: 'shapley' });

  it('values the shortfall at snapshot prices; netInsolventUsd stays at final market prices', () => {
    expect(r.totals.liquidations).toBe(0);
    expect(r.protocols[0]!.netInsolventUsd).toBeCloseTo(5_000, 6);
    expect(r.exposure!.all.badDebt[0]).toBeCloseTo((5_000 / 3_000) * 2_000, 6);
    expect(r.exposure!.none.badDebt[0]).toBeCloseTo((5_000 / 3_000) * 2_000, 6);
  });
});
