/**
 * Invariants of the cascade on random networks (DESIGN §5): value conserved, deterministic, Shapley shares summing to
 * v(all) − v(none), no NaN or Infinity anywhere, and an honest `converged` flag. What is monotone in the shock, and
 * where, is monotonicity.property.test.ts (docs/model.md §7.1).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PLAIN_CONFIGURATION, simulateCascade } from '../../src/index.js';
import { conservationGaps } from './conservation.js';
import { channelsArb, networkArb } from './random-networks.js';

const plain = { ...PLAIN_CONFIGURATION, gasCostUsd: 0, lossContagion: false, exposure: 'none' as const, recordRounds: true, maxRounds: 300 };

/** Every number in the result is finite. */
function allFinite(x: unknown, path = 'result'): string | null {
  if (typeof x === 'number') return Number.isFinite(x) ? null : `${path} = ${x}`;
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) {
      const bad = allFinite(x[i], `${path}[${i}]`);
      if (bad) return bad;
    }
  } else if (x && typeof x === 'object') {
    for (const [k, v] of Object.entries(x)) {
      const bad = allFinite(v, `${path}.${k}`);
      if (bad) return bad;
    }
  }
  return null;
}


describe('cascade invariants on random networks', () => {
  it('conserves value: seized = sold + kept + fees + held by absorbers; what takers get is sold or kept; every sale is bought by a venue', () => {
    fc.assert(
      fc.property(networkArb, fc.double({ min: 0.05, max: 0.6, noNaN: true }), fc.boolean(), (net, s, gating) => {
        const r = simulateCascade(net, { shocks: { ETH: -s } }, { ...plain, profitGating: gating });
        const soldEth = r.protocols.reduce((x, p) => x + (p.sold.find((a) => a.asset === 'ETH')?.amount ?? 0), 0);
        const bought = r.rounds.reduce((x, rd) => x + rd.trades.filter((t) => t.sold === 'ETH').reduce((u, t) => u + t.amountIn, 0), 0);
        expect(bought).toBeCloseTo(soldEth, 6);
        const seized = r.protocols.reduce((x, p) => x + (p.seized.find((a) => a.asset === 'ETH')?.amount ?? 0), 0);
        const held = net.protocols.reduce((x, p) => x + p.markets.reduce((u, m) => u + ((m as { positions: { collateral: Record<string, number> }[] }).positions ?? []).reduce((w, q) => w + (q.collateral.ETH ?? 0), 0), 0), 0);
        expect(seized).toBeLessThanOrEqual(held * (1 + 1e-12));
        // Every seized token is sold, kept, a fee, held by an absorber (Comet), … — from the result's own fields.
        expect(conservationGaps(r)).toEqual([]);
        // Taker's share: sold or kept (no venue could take it) — nothing vanishes.
        for (const p of r.protocols) {
          const sold = p.sold.find((a) => a.asset === 'ETH')?.amount ?? 0;
          const kept = p.kept.find((a) => a.asset === 'ETH')?.amount ?? 0;
          expect(sold + kept).toBeCloseTo(p.taken.find((a) => a.asset === 'ETH')?.amount ?? 0, 9);
          expect(sold).toBeLessThanOrEqual((p.seized.find((a) => a.asset === 'ETH')?.amount ?? 0) * (1 + 1e-12) + 1e-12);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('the same network, scenario and seed give the same result; no NaN or Infinity anywhere; converged is honest', () => {
    fc.assert(
      fc.property(networkArb, fc.double({ min: 0.05, max: 0.7, noNaN: true }), fc.integer({ min: 1, max: 40 }), (net, s, maxRounds) => {
        const o = { exposure: 'none' as const, maxRounds };
        const a = simulateCascade(net, { shocks: { ETH: -s } }, o);
        const b = simulateCascade(net, { shocks: { ETH: -s } }, o);
        expect(JSON.stringify(a)).toBe(JSON.stringify(b));
        expect(allFinite(a)).toBeNull();
        expect(a.roundCount).toBeLessThanOrEqual(maxRounds);
        if (!a.converged) expect(a.roundCount).toBe(maxRounds);
      }),
      { numRuns: 25 },
    );
  });

  it('Shapley shares add up to v(all) − v(none) for every protocol', () => {
    fc.assert(
      fc.property(networkArb, fc.double({ min: 0.1, max: 0.5, noNaN: true }), (net, s) => {
        const r = simulateCascade(net, { shocks: { ETH: -s } }, { ...plain, exposure: 'shapley', recordRounds: false });
        const e = r.exposure!;
        const n = e.protocols.length;
        for (let j = 0; j < n; j++) {
          const sumL = e.liquidations.reduce((x, row) => x + row[j]!, 0);
          const sumB = e.badDebt.reduce((x, row) => x + row[j]!, 0);
          expect(sumL).toBeCloseTo(e.all.liquidated[j]! - e.none.liquidated[j]!, 4);
          expect(sumB).toBeCloseTo(e.all.badDebt[j]! - e.none.badDebt[j]!, 4);
          expect(e.all.liquidated[j]).toBeCloseTo(r.protocols[j]!.liquidatedCollateralSnapshotUsd, 4);
        }
      }),
      { numRuns: 20 },
    );
  });
});

describe('cascade invariants with every channel on (loops unwinding, providers leaving, outside sellers, withdrawals)', () => {
  const loopUnwind = { persistSeconds: 120, sharePerRound: 0.2, carryThreshold: 0, maxDiscount: 0.02 };
  it('conserves value, is deterministic, never NaN, and says honestly whether it converged', () => {
    fc.assert(
      fc.property(channelsArb, fc.double({ min: 0.05, max: 0.5, noNaN: true }), fc.boolean(), ({ net, scenario }, s, gating) => {
        const o = { ...plain, profitGating: gating, loopUnwind, maxRounds: 120 };
        const sc = { ...scenario, shocks: { ETH: -s } };
        const r = simulateCascade(net, sc, o);
        expect(JSON.stringify(simulateCascade(net, sc, o))).toBe(JSON.stringify(r));
        expect(allFinite(r)).toBeNull();
        if (!r.converged) expect(r.roundCount).toBe(120);
        const soldEth = r.protocols.reduce((x, p) => x + (p.sold.find((a) => a.asset === 'ETH')?.amount ?? 0), 0);
        const bought = r.rounds.reduce((x, rd) => x + rd.trades.filter((t) => t.sold === 'ETH').reduce((u, t) => u + t.amountIn, 0), 0);
        expect(bought).toBeCloseTo(soldEth, 6);
        expect(conservationGaps(r)).toEqual([]);
        for (const p of r.protocols) {
          for (const a of p.taken) expect((p.sold.find((x) => x.asset === a.asset)?.amount ?? 0) + (p.kept.find((x) => x.asset === a.asset)?.amount ?? 0)).toBeCloseTo(a.amount, 9);
        }
        // Unwinding never repays more than the loops owed, nor sells more collateral than they held.
        const loops = r.protocols.find((p) => p.protocol === 'loops')!;
        const owed = net.protocols.find((p) => p.id === 'loops')!.markets[0]!;
        const debt0 = (owed as { positions: { debt: Record<string, number>; collateral: Record<string, number> }[] }).positions.reduce((x, q) => x + q.debt.ETH!, 0);
        const coll0 = (owed as { positions: { collateral: Record<string, number> }[] }).positions.reduce((x, q) => x + q.collateral.stETH!, 0);
        expect(loops.unwound.repaid.reduce((x, a) => x + a.amount, 0)).toBeLessThanOrEqual(debt0 * 1.01);
        expect(loops.unwound.sold.reduce((x, a) => x + a.amount, 0) + (loops.seized.find((a) => a.asset === 'stETH')?.amount ?? 0)).toBeLessThanOrEqual(coll0 * (1 + 1e-9));
      }),
      { numRuns: 20 },
    );
  });
});
