import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseNetwork, snapshotHealth } from '../../src/index.js';

const example = () => JSON.parse(readFileSync('fixtures/examples/two-lenders-shared-eth.json', 'utf8'));

describe('snapshotHealth: positions liquidatable at the snapshot with no shock', () => {
  it('none in the example (lowest HF: a3, 2,000 ETH × $2,000 × 0.83 / 2.4M = 1.383)', () => {
    expect(snapshotHealth(parseNetwork(example()))).toEqual({ liquidatable: 0, repaidUsd: 0, seizedUsd: 0, markets: [] });
  });

  it('an explicit position under water is found, with the first round\u2019s repayment', () => {
    const net = example();
    // a1: 1,000 ETH × $2,000 × 0.83 / 1.7M = 0.976 > 0.95, so Aave v3.3's close factor is 50%: 850,000 USDC repaid,
    // seizing 850,000 × 1.05 / 2,000 = 446.25 ETH ($892,500).
    net.protocols[0].markets[0].positions[0].debt.USDC = 1_700_000;
    const h = snapshotHealth(parseNetwork(net));
    expect(h.liquidatable).toBe(1);
    expect(h.markets).toHaveLength(1);
    expect(h.markets[0]).toMatchObject({ protocol: 'lender-a', market: 'core', positions: 1 });
    expect(h.repaidUsd).toBeCloseTo(850_000, 0);
    expect(h.seizedUsd).toBeCloseTo(892_500, 0);
  });

  it('generated positions count too: a health-factor table starting below 1 liquidates its lowest positions', () => {
    const net = example();
    net.protocols[1].markets[0].positions = [];
    // 10 equal positions, HF linear from 0.9 to 1.9 over the debt quantiles: positions at quantile midpoints 0.05 and
    // 0.15 have HF 0.95 and 1.05 before the scale; the collateral total is the table's own (scale 1).
    net.protocols[1].markets[0].generator = { seed: 1, pairs: [{ collateral: 'ETH', debt: 'USDC', count: 10, totalCollateral: 1, totalDebt: 1_000_000, sizeLaw: { kind: 'equal' },
      healthFactors: [{ quantile: 0, healthFactor: 0.9 }, { quantile: 1, healthFactor: 1.9 }] }] };
    // Σ HF_k × 100,000 / (0.8 × 2,000) with HF_k = 0.95, 1.05, …, 1.85: mean 1.4 → 10 × 1.4 × 100,000 / 1,600 = 875 ETH.
    net.protocols[1].markets[0].generator.pairs[0].totalCollateral = 875;
    const h = snapshotHealth(parseNetwork(net));
    expect(h.markets).toEqual([expect.objectContaining({ protocol: 'lender-b', market: 'main', positions: 1 })]);
  });
});
