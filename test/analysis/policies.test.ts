import { describe, expect, it } from 'vitest';
import { comparePolicies } from '../../src/analysis/policies.js';
import { formatPolicy, parsePolicy } from '../../src/analysis/policy-schema.js';
import { withLiquidationIncentive, withLiquidationThreshold, withSupplyCap, withVenueDepth } from '../../src/analysis/edits.js';
import { PLAIN_CONFIGURATION } from '../../src/cascade/options.js';
import { sharedVenue, sharedVenueJson, spiralJson } from '../cascade/networks.js';
import { parseNetwork } from '../../src/network/index.js';

const plain = { ...PLAIN_CONFIGURATION, gasCostUsd: 0, lossContagion: false, exposure: 'none' as const };

describe('comparePolicies on two lenders sharing one pool (test/cascade/simulate.test.ts computes the baseline by hand)', () => {
  // Baseline, ETH −20%: A seizes 85.3125 ETH (round 0), its sale puts the pool at $1,381.4685, B seizes 91.2072918 ETH;
  // the pool ends at $1,193.9166. Liquidated at snapshot prices: (85.3125 + 91.2072918)·2000.
  const baseA = 85.3125 * 2000;
  const baseB = 91.2072918011684 * 2000;
  const r = comparePolicies(sharedVenue(), { shocks: { ETH: -0.2 } }, ['depth:poolx3', 'threshold:A/main/ETH=0.85', { kind: 'gradualLiquidation', capUsd: 1e9 }], { cascade: plain });

  it('the baseline is the hand-computed cascade', () => {
    expect(r.baseline.liquidatedCollateralSnapshotUsd).toBeCloseTo(baseA + baseB, 4);
    expect(r.baseline.assets.find((a) => a.asset === 'ETH')!.lowestMarketPrice).toBeCloseTo(1193.9165816948985, 6);
  });

  it('three times the depth keeps B safe: the difference is B\'s liquidation, and the lowest price is the one A\'s sale leaves', () => {
    // Pool ×3 re-balanced to $1,600: x0 = 3·1,118.0339887 = 3,354.1019662 ETH, y0 = 3·1,788,854.3820 = 5,366,563.1460 USDC.
    // A sells 85.3125 ETH: out = 85.3125·0.997·y0 / (x0 + 85.3125·0.997); spot = (y0 − out) / (x0 + 85.3125).
    const x0 = 3 * Math.sqrt(2e9 / 1600);
    const y0 = 3 * Math.sqrt(2e9 * 1600);
    const out = (85.3125 * 0.997 * y0) / (x0 + 85.3125 * 0.997);
    const spot = (y0 - out) / (x0 + 85.3125); // ≈ 1,521.69: B's HF = 100·1521.69·0.8/120,000 = 1.0145 > 1
    expect(spot).toBeGreaterThan(1500);
    const d = r.policies[0]!;
    expect(d.label).toBe('depth:poolx3');
    expect(d.difference.liquidatedCollateralSnapshotUsd).toBeCloseTo(-baseB, 4);
    expect(d.difference.protocols.find((p) => p.protocol === 'B')!.liquidations).toBe(-1);
    expect(d.difference.protocols.find((p) => p.protocol === 'A')!.liquidatedCollateralSnapshotUsd).toBeCloseTo(0, 6);
    expect(d.outcome.assets.find((a) => a.asset === 'ETH')!.lowestMarketPrice).toBeCloseTo(spot, 6);
    expect(d.difference.assets.find((a) => a.asset === 'ETH')!.lowestMarketPrice).toBeCloseTo(spot - 1193.9165816948985, 6);
  });

  it('a threshold of 85% for A keeps A above water (HF 100·1600·0.85/130,000 = 1.046): nothing is liquidated at all', () => {
    const d = r.policies[1]!;
    expect(d.outcome.liquidations).toBe(0);
    expect(d.difference.liquidations).toBe(-2);
    expect(d.difference.liquidatedCollateralSnapshotUsd).toBeCloseTo(-(baseA + baseB), 4);
    expect(d.changes[0]).toMatch(/A\/main\/ETH: liquidationThreshold 80% → 85%/);
  });

  it('a cap no round reaches changes nothing', () => {
    const d = r.policies[2]!;
    expect(d.difference.liquidatedCollateralSnapshotUsd).toBe(0);
    expect(d.difference.badDebtUsd).toBe(0);
    expect(r.notes.join(' ')).toMatch(/positions stay as they are/);
    expect(r.manifest.createdBy).toBe('comparePolicies');
  });
});

describe('comparePolicies on the spiral: levers that must help remove the whole bad debt', () => {
  // test/cascade/simulate.test.ts: unlimited, the spiral leaves ≈ $11,676 of bad debt; a $30,000 cap per round and a
  // breaker (15% in 5 min, pause 10 min) each bring it to zero, so the difference is minus the baseline's bad debt.
  const r = comparePolicies(parseNetwork(spiralJson()), { shocks: { ETH: -0.2 } }, ['cap:30000', 'breaker:15%/300/600'], { cascade: { ...plain, maxRounds: 400 } });
  it('helps by exactly the baseline\'s bad debt', () => {
    expect(r.baseline.badDebtUsd).toBeGreaterThan(11_000);
    for (const p of r.policies) {
      expect(p.outcome.badDebtUsd).toBe(0);
      expect(p.difference.badDebtUsd).toBeCloseTo(-r.baseline.badDebtUsd, 9);
      expect(p.difference.assets[0]!.lowestMarketPrice).toBeGreaterThan(0);
    }
  });
});

describe('the policy syntax', () => {
  it.each([
    ['breaker:0.2', { kind: 'circuitBreaker', fall: 0.2, windowSeconds: 3600, pauseSeconds: 3600 }],
    ['breaker:15%/300/600', { kind: 'circuitBreaker', fall: 0.15, windowSeconds: 300, pauseSeconds: 600 }],
    ['cap:1000000', { kind: 'gradualLiquidation', capUsd: 1e6 }],
    ['threshold:aave/core/WETH=0.8', { kind: 'threshold', protocol: 'aave', market: 'core', asset: 'WETH', value: 0.8 }],
    ['threshold:aave/core/wstETH#1=93%', { kind: 'threshold', protocol: 'aave', market: 'core', asset: 'wstETH', emode: 1, value: 0.93 }],
    ['bonus:aave/core/WETH=5%', { kind: 'bonus', protocol: 'aave', market: 'core', asset: 'WETH', value: 0.05 }],
    ['supplyCap:aave/core/WETH=50000', { kind: 'supplyCap', protocol: 'aave', market: 'core', asset: 'WETH', cap: 50000 }],
    ['depth:uni-weth-usdcx2', { kind: 'depth', venue: 'uni-weth-usdc', factor: 2 }],
    ['depth:pool*1.5', { kind: 'depth', venue: 'pool', factor: 1.5 }],
  ])('%s', (text, policy) => {
    const p = parsePolicy(text);
    expect(p).toEqual(policy);
    expect(parsePolicy(formatPolicy(p))).toEqual(p);
  });

  it.each([
    ['breaker', /expected KIND:ARGUMENTS/],
    ['breaker:1.2', /fall: expected a fall in \(0, 1\)/],
    ['cap:lots', /the cap must be a number such as 0.8 or 80%, got "lots"/],
    ['threshold:aave/core=0.8', /expected PROTOCOL\/MARKET\/ASSET\[#EMODE\] before "=", got "aave\/core"/],
    ['threshold:aave/core/WETH=1.2', /value: expected a threshold in \(0, 1\]/],
    ['threshold:aave/core/WETH', /expected threshold:PROTOCOL\/MARKET\/ASSET=VALUE/],
    ['depth:pool', /expected depth:VENUExFACTOR/],
    ['halt:ETH', /unknown policy kind "halt"; expected breaker, cap, threshold, bonus, supplyCap or depth/],
  ])('refuses %s with a clear error', (text, message) => {
    expect(() => parsePolicy(text)).toThrow(message);
    expect(() => parsePolicy(text)).toThrow(/the forms are:/);
  });

  it('refuses unknown protocols, markets, assets and venues by name', () => {
    const net = sharedVenue();
    expect(() => comparePolicies(net, { shocks: { ETH: -0.2 } }, ['threshold:Z/main/ETH=0.8'])).toThrow(/withLiquidationThreshold: unknown protocol "Z"; expected one of "A", "B"/);
    expect(() => comparePolicies(net, { shocks: { ETH: -0.2 } }, ['threshold:A/core/ETH=0.8'])).toThrow(/unknown market "core" of "A"; expected one of "main"/);
    expect(() => comparePolicies(net, { shocks: { ETH: -0.2 } }, ['bonus:A/main/USDC=0.1'])).toThrow(/"USDC" is not a collateral of A\/main; expected one of "ETH"/);
    expect(() => comparePolicies(net, { shocks: { ETH: -0.2 } }, ['depth:uniswapx2'])).toThrow(/unknown venue "uniswap"; expected one of "pool"/);
    expect(() => comparePolicies(net, { shocks: { ETH: -0.2 } }, [{ kind: 'depth', venue: 'pool', factor: -1 } as never])).toThrow(/comparePolicies: policies\[0\]: factor: expected a depth factor > 0/);
  });
});

describe('network edits', () => {
  it('a threshold below the ltv lowers the ltv with it; a bonus sets the field', () => {
    const e = withLiquidationThreshold(sharedVenue(), 'A', 'main', 'ETH', 0.7);
    const c = (e.network.protocols[0]!.markets[0]!.collaterals[0] as { ltv: number; liquidationThreshold: number });
    expect([c.ltv, c.liquidationThreshold]).toEqual([0.7, 0.7]);
    expect(e.changes).toHaveLength(2);
    const b = withLiquidationIncentive(sharedVenue(), 'B', 'main', 'ETH', 0.1);
    expect((b.network.protocols[1]!.markets[0]!.collaterals[0] as { liquidationBonus: number }).liquidationBonus).toBe(0.1);
  });

  it('a supply cap scales the positions holding the asset whole, keeping their health factors', () => {
    // A holds 100 ETH; a cap of 40 ETH scales its position by 0.4: 40 ETH against 52,000 USDC.
    const e = withSupplyCap(sharedVenue(), 'A', 'main', 'ETH', 40);
    const pos = (e.network.protocols[0]!.markets[0] as { positions: { collateral: Record<string, number>; debt: Record<string, number> }[] }).positions[0]!;
    expect(pos.collateral.ETH).toBeCloseTo(40, 12);
    expect(pos.debt.USDC).toBeCloseTo(52_000, 9);
    expect(withSupplyCap(sharedVenue(), 'A', 'main', 'ETH', 500).changes[0]).toMatch(/at or above the 100 supplied: no position changes/);
  });

  it('an edit that breaks a family\'s rule is refused with the rule: Aave\'s LT·(1 + bonus) <= 1', () => {
    const json = sharedVenueJson();
    json.protocols[0] = { ...json.protocols[0], family: 'aave-v3', version: '3.3' };
    delete json.protocols[0].markets[0].closeFactor;
    json.protocols[0].markets[0].collaterals[0].liquidationProtocolFee = 0.1;
    const net = parseNetwork(json);
    // LT 0.98 with a 5% bonus: 0.98·1.05 = 1.029 > 1.
    expect(() => withLiquidationThreshold(net, 'A', 'main', 'ETH', 0.98)).toThrow(/withLiquidationThreshold: a liquidation threshold of 0.98 for A\/main\/ETH makes the network invalid: .*liquidationBonus: expected liquidationThreshold × \(1 \+ liquidationBonus\) <= 1/);
    expect(withLiquidationThreshold(net, 'A', 'main', 'ETH', 0.9).changes).toEqual(['A/main/ETH: liquidationThreshold 80% → 90%']);
  });

  it('depth multiplies the reserves', () => {
    const e = withVenueDepth(sharedVenue(), 'pool', 2);
    expect((e.network.venues[0] as { reserves: number[] }).reserves).toEqual([2000, 4_000_000]);
  });
});
