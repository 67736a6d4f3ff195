/**
 * Keepers of one round decide one after another (docs/model.md §3.6): protocols by id, each on the venues the earlier
 * decisions of the round left. By hand, on one x·y = k ETH/USDC pool with no fee (reserves e, u after the shock) and
 * two `generic` lenders with close factor 1, an external oracle and no gas: an offer repaying x USDC seizes x·k ETH
 * (k = (1 + bonus)/1,800), sold alone it returns u·xk/(e + xk), and the largest part that pays (proceeds ≥ repaid) is
 * x = u − e/k when the whole debt does not. alpha (bonus 5%) goes first; beta (bonus 15%) faces the pool after alpha's
 * sale of q = x_a·k_a: e′ = e + q, u′ = u·e/(e + q), and takes x_b = u′ − e′/k_b — not the u − e/k_b it would take
 * on the round-start pool.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario, ScenarioError, simulateCascade } from '../../src/index.js';
import { ethPoolNetwork } from '../eth-pool.js';

const lender = (id: string, liquidationBonus: number) => ({
  id,
  family: 'generic',
  version: 'aave-v2',
  oracle: { kind: 'external', delaySeconds: 0, deviation: 0 },
  markets: [
    {
      id: 'main',
      closeFactor: 1,
      collaterals: [{ asset: 'ETH', ltv: 0.75, liquidationThreshold: 0.8, liquidationBonus }],
      borrowables: [{ asset: 'USDC', supply: 1e7, rateModel: { model: 'none' } }],
      positions: [{ id: `${id}-1`, collateral: { ETH: 600 }, debt: { USDC: 1_000_000 } }],
    },
  ],
});

function network(reversed: boolean) {
  const protocols = [lender('alpha', 0.05), lender('beta', 0.15)];
  return ethPoolNetwork({
    name: 'two lenders, one pool',
    pool: { eth: 1000, fee: 0 },
    protocols: reversed ? protocols.reverse() : protocols,
  });
}

describe('the keepers of a round decide in turn', () => {
  it('the second lender prices its sale on the pool the first one left (hand-computed partial liquidations)', () => {
    // ETH −10%: the pool is re-balanced to 1,800 USDC per ETH with the same product 2·10⁹.
    const e = Math.sqrt(2e9 / 1800); // 1,054.09 ETH
    const u = Math.sqrt(2e9 * 1800); // 1,897,366.6 USDC
    const [ka, kb] = [1.05 / 1800, 1.15 / 1800];
    const xa = u - e / ka; // ≈ 90,351 USDC: 1,000,000 would not pay (583 ETH sold return ~676k)
    const q = xa * ka; // 52.70 ETH
    const xb = (u * e) / (e + q) - (e + q) / kb; // ≈ 74,640 USDC
    const alone = u - e / kb; // ≈ 247,486 USDC: what beta would take on the round-start pool
    expect(xa).toBeCloseTo(90350.79, 2);
    expect(xb).toBeCloseTo(74640, -1);
    expect(alone).toBeCloseTo(247486, -1);
    for (const reversed of [false, true]) {
      const r = simulateCascade(network(reversed), { shocks: { ETH: -0.1 } }, { gasCostUsd: 0, exposure: 'none', maxRounds: 1 });
      const round0 = r.rounds[0]!.liquidations;
      const repaid = (id: string) => round0.filter((l) => l.protocol === id).reduce((s, l) => s + l.repaid, 0);
      expect(repaid('alpha') / xa).toBeCloseTo(1, 6);
      expect(repaid('beta') / xb).toBeCloseTo(1, 6);
    }
  });
});

describe("a scenario's own options", () => {
  it('hold unless the caller sets them (no silent default: hourly rounds stay hourly)', () => {
    const n = network(false);
    const scenario = { shocks: { ETH: -0.1 }, options: { roundSeconds: 3600, gasCostUsd: 0 } };
    const own = simulateCascade(n, scenario, { exposure: 'none' });
    expect(own.roundSeconds).toBe(3600);
    expect((own.manifest.options as { gasCostUsd: number }).gasCostUsd).toBe(0);
    const caller = simulateCascade(n, scenario, { exposure: 'none', roundSeconds: 60 });
    expect(caller.roundSeconds).toBe(60);
    expect((caller.manifest.options as { gasCostUsd: number }).gasCostUsd).toBe(0);
    expect(() => simulateCascade(n, { shocks: { ETH: -0.1 }, options: { roundSecond: 60 } }, { exposure: 'none' })).toThrow(ScenarioError);
    expect(() => parseScenario({ shocks: { ETH: -0.1 }, options: { maxRounds: 0 } }, n)).toThrow('options.maxRounds: option maxRounds must be an integer >= 1, got 0');
  });
});
