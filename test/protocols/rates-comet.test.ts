/**
 * Compound v3 kinked curves (Comet.getUtilization / getBorrowRate / getSupplyRate, compound-finance/comet
 * contracts/Comet.sol). cUSDCv3 deployment configuration (compound-finance/comet
 * deployments/mainnet/usdc/configuration.json; reference/protocol-params.md §3.1): kinks 0.8, borrow base 1.5%,
 * slopeLow 3.5%, slopeHigh 25%; supply base 0, slopeLow 3.25%, slopeHigh 40%. The deployed semantics: the slope
 * multiplies utilisation itself, rate = base + slopeLow·min(U, kink) + slopeHigh·max(U − kink, 0).
 */
import { describe, expect, it } from 'vitest';
import { getBorrowRate, getSupplyRate, getUtilization } from '../../src/protocols/rates/index.js';
import { CUSDCV3_RATES } from './helpers.js';

const CUSDCV3 = CUSDCV3_RATES;

function close(actual: number, expected: number, rel = 1e-12): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(1e-12, Math.abs(expected)));
}

describe('Comet kinked curves — cUSDCv3', () => {
  it('U = 50%: borrow 1.5% + 3.5%·0.5 = 3.25% (not 1.5% + 3.5%·0.5/0.8 = 3.6875%, the Aave-style reading); supply 3.25%·0.5 = 1.625%', () => {
    close(getBorrowRate(CUSDCV3, 0.5), 0.0325);
    expect(Math.abs(getBorrowRate(CUSDCV3, 0.5) - 0.036875)).toBeGreaterThan(1e-3);
    close(getSupplyRate(CUSDCV3, 0.5), 0.01625);
  });

  it('at the kink U = 80%: borrow 1.5% + 3.5%·0.8 = 4.3%; supply 3.25%·0.8 = 2.6%', () => {
    close(getBorrowRate(CUSDCV3, 0.8), 0.043);
    close(getSupplyRate(CUSDCV3, 0.8), 0.026);
  });

  it('above the kink U = 90%: borrow 4.3% + 25%·0.1 = 6.8%; supply 2.6% + 40%·0.1 = 6.6%', () => {
    close(getBorrowRate(CUSDCV3, 0.9), 0.068);
    close(getSupplyRate(CUSDCV3, 0.9), 0.066);
  });

  it('U = 100%: borrow 4.3% + 25%·0.2 = 9.3%; supply 2.6% + 40%·0.2 = 10.6% (Comet pays suppliers from reserves above the borrow rate)', () => {
    close(getBorrowRate(CUSDCV3, 1), 0.093);
    close(getSupplyRate(CUSDCV3, 1), 0.106);
  });

  it('getUtilization: totalBorrow ÷ totalSupply, 0 with nothing supplied (Comet.getUtilization)', () => {
    close(getUtilization(1_000_000, 850_000), 0.85);
    expect(getUtilization(0, 0)).toBe(0);
    expect(() => getUtilization(-5, 1)).toThrow('getUtilization: totalSupply must be a finite number >= 0, got -5');
    expect(() => getBorrowRate(CUSDCV3, Number.POSITIVE_INFINITY)).toThrow('getBorrowRate: utilization must be a finite number >= 0, got Infinity');
  });
});
