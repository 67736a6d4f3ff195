/**
 * Property tests of the perp engine (issue 4): the closed size never exceeds the position; the notional never
 * exceeds the position's; a healthy position (equity >= |size|·mark·mmr) is never liquidated; no fund draw, no
 * ADL and no bad debt while the margin covers the loss; and value is conserved at the mark: Σ equity + insurance
 * fund changes only by the bad debt written off and the fees paid out to liquidators.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assetIndex } from '../../src/protocols/market-store.js';
import { createPerpEngine, type PerpState } from '../../src/protocols/perp/index.js';
import { ethPoolNetwork } from '../eth-pool.js';

const MMR = 0.05;

// Amounts on a 1e-6 grid (token amounts, not denormal floats).
const positionArb = fc.record({
  margin: fc.integer({ min: 0, max: 50_000_000_000 }).map((x) => x / 1e6),
  size: fc.integer({ min: -50_000_000, max: 50_000_000 }).map((x) => x / 1e6),
  entryPrice: fc.integer({ min: 500_000, max: 4_000_000 }).map((x) => x / 1e3),
});

function compile(positions: { margin: number; size: number; entryPrice: number }[], fund: number, engine: ReturnType<typeof createPerpEngine>): PerpState {
  const net = ethPoolNetwork({
    name: 'perp property',
    pool: { eth: 10_000, fee: 0.0005 },
    protocols: [
      {
        id: 'perpdex',
        family: 'perp',
        oracle: { kind: 'external' },
        reserves: [{ label: 'insurance fund', kind: 'insuranceFund', asset: 'USDC', amount: fund }],
        markets: [
          {
            id: 'ETH-USD',
            collaterals: [{ asset: 'USDC' }],
            underlying: 'ETH',
            maintenanceMarginRatio: MMR,
            liquidationFeeRatio: 0.01,
            positions: positions.map((p, i) => ({ id: `p${i}`, ...p })),
          },
        ],
      },
    ],
  });
  return engine.compile(net, net.protocols[0]!, assetIndex(net));
}

function totalEquity(s: PerpState, mark: number): number {
  const m = s.markets[0]!;
  let e = 0;
  for (let i = 0; i < m.count; i++) e += m.marginAmount[i]! + m.size[i]! * (mark - m.entryPrice[i]!);
  return e + s.reserves[0]!.amount;
}

describe('perp engine properties', () => {
  it('closes at most the position, only unhealthy ones, covers losses in order, and conserves value', () => {
    fc.assert(
      fc.property(
        fc.array(positionArb, { minLength: 1, maxLength: 12 }),
        fc.double({ min: 0, max: 20_000, noNaN: true }),
        fc.double({ min: 300, max: 5000, noNaN: true }),
        fc.constantFrom('insuranceFund' as const, 'liquidator' as const),
        fc.boolean(),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        (positions, fund, mark, feeTo, adl, share) => {
          const engine = createPerpEngine({ feeTo, adl });
          const s = compile(positions, fund, engine);
          const m = s.markets[0]!;
          const ctx = { time: 0, roundSeconds: 60, oraclePrices: [new Float64Array([mark, 1])], marketPrices: new Float64Array([mark, 1]) };
          const before = totalEquity(s, mark);
          const size0 = m.size.slice();
          const equity0 = positions.map((p, i) => p.margin + size0[i]! * (mark - p.entryPrice));
          const offers = engine.listLiquidatable(s, ctx);
          for (const o of offers) expect(equity0[o.ref]!).toBeLessThan(Math.abs(size0[o.ref]!) * mark * MMR);
          const listed = new Set(offers.map((o) => o.ref));
          positions.forEach((_, i) => {
            if (size0[i] !== 0 && equity0[i]! < Math.abs(size0[i]!) * mark * MMR) expect(listed.has(i)).toBe(true);
          });
          const execs = engine.execute(s, offers.map((offer, k) => ({ offer, repay: k % 2 === 0 ? offer.maxRepay : offer.maxRepay * share })), ctx);
          let bad = 0;
          let feesOut = 0;
          for (const e of execs) {
            const vals = [e.repaid, e.seized, e.toTaker, e.redistributed, e.bonus, e.toReserves ?? 0, e.socializedLoss ?? 0, ...e.badDebt.map((b) => b.amount)];
            expect(vals.every(Number.isFinite)).toBe(true);
            expect(e.seized).toBeLessThanOrEqual(Math.abs(size0[e.ref]!) * (1 + 1e-12));
            expect(e.repaid).toBeLessThanOrEqual(Math.abs(size0[e.ref]!) * mark * (1 + 1e-12));
            expect(e.seized).toBeCloseTo(e.toTaker + e.protocolFee + e.toAbsorber + e.redistributed + e.gasCompensation, 9);
            const closedEquity = (equity0[e.ref]! * e.seized) / Math.abs(size0[e.ref]!);
            if (closedEquity >= 0) {
              // The margin covers the loss: no fund draw, no ADL, no bad debt.
              expect(e.badDebt).toEqual([]);
              expect(e.socializedLoss).toBe(0);
              expect(e.toReserves!).toBeGreaterThanOrEqual(0);
            } else {
              // Fund, then ADL, then bad debt: together exactly the loss.
              const cover = -Math.min(0, e.toReserves!);
              const b = e.badDebt[0]?.amount ?? 0;
              expect(cover + e.socializedLoss! + b).toBeCloseTo(-closedEquity, 6);
            }
            bad += e.badDebt[0]?.amount ?? 0;
            feesOut += e.bonus * mark;
          }
          // Value at the mark is conserved but for bad debt written off and fees paid to liquidators.
          expect(totalEquity(s, mark)).toBeCloseTo(before + bad - feesOut, 5);
        },
      ),
      { numRuns: 200 },
    );
  });
});
