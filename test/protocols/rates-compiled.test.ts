/**
 * The compiled rate curve the cascade runs on: dispatch to each contract's formula, the state of the adaptive
 * models, accrual of a borrowable's totals and the family conventions. Reference numbers are the hand
 * computations of the model test files (same sources): Aave WETH A23 (reference/protocol-params.md §1.2),
 * cUSDCv3 configuration.json (§3.1), Fraxlend VariableInterestRate v2, Morpho AdaptiveCurveIrm + ConstantsLib.
 * Accrual closed forms evaluated with mpmath (40 digits).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RateModel } from '../../src/network/schema/rates.js';
import {
  accrualConventionOf,
  accrualFactor,
  accruedInterest,
  accrueTotals,
  advance,
  averageBorrowRate,
  borrowRate,
  compileRateModel,
  ratesNow,
  supplyRate,
  utilization,
  type RateCurve,
} from '../../src/protocols/rates/index.js';
import { accrueBorrowable, type BorrowableState } from '../../src/protocols/shared/borrowables.js';
import { CUSDCV3_RATES } from './helpers.js';

const DAY = 86_400;

function close(actual: number, expected: number, rel = 1e-12): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(1e-12, Math.abs(expected)));
}

const WETH = RateModel.parse({ model: 'aaveTwoSlope', optimalUsageRatio: 0.9, baseVariableBorrowRate: 0, variableRateSlope1: 0.027, variableRateSlope2: 0.8 });
const CUSDCV3 = RateModel.parse({ model: 'cometKinked', ...CUSDCV3_RATES });
const FRAX = RateModel.parse({
  model: 'fraxlendVariable',
  minTargetUtil: 0.75,
  maxTargetUtil: 0.85,
  vertexUtilization: 0.875,
  vertexRatePercentOfDelta: 0.2,
  zeroUtilizationRate: 0.004990478842656,
  minFullUtilRate: 0.04990478842656,
  maxFullUtilRate: 99.80957685312,
  rateHalfLife: 43_200,
  fullUtilizationRate: 0.812,
});
// Schema defaults = ConstantsLib: target 90%, steepness 4, speed 50/yr, bounds [0.1%, 200%].
const MORPHO = RateModel.parse({ model: 'morphoAdaptiveCurve', rateAtTarget: 0.04 });

describe('compileRateModel', () => {
  it('keeps the contract names in plain numeric fields, one shape for every model', () => {
    const keys = Object.keys(compileRateModel(WETH)).sort();
    for (const m of [CUSDCV3, FRAX, MORPHO, { model: 'fixed', rate: 0.05 } as const, { model: 'none' } as const]) {
      expect(Object.keys(compileRateModel(m)).sort()).toEqual(keys);
    }
    const morpho = compileRateModel(MORPHO);
    expect([morpho.targetUtilization, morpho.curveSteepness, morpho.adjustmentSpeed, morpho.minRateAtTarget, morpho.maxRateAtTarget]).toEqual([0.9, 4, 50, 0.001, 2]);
    expect(morpho.initialState).toBe(0.04);
    expect(compileRateModel(FRAX).initialState).toBe(0.812);
    expect(compileRateModel(WETH).initialState).toBe(0);
  });

  it('sets the accrual convention from the family: Aave binomial, Comet and Liquity simple, Maker rpow, Morpho Taylor', () => {
    expect(compileRateModel(WETH, { family: 'aave-v3' }).convention).toBe('compounded-aave');
    expect(compileRateModel(CUSDCV3, { family: 'compound-v3' }).convention).toBe('simple');
    expect(compileRateModel({ model: 'fixed', rate: 0.05 }, { family: 'maker' }).convention).toBe('compounded-exact');
    expect(compileRateModel({ model: 'fixed', rate: 0.05 }, { family: 'liquity' }).convention).toBe('simple');
    expect(compileRateModel(MORPHO, { family: 'morpho-blue' }).convention).toBe('compounded-taylor');
    expect(accrualConventionOf('generic', 'aaveTwoSlope')).toBe('compounded-aave');
    expect(accrualConventionOf('generic', 'fraxlendVariable')).toBe('simple');
    expect(compileRateModel(WETH, { family: 'aave-v3', convention: 'compounded-taylor' }).convention).toBe('compounded-taylor');
  });

  it('refuses parameters the contract could not run, naming the function, the model and the field', () => {
    expect(() => compileRateModel({ ...WETH, optimalUsageRatio: 1 } as RateModel)).toThrow('compileRateModel: aaveTwoSlope: optimalUsageRatio must be a number in (0, 1), got 1');
    expect(() => compileRateModel({ ...FRAX, maxFullUtilRate: 0.01 } as RateModel)).toThrow(
      'compileRateModel: fraxlendVariable: maxFullUtilRate must be >= minFullUtilRate (0.04990478842656), got 0.01',
    );
    expect(() => compileRateModel({ model: 'fixed', rate: Number.NaN })).toThrow('compileRateModel: fixed: rate must be a finite number >= 0, got NaN');
    expect(() => compileRateModel(WETH, { reserveFactor: 1.5 })).toThrow('compileRateModel: reserveFactor must be a number in [0, 1), got 1.5');
    expect(() => compileRateModel({ model: 'linear' } as unknown as RateModel)).toThrow(/compileRateModel: model must be one of .*got linear/);
    expect(() => compileRateModel(WETH, { convention: 'daily' as never })).toThrow(/compileRateModel: convention must be one of .*got daily/);
  });
});

describe('borrowRate / supplyRate / averageBorrowRate / advance', () => {
  it('dispatch to the contracts: WETH 42.7% at 95%, cUSDCv3 6.8%/6.6% at 90%, Morpho 16% at 100%, Fraxlend 81.2% at 100%', () => {
    const weth = compileRateModel(WETH, { reserveFactor: 0.15 });
    close(borrowRate(weth, 0, 0.95), 0.427);
    close(supplyRate(weth, 0, 0.95), 0.3448025);
    const comet = compileRateModel(CUSDCV3);
    close(borrowRate(comet, 0, 0.9), 0.068);
    close(supplyRate(comet, 0, 0.9), 0.066);
    const morpho = compileRateModel(MORPHO);
    close(borrowRate(morpho, morpho.initialState, 1), 0.16);
    const frax = compileRateModel(FRAX);
    close(borrowRate(frax, frax.initialState, 1), 0.812);
    expect(borrowRate(compileRateModel({ model: 'fixed', rate: 0.05 }), 0, 0.3)).toBe(0.05);
    expect(borrowRate(compileRateModel({ model: 'none' }), 0, 0.3)).toBe(0);
    expect(supplyRate(compileRateModel({ model: 'none' }), 0, 0.3)).toBe(0);
  });

  it('ratesNow gives borrowRate and supplyRate bit for bit, the curve evaluated once, on every model at random utilisations and states', () => {
    const curves = [compileRateModel(WETH, { reserveFactor: 0.15 }), compileRateModel(CUSDCV3), compileRateModel(MORPHO), compileRateModel(FRAX), compileRateModel({ model: 'fixed', rate: 0.05 }), compileRateModel({ model: 'none' })];
    const out = new Float64Array(2);
    fc.assert(
      fc.property(fc.nat(curves.length - 1), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 2, noNaN: true }), (c, u, state) => {
        const curve = curves[c]!;
        const s = curve.model === 'morphoAdaptiveCurve' || curve.model === 'fraxlendVariable' ? state : 0;
        ratesNow(curve, s, u, out);
        expect([out[0], out[1]]).toEqual([borrowRate(curve, s, u), supplyRate(curve, s, u)]);
      }),
      { numRuns: 300 },
    );
    // WETH at 95%: 42.7% and 42.7% · 0.95 · 0.85 = 34.48025% (the case above).
    ratesNow(curves[0]!, 0, 0.95, out);
    close(out[0]!, 0.427);
    close(out[1]!, 0.3448025);
    expect(() => ratesNow(curves[0]!, 0, 1.5, out)).toThrow(/ratesNow: utilization/);
  });

  it('advances the stateful models: Fraxlend doubles in 12 h at 100%, Morpho × exp(50·5/365) in 5 days; the others keep their state', () => {
    const frax = compileRateModel(FRAX);
    close(advance(frax, 0.812, 1, 43_200), 1.624);
    close(averageBorrowRate(frax, 0.812, 1, 43_200), 1.624); // getNewRate charges the new rate over the interval
    const morpho = compileRateModel(MORPHO);
    close(advance(morpho, 0.04, 1, 5 * DAY), 0.07934543861628175);
    close(averageBorrowRate(morpho, 0.04, 1, 5 * DAY), 0.2320187281688864, 1e-11);
    const weth = compileRateModel(WETH);
    expect(advance(weth, 0, 0.95, DAY)).toBe(0);
    close(averageBorrowRate(weth, 0, 0.95, DAY), 0.427);
  });

  it('refuses utilisation outside [0, 1], a negative state and NaN seconds', () => {
    const weth = compileRateModel(WETH);
    expect(() => borrowRate(weth, 0, 1.5)).toThrow('borrowRate: utilization must be a number in [0, 1], got 1.5');
    expect(() => advance(compileRateModel(MORPHO), -0.01, 0.5, 1)).toThrow('advance: state must be a finite number >= 0, got -0.01');
    expect(() => averageBorrowRate(weth, 0, 0.5, Number.NaN)).toThrow('averageBorrowRate: seconds must be a finite number >= 0, got NaN');
  });
});

describe('accrueTotals', () => {
  it('Aave WETH, 3.0M supplied, 2.55M borrowed, one day at 2.55%: debt × Aave binomial interest = 178.156908076267 WETH, added to supply too', () => {
    const step = accrueTotals({ curve: compileRateModel(WETH, { family: 'aave-v3', reserveFactor: 0.15 }), state: 0, supply: 3_000_000, debt: 2_550_000, seconds: DAY });
    close(step.utilization, 0.85);
    close(step.borrowRate, 0.0255);
    close(step.supplyRate, 0.0255 * 0.85 * 0.85);
    close(step.interest, 178.15690807626727, 1e-10);
    close(step.debt, 2_550_178.156908076, 1e-14);
    close(step.supply, 3_000_178.156908076, 1e-14);
  });

  it('Comet cUSDCv3, 1000 supplied, 900 borrowed, one day: debt + 900·6.8%/365, supply × (1 + 6.6%/365)', () => {
    const step = accrueTotals({ curve: compileRateModel(CUSDCV3, { family: 'compound-v3' }), state: 0, supply: 1000, debt: 900, seconds: DAY });
    close(step.interest, 0.16767123287671233);
    close(step.supply, 1000.1808219178082);
  });

  it('Fraxlend at 100%, 12 h from 81.2%: the new rate 162.4% charged simply, 100·1.624/730 = 0.222465753424658; state 1.624', () => {
    const step = accrueTotals({ curve: compileRateModel(FRAX), state: 0.812, supply: 100, debt: 100, seconds: 43_200 });
    close(step.interest, 0.22246575342465753);
    close(step.state, 1.624);
    close(step.supply, 100.22246575342466);
  });

  it('Morpho at 100%, 5 days from 4%: wTaylorCompounded at the average 23.2019% on 100 = 0.318339501179585', () => {
    const step = accrueTotals({ curve: compileRateModel(MORPHO, { family: 'morpho-blue' }), state: 0.04, supply: 100, debt: 100, seconds: 5 * DAY });
    close(step.interest, 0.3183395011795849, 1e-10);
    close(step.state, 0.07934543861628175);
  });

  it('a Maker ilk (no supply) at 5% a year: one year multiplies the debt by exactly 1.05 and keeps supply at 0', () => {
    const step = accrueTotals({ curve: compileRateModel({ model: 'fixed', rate: 0.05 }, { family: 'maker' }), state: 0, supply: 0, debt: 1_000_000, seconds: 31_536_000 });
    close(step.debt, 1_050_000, 1e-13);
    expect(step.supply).toBe(0);
  });

  it('refuses negative totals', () => {
    expect(() => accrueTotals({ curve: compileRateModel(WETH), state: 0, supply: -1, debt: 0, seconds: 1 })).toThrow('accrueTotals: supply must be a finite number >= 0, got -1');
  });
});

describe('properties over random parameters', () => {
  const share = fc.double({ min: 0.01, max: 0.99, noNaN: true });
  const rate = fc.double({ min: 0, max: 3, noNaN: true });
  const curves: fc.Arbitrary<RateCurve> = fc.oneof(
    fc.record({ o: share, b: rate, s1: rate, s2: rate }).map(({ o, b, s1, s2 }) =>
      compileRateModel({ model: 'aaveTwoSlope', optimalUsageRatio: o, baseVariableBorrowRate: b, variableRateSlope1: s1, variableRateSlope2: s2 }),
    ),
    fc.record({ k: share, b: rate, lo: rate, hi: rate }).map(({ k, b, lo, hi }) =>
      compileRateModel({
        model: 'cometKinked',
        supplyKink: k,
        supplyPerYearInterestRateBase: 0,
        supplyPerYearInterestRateSlopeLow: lo,
        supplyPerYearInterestRateSlopeHigh: hi,
        borrowKink: k,
        borrowPerYearInterestRateBase: b,
        borrowPerYearInterestRateSlopeLow: lo,
        borrowPerYearInterestRateSlopeHigh: hi,
      }),
    ),
    fc.record({ full: fc.double({ min: 0, max: 200, noNaN: true }), v: share, p: fc.double({ min: 0, max: 1, noNaN: true }) }).map(({ full, v, p }) =>
      compileRateModel({ ...FRAX, fullUtilizationRate: full, vertexUtilization: v, vertexRatePercentOfDelta: p } as RateModel),
    ),
    fc.record({ r: fc.double({ min: 0, max: 2, noNaN: true }), t: share }).map(({ r, t }) => compileRateModel({ ...MORPHO, rateAtTarget: r, targetUtilization: t } as RateModel)),
  );

  it('the borrow rate never falls as utilisation rises, and nothing is NaN or Infinity, stepping up to a year', () => {
    fc.assert(
      fc.property(curves, share, share, fc.integer({ min: 0, max: 31_536_000 }), (curve, a, b, seconds) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const state = curve.initialState;
        expect(borrowRate(curve, state, lo)).toBeLessThanOrEqual(borrowRate(curve, state, hi) * (1 + 1e-12) + 1e-15);
        const next = advance(curve, state, hi, seconds);
        const step = accrueTotals({ curve, state, supply: 1000, debt: 1000 * hi, seconds });
        for (const x of [next, step.borrowRate, step.supplyRate, step.interest, step.debt, step.supply, step.state]) expect(Number.isFinite(x)).toBe(true);
        expect(step.interest).toBeGreaterThanOrEqual(0);
        if (curve.model === 'fraxlendVariable') {
          expect(next).toBeGreaterThanOrEqual(curve.minFullUtilRate);
          expect(next).toBeLessThanOrEqual(curve.maxFullUtilRate);
        }
        if (curve.model === 'morphoAdaptiveCurve' && seconds > 0 && state > 0 && hi !== curve.targetUtilization) {
          expect(next).toBeGreaterThanOrEqual(curve.minRateAtTarget);
          expect(next).toBeLessThanOrEqual(curve.maxRateAtTarget);
        }
      }),
      { numRuns: 300 },
    );
  });

  /** accrueTotals and the factor as the straightforward formula gives them: each piece from its own public function. */
  function referenceStep(curve: RateCurve, state: number, supply: number, debt: number, seconds: number) {
    const u = utilization(supply, debt);
    const rate = averageBorrowRate(curve, state, u, seconds);
    const interest = debt * accruedInterest(curve.convention, rate, seconds);
    const comet = curve.model === 'cometKinked';
    const earned = comet ? supplyRate(curve, state, u) : rate * u * (1 - curve.reserveFactor);
    return {
      step: {
        utilization: u,
        borrowRate: rate,
        supplyRate: earned,
        interest,
        debt: debt + interest,
        supply: comet ? supply * (1 + (earned * seconds) / 31_536_000) : supply > 0 ? supply + interest : 0,
        state: advance(curve, state, u, seconds),
      },
      factor: accrualFactor(curve.convention, rate, seconds),
    };
  }

  it('accrueTotals and accrueBorrowable (the per-unit interest computed once) equal the straightforward formula bit for bit, round after round', () => {
    const amount = fc.double({ min: 0, max: 1e9, noNaN: true });
    fc.assert(
      fc.property(curves, amount, amount, fc.array(fc.integer({ min: 0, max: 864_000 }), { minLength: 1, maxLength: 6 }), (curve, supply, debt, steps) => {
        const b: BorrowableState = { asset: 0, curve, supply, totalDebt: debt, rateState: curve.initialState, borrowRate: 0, utilization: 0 };
        for (const seconds of steps) {
          const want = referenceStep(curve, b.rateState, b.supply, b.totalDebt, seconds);
          expect(accrueTotals({ curve, state: b.rateState, supply: b.supply, debt: b.totalDebt, seconds })).toStrictEqual(want.step);
          expect(accrueBorrowable(b, seconds)).toBe(want.factor);
          expect([b.utilization, b.borrowRate, b.rateState, b.totalDebt, b.supply]).toStrictEqual([want.step.utilization, want.step.borrowRate, want.step.state, want.step.debt, want.step.supply]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('utilization is debt ÷ supply inside [0, 1]', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e12, noNaN: true }), fc.double({ min: 0, max: 1e12, noNaN: true }), (s, d) => {
        const u = utilization(s, d);
        expect(u).toBeGreaterThanOrEqual(0);
        expect(u).toBeLessThanOrEqual(1);
        if (d > 0 && s > d) expect(u).toBe(d / s);
      }),
      { numRuns: 200 },
    );
  });
});
