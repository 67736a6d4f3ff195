/**
 * The seeded borrower generator (DESIGN §10 Structure): both totals met exactly (debts and collaterals scaled by
 * separate factors), the collateral factor reported with the achieved debt-weighted quantiles, reproducible seeds.
 */
import { describe, expect, it } from 'vitest';
import type { GeneratorPair } from '../../src/network/index.js';
import { generatePair, generatePairColumns, healthFactorAt, weightedQuantiles } from '../../src/protocols/generator.js';
import { buildMarketStore } from '../../src/protocols/market-store.js';
import { positionId } from '../../src/protocols/position-store.js';
import { indexOf, networkOf } from './helpers.js';

const LT = 0.8;

function setup(pair: Partial<GeneratorPair>, seed = 7, marketId = 'main', positions: unknown[] = []) {
  const full = {
    collateral: 'ETH',
    debt: 'USDC',
    count: 4,
    totalCollateral: 7.5,
    totalDebt: 8000,
    sizeLaw: { kind: 'equal' },
    healthFactors: [
      { quantile: 0, healthFactor: 1 },
      { quantile: 0.5, healthFactor: 1.5 },
      { quantile: 1, healthFactor: 2 },
    ],
    ...pair,
  };
  const network = networkOf(
    [{ id: 'ETH', price: 2000 }],
    [
      {
        id: 'lender',
        family: 'generic',
        markets: [
          {
            id: marketId,
            closeFactor: 0.5,
            collaterals: [{ asset: 'ETH', liquidationThreshold: LT, liquidationBonus: 0.05 }],
            borrowables: [{ asset: 'USDC', rateModel: { model: 'none' } }],
            positions,
            generator: { seed, pairs: [full] },
          },
        ],
      },
    ],
  );
  const protocol = network.protocols[0]!;
  const market = protocol.markets[0]!;
  const g = (market as { generator: { seed: number; pairs: GeneratorPair[] } }).generator;
  const run = (s = g.seed) => generatePairColumns(network, protocol, market, g.pairs[0]!, 0, s, indexOf(network));
  return { network, protocol, market, pair: g.pairs[0]!, run };
}

const sum = (xs: Float64Array) => xs.reduce((a, b) => a + b, 0);

describe('generator: a worked example (equal sizes)', () => {
  // 4 equal positions, 8,000 USDC: debt 2,000 each at cumulative-share midpoints 1/8, 3/8, 5/8, 7/8, so HF =
  // 1.125, 1.375, 1.625, 1.875 on the linear table; collateral = HF·2,000·$1/(0.8·$2,000) = 1.25·HF ETH:
  // 1.40625, 1.71875, 2.03125, 2.34375 — summing to 7.5 ETH, the total given, so the collateral factor is 1.
  it('meets the table and both totals', () => {
    const { columns, fit } = setup({}).run();
    expect(Array.from(columns.debt)).toEqual([2000, 2000, 2000, 2000]);
    expect(Array.from(columns.collateral).map((x) => Math.round(x * 1e12) / 1e12)).toEqual([1.40625, 1.71875, 2.03125, 2.34375]);
    expect(fit.scale).toBeCloseTo(1, 14);
    // Debt-weighted quantiles: q = 0 → the smallest HF; q = 0.5 → 1.375 (half the debt at HF <= 1.375); q = 1 → 1.875.
    expect(fit.quantiles.map((q) => Math.round(q.achieved * 1e12) / 1e12)).toEqual([1.125, 1.375, 1.875]);
    expect(fit.quantiles.map((q) => q.target)).toEqual([1, 1.5, 2]);
  });

  it('reports the collateral factor when the totals and the table disagree', () => {
    // 15 ETH instead of 7.5: every collateral and every health factor doubles.
    const { columns, fit } = setup({ totalCollateral: 15 }).run();
    expect(fit.scale).toBeCloseTo(2, 14);
    expect(sum(columns.collateral)).toBeCloseTo(15, 12);
    expect(fit.quantiles.map((q) => Math.round(q.achieved * 1e12) / 1e12)).toEqual([2.25, 2.75, 3.75]);
  });

  it('healthFactorAt interpolates the table', () => {
    const t = [
      { quantile: 0, healthFactor: 1 },
      { quantile: 0.2, healthFactor: 1.2 },
      { quantile: 1, healthFactor: 3 },
    ];
    expect(healthFactorAt(t, 0.1)).toBeCloseTo(1.1, 15);
    expect(healthFactorAt(t, 0.6)).toBeCloseTo(2.1, 15);
    expect(healthFactorAt(t, 1)).toBe(3);
  });
});

describe('generator: totals, seeds and fit at scale', () => {
  const table = [
    { quantile: 0, healthFactor: 1.0 },
    { quantile: 0.1, healthFactor: 1.2 },
    { quantile: 0.5, healthFactor: 1.8 },
    { quantile: 1, healthFactor: 4 },
  ];
  // Debt-weighted mean HF of the table (trapezoids): 0.1·1.1 + 0.4·1.5 + 0.5·2.9 = 2.16; the collateral that meets
  // it at LT 0.8, $2,000 ETH and 50,000,000 USDC of debt: 2.16·50e6/(0.8·2,000) = 67,500 ETH.
  const pair = { count: 20_000, totalDebt: 50_000_000, totalCollateral: 67_500, healthFactors: table };

  it('meets both totals to 1e-9 relative under every size law', () => {
    for (const sizeLaw of [{ kind: 'lognormal', sigma: 1.5 }, { kind: 'pareto', alpha: 1.5 }, { kind: 'equal' }] as const) {
      const { columns } = setup({ ...pair, sizeLaw }).run();
      expect(Math.abs(sum(columns.debt) / 50_000_000 - 1)).toBeLessThan(1e-9);
      expect(Math.abs(sum(columns.collateral) / 67_500 - 1)).toBeLessThan(1e-9);
      expect(columns.collateral.every((x) => Number.isFinite(x) && x > 0)).toBe(true);
    }
  });

  it('achieves the table when the totals agree with it (collateral factor ≈ 1)', () => {
    const { fit } = setup({ ...pair, sizeLaw: { kind: 'lognormal', sigma: 1.5 } }).run();
    expect(Math.abs(fit.scale - 1)).toBeLessThan(0.01);
    for (const q of fit.quantiles) expect(Math.abs(q.achieved / q.target - 1)).toBeLessThan(0.02);
  });

  it('same seed → same positions; another seed or another market → others', () => {
    const a = setup({ ...pair, sizeLaw: { kind: 'lognormal', sigma: 1 } });
    const x = a.run(7).columns;
    expect(a.run(7).columns.debt).toEqual(x.debt);
    expect(a.run(7).columns.collateral).toEqual(x.collateral);
    expect(a.run(8).columns.debt).not.toEqual(x.debt);
    const b = setup({ ...pair, sizeLaw: { kind: 'lognormal', sigma: 1 } }, 7, 'other');
    expect(b.run(7).columns.debt).not.toEqual(x.debt);
  });

  it('a pair with no debt spreads the collateral and reports no health factor', () => {
    const { columns, fit } = setup({ totalDebt: 0, totalCollateral: 100, count: 10, sizeLaw: { kind: 'pareto', alpha: 2 } }).run();
    expect(columns.debtAsset).toBeNull();
    expect(sum(columns.collateral)).toBeCloseTo(100, 12);
    expect(fit.scale).toBe(1);
    expect(fit.quantiles.every((q) => q.achieved === Number.MAX_VALUE)).toBe(true);
  });

  it('weightedQuantiles gives the same answer sorted or not', () => {
    const hf = Float64Array.of(3, 1, 2, 5);
    const w = Float64Array.of(1, 1, 2, 4);
    // Sorted: 1 (w 1), 2 (w 2), 3 (w 1), 5 (w 4); total 8. q = 0.25 → 2 (cumulative 3 >= 2); q = 0.5 → 3; q = 0.6 → 5.
    expect(weightedQuantiles(hf, w, [0.25, 0.5, 0.6, 0])).toEqual([2, 3, 5, 1]);
    expect(weightedQuantiles(Float64Array.of(1, 2, 3, 5), Float64Array.of(1, 2, 1, 4), [0.25, 0.5, 0.6, 0])).toEqual([2, 3, 5, 1]);
  });

  it('refuses a pair it cannot meet', () => {
    const { network, protocol, market, pair: p } = setup({});
    expect(() => generatePairColumns(network, protocol, market, { ...p, collateral: 'USDC' }, 0, 1, indexOf(network))).toThrow(/market has no threshold for collateral "USDC"/);
    expect(() => generatePairColumns(network, protocol, market, { ...p, totalCollateral: 0 }, 0, 1, indexOf(network))).toThrow(/totalCollateral must be > 0 behind a totalDebt of 8000/);
  });
});

describe('buildMarketStore', () => {
  it('puts explicit positions first, then generated ones, with the fit', () => {
    const { network, protocol, market } = setup({}, 7, 'main', [{ id: 'whale', collateral: { ETH: 100 }, debt: { USDC: 50_000 } }]);
    const ms = buildMarketStore(network, protocol, market, indexOf(network));
    expect(ms.store.count).toBe(5);
    expect(ms.firstGenerated).toBe(1);
    expect(positionId(ms.store, 0)).toBe('whale');
    expect(positionId(ms.store, 3)).toBe('lender/main/gen-3');
    expect(ms.fits).toHaveLength(1);
    expect(ms.store.debtAmount[1]).toBe(2000);
    // generatePair gives the same positions as entries.
    const g = (market as { generator: { seed: number; pairs: GeneratorPair[] } }).generator;
    const entries = generatePair(network, protocol, market, g.pairs[0]!, 0, g.seed, indexOf(network)).entries;
    expect(entries[3]!.collateral[0]![1]).toBeCloseTo(ms.store.collAmount[4]!, 15);
  });
});
