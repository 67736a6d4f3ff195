/**
 * morpho-blue engine properties (issue 4, DESIGN §5 invariants) on random markets, partial orders and price paths:
 * seized <= the position's collateral, repaid <= its debt, no healthy position is liquidated (Morpho._isHealthy),
 * no bad debt while the collateral covers the debt with its incentive (collateral·price >= debt·LIF: below that,
 * seizing all the collateral repays only collateral·price/LIF and Morpho.liquidate realises the rest as bad debt),
 * the liquidator gets repaid·LIF worth unless the collateral runs out, and the sorted index returns exactly the
 * positions a full scan finds.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { liquidationIncentiveFactor, morphoBlueEngine } from '../../src/protocols/morpho-blue/index.js';
import { assetAt, indexOf, networkOf, pricesOf, roundContext } from './helpers.js';

const scenario = fc.record({
  lltv: fc.constantFrom(0.385, 0.625, 0.77, 0.86, 0.915, 0.945),
  positions: fc.array(fc.record({ coll: fc.double({ min: 0.01, max: 500, noNaN: true }), hf: fc.double({ min: 0.5, max: 2.5, noNaN: true }) }), { minLength: 1, maxLength: 25 }),
  rounds: fc.array(fc.record({ move: fc.double({ min: 0.5, max: 1.15, noNaN: true }), share: fc.double({ min: 0, max: 1, noNaN: true }) }), { minLength: 1, maxLength: 5 }),
});

describe('morphoBlueEngine properties', () => {
  it('seized <= collateral, repaid <= debt, never healthy, no bad debt while collateral covers debt', () => {
    const seen = { executions: 0, badDebt: 0, other: 0 };
    fc.assert(
      fc.property(scenario, ({ lltv, positions, rounds }) => {
        const network = networkOf(
          [{ id: 'ETH', price: 2000 }],
          [
            {
              id: 'm',
              family: 'morpho-blue',
              markets: [
                {
                  id: 'eth-usdc',
                  collaterals: [{ asset: 'ETH', lltv }],
                  borrowables: [{ asset: 'USDC', supply: 1e9, rateModel: { model: 'fixed', rate: 0.08 } }],
                  positions: positions.map((p, k) => ({ id: `p${k}`, collateral: { ETH: p.coll }, debt: { USDC: (p.coll * 2000 * lltv) / p.hf } })),
                },
              ],
            },
          ],
        );
        const state = morphoBlueEngine.compile(network, network.protocols[0]!, indexOf(network));
        const m = state.markets[0]!;
        const s = m.store;
        const lif = liquidationIncentiveFactor(lltv);
        const usdc = assetAt(network, 'USDC');
        let p = 2000;
        rounds.forEach((r, k) => {
          p *= r.move;
          const ctx = roundContext(pricesOf(network, { ETH: p }), 1, 60 * (k + 1));
          morphoBlueEngine.accrue(state, ctx);
          const offers = morphoBlueEngine.listLiquidatable(state, ctx);
          const scan: number[] = [];
          for (let i = 0; i < s.count; i++) if (s.debtAmount[i]! > s.collAmount[i]! * p * lltv) scan.push(i);
          expect(offers.map((o) => o.ref).sort((a, b) => a - b)).toEqual(scan);
          const before = offers.map((o) => ({ coll: s.collAmount[o.ref]!, debt: s.debtAmount[o.ref]! }));
          const ex = morphoBlueEngine.execute(state, offers.map((offer) => ({ offer, repay: offer.maxRepay * r.share })), ctx);
          for (const e of ex) {
            seen.executions++;
            if (e.badDebt.length) seen.badDebt++;
            const b = before[offers.findIndex((o) => o.ref === e.ref)]!;
            expect(b.debt).toBeGreaterThan(b.coll * p * lltv); // never a healthy position
            expect(e.seized).toBeLessThanOrEqual(b.coll);
            expect(e.repaid).toBeLessThanOrEqual(b.debt);
            expect(e.seized).toBe(e.toTaker);
            const bad = e.badDebt.reduce((x, d) => x + d.amount, 0);
            if (b.coll * p >= b.debt * lif * (1 + 1e-9)) expect(bad).toBe(0); // collateral covers the debt and the incentive: no bad debt
            if (bad > 0) expect(s.collAmount[e.ref]).toBe(0); // bad debt only once the collateral is gone
            expect(s.debtAmount[e.ref]).toBeCloseTo(b.debt - e.repaid - bad, 6);
            if (e.seized < b.coll) expect(e.seized).toBeCloseTo((e.repaid * lif) / p, 9); // repaid·LIF worth of collateral
          }
          const t = morphoBlueEngine.totals(state)[0]!;
          expect(t.debt[usdc]).toBeCloseTo(m.borrowables[0]!.totalDebt, 3);
        });
      }),
      { numRuns: 150 },
    );
    // The runs did liquidate, and realise bad debt (not a vacuous pass).
    expect(seen.executions).toBeGreaterThan(100);
    expect(seen.badDebt).toBeGreaterThan(10);
  });
});
