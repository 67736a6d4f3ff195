/**
 * Arbitrage through instant conversions (docs/market.md §6.1): an x·y = k pool of A/ETH (Uniswap v2: fee on the input,
 * kept in the reserves) beside A's instant conversion to ETH at rate r. The loop ETH → A (pool) → ETH (conversion)
 * returns r·γ·a′/e′ at the margin after x ETH went in, with e′ = e + x and a′ = a·e/(e + γx) (docs/market.md §1), so the
 * trade that brings the return down to 1 + t solves γx² + e(1 + γ)x + e² − rγae/(1 + t) = 0.
 */
import { describe, expect, it } from 'vitest';
import { parseNetwork } from '../../src/network/index.js';
import { arbitrageConversions, arbitrageLoops, ARBITRAGE_DEFAULTS, compileMarket, routeBestRate } from '../../src/market/index.js';

function network(aReserve: number, ethReserve: number) {
  return parseNetwork({
    schemaVersion: 1,
    meta: { name: 'A pool beside an instant conversion', snapshotDate: '2025-10-01', synthetic: true },
    assets: [
      { id: 'ETH', symbol: 'ETH', price: 2000 },
      { id: 'USDC', symbol: 'USDC', price: 1, pegOf: { asset: 'USD', rate: 1 } },
      { id: 'A', symbol: 'A', price: 2400, pegOf: { asset: 'ETH', rate: 1.2, redeem: 'instant' } },
    ],
    venues: [
      { id: 'a-eth', kind: 'constantProduct', coins: ['A', 'ETH'], reserves: [aReserve, ethReserve], fee: 0.003 },
      { id: 'eth-usdc', kind: 'constantProduct', coins: ['ETH', 'USDC'], reserves: [1000, 2_000_000], fee: 0.003 },
    ],
    protocols: [],
  });
}

describe('arbitrageConversions', () => {
  it('buys the cheap token on its pool and converts it, up to the closed-form amount', () => {
    // The pool prices A at 1 ETH while it converts to 1.2 ETH: the loop returns 1.2 × 0.997 = 1.1964 on the first unit.
    const m = compileMarket(network(1000, 1000));
    expect(arbitrageLoops(m.routes)).toHaveLength(2);
    const [a, e, g, r, t] = [1000, 1000, 0.997, 1.2, ARBITRAGE_DEFAULTS.tolerance];
    const c = e * e - (r * g * a * e) / (1 + t);
    const x = (-e * (1 + g) + Math.sqrt(e * e * (1 + g) ** 2 - 4 * g * c)) / (2 * g); // ≈ 93.94 ETH
    const { trades } = arbitrageConversions(m);
    expect(trades).toHaveLength(1);
    expect(trades[0]!.direction).toBe(1);
    expect(trades[0]!.amount).toBeCloseTo(x, 6);
    expect(x).toBeCloseTo(93.94, 2);
    // The arbitrageur's gain: r × the A bought, less the ETH paid.
    const bought = a - (a * e) / (e + g * x);
    expect(trades[0]!.profit).toBeCloseTo(r * bought - x, 6);
    // Afterwards no loop returns more than 1 + t, and a second pass trades nothing.
    for (const loop of arbitrageLoops(m.routes)) expect(routeBestRate(m, loop)).toBeLessThanOrEqual(1 + 1e-8);
    expect(arbitrageConversions(m).trades).toEqual([]);
  });

  it('sells the dear token into its pool after minting it, and leaves a pool within its fees alone', () => {
    const dear = compileMarket(network(1000, 1300));
    const { trades } = arbitrageConversions(dear);
    expect(trades.map((x) => x.direction)).toEqual([-1]);
    expect(trades[0]!.profit).toBeGreaterThan(0);
    for (const loop of arbitrageLoops(dear.routes)) expect(routeBestRate(dear, loop)).toBeLessThanOrEqual(1 + 1e-8);
    // At 1.2 ETH per A the loops return 1.2 × 0.997 / 1.2 < 1 either way: nothing to do.
    expect(arbitrageConversions(compileMarket(network(1000, 1200))).trades).toEqual([]);
  });
});
