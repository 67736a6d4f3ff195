import { describe, expect, it } from 'vitest';
import { liquidationLevels } from '../../src/analysis/liquidation-levels.js';
import { parseNetwork } from '../../src/network/parse.js';
import { exampleJson } from '../network/base.js';

const network = () => parseNetwork(exampleJson('two-lenders-shared-eth'));

/**
 * two-lenders with carol, who owes stETH (pegged to ETH) against ETH on lender-b, and alice's a1 alone on lender-a:
 * a shock to ETH carries stETH with it, so carol's debt falls with her collateral — the first-order curve, holding
 * stETH at $2,000, counts her; the cascade does not.
 */
function withPeggedDebt() {
  const j = exampleJson('two-lenders-shared-eth');
  j.assets.push({ id: 'stETH', symbol: 'stETH', price: 2000, pegOf: { asset: 'ETH', rate: 1 }, decimals: 18 });
  j.venues.push({ id: 'steth-eth', kind: 'constantProduct', coins: ['stETH', 'ETH'], reserves: [100000, 100000], fee: 0.0001, recoveryHalfLife: 600 });
  const b = j.protocols[1].markets[0];
  b.borrowables.push({ asset: 'stETH', supply: 1000, rateModel: b.borrowables[0].rateModel });
  b.positions = [{ id: 'c1', owner: 'carol', collateral: { ETH: 100 }, debt: { stETH: 70 } }];
  j.protocols[0].markets[0].positions = [{ id: 'a1', owner: 'alice', collateral: { ETH: 100 }, debt: { USDC: 150000 } }];
  return parseNetwork(j);
}

describe('liquidationLevels: first order', () => {
  it('counts, per protocol, the ETH collateral of positions with HF < 1 at each price (by hand)', () => {
    // Liquidation prices (debt ÷ (ETH × LT)): lender-a (LT 0.83) a1 1.5M/830 = 1807.23, a2 700k/415 = 1686.75,
    // a3 2.4M/1660 = 1445.78; lender-b (LT 0.8) b1 1M/640 = 1562.50, b2 300k/240 = 1250.
    const r = liquidationLevels(network(), 'ETH', { cascade: null });
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
    expect(r.levels.every((l) => l.cascade === null)).toBe(true);
  });

  it('is non-decreasing as the price falls, and refuses bad options', () => {
    const r = liquidationLevels(network(), 'ETH', { levels: 50, cascade: null });
    r.levels.slice(1).forEach((l, k) => expect(l.collateral).toBeGreaterThanOrEqual(r.levels[k]!.collateral));
    expect(() => liquidationLevels(network(), 'ETH', { levels: 51 })).toThrow(/1 to 50/);
    expect(() => liquidationLevels(network(), 'NOPE')).toThrow(/unknown asset "NOPE"/);
    expect(() => liquidationLevels(network(), 'ETH', { cascadeMaxFall: 1.5 })).toThrow(/cascadeMaxFall must be a share in \[0, 1\], got 1.5/);
    expect(() => liquidationLevels(network(), 'ETH', { cascade: { exposure: 'shapley' } })).toThrow(/cascade.exposure must be "none"/);
    expect(() => liquidationLevels(network(), 'ETH', { cascade: { maxRound: 3 } as never })).toThrow(/simulateCascade: option maxRound/);
    expect(() => liquidationLevels(network(), 'ETH', { level: 3 } as never)).toThrow(/unknown option "level"/);
  });
});

describe('liquidationLevels: cascade-adjusted and liquidated', () => {
  it('counts at the lowest market prices of the run the level starts, and what it seized (two-lenders, ETH at $1,800: the README example)', () => {
    const r = liquidationLevels(network(), 'ETH', { levels: 10, cascadeMaxFall: 0.1 });
    expect(r.levels.map((l) => l.cascade !== null)).toEqual([true, true, false, false, false, false, false, false, false, false]);
    const top = r.levels[0]!.cascade!;
    // No shock: nothing is below 1 and nothing is liquidated.
    expect([top.collateral, top.liquidatedCollateral, top.reason, top.gap.reason]).toEqual([0, 0, null, null]);
    const l = r.levels[1]!;
    const c = l.cascade!;
    // First order at $1,800: a1 only (1,000 ETH). The run's sales take ETH below every liquidation price (the lowest,
    // b2's $1,250), so all five positions are below 1 at its lowest price: 1,000 + 500 + 2,000 + 800 + 300 = 4,600 ETH.
    expect(l.collateral).toBe(1000);
    expect(c.lowestPrices.ETH).toBeLessThan(1250);
    expect(c.protocols.map((p) => [p.protocol, p.positions, p.collateral])).toEqual([['lender-a', 3, 3500], ['lender-b', 2, 1100]]);
    expect(c.collateralUsd).toBeCloseTo(4600 * 1800, 3);
    expect(c.reason).toBeNull();
    // Where the adjusted collateral went: seized + surplus + partial + untouched = 4,600, and nothing seized outside it.
    const g = c.gap;
    expect(g.seized + g.surplus + g.partial + g.untouched).toBeCloseTo(4600, 9);
    expect(g.outside).toBeCloseTo(0, 9);
    expect(c.liquidatedCollateral).toBeCloseTo(g.seized + g.outside, 9);
    // The engine's numbers, pinned: all 4,600 ETH seized (the keepers of a round decide in turn, lender-b on the pool
    // lender-a's sales left; before, a position kept 0.2754 ETH).
    expect(c.liquidatedCollateral).toBeCloseTo(4600, 3);
    expect(g.partial + g.untouched).toBeCloseTo(0, 9);
    expect(c.converged).toBe(true);
    expect(c.roundCount).toBe(20);
  });

  it('says why the adjusted curve is below the first-order one and why the cascade seized less (by hand)', () => {
    const r = liquidationLevels(withPeggedDebt(), 'ETH', { levels: 5 });
    const l = r.levels[1]!; // ETH at 2,000 × 4/5 = $1,600
    expect(l.price).toBeCloseTo(1600, 9);
    // First order (stETH held at $2,000): a1 HF = 100 × 0.83 × 1,600 ÷ 150,000 = 0.885; c1 HF = 100 × 0.8 × 1,600 ÷
    // (70 × 2,000) = 0.914 — both below 1: 200 ETH.
    expect(l.protocols.map((p) => [p.protocol, p.positions, p.collateral])).toEqual([['lender-a', 1, 100], ['lender-b', 1, 100]]);
    // In the cascade stETH follows ETH down (its peg): c1's HF = 100 × 0.8 × p ÷ (70 × p) = 1.143 at any common
    // price, so only a1 is below 1: 100 ETH — less than the first order, and the reason names stETH's fall.
    const c = l.cascade!;
    expect(c.lowestPrices.stETH).toBeCloseTo(c.lowestPrices.ETH!, 6);
    expect(c.protocols.map((p) => [p.protocol, p.positions, p.collateral])).toEqual([['lender-a', 1, 100], ['lender-b', 0, 0]]);
    expect(c.reason).toMatch(/^below 1 at first order but not at the cascade's lowest prices: 1 position \(100 ETH\); stETH, owed, fell to \$1545\.44 from \$2000, so the debt weighed less/);
    // a1 at the shocked oracle price $1,600: HF 0.885 < 0.95, so Aave v3.3 closes all of it: 150,000 USDC repaid,
    // seizing 150,000 × 1.05 ÷ 1,600 = 98.4375 ETH; the 1.5625 ETH left is alice's once the debt is gone.
    expect(c.liquidatedCollateral).toBeCloseTo(98.4375, 9);
    expect(c.liquidated).toEqual([{ protocol: 'lender-a', collateral: expect.closeTo(98.4375, 9), collateralUsd: expect.closeTo(98.4375 * 1600, 6) }, { protocol: 'lender-b', collateral: 0, collateralUsd: 0 }]);
    expect(c.gap).toMatchObject({ seized: expect.closeTo(98.4375, 9), surplus: expect.closeTo(1.5625, 9), partial: 0, untouched: 0, outside: expect.closeTo(0, 9) });
    expect(c.gap.reason).toMatch(/1\.5625 ETH stayed with 1 position whose whole debt was repaid/);
    // Every level below keeps the gap's books: the parts add up to the adjusted collateral.
    for (const x of r.levels) expect(x.cascade!.gap.seized + x.cascade!.gap.surplus + x.cascade!.gap.partial + x.cascade!.gap.untouched).toBeCloseTo(x.cascade!.collateral, 9);
  });

  it('passes cascade options through: a round limit bounds each run', () => {
    const r = liquidationLevels(network(), 'ETH', { levels: 10, cascadeMaxFall: 0.1, cascade: { maxRounds: 2 } });
    expect(r.levels[1]!.cascade!.converged).toBe(false);
    expect(r.levels[1]!.cascade!.roundCount).toBe(2);
  });
});

describe('liquidationLevels on fixtures/ethereum-2025-10-01.json (ETH)', () => {
  it('gives the three curves at a coarse grid, the cascades bounded to a 10% fall', async () => {
    const { readFileSync } = await import('node:fs');
    const eth = parseNetwork(JSON.parse(readFileSync(new URL('../../fixtures/ethereum-2025-10-01.json', import.meta.url), 'utf8')));
    // Its borrowers are all generated (seeded generators per market): the curve counts them as the engines do.
    // Ten levels of 10% each; cascades at the first two only (0% and 10%): the deeper ones are slow on this fixture
    // today (scripts/liquidation-levels.js draws the whole curve).
    const r = liquidationLevels(eth, 'ETH', { levels: 10, cascadeMaxFall: 0.1 });
    expect(r.marketPrice).toBeCloseTo(4146.03, 2);
    expect(r.levels.map((l) => l.cascade !== null)).toEqual([true, true, false, false, false, false, false, false, false, false]);
    const l = r.levels[1]!;
    const c = l.cascade!;
    // ETH at 4,146.03 × 0.9 = $3,731.43. First order: 36,660.16 ETH below 1 (every other price held) …
    expect(l.price).toBeCloseTo(3731.427, 3);
    expect(l.collateral).toBeCloseTo(36660.1625, 3);
    // … the cascade's sales take ETH lower still ($3,692.83), and stETH/wstETH with it: 43,176 ETH below 1 …
    expect(c.converged).toBe(true);
    expect(c.lowestPrices.ETH!).toBeLessThan(l.price);
    expect(c.collateral).toBeGreaterThanOrEqual(l.collateral);
    expect(c.collateral).toBeCloseTo(43175.74, 0);
    expect(c.reason).toBeNull();
    // … of which the cascade seized 25,876 ETH: close factors and liquidations that did not pay leave the rest.
    expect(c.liquidatedCollateral).toBeCloseTo(25876.12, 0);
    expect(c.gap.seized + c.gap.surplus + c.gap.partial + c.gap.untouched).toBeCloseTo(c.collateral, 6);
    expect(c.liquidatedCollateral).toBeCloseTo(c.gap.seized + c.gap.outside, 6);
    expect(c.gap.reason).toMatch(/liquidated only in part.*nobody liquidated/);
    // The first order only grows as the price falls.
    r.levels.slice(1).forEach((x, k) => expect(x.collateral).toBeGreaterThanOrEqual(r.levels[k]!.collateral));
  });
});
