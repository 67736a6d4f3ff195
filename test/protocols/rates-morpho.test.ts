/**
 * Morpho Blue adaptive curve (AdaptiveCurveIrm._borrowRate / _curve / _newRateAtTarget, morpho-org/morpho-blue-irm
 * src/adaptive-curve-irm/AdaptiveCurveIrm.sol). Constants from ConstantsLib.sol: target utilisation 90%,
 * curve steepness 4, adjustment speed 50/year, rate at target bounded to [0.1%, 200%] ("minimum rate = 0.025%",
 * "maximum rate = 800%"), initial rate at target 4% ("rate between 1% and 16%"); docs.morpho.org, Interest Rate
 * Models / AdaptiveCurveIRM. Expected values are closed forms computed by hand (mpmath, 40 digits):
 *   curve(err) = ((1 − 1/4)·err + 1)·r  for err < 0,  ((4 − 1)·err + 1)·r  for err >= 0;
 *   after t at err = 1: r·exp(50·t/365 days); average = curve((start + end + 2·mid)/4) (trapezoid, N = 2).
 */
import { describe, expect, it } from 'vitest';
import { borrowRateView, curveRate, newRateAtTarget, utilizationError } from '../../src/protocols/rates/index.js';

const IRM = { targetUtilization: 0.9, curveSteepness: 4, adjustmentSpeed: 50, minRateAtTarget: 0.001, maxRateAtTarget: 2 };
const DAY = 86_400;

function close(actual: number, expected: number, rel = 1e-12): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(1e-12, Math.abs(expected)));
}

const view = (rateAtTarget: number, utilization: number, elapsed: number) => borrowRateView({ curve: IRM, rateAtTarget, utilization, elapsed });

describe('AdaptiveCurveIrm — the curve at a fixed rate at target (4%)', () => {
  it('u = 100% → err = 1 → 4 × 4% = 16% at once; u = 0 → err = −1 → 4%/4 = 1% (ConstantsLib: "rate between 1% and 16%")', () => {
    close(view(0.04, 1, 0).avgBorrowRate, 0.16);
    close(view(0.04, 0, 0).avgBorrowRate, 0.01);
    expect(view(0.04, 1, 0).endRateAtTarget).toBe(0.04);
  });

  it('u = target (90%) → 4%; u = 95% → err 0.5 → (3·0.5 + 1)·4% = 10%; u = 45% → err −0.5 → (0.75·(−0.5) + 1)·4% = 2.5%', () => {
    close(view(0.04, 0.9, 0).avgBorrowRate, 0.04);
    close(view(0.04, 0.95, 0).avgBorrowRate, 0.1);
    close(view(0.04, 0.45, 0).avgBorrowRate, 0.025);
    close(utilizationError(IRM, 0.95), 0.5);
    close(utilizationError(IRM, 0.45), -0.5);
    close(curveRate(IRM, 0.04, -1), 0.01);
  });

  it('a rate at target of 0 is a first interaction: INITIAL_RATE_AT_TARGET = 4%, no adaptation', () => {
    const r = view(0, 1, 5 * DAY);
    expect(r.endRateAtTarget).toBe(0.04);
    close(r.avgBorrowRate, 0.16);
  });
});

describe('AdaptiveCurveIrm — adaptation of the rate at target', () => {
  it('5 days at u = 100%: rate at target × exp(50·5/365) = 4% × 1.98363596540704 = 7.93454386162818%, instant rate 31.7381754465127%', () => {
    const r = view(0.04, 1, 5 * DAY);
    close(r.endRateAtTarget, 0.07934543861628175);
    close(curveRate(IRM, r.endRateAtTarget, 1), 0.317381754465127);
  });

  it('the rate charged over those 5 days is the curve at the trapezoid average (4% + 7.93454% + 2·5.63366%)/4 = 5.80047% → 23.2019%', () => {
    // mid = 4% · exp(50·2.5/365) = 0.0563366447763023
    close(view(0.04, 1, 5 * DAY).avgBorrowRate, 0.2320187281688864, 1e-11);
  });

  it('falls at the same speed below target: 5 days at u = 0 (err = −1) divides by 1.98363596540704', () => {
    close(view(0.04, 0, 5 * DAY).endRateAtTarget, 0.04 / 1.98363596540704377);
  });

  it('is bounded: a year at u = 100% hits 200% (rate 800%); a year at u = 0 hits 0.1% (rate 0.025%)', () => {
    const up = view(0.04, 1, 365 * DAY);
    expect(up.endRateAtTarget).toBe(2);
    close(curveRate(IRM, up.endRateAtTarget, 1), 8);
    const down = view(0.04, 0, 365 * DAY);
    expect(down.endRateAtTarget).toBe(0.001);
    close(curveRate(IRM, down.endRateAtTarget, -1), 0.00025);
    expect(newRateAtTarget(IRM, 0.04, 1e6)).toBe(2); // exp overflows to Infinity, clamped: never Infinity out
    expect(newRateAtTarget(IRM, 0.04, -1e6)).toBe(0.001);
  });

  it('does not move at target utilisation', () => {
    expect(view(0.04, 0.9, 30 * DAY).endRateAtTarget).toBe(0.04);
  });
});

describe('AdaptiveCurveIrm — bad input', () => {
  it('refuses utilisation above 1, a negative elapsed time, a steepness below 1 and min > max', () => {
    expect(() => view(0.04, 1.5, 0)).toThrow('borrowRateView: utilization must be a number in [0, 1], got 1.5');
    expect(() => view(0.04, 0.5, -1)).toThrow('borrowRateView: elapsed must be a finite number >= 0, got -1');
    expect(() => borrowRateView({ curve: { ...IRM, curveSteepness: 0.5 }, rateAtTarget: 0.04, utilization: 0.5, elapsed: 0 })).toThrow(
      'borrowRateView: curveSteepness must be a finite number >= 1, got 0.5',
    );
    expect(() => borrowRateView({ curve: { ...IRM, minRateAtTarget: 3 }, rateAtTarget: 0.04, utilization: 0.5, elapsed: 0 })).toThrow(
      'borrowRateView: maxRateAtTarget must be >= minRateAtTarget (3), got 2',
    );
  });
});
