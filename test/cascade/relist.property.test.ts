/**
 * Relisting a pair within a turn (src/cascade/relist.ts; docs/model.md §3.3) on random networks: one generic lender
 * whose ABTC → ETH liquidations (decided first: groups go by asset id) buy ETH on the ETH/USDC pool that its
 * ETH → USDC liquidations sell into, so the turn's own sales lift a pair's rate after the listing. On the batch
 * path every pair gets the floor and a lifted pair is listed again; the run must equal, bit for bit, the run whose
 * engines see no floor at all (object path, every offer listed) — and relisting must happen in some of them. (Here
 * the offers a lift brings back are the group's smallest, of one bonus, last in its queue: they are rarely reached,
 * so the test checks that relisting changes nothing it should not — rows, order, automatic offers — rather than
 * that it is needed; a group mixing bonuses, e.g. Aave e-modes, is where it is.)
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { simulateCascade } from '../../src/cascade/simulate.js';
import { parseNetwork } from '../../src/network/index.js';
import { genericEngine } from '../../src/protocols/generic/index.js';
import type { RoundContext } from '../../src/protocols/engine.js';

afterEach(() => vi.restoreAllMocks());

interface Shape {
  btc: number[];
  eth: number[];
  ethPool: number;
  btcPool: number;
  fee: number;
  btcShock: number;
  ethShock: number;
}

/** ABTC collateral against ETH debt, ETH collateral against USDC debt near the edge of paying $25 of gas. */
function network(s: Shape) {
  const positions = [
    ...s.btc.map((coins, k) => ({ id: `btc-${k}`, collateral: { ABTC: coins }, debt: { ETH: (coins * 60_000 * 0.75) / 2000 / 1.08 } })),
    ...s.eth.map((usd, k) => ({ id: `eth-${k}`, collateral: { ETH: usd / 2000 / 0.8 / 1.02 }, debt: { USDC: usd } })),
  ];
  return parseNetwork({
    schemaVersion: 1,
    meta: { name: 'relisting', snapshotDate: '2025-10-01', synthetic: true },
    assets: [{ id: 'ABTC', symbol: 'ABTC', price: 60_000 }, { id: 'ETH', symbol: 'ETH', price: 2000 }, { id: 'USDC', symbol: 'USDC', price: 1, pegOf: { asset: 'USD', rate: 1 } }],
    venues: [
      { id: 'eth-usdc', kind: 'constantProduct', coins: ['ETH', 'USDC'], reserves: [s.ethPool, s.ethPool * 2000], fee: s.fee, recoveryHalfLife: 600 },
      { id: 'btc-usdc', kind: 'constantProduct', coins: ['ABTC', 'USDC'], reserves: [s.btcPool, s.btcPool * 60_000], fee: s.fee, recoveryHalfLife: 600 },
    ],
    protocols: [
      {
        id: 'lender',
        family: 'generic',
        version: 'aave-v2',
        oracle: { kind: 'market', delaySeconds: 0, deviation: 0 },
        markets: [
          {
            id: 'main',
            closeFactor: 0.5,
            collaterals: [
              { asset: 'ETH', ltv: 0.75, liquidationThreshold: 0.8, liquidationBonus: 0.05 },
              { asset: 'ABTC', ltv: 0.7, liquidationThreshold: 0.75, liquidationBonus: 0.08 },
            ],
            borrowables: [
              { asset: 'USDC', supply: 1e8, rateModel: { model: 'fixed', rate: 0.08 } },
              { asset: 'ETH', supply: 1e5, rateModel: { model: 'fixed', rate: 0.03 } },
            ],
            positions,
          },
        ],
      },
    ],
  });
}

describe('a pair lifted by the turn’s own sales is listed again, and the run equals the unfloored one (random networks)', () => {
  it('bit for bit on 60 networks, relisting in some', () => {
    let relisted = 0;
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 2, max: 7, noNaN: true }), { minLength: 4, maxLength: 8 }),
        fc.array(fc.double({ min: 200, max: 1500, noNaN: true }), { minLength: 10, maxLength: 40 }),
        fc.double({ min: 200, max: 400, noNaN: true }),
        fc.double({ min: 150, max: 300, noNaN: true }),
        fc.constantFrom(0.0005, 0.003),
        fc.double({ min: -0.3, max: -0.1, noNaN: true }),
        fc.double({ min: -0.08, max: -0.02, noNaN: true }),
        (btc, eth, ethPool, btcPool, fee, btcShock, ethShock) => {
          const net = network({ btc, eth, ethPool, btcPool, fee, btcShock, ethShock });
          const shocks = { ABTC: btcShock, ETH: ethShock };
          const list = genericEngine.listLiquidatable;
          const strip = vi.spyOn(genericEngine, 'listLiquidatable').mockImplementation((state, ctx: RoundContext) => {
            const { profitFloor: _, ...rest } = ctx;
            return list(state, rest);
          });
          const reference = simulateCascade(net, { shocks }, { exposure: 'none' });
          strip.mockRestore();
          const again = vi.spyOn(genericEngine, 'listPairBatch');
          const floored = simulateCascade(net, { shocks }, { exposure: 'none' });
          relisted += again.mock.calls.length;
          again.mockRestore();
          const { manifest: _a, ...a } = reference;
          const { manifest: _b, ...b } = floored;
          expect(b).toEqual(a);
        },
      ),
      { numRuns: 60, seed: 15 },
    );
    expect(relisted).toBeGreaterThan(0);
  });
});
