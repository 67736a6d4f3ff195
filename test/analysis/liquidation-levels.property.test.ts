import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { liquidationLevels } from '../../src/analysis/liquidation-levels.js';
import { parseNetwork } from '../../src/network/parse.js';
import { everyFamily, lender, sharedVenueJson } from '../cascade/networks.js';

/** Two generic lenders on one ETH/USDC pool, random borrowers (ETH against USDC, HF 0.9 … 2 at $2,000) and pool depth. */
const networks = fc
  .record({
    a: fc.array(fc.record({ eth: fc.double({ min: 1, max: 500, noNaN: true }), hf: fc.double({ min: 0.9, max: 2, noNaN: true }) }), { minLength: 1, maxLength: 6 }),
    b: fc.array(fc.record({ eth: fc.double({ min: 1, max: 500, noNaN: true }), hf: fc.double({ min: 0.9, max: 2, noNaN: true }) }), { minLength: 0, maxLength: 6 }),
    depth: fc.double({ min: 200, max: 20_000, noNaN: true }),
  })
  .map(({ a, b, depth }) => {
    const j = sharedVenueJson();
    // USDC debt = ETH × $2,000 × LT 0.8 ÷ HF.
    const book = (p: string, xs: { eth: number; hf: number }[]) => xs.map((x, k) => ({ id: `${p}${k}`, eth: x.eth, usdc: (x.eth * 2000 * 0.8) / x.hf }));
    j.protocols = [lender('A', book('a', a)), lender('B', book('b', b))];
    j.venues[0].reserves = [depth, depth * 2000];
    return parseNetwork(j);
  });

describe('liquidationLevels: invariants on random two-lender networks', () => {
  it('first order grows as the price falls; with debt in USDC no first-order position is missing after the cascade; the gap keeps its books', () => {
    fc.assert(
      fc.property(networks, (network) => {
        const r = liquidationLevels(network, 'ETH', { levels: 4 });
        r.levels.slice(1).forEach((l, k) => expect(l.collateral).toBeGreaterThanOrEqual(r.levels[k]!.collateral));
        const held = network.protocols.flatMap((p) => p.markets.flatMap((m) => (m.positions as { collateral: Record<string, number> }[]).map((x) => x.collateral.ETH ?? 0))).reduce((s, x) => s + x, 0);
        for (const l of r.levels) {
          const c = l.cascade!;
          // HF rises with collateral prices and falls with debt prices: every price at its lowest, USDC's at $1, can
          // only add positions below 1 (the reason names none).
          expect(c.reason).toBeNull();
          l.protocols.forEach((p, k) => expect(c.protocols[k]!.collateral).toBeGreaterThanOrEqual(p.collateral - 1e-9));
          const g = c.gap;
          for (const x of [g.seized, g.surplus, g.partial, g.untouched, g.outside]) expect(x).toBeGreaterThanOrEqual(0);
          expect(g.seized + g.surplus + g.partial + g.untouched).toBeCloseTo(c.collateral, 6);
          expect(c.liquidatedCollateral).toBeCloseTo(g.seized + g.outside, 6);
          expect(c.liquidatedCollateral).toBeLessThanOrEqual(held * (1 + 1e-12));
          expect(g.reason === null).toBe(g.surplus + g.partial + g.untouched === 0);
        }
      }),
      { numRuns: 30, seed: 19 },
    );
  });

  it('runs on every protocol family (the every-family network): the gap keeps its books at each level', () => {
    const r = liquidationLevels(everyFamily(), 'ETH', { levels: 2, cascade: { maxRounds: 50 } });
    expect(r.levels[0]!.protocols.map((p) => p.protocol)).toEqual(['aave', 'v2', 'euler', 'comet', 'sky', 'mcd-2020', 'liquity']);
    for (const l of r.levels) {
      const g = l.cascade!.gap;
      expect(g.seized + g.surplus + g.partial + g.untouched).toBeCloseTo(l.cascade!.collateral, 6);
      expect(l.cascade!.liquidatedCollateral).toBeCloseTo(g.seized + g.outside, 6);
    }
  });
});
