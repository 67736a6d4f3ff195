import { describe, expect, it } from 'vitest';
import { stressGrid } from '../../src/analysis/stress-grid.js';
import { simulateCascade } from '../../src/cascade/simulate.js';
import { PLAIN_CONFIGURATION } from '../../src/cascade/options.js';
import { parseNetwork } from '../../src/network/index.js';
import { sharedVenue, sharedVenueJson } from '../cascade/networks.js';

const plain = { ...PLAIN_CONFIGURATION, gasCostUsd: 0, lossContagion: false, exposure: 'none' as const, recordRounds: false };

describe('stressGrid on one asset', () => {
  const g = stressGrid(sharedVenue(), { asset: 'ETH' }, { cascade: plain, moves: [-0.1, -0.2, -0.3] });
  it('one cell per move, each the cascade of that shock', () => {
    expect(g.cells.map((c) => c.moves)).toEqual([{ ETH: -0.1 }, { ETH: -0.2 }, { ETH: -0.3 }]);
    // −10%: A's HF = 100·1800·0.8/130,000 = 1.108: nothing. −20%: A then B (hand-computed in test/cascade/simulate.test.ts).
    expect(g.cells[0]!.liquidations).toBe(0);
    expect(g.cells[0]!.amplification.ETH).toBeCloseTo(1, 12);
    expect(g.cells[1]!.liquidations).toBe(2);
    expect(g.cells[1]!.liquidatedCollateralSnapshotUsd).toBeCloseTo((85.3125 + 91.2072918011684) * 2000, 4);
    // Amplification at −20%: the pool's lowest $1,193.9166 is a 40.30% fall against the external 20%: 2.0152×.
    expect(g.cells[1]!.amplification.ETH).toBeCloseTo((1193.9165816948985 / 2000 - 1) / -0.2, 8);
    const direct = simulateCascade(sharedVenue(), { shocks: { ETH: -0.3 } }, plain);
    expect(g.cells[2]!.badDebtUsd).toBe(direct.totals.badDebtBookedUsd + direct.totals.netInsolventUsd);
    expect(g.manifest.createdBy).toBe('stressGrid');
  });
});

describe('stressGrid on a pair moving jointly', () => {
  // Two assets: B's position is collateralised by WBTC instead of ETH (its own pool); the grid crosses both moves.
  const json = sharedVenueJson();
  json.assets.push({ id: 'WBTC', symbol: 'WBTC', price: 100_000, volatility: 0.5 });
  json.venues.push({ id: 'btc-pool', kind: 'constantProduct', coins: ['WBTC', 'USDC'], reserves: [100, 10_000_000], fee: 0.003 });
  json.protocols[1].markets[0].collaterals = [{ asset: 'WBTC', ltv: 0.75, liquidationThreshold: 0.8, liquidationBonus: 0.05 }];
  json.protocols[1].markets[0].positions = [{ id: 'b1', collateral: { WBTC: 2 }, debt: { USDC: 150_000 } }];
  const g = stressGrid(parseNetwork(json), { pair: ['ETH', 'WBTC'] }, { cascade: plain, moves: [0, -0.2], movesB: [-0.01, -0.1] });
  it('every combination, the first asset outermost', () => {
    expect(g.axes).toEqual([[0, -0.2], [-0.01, -0.1]]);
    expect(g.cells.map((c) => c.moves)).toEqual([{ ETH: 0, WBTC: -0.01 }, { ETH: 0, WBTC: -0.1 }, { ETH: -0.2, WBTC: -0.01 }, { ETH: -0.2, WBTC: -0.1 }]);
    // B's HF = 2·P·0.8/150,000: 1.056 at WBTC −1%, 0.96 at −10%. A falls at ETH −20% only.
    expect(g.cells.map((c) => c.liquidations)).toEqual([0, 1, 1, 2]);
    expect(g.cells[0]!.amplification.ETH).toBeNull();
    expect(g.cells[0]!.amplification.WBTC).toBeCloseTo(1, 12);
  });
  it('refuses bad grids by name', () => {
    expect(() => stressGrid(sharedVenue(), { pair: ['ETH', 'ETH'] })).toThrow(/stressGrid: pair must name two different assets/);
    expect(() => stressGrid(sharedVenue(), { asset: 'ETH' }, { moves: [-1] })).toThrow(/stressGrid: moves\[0\] must be a relative move in \(−1, ∞\), got -1/);
    expect(() => stressGrid(sharedVenue(), {})).toThrow(/give exactly one of asset or pair/);
  });
});
