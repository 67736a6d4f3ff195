import { describe, expect, it } from 'vitest';
import { maxSafeThreshold } from '../../src/analysis/max-safe-threshold.js';
import { PLAIN_CONFIGURATION } from '../../src/cascade/options.js';
import { parseNetwork } from '../../src/network/index.js';
import { lender } from '../cascade/networks.js';

const plain = { ...PLAIN_CONFIGURATION, gasCostUsd: 0, lossContagion: false, exposure: 'none' as const, recordRounds: false };

/** One generic lender (bonus 5%, close factor 1), one position of 100 ETH against 150,000 USDC, one deep x·y=k pool. */
function onePosition() {
  return parseNetwork({
    schemaVersion: 1,
    meta: { name: 'one position', snapshotDate: '2025-10-01', synthetic: true },
    assets: [{ id: 'ETH', symbol: 'ETH', price: 2000, volatility: 0.6 }, { id: 'USDC', symbol: 'USDC', price: 1, pegOf: { asset: 'USD', rate: 1 } }],
    venues: [{ id: 'pool', kind: 'constantProduct', coins: ['ETH', 'USDC'], reserves: [10_000, 20_000_000], fee: 0.003 }],
    protocols: [lender('L', [{ id: 'p', eth: 100, usdc: 150_000 }])],
  });
}

/** ETH from $2,000 down to $1,000 in steps of $10 a minute. */
const slide = { name: 'slide', pricePath: Array.from({ length: 101 }, (_, k) => ({ t: 60 * k, prices: { ETH: 2000 - 10 * k } })) };

describe('maxSafeThreshold on one protocol, one pool — the closed form', () => {
  // On the slide the position is liquidated at the first path price P_k = 2000 − 10k below its liquidation price
  // D/(C·LT) = 1,500/LT, in full (close factor 1), seizing D(1 + b)/P_k = 157,500/P_k ETH. It leaves no bad debt iff that
  // is at most C = 100 ETH: P_k >= 1,575, i.e. the first path price below 1,500/LT is 1,580 or more — iff
  // 1,500/LT > 1,580, LT < 1,500/1,580 = 0.949367. Below it no bad debt; at LT >= 0.949367 the position is liquidated
  // at $1,570 or lower: 150,000 − 100·1,570/1.05 = 475.38 USD of debt is left without collateral.
  const r = maxSafeThreshold(onePosition(), { protocol: 'L', market: 'main', asset: 'ETH', scenarios: [slide], cap: 0 }, { cascade: plain, range: [0.8, 0.98] });
  const edge = 1500 / 1580;

  it('is the edge 1,500/1,580 from below, within the tolerance', () => {
    expect(r.value!).toBeLessThan(edge);
    expect(edge - r.value!).toBeLessThanOrEqual(0.001);
    expect(r.firstUnsafe!).toBeGreaterThanOrEqual(edge);
    expect(r.firstUnsafe! - r.value!).toBeLessThanOrEqual(0.001);
    expect(r.lossAtValue).toBe(0);
    expect(r.current).toBe(0.8);
    expect(r.nonMonotone).toEqual([]);
    expect(r.notes[0]).toMatch(/positions stay as they are/);
  });

  it('the loss just beyond it is the debt left at $1,570', () => {
    const beyond = r.points.find((p) => p.value === r.firstUnsafe)!;
    expect(beyond.worstLossUsd).toBeCloseTo(150_000 - (100 * 1570) / 1.05, 6);
  });

  it('a cap of $1,000 lets the threshold rise until the liquidation falls to $1,560: 150,000 − 100·1,560/1.05 = 1,428.57 > 1,000', () => {
    // Liquidation at $1,570 (loss 475.38) while 1,500/LT > 1,570, i.e. LT < 0.955414; at $1,560 the loss exceeds the cap.
    const c = maxSafeThreshold(onePosition(), { protocol: 'L', market: 'main', asset: 'ETH', scenarios: [slide], cap: 1000 }, { cascade: plain, range: [0.8, 0.98] });
    expect(c.value!).toBeLessThan(1500 / 1570);
    expect(1500 / 1570 - c.value!).toBeLessThanOrEqual(0.001);
    expect(c.lossAtValue!).toBeCloseTo(150_000 - (100 * 1570) / 1.05, 6);
  });
});

describe('maxSafeThreshold: a loss that shrinks as the threshold rises is reported', () => {
  // One shock to $1,550: C·P = 155,000 lies between D = 150,000 and D(1 + b) = 157,500. Below LT = 150,000/155,000 =
  // 0.967742 the position is liquidated and leaves 150,000 − 155,000/1.05 = 2,380.95 of bad debt; above it nobody is
  // liquidated and no debt exceeds its collateral: the loss falls as the threshold rises.
  const r = maxSafeThreshold(onePosition(), { protocol: 'L', market: 'main', asset: 'ETH', scenarios: [{ shocks: { ETH: -0.225 } }], cap: 0 }, { cascade: plain, range: [0.9, 0.98] });
  it('unsafe from the conservative end, safe again above 0.9677: one non-monotone stretch', () => {
    expect(r.value).toBeNull();
    expect(r.firstUnsafe).toBe(0.9);
    expect(r.points[0]!.worstLossUsd).toBeCloseTo(150_000 - 155_000 / 1.05, 6);
    expect(r.nonMonotone).toHaveLength(1);
    expect(r.nonMonotone[0]!.from).toBeGreaterThanOrEqual(150 / 155);
    expect(r.nonMonotone[0]!.from - 150 / 155).toBeLessThanOrEqual(0.001);
    expect(r.lossDrops).toHaveLength(1);
  });

  it('refuses bad input by name', () => {
    const net = onePosition();
    expect(() => maxSafeThreshold(net, { protocol: 'L', market: 'main', asset: 'ETH', scenarios: [], cap: 0 })).toThrow(/maxSafeThreshold: scenarios must be a non-empty array/);
    expect(() => maxSafeThreshold(net, { protocol: 'L', market: 'main', asset: 'ETH', scenarios: [slide], cap: -1 })).toThrow(/cap must be a finite loss >= 0 USD, got -1/);
    expect(() => maxSafeThreshold(net, { protocol: 'X', market: 'main', asset: 'ETH', scenarios: [slide], cap: 0 })).toThrow(/unknown protocol "X"/);
    expect(() => maxSafeThreshold(net, { protocol: 'L', market: 'main', asset: 'ETH', parameter: 'lltv' as never, scenarios: [slide], cap: 0 })).toThrow(/parameter must be 'liquidationThreshold' or 'liquidationBonus'/);
  });
});
