/** A route sale's options reach each hop's clearing (routing.ts hopClearing): what clearSales refuses, a route sale refuses. */
import { describe, expect, it } from 'vitest';
import { cloneMarket, compileMarket, rebalanceMarket } from '../../src/market/market-state.js';
import { sellAlongRoute } from '../../src/market/routing.js';
import { lstNetwork } from './network.js';

describe('route options reach the clearing', () => {
  it('maxFillShare reaches the clearing: a share of 2 is refused, as clearSales refuses it', () => {
    const m = compileMarket(lstNetwork());
    rebalanceMarket(m);
    expect(sellAlongRoute(cloneMarket(m), { from: 'ETH', to: 'USDC' }, 10, { maxFillShare: 0.5 }).received).toBeGreaterThan(0);
    expect(() => sellAlongRoute(cloneMarket(m), { from: 'ETH', to: 'USDC' }, 10, { maxFillShare: 2 })).toThrow(/maxFillShare must be in \(0, 1\)/);
  });

  it('tolerance and maxIterations reach the clearing: a looser solve of a three-venue hop ends elsewhere (in the last digit)', () => {
    const m = compileMarket(lstNetwork());
    rebalanceMarket(m);
    const sell = (o: { tolerance?: number; maxIterations?: number }) => sellAlongRoute(cloneMarket(m), { from: 'ETH', to: 'USDC' }, 1000, o).received;
    const exact = sell({});
    // Dropped on the way, either option would leave the default solve: the same double.
    expect(sell({ maxIterations: 1 })).not.toBe(exact);
    expect(sell({ tolerance: 0.5 })).not.toBe(exact);
    expect(Math.abs(sell({ maxIterations: 1 }) / exact - 1)).toBeLessThan(1e-12);
  });
});
