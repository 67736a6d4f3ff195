/**
 * Generic engine, property tests on random markets (multi-asset positions, close factor 0.5 or 1):
 * - indexed scan = full scan, before and after liquidations, interest and a new price;
 * - offers exactly for the positions with HF < 1 that hold collateral; never for a healthy one;
 * - seized <= collateral held, repaid <= debt, repaid <= closeFactor × the debt; all to the liquidator;
 * - no booked bad debt ever; a position whose collateral covers its debt plus the bonus keeps covering its debt
 *   (c >= d(1 + b) and c' = c − r(1 + b), d' = d − r give c' >= d'(1 + b)), so no shortfall appears;
 * - amounts move by exactly what the executions say.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { genericEngine, genericAccountData, listGenericLiquidatable } from '../../src/protocols/generic/index.js';
import type { Order } from '../../src/protocols/engine.js';
import { shortfallUsd } from '../../src/protocols/shared/health.js';
import { indexOf, networkOf, positionsFrom, pricesOf, roundContext, type TestAsset } from './helpers.js';

const ASSETS: TestAsset[] = [
  { id: 'ETH', price: 2000 },
  { id: 'WBTC', price: 60000 },
  { id: 'DAI', price: 1 },
];
const COLLATERALS = [
  { asset: 'ETH', liquidationThreshold: 0.8, liquidationBonus: 0.05 },
  { asset: 'WBTC', liquidationThreshold: 0.75, liquidationBonus: 0.1 },
  { asset: 'DAI', liquidationThreshold: 0.8, liquidationBonus: 0.05 },
];
const BORROWABLES = ['USDC', 'DAI', 'ETH'].map((asset) => ({ asset, supply: 1e9, rateModel: { model: 'cometKinked', supplyKink: 0.8, supplyPerYearInterestRateBase: 0, supplyPerYearInterestRateSlopeLow: 0.03, supplyPerYearInterestRateSlopeHigh: 0.5, borrowKink: 0.8, borrowPerYearInterestRateBase: 0.01, borrowPerYearInterestRateSlopeLow: 0.04, borrowPerYearInterestRateSlopeHigh: 0.6 } }));
const MAX_BONUS = 0.1;

const arb = fc.record({
  closeFactor: fc.constantFrom(0.5, 1),
  u: fc.array(fc.noBias(fc.integer({ min: 0, max: 999_999 })).map((x) => x / 1e6), { minLength: 40, maxLength: 120 }),
  count: fc.integer({ min: 1, max: 30 }),
  eth: fc.double({ min: 0.3, max: 1.2, noNaN: true }),
  btc: fc.double({ min: 0.3, max: 1.2, noNaN: true }),
  share: fc.double({ min: 0, max: 1, noNaN: true }),
});

describe('generic properties', () => {
  it('indexed = full scan; offers only for HF < 1; seized <= held; repaid <= closeFactor × debt; no booked bad debt', () => {
    fc.assert(
      fc.property(arb, ({ closeFactor, u, count, eth, btc, share }) => {
        const positions = positionsFrom(u, count, ASSETS, [{ id: 'USDC', price: 1 }, { id: 'DAI', price: 1 }, { id: 'ETH', price: 2000 }]);
        const network = networkOf(ASSETS, [{ id: 'v2', family: 'generic', markets: [{ id: 'm', closeFactor, collaterals: COLLATERALS, borrowables: BORROWABLES, positions }] }]);
        const state = genericEngine.compile(network, network.protocols[0]!, indexOf(network));
        const ms = state.markets[0]!;
        const s = ms.store;
        const prices = pricesOf(network, { ETH: 2000 * eth, WBTC: 60000 * btc });
        const ctx = roundContext(prices);
        const offers = listGenericLiquidatable(state, ctx);
        expect(offers).toEqual(listGenericLiquidatable(state, ctx, { fullScan: true }));
        const refs = new Set(offers.map((o) => o.ref));
        const covered: boolean[] = [];
        for (let i = 0; i < s.count; i++) {
          let coll = 0;
          let collUsd = 0;
          let debtUsd = 0;
          for (let k = s.collStart[i]!; k < s.collStart[i + 1]!; k++) {
            coll += s.collAmount[k]!;
            collUsd += s.collAmount[k]! * prices[s.collAsset[k]!]!;
          }
          for (let k = s.debtStart[i]!; k < s.debtStart[i + 1]!; k++) debtUsd += s.debtAmount[k]! * prices[s.debtAsset[k]!]!;
          covered.push(collUsd >= debtUsd * (1 + MAX_BONUS));
          expect(refs.has(i)).toBe(genericAccountData(ms, i, prices).healthFactor < 1 && coll > 0);
        }
        const coll0 = s.collAmount.slice();
        const debt0 = s.debtAmount.slice();
        const orders: Order[] = offers.map((offer, k) => ({ offer, repay: k % 3 === 0 ? offer.maxRepay * share : offer.maxRepay }));
        const execs = genericEngine.execute(state, orders, ctx);
        const moved = new Map(execs.map((e) => [e.ref, e]));
        for (const e of execs) {
          expect(e.badDebt).toEqual([]);
          expect(e.toTaker).toBe(e.seized);
          expect(e.protocolFee + e.toAbsorber + e.redistributed + e.gasCompensation).toBe(0);
          expect(Number.isFinite(e.bonus) && e.bonus >= 0).toBe(true);
        }
        for (let i = 0; i < s.count; i++) {
          const e = moved.get(i);
          for (let k = s.collStart[i]!; k < s.collStart[i + 1]!; k++) {
            const out = e && s.collAsset[k] === e.collateralAsset ? e.seized : 0;
            expect(out).toBeLessThanOrEqual(coll0[k]!);
            expect(s.collAmount[k]).toBeCloseTo(coll0[k]! - out, 9);
          }
          for (let k = s.debtStart[i]!; k < s.debtStart[i + 1]!; k++) {
            const out = e && s.debtAsset[k] === e.debtAsset ? e.repaid : 0;
            expect(out).toBeLessThanOrEqual(debt0[k]! * closeFactor * (1 + 1e-12));
            expect(s.debtAmount[k]).toBeCloseTo(debt0[k]! - out, 9);
          }
          if (covered[i]) expect(shortfallUsd(s, i, prices)).toBe(0);
        }
        expect(genericEngine.totals(state)[0]!.badDebt.every((x) => x === 0)).toBe(true);

        const later = roundContext(pricesOf(network, { ETH: 1800 * eth, WBTC: 54000 * btc }), 1, 120, 86_400);
        genericEngine.accrue(state, later);
        expect(listGenericLiquidatable(state, later)).toEqual(listGenericLiquidatable(state, later, { fullScan: true }));
        // Under a profit floor too: the index skips by size only what the rule would leave out.
        for (const factor of [0.97, 1, 1.03]) {
          const ps = later.oraclePrices[0]!;
          const floored = { ...later, profitFloor: { bestRate: (c: number, d: number) => (factor * ps[c]!) / ps[d]!, gas: ps.map((p) => 40 / p) } };
          expect(listGenericLiquidatable(state, floored)).toEqual(listGenericLiquidatable(state, floored, { fullScan: true }));
        }
      }),
      { numRuns: 60 },
    );
  });
});
