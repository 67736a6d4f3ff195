import { describe, expect, it } from 'vitest';
import { entities } from '../../src/analysis/entities.js';
import { simulateCascade } from '../../src/cascade/simulate.js';
import { parseNetwork } from '../../src/network/parse.js';
import { exampleJson } from '../network/base.js';

// fixtures/examples/two-lenders-shared-eth.json: alice borrows on both lenders, bob on lender-a only, a3 has no owner.
const network = () => parseNetwork(exampleJson('two-lenders-shared-eth'));

describe('entities', () => {
  it('gives a two-protocol entity its liquidation prices and the order its positions go (by hand)', () => {
    const [alice, ...rest] = entities(network());
    expect(rest).toEqual([]); // bob: $700,000 on one protocol, under the $1M default
    expect(alice!.owner).toBe('alice');
    expect(alice!.protocols).toEqual(['lender-a', 'lender-b']);
    // a1 (lender-a, LT 0.83): 1,500,000 ÷ (1000 × 0.83) = $1,807.2289; b1 (lender-b, LT 0.8): 1,000,000 ÷ (800 × 0.8) = $1,562.50.
    const [a1, b1] = alice!.positions;
    expect(a1!.liquidationPrices.ETH).toBeCloseTo(1500000 / 830, 9);
    expect(b1!.liquidationPrices.ETH).toBeCloseTo(1562.5, 9);
    // HF at $2,000: 2,000 × 1000 × 0.83 ÷ 1.5M = 1.10667; 2,000 × 800 × 0.8 ÷ 1M = 1.28.
    expect(a1!.healthFactor).toBeCloseTo(1660000 / 1500000, 9);
    expect(b1!.healthFactor).toBeCloseTo(1.28, 9);
    expect(alice!.order).toHaveLength(1);
    expect(alice!.order[0]!.positions.map((p) => p.position)).toEqual(['a1', 'b1']);
    // a1 goes first, after a fall of 1 − 1807.2289 ÷ 2000 = 9.6386%.
    expect(alice!.first).toMatchObject({ protocol: 'lender-a', position: 'a1', asset: 'ETH' });
    expect(alice!.first!.fall).toBeCloseTo(1 - 1500000 / 830 / 2000, 9);
    // Combined: 1,800 ETH ($3.6M) against 2.5M USDC.
    expect(alice!.collateral).toEqual({ ETH: 1800 });
    expect(alice!.debt).toEqual({ USDC: 2500000 });
    expect(alice!.collateralUsd).toBeCloseTo(3600000, 3);
    expect(alice!.debtUsd).toBeCloseTo(2500000, 3);
    expect(alice!.cascade).toBeNull();
  });

  it('ranks by debt and takes one-protocol owners above minDebtUsd', () => {
    const r = entities(network(), null, { minDebtUsd: 500000 });
    expect(r.map((e) => [e.owner, e.debtUsd])).toEqual([
      ['alice', expect.closeTo(2500000, 3)],
      ['bob', expect.closeTo(700000, 3)],
    ]);
    expect(() => entities(network(), null, { minDebtUsd: Number.NaN })).toThrow(/minDebtUsd/);
  });

  it('sets each liquidation price against the lowest market price a cascade reached', () => {
    const n = network();
    const result = simulateCascade(n, { name: 'ETH -10%', shocks: { ETH: -0.1 } }, { exposure: 'none' });
    const low = result.assets.find((a) => a.asset === 'ETH')!.lowestMarketPrice;
    const reach = entities(n, result)[0]!.cascade!;
    expect(reach.map((x) => x.position)).toEqual(['a1', 'b1']);
    // The shock alone takes ETH to $1,800 < $1,807.23: a1 is reached; b1 only if the sales go below $1,562.50.
    expect(low).toBeLessThanOrEqual(1800);
    expect(reach[0]!.reached).toBe(true);
    for (const x of reach) {
      expect(x.lowestMarketPrice).toBe(low);
      expect(x.headroom).toBeCloseTo(low / x.liquidationPrice - 1, 12);
      expect(x.reached).toBe(low <= x.liquidationPrice);
    }
  });

  it('ETH −30% (the README example) takes the price through both of alice\'s liquidation prices', () => {
    const n = network();
    const reach = entities(n, simulateCascade(n, { shocks: { ETH: -0.3 } }))[0]!.cascade!;
    // The shock alone: $1,400 < $1,562.50 < $1,807.23.
    expect(reach.map((x) => [x.position, x.reached])).toEqual([['a1', true], ['b1', true]]);
  });
});
