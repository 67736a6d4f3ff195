import { describe, expect, it } from 'vitest';
import { parseNetwork, simulateCascade, ScenarioError } from '../../src/index.js';

/**
 * One generic lender (LT 80%, close factor 1, bonus 5%): owner x's position holds 1 ETH against 1,500 USDC, owner y's
 * 1 ETH against 1,000 USDC. ETH −10% → $1,800: x's health factor 1,800 × 0.8 / 1,500 = 0.96 (liquidatable), y's 1.44.
 */
function network() {
  return parseNetwork({
    schemaVersion: 1,
    meta: { name: 'repay', snapshotDate: '2025-10-01', synthetic: true },
    assets: [{ id: 'ETH', symbol: 'ETH', price: 2000 }, { id: 'USDC', symbol: 'USDC', price: 1, pegOf: { asset: 'USD', rate: 1 } }],
    venues: [{ id: 'pool', kind: 'constantProduct', coins: ['ETH', 'USDC'], reserves: [10000, 20000000], fee: 0.003 }],
    protocols: [{ id: 'lender', family: 'generic', oracle: { kind: 'external' }, markets: [{ id: 'main', closeFactor: 1,
      collaterals: [{ asset: 'ETH', liquidationThreshold: 0.8, liquidationBonus: 0.05 }],
      borrowables: [{ asset: 'USDC', supply: 1e6, rateModel: { model: 'none' } }],
      positions: [{ id: 'p1', owner: 'x', collateral: { ETH: 1 }, debt: { USDC: 1500 } }, { id: 'p2', owner: 'y', collateral: { ETH: 1 }, debt: { USDC: 1000 } }] }] }],
  });
}
const OPTIONS = { exposure: 'none' as const, profitGating: false };

describe('the repay event: an owner repays debt from outside funds', () => {
  it('without it the shock liquidates x', () => {
    const r = simulateCascade(network(), { shocks: { ETH: -0.1 } }, OPTIONS);
    expect(r.totals.liquidations).toBe(1);
  });

  it('x repaying 200 USDC at t = 0 lifts the health factor to 1,800 × 0.8 / 1,300 = 1.108: nothing is liquidated', () => {
    const r = simulateCascade(network(), { shocks: { ETH: -0.1 }, events: [{ type: 'repay', protocol: 'lender', market: 'main', owner: 'x', asset: 'USDC', amount: 200 }] }, OPTIONS);
    expect(r.totals.liquidations).toBe(0);
    expect(r.rounds[0]!.events).toContain('repay x lender/main USDC 200');
  });

  it('repays no more than the owner owes, and only the owner\u2019s positions', () => {
    const r = simulateCascade(network(), { events: [{ type: 'repay', protocol: 'lender', market: 'main', owner: 'x', asset: 'USDC', amount: 5000 }] }, OPTIONS);
    expect(r.rounds[0]!.events).toContain('repay x lender/main USDC 1500 (of 5000: no more debt)');
    // The market's debt falls by 1,500: y's 1,000 remain.
    expect(r.rounds[0]!.rates.find((x) => x.asset === 'USDC')!.debt).toBeCloseTo(1000, 9);
  });

  it('an unknown owner, market or asset is refused with its path', () => {
    const bad = () => simulateCascade(network(), { events: [{ type: 'repay', protocol: 'lender', market: 'main', owner: 'z', asset: 'ETH', amount: 1 }] }, OPTIONS);
    expect(bad).toThrow(ScenarioError);
    expect(bad).toThrow(/events\[0\]\.asset: "main" does not lend "ETH"/);
    expect(bad).toThrow(/events\[0\]\.owner: no position of owner "z" in "lender\/main"; expected one of "x", "y"/);
  });
});
