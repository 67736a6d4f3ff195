/**
 * Aave v3 two-slope curve (DefaultReserveInterestRateStrategyV2.calculateInterestRates, aave-dao/aave-v3-origin
 * src/contracts/misc/DefaultReserveInterestRateStrategyV2.sol). Parameters: WETH on Aave v3 Ethereum Core —
 * optimal usage 90%, base 0%, slope1 2.7%, slope2 80% (reference/protocol-params.md §1.2, source key A23,
 * aave-dao/aave-proposals-v3, 2024-09-11); USDC — 92%, 0%, 6.5% (A26, 2025-03-12), 35% (A27, 2024-12-01).
 * Expected numbers are hand-computed from the contract's formula:
 *   U <= U*: base + slope1·U/U*;   U > U*: base + slope1 + slope2·(U − U*)/(1 − U*);
 *   liquidity rate = borrow rate · U · (1 − reserveFactor).
 */
import { describe, expect, it } from 'vitest';
import { calculateInterestRates, utilization, variableBorrowRate } from '../../src/protocols/rates/index.js';

const WETH = { optimalUsageRatio: 0.9, baseVariableBorrowRate: 0, variableRateSlope1: 0.027, variableRateSlope2: 0.8 };
const USDC = { optimalUsageRatio: 0.92, baseVariableBorrowRate: 0, variableRateSlope1: 0.065, variableRateSlope2: 0.35 };

function close(actual: number, expected: number, rel = 1e-12): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(1e-12, Math.abs(expected)));
}

describe('calculateInterestRates — Aave WETH (A23)', () => {
  it('below optimal usage: U = 45% gives 2.7% · 0.45/0.90 = 1.35%', () => {
    close(calculateInterestRates({ curve: WETH, usageRatio: 0.45 }).variableBorrowRate, 0.0135);
  });

  it('at optimal usage: U = 90% gives slope1 = 2.7%', () => {
    close(calculateInterestRates({ curve: WETH, usageRatio: 0.9 }).variableBorrowRate, 0.027);
  });

  it('above optimal usage: U = 95% gives 2.7% + 80% · (0.05/0.10) = 42.7%', () => {
    close(calculateInterestRates({ curve: WETH, usageRatio: 0.95 }).variableBorrowRate, 0.427);
  });

  it('the ends: U = 0 gives the base rate 0; U = 100% gives base + slope1 + slope2 = 82.7% (getMaxVariableBorrowRate)', () => {
    expect(calculateInterestRates({ curve: WETH, usageRatio: 0 })).toEqual({ variableBorrowRate: 0, liquidityRate: 0 });
    close(calculateInterestRates({ curve: WETH, usageRatio: 1 }).variableBorrowRate, 0.827);
  });

  it('supply (liquidity) rate with a 15% reserve factor: 1.35% · 0.45 · 0.85 = 0.516375% at U = 45%; 42.7% · 0.95 · 0.85 = 34.48025% at U = 95%', () => {
    close(calculateInterestRates({ curve: WETH, usageRatio: 0.45, reserveFactor: 0.15 }).liquidityRate, 0.00516375);
    close(calculateInterestRates({ curve: WETH, usageRatio: 0.95, reserveFactor: 0.15 }).liquidityRate, 0.3448025);
  });

  it('a withdrawal moves usage past optimal: 3.0M supplied, 2.55M borrowed (U = 85%, rate 2.55%); withdrawing 200k gives U = 2.55/2.8 = 91.0714…% and 2.7% + 80%·(3/28) = 11.2714…%', () => {
    const before = utilization(3_000_000, 2_550_000);
    close(before, 0.85);
    close(calculateInterestRates({ curve: WETH, usageRatio: before }).variableBorrowRate, 0.0255); // 2.7% · 0.85/0.90
    const after = utilization(3_000_000 - 200_000, 2_550_000);
    close(after, 2.55 / 2.8);
    // excess usage (0.9107142857 − 0.9)/0.1 = 3/28; 0.8 · 3/28 = 0.0857142857; + 0.027
    const rates = calculateInterestRates({ curve: WETH, usageRatio: after, reserveFactor: 0.15 });
    close(rates.variableBorrowRate, 0.1127142857142857);
    close(rates.liquidityRate, 0.08725293367346939); // 0.1127142857 · 0.9107142857 · 0.85
  });

  it('USDC (A26/A27): U = 96% gives 6.5% + 35% · (0.04/0.08) = 24%; the kink is at 92%, not 90%', () => {
    close(variableBorrowRate(USDC, 0.96), 0.24);
    close(variableBorrowRate(USDC, 0.92), 0.065);
    close(variableBorrowRate(USDC, 0.46), 0.0325); // 6.5% · 0.46/0.92
  });
});

describe('calculateInterestRates — bad input', () => {
  it('refuses a usage ratio outside [0, 1], NaN and a reserve factor of 1, naming the function', () => {
    expect(() => calculateInterestRates({ curve: WETH, usageRatio: 1.2 })).toThrow('calculateInterestRates: usageRatio must be a number in [0, 1], got 1.2');
    expect(() => calculateInterestRates({ curve: WETH, usageRatio: Number.NaN })).toThrow(/usageRatio .* got NaN/);
    expect(() => calculateInterestRates({ curve: WETH, usageRatio: 0.5, reserveFactor: 1 })).toThrow('calculateInterestRates: reserveFactor must be a number in [0, 1), got 1');
  });

  it('refuses an optimal usage ratio of 0 or 1 and a negative slope', () => {
    expect(() => calculateInterestRates({ curve: { ...WETH, optimalUsageRatio: 1 }, usageRatio: 0.5 })).toThrow(/optimalUsageRatio must be a number in \(0, 1\), got 1/);
    expect(() => calculateInterestRates({ curve: { ...WETH, variableRateSlope2: -0.1 }, usageRatio: 0.5 })).toThrow(/variableRateSlope2 must be a finite number >= 0, got -0.1/);
  });

  it('utilization refuses negative totals and reads a drained pool as 100%', () => {
    expect(() => utilization(-1, 0)).toThrow('utilization: supply must be a finite number >= 0, got -1');
    expect(utilization(0, 0)).toBe(0);
    expect(utilization(100, 120)).toBe(1);
  });
});
