/**
 * The profit floor (RoundContext.profitFloor, shared/bookkeeping.ts `belowProfitFloor`): with profit gating the
 * cascade takes an offer only when maxRepay · (collateralPerDebt · takerShare · spot − 1) > gas, spot <= bestRate;
 * an engine may leave out the offers that fail this even at bestRate — and only those, whether it evaluates them
 * or its index skips them unread by size (floorMinDebt).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aaveV3Engine } from '../../src/protocols/aave-v3/index.js';
import { eulerV2Engine } from '../../src/protocols/euler-v2/index.js';
import { genericEngine } from '../../src/protocols/generic/index.js';
import { morphoBlueEngine } from '../../src/protocols/morpho-blue/index.js';
import type { Offer, ProfitFloor, RoundContext } from '../../src/protocols/engine.js';
import type { ObjectEngine } from '../../src/protocols/objects.js';
import { belowProfitFloor, floorMinDebt } from '../../src/protocols/shared/bookkeeping.js';
import { touchPosition } from '../../src/protocols/shared/liquidation-index.js';
import { indexOf, networkOf, positionsFrom, pricesOf, roundContext, type TestAsset } from './helpers.js';

function floorOf(rate: number, gas: number, n: number): ProfitFloor {
  return { bestRate: () => rate, gas: new Float64Array(n).fill(gas) };
}

describe('belowProfitFloor', () => {
  it('leaves out an offer whose best case does not pay its gas', () => {
    // 1,000 USDC repaid for 1.05/2,000 ETH per USDC, ETH sold at best for 2,000 USDC: best gain 1,000·(1.05 − 1) = 50 USDC.
    expect(belowProfitFloor(floorOf(2000, 49.9, 8), 0, 7, 1000, 1.05 / 2000, 1)).toBe(false);
    expect(belowProfitFloor(floorOf(2000, 50.1, 8), 0, 7, 1000, 1.05 / 2000, 1)).toBe(true);
    // A taker share of 0.99 (a protocol fee) lowers the best case: 1,000·(1.05·0.99 − 1) = 39.5.
    expect(belowProfitFloor(floorOf(2000, 45, 8), 0, 7, 1000, 1.05 / 2000, 0.99)).toBe(true);
    // No floor, or no bound on the rate: nothing is left out.
    expect(belowProfitFloor(undefined, 0, 7, 1, 1, 1)).toBe(false);
    expect(belowProfitFloor(floorOf(Infinity, 1e9, 8), 0, 7, 1, 1, 1)).toBe(false);
  });
});

describe('floorMinDebt', () => {
  it('the debt at or below which no offer on the pair passes: gas / (closeFactor · (collateral per debt · rate − 1))', () => {
    // 1.05/2,000 ETH per USDC, ETH at 2,000: 5% of the repay; a 50% close factor; 50 USDC of gas → 50 / (0.5 · 0.05) = 2,000 USDC.
    const d = floorMinDebt(floorOf(2000, 50, 8), 0, 7, 1.05 / 2000, 0.5);
    expect(d).toBeCloseTo(2000, 3);
    expect(d).toBeLessThan(2000); // the margins keep the bound on the safe side
    // A debt just above it can pay: half of it repaid returns more than the gas at the best rate.
    expect(belowProfitFloor(floorOf(2000, 50, 8), 0, 7, 0.5 * 2000 * (1 + 1e-6), 1.05 / 2000, 1)).toBe(false);
    // No offer can gain at all (collateral per debt · rate <= 1): every debt is skipped; no bound: none is.
    expect(floorMinDebt(floorOf(1900, 50, 8), 0, 7, 1.05 / 2000, 1)).toBe(Infinity);
    expect(floorMinDebt(floorOf(Infinity, 50, 8), 0, 7, 1.05 / 2000, 1)).toBe(0);
  });
});

const ASSETS: TestAsset[] = [
  { id: 'ETH', price: 2000 },
  { id: 'WBTC', price: 60_000 },
];
const rateModel = { model: 'aaveTwoSlope', optimalUsageRatio: 0.9, baseVariableBorrowRate: 0, variableRateSlope1: 0.05, variableRateSlope2: 0.8 };

function engines(u: number[], count: number): { net: ReturnType<typeof networkOf>; list: (ctx: RoundContext) => Offer[] }[] {
  const positions = positionsFrom(u, count, ASSETS, [{ id: 'USDC', price: 1 }]);
  const single = positions.map((p) => ({ ...p, collateral: { ETH: Object.values(p.collateral).reduce((a, x) => a + x, 0) }, debt: { USDC: Object.values(p.debt).reduce((a, x) => a + x, 0) || 1000 } }));
  const aave = networkOf(ASSETS, [{ id: 'aave', family: 'aave-v3', version: '3.3', markets: [{ id: 'core', collaterals: [{ asset: 'ETH', ltv: 0.8, liquidationThreshold: 0.83, liquidationBonus: 0.05, liquidationProtocolFee: 0.1 }, { asset: 'WBTC', ltv: 0.7, liquidationThreshold: 0.75, liquidationBonus: 0.06, liquidationProtocolFee: 0.1 }], borrowables: [{ asset: 'USDC', supply: 1e9, rateModel }], positions }] }]);
  const generic = networkOf(ASSETS, [{ id: 'v2', family: 'generic', version: 'aave-v2', markets: [{ id: 'v2', closeFactor: 0.5, collaterals: [{ asset: 'ETH', ltv: 0.8, liquidationThreshold: 0.83, liquidationBonus: 0.05 }, { asset: 'WBTC', ltv: 0.7, liquidationThreshold: 0.75, liquidationBonus: 0.06 }], borrowables: [{ asset: 'USDC', supply: 1e9, rateModel }], positions }] }]);
  const morpho = networkOf(ASSETS, [{ id: 'morpho', family: 'morpho-blue', markets: [{ id: 'eth-usdc', collaterals: [{ asset: 'ETH', lltv: 0.86 }], borrowables: [{ asset: 'USDC', supply: 1e9, rateModel: { model: 'fixed', rate: 0.05 } }], positions: single }] }]);
  const euler = networkOf(ASSETS, [{ id: 'euler', family: 'euler-v2', markets: [{ id: 'eUSDC', collaterals: [{ asset: 'ETH', liquidationLTV: 0.83 }, { asset: 'WBTC', liquidationLTV: 0.75 }], borrowables: [{ asset: 'USDC', supply: 1e9, rateModel }], maxLiquidationDiscount: 0.15, liquidationCoolOffTime: 0, socializeDebt: true, positions }] }]);
  const make = <S>(net: ReturnType<typeof networkOf>, e: ObjectEngine<S>) => {
    const st = e.compile(net, net.protocols[0]!, indexOf(net));
    return { net, list: (ctx: RoundContext) => e.listLiquidatable(e.clone(st), ctx) };
  };
  return [make(aave, aaveV3Engine), make(generic, genericEngine), make(euler, eulerV2Engine), make(morpho, morphoBlueEngine)];
}

describe('engines under a profit floor', () => {
  it('aave-v3, generic, euler-v2 and morpho-blue list every offer but those that cannot pay at the best rate, unchanged', () => {
    const seen = { kept: 0, out: 0 };
    fc.assert(
      fc.property(
        fc.array(fc.noBias(fc.integer({ min: 0, max: 999_999 })).map((x) => x / 1e6), { minLength: 40, maxLength: 80 }),
        fc.integer({ min: 5, max: 25 }),
        fc.double({ min: 0.5, max: 0.9, noNaN: true }),
        fc.double({ min: 0.9, max: 1.1, noNaN: true }),
        fc.double({ min: 0, max: 2000, noNaN: true }),
        (u, count, move, rateShare, gas) => {
          for (const { net, list } of engines(u, count)) {
            const prices = pricesOf(net, { ETH: 2000 * move, WBTC: 60_000 * move });
            const all = list(roundContext(prices));
            // The best rate: the collateral's oracle price in USDC, times rateShare (a venue above or below the oracle).
            const floor: ProfitFloor = { bestRate: (c) => prices[c]! * rateShare, gas: new Float64Array(net.assets.length).fill(gas) };
            const kept = list({ ...roundContext(prices), profitFloor: floor });
            const keptRefs = new Set(kept.map((o) => o.ref));
            expect(kept).toEqual(all.filter((o) => keptRefs.has(o.ref)));
            const out = all.filter((o) => !keptRefs.has(o.ref));
            for (const o of out) {
              expect(o.automatic).toBe(false);
              expect(o.maxRepay * (o.collateralPerDebt * o.takerShare * prices[o.collateralAsset]! * rateShare - 1)).toBeLessThanOrEqual(gas * (1 + 1e-6));
            }
            for (const o of kept) if (!o.automatic) expect(o.maxRepay * (o.collateralPerDebt * o.takerShare * prices[o.collateralAsset]! * rateShare - 1)).toBeGreaterThan(gas * (1 - 1e-6));
            seen.kept += kept.length;
            seen.out += out.length;
          }
        },
      ),
      { numRuns: 25 },
    );
    // Both sides of the floor were exercised.
    expect(seen.kept).toBeGreaterThan(0);
    expect(seen.out).toBeGreaterThan(0);
  });
});

describe('the size floor never hides an automatic offer', () => {
  it('morpho-blue: a touched position with no collateral left (no key: its debt unknown to the index) still lists its zero-seize liquidate under a floor that skips every debt', () => {
    const net = networkOf(ASSETS, [
      {
        id: 'morpho',
        family: 'morpho-blue',
        markets: [
          {
            id: 'eth-usdc',
            collaterals: [{ asset: 'ETH', lltv: 0.86 }],
            borrowables: [{ asset: 'USDC', supply: 1e9, rateModel: { model: 'fixed', rate: 0.05 } }],
            positions: [
              { id: 'emptied', collateral: { ETH: 1 }, debt: { USDC: 1500 } },
              { id: 'healthy', collateral: { ETH: 10 }, debt: { USDC: 1000 } },
            ],
          },
        ],
      },
    ]);
    const state = morphoBlueEngine.clone(morphoBlueEngine.compile(net, net.protocols[0]!, indexOf(net)));
    // The loop-unwinding channel sold all of position 0's collateral and touched it without a key.
    const m = state.markets[0]!;
    m.store.collAmount[m.store.collStart[0]!] = 0;
    touchPosition(m.index, 0);
    const prices = pricesOf(net, { ETH: 2000 });
    // A best rate 5% under the oracle: no liquidation can gain (lif · 0.95 < 1), so the floor's size bound is Infinity.
    const floor: ProfitFloor = { bestRate: (c) => prices[c]! * 0.95, gas: new Float64Array(net.assets.length).fill(25) };
    expect(floorMinDebt(floor, 0, 2, m.lif / 2000, 1)).toBe(Infinity);
    const plain = morphoBlueEngine.listLiquidatable(morphoBlueEngine.clone(state), roundContext(prices));
    const floored = morphoBlueEngine.listLiquidatable(morphoBlueEngine.clone(state), { ...roundContext(prices), profitFloor: floor });
    expect(plain.map((o) => [o.ref, o.automatic])).toEqual([[0, true]]);
    expect(floored).toEqual(plain);
  });
});
