/**
 * Joint clearing (DESIGN §3, docs/model.md §3.6): a round's sales of an asset clear across its venues at one marginal
 * rate, after every protocol's turn, routes in route order; the file's order of assets, venues and protocols changes
 * nothing.
 */
import { describe, expect, it } from 'vitest';
import { parseNetwork, PLAIN_CONFIGURATION, simulateCascade, type CascadeResult } from '../../src/index.js';
import { everyFamilyJson, lender } from './networks.js';

const usdc = { id: 'USDC', symbol: 'USDC', price: 1, pegOf: { asset: 'USD', rate: 1 } };

/**
 * Two lenders' liquidations in one round sold across two x·y = k pools of different fees, by hand.
 *
 * Pools (k = x·y): A 1,000 ETH × 2,000,000 USDC, fee 0.3% (γ_A = 0.997); B 500 ETH × 1,000,000 USDC, fee 0.05%
 * (γ_B = 0.9995). After ETH −20% (P = 1,600) arbitrage re-balances each at its k: x = √(k/P), y = √(k·P)
 * (A: 1,118.034 ETH, 1,788,854.4 USDC; B: 559.017 ETH, 894,427.2 USDC).
 * Lender L1: 100 ETH against 130,000 USDC (LT 0.8: 128,000 < 130,000, liquidatable), close factor 1, bonus 5%:
 * repays 130,000 and seizes 130,000 × 1.05 / 1,600 = 85.3125 ETH. Lender L2: 60 ETH against 78,000 USDC
 * (76,800 < 78,000): seizes 78,000 × 1.05 / 1,600 = 51.1875 ETH. Q = 136.5 ETH, sold in one clearing.
 * Selling q into a pool pays out y·γq/(x + γq); its marginal rate is x·y·γ/(x + γq)². One rate r for both pools:
 *   x_k + γ_k q_k = √(x_k y_k γ_k / r)  ⇒  q_k = (√(x_k y_k γ_k / r) − x_k) / γ_k,
 *   Σ q_k = Q  ⇒  √r = Σ_k √(x_k y_k / γ_k) / (Q + Σ_k x_k / γ_k).
 * (√(x_A y_A) = √k_A = 44,721.360, √(x_B y_B) = 22,360.680: √r = (44,721.360/√0.997 + 22,360.680/√0.9995) /
 * (136.5 + 1,118.034/0.997 + 559.017/0.9995) = (44,788.593 + 22,366.272) / (136.5 + 1,121.398 + 559.297)
 * = 67,154.865 / 1,817.195 = 36.9552, r = 1,365.69 USDC per ETH at the margin; q_A = 90.571 ETH paying 133,681.33
 * USDC, q_B = 45.929 ETH paying 67,876.31 USDC: pool B, a third of the liquidity at a sixth of the fee, takes 33.6%.)
 */
function twoPools(order: 'ab' | 'ba') {
  const pools = [
    { id: 'pool-a', kind: 'constantProduct', coins: ['ETH', 'USDC'], reserves: [1000, 2_000_000], fee: 0.003 },
    { id: 'pool-b', kind: 'constantProduct', coins: ['ETH', 'USDC'], reserves: [500, 1_000_000], fee: 0.0005 },
  ];
  const lenders = [lender('L1', [{ id: 'p1', eth: 100, usdc: 130_000 }]), lender('L2', [{ id: 'p2', eth: 60, usdc: 78_000 }])];
  const assets = [{ id: 'ETH', symbol: 'ETH', price: 2000, volatility: 0.6 }, usdc];
  const flip = <T>(xs: T[]) => (order === 'ab' ? xs : [...xs].reverse());
  return parseNetwork({ schemaVersion: 1, meta: { name: 'two pools', snapshotDate: '2025-10-01', synthetic: true }, assets: flip(assets), venues: flip(pools), protocols: flip(lenders) });
}

describe('joint clearing', () => {
  it('sells two lenders’ collateral across two pools of different fees at one marginal rate (closed form)', () => {
    const r = simulateCascade(twoPools('ab'), { shocks: { ETH: -0.2 } }, { ...PLAIN_CONFIGURATION, gasCostUsd: 0, exposure: 'none' });
    const round = r.rounds[0]!;
    expect(round.liquidations.map((l) => [l.protocol, l.seized, l.sold])).toEqual([
      ['L1', expect.closeTo(85.3125, 9), expect.closeTo(85.3125, 9)],
      ['L2', expect.closeTo(51.1875, 9), expect.closeTo(51.1875, 9)],
    ]);
    const P = 1600;
    const pools = [
      { id: 'pool-a', k: 2e9, gamma: 0.997 },
      { id: 'pool-b', k: 5e8, gamma: 0.9995 },
    ].map((p) => ({ ...p, x: Math.sqrt(p.k / P), y: Math.sqrt(p.k * P) }));
    const Q = 136.5;
    const sqrtR = pools.reduce((s, p) => s + Math.sqrt((p.x * p.y) / p.gamma), 0) / (Q + pools.reduce((s, p) => s + p.x / p.gamma, 0));
    const rate = sqrtR * sqrtR;
    expect(rate).toBeCloseTo(1365.69, 2);
    for (const p of pools) {
      const q = (Math.sqrt((p.x * p.y * p.gamma) / rate) - p.x) / p.gamma;
      const trade = round.trades.find((t) => t.venue === p.id)!;
      expect(trade.amountIn).toBeCloseTo(q, 8);
      expect(trade.amountOut).toBeCloseTo((p.y * p.gamma * q) / (p.x + p.gamma * q), 5);
      expect(trade.amountIn).toBeCloseTo(p.id === 'pool-a' ? 90.571 : 45.929, 3);
      // the marginal rate after the trade is the common one
      expect((p.x * p.y * p.gamma) / (p.x + p.gamma * q) ** 2).toBeCloseTo(rate, 6);
    }
    // one trade per pool: both lenders' ETH went through one clearing
    expect(round.trades.length).toBe(2);
  });

  it('gives the same result with assets, venues and protocols listed in the other order', () => {
    const o = { ...PLAIN_CONFIGURATION, gasCostUsd: 0, exposure: 'none' as const };
    expect(canonical(simulateCascade(twoPools('ba'), { shocks: { ETH: -0.2 } }, o))).toEqual(canonical(simulateCascade(twoPools('ab'), { shocks: { ETH: -0.2 } }, o)));
  });

  it('gives the same result for a network of every family listed in another order (profit gating, and the plain configuration)', () => {
    const json = everyFamilyJson();
    const other = everyFamilyJson();
    other.assets.reverse();
    other.venues.reverse();
    other.protocols.reverse();
    const shocks = { name: 'ETH −30%, WBTC −25%', shocks: { ETH: -0.3, WBTC: -0.25 } };
    for (const o of [{ exposure: 'none' as const, maxRounds: 150 }, { ...PLAIN_CONFIGURATION, exposure: 'none' as const, maxRounds: 150 }]) {
      const a = simulateCascade(parseNetwork(json), shocks, o);
      const b = simulateCascade(parseNetwork(other), shocks, o);
      expect(a.totals.liquidations).toBeGreaterThan(100);
      expect(canonical(b)).toEqual(canonical(a));
    }
  });
});

/**
 * A result with arrays sorted by their elements' non-numeric content, object keys sorted, and numbers to 11
 * significant digits (sums over protocols or venues in another order differ in their last bits); the manifest
 * (its hash is of the file as written) left out.
 */
function canonical(r: CascadeResult): unknown {
  const { manifest: _m, ...rest } = r;
  const label = (x: unknown): string => JSON.stringify(x, (_k, v: unknown) => (typeof v === 'number' ? 0 : v));
  const walk = (x: unknown): unknown => {
    if (typeof x === 'number') return Number.isFinite(x) ? Number(x.toPrecision(11)) : x;
    if (Array.isArray(x)) {
      const xs = x.map(walk);
      return xs.every((e) => typeof e === 'object' && e !== null) ? xs.sort((p, q) => (label(p) < label(q) ? -1 : label(p) > label(q) ? 1 : 0)) : xs;
    }
    if (x && typeof x === 'object') return Object.fromEntries(Object.keys(x).sort().map((k) => [k, walk((x as Record<string, unknown>)[k])]));
    return x;
  };
  return walk(rest);
}
