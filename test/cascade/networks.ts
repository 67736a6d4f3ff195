/** Small networks for the cascade tests, built as JSON so each test can change what it needs. */
import { parseNetwork } from '../../src/network/index.js';
import type { Network } from '../../src/network/schema/network.js';

const usdc = { id: 'USDC', symbol: 'USDC', price: 1, pegOf: { asset: 'USD', rate: 1 } };
const rate = { model: 'aaveTwoSlope', optimalUsageRatio: 0.9, baseVariableBorrowRate: 0, variableRateSlope1: 0.04, variableRateSlope2: 0.6 };

/** A generic lender with one market: ETH collateral (LT 0.8, bonus 5%, close factor 1), USDC debt. */
export function lender(id: string, positions: { id: string; eth: number; usdc: number }[], extra: Record<string, unknown> = {}) {
  return {
    id,
    family: 'generic',
    version: 'fraxlend',
    oracle: { kind: 'market', delaySeconds: 0, deviation: 0 },
    markets: [
      {
        id: 'main',
        closeFactor: 1,
        collaterals: [{ asset: 'ETH', ltv: 0.75, liquidationThreshold: 0.8, liquidationBonus: 0.05 }],
        borrowables: [{ asset: 'USDC', supply: 1e9, rateModel: { model: 'none' } }],
        positions: positions.map((p) => ({ id: p.id, collateral: { ETH: p.eth }, debt: { USDC: p.usdc } })),
      },
    ],
    ...extra,
  };
}

/**
 * Two lenders sharing one ETH/USDC x·y = k pool (1,000 ETH, 2,000,000 USDC, fee 0.3%, no recovery). A's position
 * (100 ETH, 130,000 USDC) is under water after ETH −20%; B's (100 ETH, 120,000 USDC) is not — until A's sale moves the pool.
 */
export function sharedVenueJson(): any {
  return {
    schemaVersion: 1,
    meta: { name: 'shared venue', snapshotDate: '2025-10-01', synthetic: true },
    assets: [{ id: 'ETH', symbol: 'ETH', price: 2000, volatility: 0.6 }, usdc],
    venues: [{ id: 'pool', kind: 'constantProduct', coins: ['ETH', 'USDC'], reserves: [1000, 2_000_000], fee: 0.003 }],
    protocols: [lender('A', [{ id: 'a1', eth: 100, usdc: 130_000 }]), lender('B', [{ id: 'b1', eth: 100, usdc: 120_000 }])],
  };
}

export const sharedVenue = (): Network => parseNetwork(sharedVenueJson());

/**
 * A spiral: one lender, many positions stacked just below and above the shocked price, a thin pool. Each round's
 * sales push the price through the next layer.
 */
export function spiralJson(): any {
  const positions = Array.from({ length: 40 }, (_, k) => {
    // HF at ETH 1,600 from 0.98 down the book to 1.37: liquidation prices 1,568 … 1,168.
    const hf = 0.98 + k * 0.01;
    return { id: `p${k}`, eth: 20, usdc: (20 * 1600 * 0.8) / hf };
  });
  return {
    schemaVersion: 1,
    meta: { name: 'spiral', snapshotDate: '2025-10-01', synthetic: true },
    assets: [{ id: 'ETH', symbol: 'ETH', price: 2000, volatility: 0.6 }, usdc],
    venues: [{ id: 'pool', kind: 'constantProduct', coins: ['ETH', 'USDC'], reserves: [600, 1_200_000], fee: 0.003, recoveryHalfLife: 120 }],
    protocols: [lender('L', positions, { reserves: [{ label: 'treasury', kind: 'treasury', asset: 'USDC', amount: 10_000 }] })],
  };
}

export { rate };
