/**
 * What a result reports beyond its flows (src/cascade/outcomes.ts, docs/api.md): venue reserves at the end of the run
 * (and per round, opt-in), the oracle prices each protocol's markets used per round, per-position outcomes (opt-in).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadNetwork, parseNetwork, PLAIN_CONFIGURATION, simulateCascade } from '../../src/index.js';
import { lender } from './networks.js';

const usdc = { id: 'USDC', symbol: 'USDC', price: 1, pegOf: { asset: 'USD', rate: 1 } };

/**
 * One x·y = k pool (1,000 ETH × 2,000,000 USDC, fee 0.3%, no recovery) and two lenders; after ETH −20% (P = 1,600)
 * the pool holds x = √(2e9/1,600) = 1,118.034 ETH and y = √(2e9·1,600) = 1,788,854.38 USDC. L1 (100 ETH, 130,000 USDC)
 * and L2 (60 ETH, 78,000 USDC) are liquidated whole at bonus 5%: 85.3125 + 51.1875 = 136.5 ETH sold in one clearing,
 * which pays y·γq/(x + γq) = 1,788,854.38 × 136.0905 / (1,118.034 + 136.0905) = 194,116.37 USDC; the pool
 * ends with x + q = 1,254.534 ETH (the fee stays in it) and y − out USDC.
 */
function onePool() {
  return parseNetwork({
    schemaVersion: 1,
    meta: { name: 'one pool', snapshotDate: '2025-10-01', synthetic: true },
    assets: [{ id: 'ETH', symbol: 'ETH', price: 2000, volatility: 0.6 }, usdc],
    venues: [{ id: 'pool', kind: 'constantProduct', coins: ['ETH', 'USDC'], reserves: [1000, 2_000_000], fee: 0.003 }],
    protocols: [lender('L1', [{ id: 'p1', eth: 100, usdc: 130_000 }, { id: 'safe', eth: 100, usdc: 50_000 }]), lender('L2', [{ id: 'p2', eth: 60, usdc: 78_000 }])],
  });
}

const plain = { ...PLAIN_CONFIGURATION, gasCostUsd: 0, exposure: 'none' as const };

describe('outcomes', () => {
  const x = Math.sqrt(2e9 / 1600);
  const y = Math.sqrt(2e9 * 1600);
  const q = 136.5;
  const out = (y * 0.997 * q) / (x + 0.997 * q);

  it('venue reserves at the end of the run, and per round on request', () => {
    const r = simulateCascade(onePool(), { shocks: { ETH: -0.2 } }, { ...plain, recordReserves: true });
    expect(out).toBeCloseTo(194_116.37, 2);
    expect(r.venues).toEqual([{ venue: 'pool', coins: { ETH: expect.closeTo(x + q, 9), USDC: expect.closeTo(y - out, 6) } }]);
    expect(r.rounds[0]!.reserves).toEqual(r.venues);
    expect(r.rounds.at(-1)!.reserves).toEqual(r.venues);
    const quiet = simulateCascade(onePool(), { shocks: { ETH: -0.2 } }, plain);
    expect(quiet.rounds[0]!.reserves).toBeUndefined();
    expect(quiet.venues).toEqual(r.venues);
  });

  it('the oracle prices each market used, per round: a market oracle reads the re-balanced pool (1,600), then the pool after the sale', () => {
    const r = simulateCascade(onePool(), { shocks: { ETH: -0.2 } }, plain);
    expect(r.rounds[0]!.oracles).toEqual([
      { protocol: 'L1', market: 'main', prices: { ETH: expect.closeTo(1600, 9), USDC: 1 } },
      { protocol: 'L2', market: 'main', prices: { ETH: expect.closeTo(1600, 9), USDC: 1 } },
    ]);
    // Round 1 reads the market price after round 0's sale: the pool's spot (y − out)/(x + q).
    expect(r.rounds[1]!.oracles[0]!.prices.ETH).toBeCloseTo((y - out) / (x + q), 6);
  });

  it('per-position outcomes on request: who was liquidated, when, what it gave up', () => {
    const r = simulateCascade(onePool(), { shocks: { ETH: -0.2 } }, { ...plain, positionOutcomes: true });
    expect(r.positions).toEqual([
      { protocol: 'L1', market: 'main', position: 'p1', liquidations: 1, firstRound: 0, lastRound: 0, seized: { ETH: expect.closeTo(85.3125, 9) }, repaid: { USDC: 130_000 }, seizedUsd: expect.closeTo(85.3125 * 1600, 6), repaidUsd: 130_000, badDebtUsd: 0 },
      { protocol: 'L2', market: 'main', position: 'p2', liquidations: 1, firstRound: 0, lastRound: 0, seized: { ETH: expect.closeTo(51.1875, 9) }, repaid: { USDC: 78_000 }, seizedUsd: expect.closeTo(51.1875 * 1600, 6), repaidUsd: 78_000, badDebtUsd: 0 },
    ]);
    expect(simulateCascade(onePool(), { shocks: { ETH: -0.2 } }, plain).positions).toBeNull();
    expect(() => simulateCascade(onePool(), { shocks: { ETH: -0.2 } }, { positionOutcomes: 'yes' as never })).toThrow(/positionOutcomes/);
  });

  it('per-position outcomes add up to each protocol’s seizures (Maker vaults, by their ids in the file)', async () => {
    const net = await loadNetwork(join(import.meta.dirname, '../../fixtures/examples/stablecoin-peg-venue.json'));
    const r = simulateCascade(net, { shocks: { ETH: -0.3 } }, { ...plain, positionOutcomes: true });
    expect(r.positions!.map((p) => p.position).sort()).toEqual(['v1', 'v2', 'v3']);
    expect(r.positions!.reduce((s, p) => s + (p.seized.ETH ?? 0), 0)).toBeCloseTo(r.protocols[0]!.seized[0]!.amount, 9);
    expect(r.positions!.reduce((s, p) => s + p.seizedUsd, 0)).toBeCloseTo(r.protocols[0]!.liquidatedCollateralUsd, 6);
  });
});
