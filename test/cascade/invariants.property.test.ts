/**
 * Invariants of the cascade on random networks (DESIGN §5): value conserved, deterministic, Shapley shares summing to
 * v(all) − v(none), no NaN or Infinity anywhere, and an honest `converged` flag. What is monotone in the shock, and
 * where, is monotonicity.property.test.ts (docs/model.md §7.1).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNetwork, PLAIN_CONFIGURATION, simulateCascade } from '../../src/index.js';
import { conservationGaps } from './conservation.js';

const usdc = { id: 'USDC', symbol: 'USDC', price: 1, pegOf: { asset: 'USD', rate: 1 } };
const none = { model: 'none' };

interface Pos {
  eth: number;
  ltv: number;
}

const positionArb = fc.record({ eth: fc.double({ min: 1, max: 400, noNaN: true }), ltv: fc.double({ min: 0.3, max: 0.95, noNaN: true }) });

function protocolJson(family: string, id: string, positions: Pos[], lt: number) {
  const ps = positions.map((p, k) => ({ id: `${id}-${k}`, collateral: { ETH: p.eth }, debt: { USDC: Math.round(p.eth * 2000 * p.ltv * lt * 100) / 100 } }));
  const oracle = { kind: 'market', delaySeconds: 0, deviation: 0 };
  const borrowables = [{ asset: 'USDC', supply: 1e9, rateModel: none }];
  switch (family) {
    case 'aave-v3':
      return { id, family, version: '3.3', oracle, markets: [{ id: 'm', collaterals: [{ asset: 'ETH', ltv: lt - 0.03, liquidationThreshold: lt, liquidationBonus: 0.05, liquidationProtocolFee: 0.1 }], borrowables, positions: ps }] };
    case 'morpho-blue':
      return { id, family, oracle, markets: [{ id: 'm', collaterals: [{ asset: 'ETH', lltv: lt }], borrowables, positions: ps }] };
    case 'compound-v3':
      return {
        id,
        family,
        oracle,
        reserves: [{ label: 'reserves', kind: 'protocolReserves', asset: 'USDC', amount: 50_000, market: 'm' }],
        markets: [{ id: 'm', collaterals: [{ asset: 'ETH', borrowCollateralFactor: lt - 0.05, liquidateCollateralFactor: lt, liquidationFactor: 0.95 }], borrowables, storeFrontPriceFactor: 0.5, targetReserves: 5_000_000, positions: ps }],
      };
    default:
      return { id, family: 'generic', version: 'aave-v2', oracle, markets: [{ id: 'm', closeFactor: 0.5, collaterals: [{ asset: 'ETH', liquidationThreshold: lt, liquidationBonus: 0.05 }], borrowables, positions: ps }] };
  }
}

const networkArb = fc
  .record({
    families: fc.array(fc.constantFrom('aave-v3', 'morpho-blue', 'compound-v3', 'generic'), { minLength: 1, maxLength: 3 }),
    positions: fc.array(fc.array(positionArb, { minLength: 1, maxLength: 8 }), { minLength: 3, maxLength: 3 }),
    lt: fc.double({ min: 0.7, max: 0.9, noNaN: true }),
    pools: fc.array(fc.record({ eth: fc.double({ min: 200, max: 20_000, noNaN: true }), fee: fc.constantFrom(0.0005, 0.003), halfLife: fc.constantFrom(0, 120, 600) }), { minLength: 1, maxLength: 3 }),
  })
  .map(({ families, positions, lt, pools }) =>
    parseNetwork({
      schemaVersion: 1,
      meta: { name: 'random', snapshotDate: '2025-10-01', synthetic: true },
      assets: [{ id: 'ETH', symbol: 'ETH', price: 2000, volatility: 0.6 }, usdc],
      venues: pools.map((p, k) => ({ id: `pool${k}`, kind: 'constantProduct', coins: ['ETH', 'USDC'], reserves: [p.eth, p.eth * 2000], fee: p.fee, ...(p.halfLife ? { recoveryHalfLife: p.halfLife } : {}) })),
      protocols: families.map((f, k) => protocolJson(f, `p${k}`, positions[k]!, lt)),
    }),
  );

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

/** The same random networks plus an LST loop lender, a liquidity provider across the ETH pools, and outside sellers. */
const channelsArb = fc
  .record({
    base: networkArb,
    loops: fc.array(fc.record({ steth: fc.double({ min: 10, max: 2000, noNaN: true }), ltv: fc.double({ min: 0.6, max: 0.9, noNaN: true }) }), { minLength: 1, maxLength: 6 }),
    rate: fc.double({ min: 0.01, max: 0.3, noNaN: true }),
    withdraw: fc.double({ min: 0.05, max: 0.9, noNaN: true }),
    forced: fc.double({ min: 0, max: 3000, noNaN: true }),
  })
  .map(({ base, loops, rate, withdraw, forced }) => {
    const json = JSON.parse(JSON.stringify(base));
    json.assets.push({ id: 'stETH', symbol: 'stETH', price: 2000, pegOf: { asset: 'ETH', rate: 1, redeem: 'queue' }, yield: 0.03 });
    json.venues.push({ id: 'steth-eth', kind: 'stableswap', coins: ['stETH', 'ETH'], balances: [20_000, 20_000], A: 50, fee: 0.0004, recoveryHalfLife: 600 });
    for (const v of json.venues) if (v.coins.includes('USDC')) v.provider = 'mm';
    json.protocols.push({
      id: 'loops',
      family: 'generic',
      oracle: { kind: 'market', delaySeconds: 0, deviation: 0 },
      markets: [
        {
          id: 'm',
          closeFactor: 0.5,
          collaterals: [{ asset: 'stETH', liquidationThreshold: 0.93, liquidationBonus: 0.01 }],
          borrowables: [{ asset: 'ETH', supply: 1e7, rateModel: { model: 'fixed', rate } }],
          positions: loops.map((l, k) => ({ id: `l${k}`, collateral: { stETH: l.steth }, debt: { ETH: l.steth * l.ltv } })),
        },
      ],
    });
    return {
      net: parseNetwork(json),
      scenario: {
        events: [
          { type: 'withdrawLiquidity' as const, provider: 'mm', share: withdraw, at: 60 },
          { type: 'forcedSales' as const, asset: 'stETH', amount: forced, receive: 'ETH', over: 300 },
          { type: 'withdrawSupply' as const, protocol: 'loops', market: 'm', asset: 'ETH', amount: 1e6 },
        ],
      },
    };
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
