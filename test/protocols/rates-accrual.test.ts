/**
 * Accrual conventions. Aave v3 MathUtils.calculateCompoundedInterest (aave/aave-v3-core
 * contracts/protocol/libraries/math/MathUtils.sol): with x = r/31,536,000 and n seconds,
 * 1 + n·x + n(n−1)/2·x² + n(n−1)(n−2)/6·x³ — the binomial expansion of (1 + x)^n cut after three terms;
 * MathUtils.calculateLinearInterest: 1 + r·t/S. Morpho Blue MathLib.wTaylorCompounded: X + X²/2 + X³/6, X = r·t/S.
 * Maker Jug.drip: rpow(duty, t), duty^S = 1 + the annual rate governance quotes.
 * Reference values: closed forms evaluated with mpmath at 40 digits (18% APR over one day, n = 86,400):
 *   simple      0.18/365                           = 4.931506849315068e-4
 *   Aave        three binomial terms               = 4.932723023112872e-4
 *   exact       (1 + x)^86400 − 1                  = 4.932723023137516e-4  (Aave undercharges by 2.4644e-15)
 *   Taylor      X + X²/2 + X³/6                    = 4.932723037193747e-4
 *   continuous  e^(0.18/365) − 1                   = 4.932723037218394e-4
 *   Maker 5%/yr over one day: 1.05^(1/365) − 1     = 1.336806171134404e-4
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  accrualFactor,
  accruedInterest,
  calculateCompoundedInterest,
  calculateLinearInterest,
  drip,
  wTaylorCompounded,
} from '../../src/protocols/rates/index.js';

const DAY = 86_400;
const YEAR = 31_536_000;

function close(actual: number, expected: number, rel = 1e-12): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(1e-300, Math.abs(expected)));
}

describe('accrual over one day at 18% APR', () => {
  it('simple interest: 0.18/365', () => {
    close(accruedInterest('simple', 0.18, DAY), 4.931506849315068e-4);
    close(calculateLinearInterest(0.18, DAY), 1.0004931506849315);
  });

  it("Aave's three-term binomial approximation", () => {
    close(accruedInterest('compounded-aave', 0.18, DAY), 4.932723023112872e-4);
    close(calculateCompoundedInterest(0.18, DAY), 1.0004932723023113);
  });

  it('…undercharges exact per-second compounding (1 + r/S)^t by the missing fourth term C(n,4)x⁴ ≈ 2.4644e-15', () => {
    const exact = Math.expm1(DAY * Math.log1p(0.18 / YEAR)); // 4.932723023137516e-4
    close(exact, 4.932723023137516e-4, 1e-13);
    const gap = exact - accruedInterest('compounded-aave', 0.18, DAY);
    expect(gap).toBeGreaterThan(2.2e-15);
    expect(gap).toBeLessThan(2.7e-15);
  });

  it("Morpho's wTaylorCompounded and its gap to continuous compounding e^(rt) − 1", () => {
    close(wTaylorCompounded(0.18, DAY), 4.932723037193747e-4);
    close(accruedInterest('compounded-taylor', 0.18, DAY), 4.932723037193747e-4);
    close(Math.expm1(0.18 / 365), 4.932723037218394e-4, 1e-14);
  });
});

describe('Maker compounding of an effective annual rate (Jug.drip)', () => {
  it('5%/yr: one day gives 1.05^(1/365) − 1; one year gives exactly 5%', () => {
    close(accruedInterest('compounded-exact', 0.05, DAY), 1.336806171134404e-4, 1e-13);
    close(drip(0.05, YEAR), 1.05, 1e-14);
    close(accrualFactor('compounded-exact', 0.05, 2 * YEAR), 1.1025, 1e-14);
  });
});

describe('accrual edge cases and bad input', () => {
  it('no time, no interest; a zero rate accrues nothing', () => {
    for (const c of ['simple', 'compounded-aave', 'compounded-taylor', 'compounded-exact'] as const) {
      expect(accrualFactor(c, 0.18, 0)).toBe(1);
      expect(accruedInterest(c, 0, DAY)).toBe(0);
    }
  });

  it('refuses negative rates and times, NaN, an unknown convention and an overflowing product', () => {
    expect(() => accruedInterest('simple', -0.01, DAY)).toThrow('accruedInterest: annualRate must be a finite number >= 0, got -0.01');
    expect(() => accruedInterest('simple', 0.1, Number.NaN)).toThrow('accruedInterest: seconds must be a finite number >= 0, got NaN');
    expect(() => accruedInterest('continuous' as never, 0.1, DAY)).toThrow(/accruedInterest: convention must be one of .*got continuous/);
    expect(() => accruedInterest('compounded-exact', 1e300, 1e300)).toThrow(/accruedInterest: the interest overflows a double/);
    expect(() => calculateCompoundedInterest(1e300, 1e300)).toThrow(/calculateCompoundedInterest: the interest overflows/);
  });

  it('over whole seconds up to a week and rates up to 1,000%: simple <= Aave binomial <= exact (1 + r/S)^t and Aave <= Taylor', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 7 * DAY }), fc.double({ min: 0, max: 10, noNaN: true }), (t, r) => {
        const simple = accruedInterest('simple', r, t);
        const aave = accruedInterest('compounded-aave', r, t);
        const taylor = accruedInterest('compounded-taylor', r, t);
        const exact = Math.expm1(t * Math.log1p(r / YEAR));
        const tol = 1e-13 * Math.max(exact, 1e-300);
        expect(simple).toBeLessThanOrEqual(aave + tol);
        expect(aave).toBeLessThanOrEqual(exact + tol);
        expect(aave).toBeLessThanOrEqual(taylor + tol);
        expect(Number.isFinite(taylor)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
