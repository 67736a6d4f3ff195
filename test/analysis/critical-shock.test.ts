import { describe, expect, it } from 'vitest';
import { criticalShock } from '../../src/analysis/critical-shock.js';
import { PLAIN_CONFIGURATION } from '../../src/cascade/options.js';
import { parseNetwork } from '../../src/network/index.js';
import { lender, sharedVenue } from '../cascade/networks.js';

const plain = { ...PLAIN_CONFIGURATION, gasCostUsd: 0, lossContagion: false, exposure: 'none' as const, recordRounds: false };

/** One generic lender (LT 0.8, bonus 5%, close factor 1) with one position of 100 ETH against 150,000 USDC, one x·y=k pool. */
function onePosition(reserveUsdc = 0) {
  return parseNetwork({
    schemaVersion: 1,
    meta: { name: 'one position', snapshotDate: '2025-10-01', synthetic: true },
    assets: [{ id: 'ETH', symbol: 'ETH', price: 2000, volatility: 0.6 }, { id: 'USDC', symbol: 'USDC', price: 1, pegOf: { asset: 'USD', rate: 1 } }],
    venues: [{ id: 'pool', kind: 'constantProduct', coins: ['ETH', 'USDC'], reserves: [1000, 2_000_000], fee: 0.003 }],
    protocols: [lender('L', [{ id: 'p', eth: 100, usdc: 150_000 }], reserveUsdc ? { reserves: [{ label: 'treasury', kind: 'treasury', asset: 'USDC', amount: reserveUsdc }] } : {})],
  });
}

describe('criticalShock: one position, one pool — the closed form', () => {
  // The position is liquidated in the shock's round at P = 2000·(1 − s) (market oracle, the pool re-balanced to it)
  // once HF = 100·P·0.8/150,000 < 1 (s > 6.25%). It seizes min(100, 150,000·1.05/P) ETH: all of it, leaving debt
  // without collateral, once 100·P < 157,500, i.e. s* = 1 − 157,500/200,000 = 21.25%.
  it('bad debt appears at s* = 1 − D(1 + b)/(C·P0) = 21.25%, within the tolerance', () => {
    const r = criticalShock(onePosition(), { asset: 'ETH', criterion: { kind: 'badDebt' } }, { cascade: plain });
    expect(r.criticalFall).not.toBeNull();
    expect(r.criticalFall!).toBeGreaterThan(0.2125);
    expect(r.criticalFall! - 0.2125).toBeLessThanOrEqual(0.001);
    expect(r.lastSafeFall!).toBeLessThanOrEqual(0.2125);
    expect(r.criticalFall! - r.lastSafeFall!).toBeLessThanOrEqual(0.001);
    // At the critical fall the remaining debt is 150,000 − 100·P/1.05.
    const P = 2000 * (1 - r.criticalFall!);
    expect(r.outcome!.badDebtUsd).toBeCloseTo(150_000 - (100 * P) / 1.05, 4);
    expect(r.nonMonotone).toEqual([]);
    expect(r.measureDrops).toEqual([]);
    expect(r.holds).toEqual([{ from: r.criticalFall, to: 0.95 }]);
    expect(r.description).toBe('bad debt appears');
  });

  it('the lender becomes insolvent when the bad debt passes its 10,000 USDC reserve: P < 140,000·1.05/100, s* = 26.5%', () => {
    const r = criticalShock(onePosition(10_000), { asset: 'ETH', criterion: { kind: 'insolvent', protocol: 'L' }, tolerance: 0.0005 }, { cascade: plain });
    expect(r.criticalFall! - 0.265).toBeGreaterThan(0);
    expect(r.criticalFall! - 0.265).toBeLessThanOrEqual(0.0005);
    expect(r.outcome!.insolventProtocols).toEqual(['L']);
  });

  it('a basket moves its assets by −fall × weight; nothing within the scan gives null', () => {
    const r = criticalShock(onePosition(), { basket: { ETH: 0.5 }, criterion: { kind: 'badDebt' } }, { cascade: plain, step: 0.05 });
    // ETH falls by half the basket's fall: s* = 2·21.25% = 42.5%.
    expect(r.criticalFall! - 0.425).toBeGreaterThan(0);
    expect(r.criticalFall! - 0.425).toBeLessThanOrEqual(0.001);
    const none = criticalShock(onePosition(), { asset: 'ETH', criterion: { kind: 'loss', aboveUsd: 1e9 } }, { cascade: plain, step: 0.1 });
    expect(none.criticalFall).toBeNull();
    expect(none.outcome).toBeNull();
  });
});

describe('criticalShock: a known non-monotone stretch, reported as one', () => {
  // Two lenders sharing a pool (test/cascade/networks.ts): A (100 ETH, 130,000 USDC) and B (100 ETH, 120,000 USDC),
  // LT 0.8, bonus 5%. Below a 25% fall B is liquidated only after A's sale has pushed the pool down, at a lower price,
  // so it seizes more ETH; from 25% on (P < 1,500: B's HF < 1 at once) both are liquidated in the shock's round at
  // P, seizing (130,000 + 120,000)·1.05/P = 262,500/P ETH — less. With the criterion "collateral liquidated above
  // $370,000" (185 ETH at $2,000) the criterion holds just below 25%, stops at 25%, and holds again once
  // 262,500/P > 185, i.e. P < 1,418.919, a fall of 1 − 1,418.919/2,000 = 29.0541%.
  const r = criticalShock(sharedVenue(), { asset: 'ETH', criterion: { kind: 'loss', aboveUsd: 370_000, measure: 'liquidatedCollateral' } }, { cascade: plain });
  const back = 1 - 262_500 / 185 / 2000;

  it('reports the stretch [25%, 29.054%] with both ends within the tolerance', () => {
    expect(r.criticalFall!).toBeLessThan(0.25);
    expect(r.nonMonotone).toHaveLength(1);
    const s = r.nonMonotone[0]!;
    expect(s.holdsAgain).toBe(true);
    expect(s.from).toBeGreaterThan(0.25);
    expect(s.from - 0.25).toBeLessThanOrEqual(0.001);
    expect(s.to).toBeLessThanOrEqual(back);
    expect(back - s.to).toBeLessThanOrEqual(0.001);
    expect(r.holds).toHaveLength(2);
  });

  it('the measure drops across 25%: a stretch where more shock liquidates less', () => {
    expect(r.measureDrops.some((d) => d.from <= 0.25 && d.to > 0.25 && d.valueTo < d.valueFrom)).toBe(true);
    const at = (f: number) => r.points.find((p) => Math.abs(p.fall - f) < 1e-12)!;
    // At exactly 25% B's HF is 1 (not liquidatable): the drop starts there. At 26%: P = 1,480, 262,500/1,480 = 177.3649 ETH = $354,729.73 at $2,000.
    expect(at(0.26).value).toBeCloseTo((262_500 / 1480) * 2000, 4);
    expect(at(0.26).met).toBe(false);
  });
});

describe('criticalShock: bad input', () => {
  const net = sharedVenue();
  it.each([
    [{ criterion: { kind: 'badDebt' } }, /give exactly one of asset or basket/],
    [{ asset: 'BTC', criterion: { kind: 'badDebt' } }, /unknown asset "BTC"; expected one of "ETH", "USDC"/],
    [{ basket: { ETH: 2 }, criterion: { kind: 'badDebt' } }, /the weight of "ETH" must be in \(0, 1\], got 2/],
    [{ asset: 'ETH', criterion: { kind: 'insolvent', protocol: 'Z' } }, /criterion.protocol names an unknown protocol "Z"; expected one of "A", "B"/],
    [{ asset: 'ETH', criterion: { kind: 'loss' } }, /criterion aboveUsd/],
    [{ asset: 'ETH', criterion: { kind: 'badDebt' }, tolerance: 0 }, /tolerance must be in \(0, step = 0.01\), got 0/],
  ])('%j', (spec, message) => {
    expect(() => criticalShock(net, spec as never, { cascade: plain })).toThrow(message);
  });
  it('refuses an unknown option', () => {
    expect(() => criticalShock(net, { asset: 'ETH', criterion: { kind: 'badDebt' } }, { grid: 3 } as never)).toThrow(/criticalShock: unknown option "grid"/);
  });
});
