/**
 * Fraxlend time-weighted variable rate, v2 (VariableInterestRate.getFullUtilizationInterest / getNewRate,
 * FraxFinance/fraxlend src/contracts/VariableInterestRate.sol "Variable Rate V2"). Per update, outside the
 * target band the full-utilisation rate is multiplied by (halfLife + δ²·Δt)/halfLife (above maxTargetUtil,
 * δ = (U − max)/(1 − max)) or divided by it (below minTargetUtil, δ = (min − U)/min), then clamped to
 * [minFullUtilRate, maxFullUtilRate]: at U = 100% one update of one half-life doubles it.
 *
 * Deployed rate contract "[0.5 0.2@.875 5-10k] 2 days (.75-.85)" (etherscan 0x18500cB1f2fE7a40eBdA393383A0B8548a31F261,
 * constructor arguments as deployed by FraxFinance/fraxlend's deploy scripts): vertexUtilization 87500/1e5,
 * vertexRatePercentOfDelta 0.2e18/1e18, minTargetUtil 75000/1e5, maxTargetUtil 85000/1e5, zero 158247046,
 * minFull 1582470460, maxFull 3164940920000 (per second, 1e18), rateHalfLife 172800 s. Annual = per second ×
 * 31,536,000: 0.004990478842656, 0.04990478842656, 99.80957685312.
 * The 2023 CRV pair ran the v1 rate contract with a 12-hour half-life (INT_HALF_LIFE = 43200, MIN_UTIL 75%,
 * MAX_UTIL 85%, same file at its v1 commit); at 100% utilisation "rate 81.20% and doubling every ~12 h"
 * (Delphi Digital, 1 Aug 2023; reference/history.md). At U = 100% both versions charge the state rate.
 */
import { describe, expect, it } from 'vitest';
import { getFullUtilizationInterest, getNewRate } from '../../src/protocols/rates/index.js';

const DEPLOYED = {
  minTargetUtil: 0.75,
  maxTargetUtil: 0.85,
  vertexUtilization: 0.875,
  vertexRatePercentOfDelta: 0.2,
  zeroUtilizationRate: 0.004990478842656,
  minFullUtilRate: 0.04990478842656,
  maxFullUtilRate: 99.80957685312,
  rateHalfLife: 172_800,
};
const TWELVE_HOURS = 43_200;
const CRV = { ...DEPLOYED, rateHalfLife: TWELVE_HOURS };

function close(actual: number, expected: number, rel = 1e-12): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(1e-12, Math.abs(expected)));
}

const full = (fullUtilizationRate: number, utilization: number, deltaTime: number, curve = CRV) =>
  getFullUtilizationInterest({ curve, fullUtilizationRate, utilization, deltaTime });

describe('getFullUtilizationInterest — the time-weighted full-utilisation rate', () => {
  it('one 12-hour update at 100% utilisation doubles it: 81.20% → 162.40% (δ = 1, (H + H)/H = 2)', () => {
    close(full(0.812, 1, TWELVE_HOURS), 1.624);
    const r = getNewRate({ curve: CRV, fullUtilizationRate: 0.812, utilization: 1, deltaTime: TWELVE_HOURS });
    close(r.newFullUtilizationRate, 1.624);
    close(r.newRate, 1.624); // at U = 100% the rate is the full-utilisation rate
  });

  it('half-way above the band (U = 92.5%, δ = 0.5) grows by 1 + 0.25 = 1.25 in 12 h: 0.812 → 1.015', () => {
    close(full(0.812, 0.925, TWELVE_HOURS), 1.015);
  });

  it('at 0% utilisation one half-life halves it (0.812 → 0.406); at U = 37.5% (δ = 0.5) it divides by 1.25 (→ 0.6496)', () => {
    close(full(0.812, 0, TWELVE_HOURS), 0.406);
    close(full(0.812, 0.375, TWELVE_HOURS), 0.6496);
  });

  it('inside the target band [75%, 85%] it does not move', () => {
    expect(full(0.812, 0.8, 10 * TWELVE_HOURS)).toBe(0.812);
    expect(full(0.812, 0.75, TWELVE_HOURS)).toBe(0.812);
    expect(full(0.812, 0.85, TWELVE_HOURS)).toBe(0.812);
  });

  it('the factor is linear in Δt within one update: two 6-hour updates give 1.5² = 2.25, not 2 (0.812 → 1.827)', () => {
    close(full(full(0.812, 1, TWELVE_HOURS / 2), 1, TWELVE_HOURS / 2), 1.827);
  });

  it('clamps to [minFullUtilRate, maxFullUtilRate]: 60 → 120 capped at 99.80957685312 (the 10,000% cap); 0.06 → 0.03 floored at 0.04990478842656', () => {
    expect(full(60, 1, TWELVE_HOURS)).toBe(99.80957685312);
    expect(full(0.06, 0, TWELVE_HOURS)).toBe(0.04990478842656);
  });

  it('the deployed 2-day half-life doubles it in 172,800 s at 100% utilisation', () => {
    close(full(0.812, 1, 172_800, DEPLOYED), 1.624);
    close(full(0.812, 1, TWELVE_HOURS, DEPLOYED), 1.015); // 1 + 43200/172800
  });
});

describe('getNewRate — the two-segment curve', () => {
  // full = minFullUtilRate: vertex = 0.004990478842656 + (0.04990478842656 − 0.004990478842656)·0.2 = 0.0139733407594368
  it('reads zero → vertex → full-utilisation rate', () => {
    const at = (utilization: number) => getNewRate({ curve: DEPLOYED, fullUtilizationRate: 0.04990478842656, utilization, deltaTime: 0 }).newRate;
    close(at(0), 0.004990478842656);
    close(at(0.4375), 0.0094819098010464); // half-way to the vertex
    close(at(0.875), 0.0139733407594368); // the vertex
    close(at(0.9375), 0.0319390645929984); // vertex + 0.5·(full − vertex)
    close(at(1), 0.04990478842656);
  });

  it('applies the advanced full-utilisation rate: U = 92.5% after 12 h at 0.812 reads the curve at 1.015', () => {
    const r = getNewRate({ curve: CRV, fullUtilizationRate: 0.812, utilization: 0.925, deltaTime: TWELVE_HOURS });
    // vertex = 0.004990478842656 + (1.015 − 0.004990478842656)·0.2; rate = vertex + 0.4·(1.015 − vertex)
    const vertex = 0.004990478842656 + (1.015 - 0.004990478842656) * 0.2;
    close(r.newRate, vertex + ((0.925 - 0.875) / 0.125) * (1.015 - vertex));
    close(r.newRate, 0.5301954298444749); // vertex 0.2069923830741248 + 0.4 · 0.8080076169258752
  });
});

describe('Fraxlend — bad input', () => {
  it('refuses utilisation above 1, a negative Δt and a minFullUtilRate below zeroUtilizationRate', () => {
    expect(() => full(0.8, 1.01, 1)).toThrow('getFullUtilizationInterest: utilization must be a number in [0, 1], got 1.01');
    expect(() => full(0.8, 0.9, -1)).toThrow('getFullUtilizationInterest: deltaTime must be a finite number >= 0, got -1');
    expect(() => getNewRate({ curve: { ...CRV, minFullUtilRate: 0.001 }, fullUtilizationRate: 0.8, utilization: 0.5, deltaTime: 0 })).toThrow(
      'getNewRate: minFullUtilRate must be >= zeroUtilizationRate (0.004990478842656), got 0.001',
    );
    expect(() => full(0.8, 0.9, 1, { ...CRV, rateHalfLife: 0 })).toThrow('getFullUtilizationInterest: rateHalfLife must be a finite number > 0, got 0');
  });
});
