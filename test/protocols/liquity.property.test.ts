/**
 * liquity engine properties (issue 4, DESIGN §5 invariants) on random branches, pools and price paths, for v1 in
 * the plain configuration (recoveryMode: false), v1 with recovery mode, and v2: a liquidation takes a whole trove
 * (seized + surplus = its collateral, offset + redistributed debt = its debt), never a trove at or above the MCR
 * (at or above the CCR under recovery mode), Liquity books no bad debt (the pool or the other troves take it),
 * every execution's split is exact, collateral and debt are conserved, and the sorted walk finds exactly the troves
 * a full scan finds.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { createLiquityEngine } from '../../src/protocols/liquity/index.js';
import { assetAt, indexOf, networkOf, pricesOf, roundContext } from './helpers.js';

const scenario = fc.record({
  config: fc.constantFrom('v1-plain', 'v1-recovery', 'v2'),
  troves: fc.array(fc.record({ coll: fc.double({ min: 0.5, max: 300, noNaN: true }), icr: fc.double({ min: 0.9, max: 3, noNaN: true }) }), { minLength: 2, maxLength: 25 }),
  pool: fc.double({ min: 0, max: 1.2, noNaN: true }),
  moves: fc.array(fc.double({ min: 0.6, max: 1.1, noNaN: true }), { minLength: 1, maxLength: 4 }),
});

describe('liquityEngine properties', () => {
  it('whole troves, never at or above the MCR (CCR in recovery), no booked bad debt, exact splits, conservation, walk = full scan', () => {
    const seen = { executions: 0, badDebt: 0, other: 0 };
    fc.assert(
      fc.property(scenario, ({ config, troves, pool, moves }) => {
        const v2 = config === 'v2';
        const debtId = v2 ? 'BOLD' : 'LUSD';
        const totalDebt0 = troves.reduce((x, t) => x + (t.coll * 2000) / t.icr, 0);
        const network = networkOf(
          [
            { id: 'ETH', price: 2000 },
            { id: debtId, price: 1 },
          ],
          [
            {
              id: 'l',
              family: 'liquity',
              version: v2 ? 'v2' : 'v1',
              markets: [
                {
                  id: 'eth',
                  collaterals: [{ asset: 'ETH', MCR: 1.1, CCR: 1.5, ...(v2 ? { SCR: 1.1 } : {}) }],
                  borrowables: [{ asset: debtId, rateModel: { model: 'none' } }],
                  stabilityPool: pool * totalDebt0 * 0.3,
                  ...(v2 ? { liquidationPenaltySP: 0.05, liquidationPenaltyRedistribution: 0.1 } : {}),
                  positions: troves.map((t, k) => ({ id: `t${k}`, collateral: { ETH: t.coll }, debt: { [debtId]: (t.coll * 2000) / t.icr } })),
                },
              ],
            },
          ],
        );
        const engine = createLiquityEngine({ recoveryMode: config === 'v1-recovery' });
        const state = engine.compile(network, network.protocols[0]!, indexOf(network));
        const b = state.branches[0]!;
        const s = b.store;
        const [eth, debt] = [assetAt(network, 'ETH'), assetAt(network, debtId)];
        const coll0 = troves.reduce((x, t) => x + t.coll, 0);
        const sp0 = b.spDeposits;
        let out = 0; // collateral that left the troves: pool, liquidators, borrowers' surplus
        let offset = 0;
        let toPool = 0;
        let p = 2000;
        moves.forEach((move, k) => {
          p *= move;
          const ctx = roundContext(pricesOf(network, { ETH: p }), 1, 60 * (k + 1));
          const offers = engine.listLiquidatable(state, ctx);
          const scan: number[] = [];
          for (let i = 0; i < s.count; i++) if (!b.closed[i] && s.collAmount[i]! * p < 1.1 * s.debtAmount[i]!) scan.push(i);
          const listed = offers.map((o) => o.ref).sort((x, y) => x - y);
          // Recovery mode lists more (MCR <= ICR < TCR); otherwise exactly the troves under the MCR.
          if (config !== 'v1-recovery') expect(listed).toEqual(scan);
          else expect(scan.every((i) => listed.includes(i))).toBe(true);
          const before = new Map(offers.map((o) => [o.ref, { coll: s.collAmount[o.ref]!, debt: s.debtAmount[o.ref]! }]));
          const ex = engine.execute(state, offers.map((offer) => ({ offer, repay: offer.maxRepay })), ctx);
          for (const e of ex) {
            seen.executions++;
            if (e.debtRedistributed! > 0) seen.other++;
            const t = before.get(e.ref)!;
            const icr = (t.coll * p) / t.debt;
            expect(icr).toBeLessThan(config === 'v1-recovery' ? 1.5 : 1.1);
            expect(e.seized + e.returnedToOwner!).toBeCloseTo(t.coll, 9);
            expect(e.seized).toBeLessThanOrEqual(t.coll * (1 + 1e-12));
            expect(e.repaid).toBeLessThanOrEqual(t.debt);
            expect(e.repaid + e.debtRedistributed!).toBeCloseTo(t.debt, 6);
            expect(e.seized).toBeCloseTo(e.toTaker + e.protocolFee + e.toAbsorber + e.redistributed + e.gasCompensation, 9);
            expect(e.badDebt).toEqual([]);
            expect(b.closed[e.ref]).toBe(1);
            out += e.toAbsorber + e.gasCompensation + e.returnedToOwner!;
            offset += e.repaid;
            toPool += e.toAbsorber;
          }
          const tot = engine.totals(state)[0]!;
          expect(tot.collateral[eth]! + out).toBeCloseTo(coll0, 6);
          expect(tot.debt[debt]! + offset).toBeCloseTo(totalDebt0, 4);
          expect(b.spDeposits).toBeCloseTo(sp0 - offset, 4);
          expect(tot.held[eth]).toBeCloseTo(toPool, 9); // the pool keeps its gains
          expect(tot.badDebt[debt]).toBe(0);
        });
      }),
      { numRuns: 150 },
    );
    // The runs did liquidate, and redistribute (not a vacuous pass).
    expect(seen.executions).toBeGreaterThan(100);
    expect(seen.other).toBeGreaterThan(10);
  });
});
