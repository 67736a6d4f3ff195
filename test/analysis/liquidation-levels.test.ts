import { describe, expect, it } from 'vitest';
import { liquidationLevels } from '../../src/analysis/liquidation-levels.js';
import { parseNetwork } from '../../src/network/parse.js';
import { exampleJson } from '../network/base.js';

const network = () => parseNetwork(exampleJson('two-lenders-shared-eth'));

describe('liquidationLevels', () => {
  it('counts, per protocol, the ETH collateral of positions with HF < 1 at each price (by hand)', () => {
    // Liquidation prices (debt ÷ (ETH × LT)): lender-a (LT 0.83) a1 1.5M/830 = 1807.23, a2 700k/415 = 1686.75,
    // a3 2.4M/1660 = 1445.78; lender-b (LT 0.8) b1 1M/640 = 1562.50, b2 300k/240 = 1250.
    const r = liquidationLevels(network(), 'ETH');
    expect(r.marketPrice).toBeCloseTo(2000, 6);
    expect(r.levels).toHaveLength(20);
    const at = (price: number) => r.levels.find((l) => Math.abs(l.price - price) < 1e-6)!;
    const tokens = (price: number) => at(price).protocols.map((p) => [p.protocol, p.positions, p.collateral]);
    expect(tokens(2000)).toEqual([['lender-a', 0, 0], ['lender-b', 0, 0]]);
    expect(tokens(1800)).toEqual([['lender-a', 1, 1000], ['lender-b', 0, 0]]);
    expect(tokens(1600)).toEqual([['lender-a', 2, 1500], ['lender-b', 0, 0]]);
    expect(tokens(1500)).toEqual([['lender-a', 2, 1500], ['lender-b', 1, 800]]);
    expect(tokens(1400)).toEqual([['lender-a', 3, 3500], ['lender-b', 1, 800]]);
    expect(tokens(1200)).toEqual([['lender-a', 3, 3500], ['lender-b', 2, 1100]]);
    // USD at the level's price: 4,600 ETH × $1,200 = $5.52M; the fall 1 − 1200/2000 = 40%.
    expect(at(1200).collateralUsd).toBeCloseTo(5520000, 3);
    expect(at(1200).fall).toBeCloseTo(0.4, 12);
    expect(r.levels.at(-1)!.price).toBeCloseTo(100, 6);
  });

  it('is non-decreasing as the price falls, and refuses more than 50 levels', () => {
    const r = liquidationLevels(network(), 'ETH', { levels: 50 });
    r.levels.slice(1).forEach((l, k) => expect(l.collateral).toBeGreaterThanOrEqual(r.levels[k]!.collateral));
    expect(() => liquidationLevels(network(), 'ETH', { levels: 51 })).toThrow(/1 to 50/);
    expect(() => liquidationLevels(network(), 'NOPE')).toThrow(/unknown asset "NOPE"/);
  });
});
