/**
 * Compound v3's loss waterfall (DESIGN §10 Losses; issue #20): the Comet's reserves plus the absorbed collateral it
 * still holds, valued at final market prices; the lenders lose max(0, −(reserves + held collateral value)).
 */
import { describe, expect, it } from 'vitest';
import { parseNetwork, simulateCascade } from '../../src/index.js';

const usdc = { id: 'USDC', symbol: 'USDC', price: 1, pegOf: { asset: 'USD', rate: 1 } };

/** One Comet, one account (100 ETH, 170,000 USDC), 1,000 USDC of reserves, a thin x·y = k ETH/USDC pool. */
function cometJson(): any {
  return {
    schemaVersion: 1,
    meta: { name: 'comet holding absorbed ETH', snapshotDate: '2025-10-01', synthetic: true },
    assets: [{ id: 'ETH', symbol: 'ETH', price: 2000, volatility: 0.6 }, usdc],
    venues: [{ id: 'pool', kind: 'constantProduct', coins: ['ETH', 'USDC'], reserves: [10, 20_000], fee: 0.003 }],
    protocols: [
      {
        id: 'comet',
        family: 'compound-v3',
        oracle: { kind: 'market', delaySeconds: 0, deviation: 0 },
        reserves: [{ label: 'reserves', kind: 'protocolReserves', asset: 'USDC', amount: 1_000, market: 'usdc' }],
        markets: [
          {
            id: 'usdc',
            collaterals: [{ asset: 'ETH', borrowCollateralFactor: 0.83, liquidateCollateralFactor: 0.9, liquidationFactor: 0.95 }],
            borrowables: [{ asset: 'USDC', supply: 1_000_000, rateModel: { model: 'none' } }],
            storeFrontPriceFactor: 0.5,
            targetReserves: 5_000_000,
            positions: [{ id: 'a', collateral: { ETH: 100 }, debt: { USDC: 170_000 } }],
          },
        ],
      },
    ],
  };
}

describe('compound-v3 lenders\' loss counts the absorbed collateral the Comet still holds', () => {
  // ETH −20%: $1,600. The account: 100·1,600·0.9 = 144,000 < 170,000 → absorbed. Comet credits
  // 100·1,600·0.95 = 152,000 < 170,000, so basePaidOut = 170,000 and reserves go 1,000 − 170,000 = −169,000.
  // The store front offers the 100 ETH at 1,600·(1 − 0.5·0.05) = 1,560, but the pool (10 ETH, 20,000 USDC, re-balanced
  // to 1,600: 11.18 ETH, 17,888.5 USDC) takes a sale of 1 ETH at 17,888.5·0.997/12.177… ≈ 1,464.6 < 1,560: no buyer pays,
  // nothing is sold and the pool stays at 1,600. Held: 100 ETH · 1,600 = 160,000.
  // Lenders lose max(0, −(−169,000 + 160,000)) = 9,000 of the 1,000,000 supplied: recovery 0.991.
  const r = simulateCascade(parseNetwork(cometJson()), { shocks: { ETH: -0.2 } }, { exposure: 'none' });
  const c = r.protocols[0]!;

  it('shows the collateral the Comet holds at the end', () => {
    expect(c.seized).toEqual([{ asset: 'ETH', amount: 100, usd: expect.closeTo(160_000, 6) }]);
    expect(c.sold).toEqual([]);
    expect(c.heldByAbsorber).toEqual([{ asset: 'ETH', amount: 100, usd: expect.closeTo(160_000, 6) }]);
    expect(c.reservesUsd).toBeCloseTo(-169_000, 6);
  });

  it('charges the lenders max(0, −(reserves + held value)) = 9,000, not 169,000', () => {
    expect(c.lossToLendersUsd).toBeCloseTo(9_000, 6);
    expect(c.recoveryRate).toBeCloseTo(1 - 9_000 / 1_000_000, 12);
    expect(c.insolvent).toBe(true);
  });

  it('is solvent when the held collateral covers the negative reserves (ETH −10%)', () => {
    // $1,800: 100·1,800·0.9 = 162,000 < 170,000 → absorbed; credited 171,000 ≥ 170,000: basePaidOut = 171,000,
    // reserves 1,000 − 171,000 = −170,000; held 100·1,800 = 180,000 → reserves + held = 10,000 ≥ 0: no loss.
    const s = simulateCascade(parseNetwork(cometJson()), { shocks: { ETH: -0.1 } }, { exposure: 'none' }).protocols[0]!;
    expect(s.heldByAbsorber[0]!.amount).toBe(100);
    expect(s.lossToLendersUsd).toBe(0);
    expect(s.recoveryRate).toBe(1);
    expect(s.insolvent).toBe(false);
  });
});
