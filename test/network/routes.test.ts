import { describe, expect, it } from 'vitest';
import { findRoute, hopGraph, isUsdStable, parseNetwork, routeToStable } from '../../src/index.js';
import { base } from './base.js';

function lstNetwork() {
  const n = base();
  n.assets.push(
    { id: 'stETH', symbol: 'stETH', price: 1990, pegOf: { asset: 'ETH', rate: 1, redeem: 'queue' } },
    { id: 'wstETH', symbol: 'wstETH', price: 2400, pegOf: { asset: 'stETH', rate: 1.2, redeem: 'instant' } },
  );
  n.venues.push({ id: 'curve-steth', kind: 'stableswap', coins: ['ETH', 'stETH'], balances: [1000, 1000], A: 50, fee: 0.0004 });
  return parseNetwork(n);
}

describe('routes', () => {
  it('routes wstETH → stETH by instant redemption, then stETH → ETH → USDC through venues', () => {
    const n = lstNetwork();
    const r = findRoute(hopGraph(n), 'wstETH', 'USDC')!;
    expect(r.hops.map((h) => [h.from, h.to, h.venues, h.redeemRate])).toEqual([
      ['wstETH', 'stETH', [], 1.2],
      ['stETH', 'ETH', ['curve-steth'], undefined],
      ['ETH', 'USDC', ['eth-usdc'], undefined],
    ]);
  });

  it('a queue (Lido withdrawals) is not a hop: stETH cannot reach ETH without a venue', () => {
    const n = lstNetwork();
    const g = hopGraph({ assets: n.assets, venues: n.venues.filter((v) => v.id !== 'curve-steth') });
    expect(findRoute(g, 'stETH', 'ETH')).toBeUndefined();
  });

  it('finds the nearest USD-stable asset and recognises stablecoins by their pegOf chain', () => {
    const n = lstNetwork();
    const assets = new Map(n.assets.map((a) => [a.id, a]));
    expect(isUsdStable(assets, 'USDC')).toBe(true);
    expect(isUsdStable(assets, 'stETH')).toBe(false);
    expect(routeToStable(hopGraph(n), assets, 'stETH')!.hops.map((h) => h.to)).toEqual(['ETH', 'USDC']);
    expect(routeToStable(hopGraph(n), assets, 'USDC')!.hops).toEqual([]);
  });

  it('a collateral that cannot reach the debt asset of its market is a load error', () => {
    const n = base();
    n.assets.push({ id: 'DOGE', symbol: 'DOGE', price: 0.1 }, { id: 'USDT', symbol: 'USDT', price: 1, pegOf: { asset: 'USD', rate: 1 } });
    n.venues.push({ id: 'doge', kind: 'constantProduct', coins: ['DOGE', 'USDT'], reserves: [1e6, 1e5], fee: 0.003 });
    n.protocols[1].markets[0].collaterals.push({ asset: 'DOGE', liquidationThreshold: 0.5, liquidationBonus: 0.1 });
    expect(() => parseNetwork(n)).toThrow(/protocols\[1\]\.markets\[0\]: no venue route from "DOGE" to "USDC"/);
  });
});
