/**
 * Interest-rate curves of a borrowable asset (DESIGN §10 Structure), a union on `model`. Rates are annual
 * (a per-second contract rate × 31,536,000); parameter names are the contracts' own.
 */
import { z } from 'zod';
import { AnnualRate, OpenShare, PositiveSeconds, Share } from './common.js';

/** Aave v3 DefaultReserveInterestRateStrategyV2. */
export const AaveTwoSlope = z
  .object({
    model: z.literal('aaveTwoSlope'),
    optimalUsageRatio: OpenShare,
    baseVariableBorrowRate: AnnualRate,
    variableRateSlope1: AnnualRate,
    variableRateSlope2: AnnualRate,
  })
  .strict();

/** Compound v3 Comet: kinked supply and borrow curves (Comet.getSupplyRate / getBorrowRate). */
export const CometKinked = z
  .object({
    model: z.literal('cometKinked'),
    supplyKink: OpenShare,
    supplyPerYearInterestRateBase: AnnualRate,
    supplyPerYearInterestRateSlopeLow: AnnualRate,
    supplyPerYearInterestRateSlopeHigh: AnnualRate,
    borrowKink: OpenShare,
    borrowPerYearInterestRateBase: AnnualRate,
    borrowPerYearInterestRateSlopeLow: AnnualRate,
    borrowPerYearInterestRateSlopeHigh: AnnualRate,
  })
  .strict();

/** Fraxlend VariableInterestRate: the full-utilisation rate moves with a half-life outside the target band. */
export const FraxlendVariable = z
  .object({
    model: z.literal('fraxlendVariable'),
    minTargetUtil: Share,
    maxTargetUtil: Share,
    vertexUtilization: OpenShare,
    vertexRatePercentOfDelta: Share,
    zeroUtilizationRate: AnnualRate,
    minFullUtilRate: AnnualRate,
    maxFullUtilRate: AnnualRate,
    rateHalfLife: PositiveSeconds,
    /** The pair's current full-utilisation rate at the snapshot (state, annual). */
    fullUtilizationRate: AnnualRate,
  })
  .strict();

/** Morpho AdaptiveCurveIrm: rate at target adapts exponentially; the curve around it is fixed. */
export const MorphoAdaptiveCurve = z
  .object({
    model: z.literal('morphoAdaptiveCurve'),
    /** The market's current rate at target utilisation (state, annual). */
    rateAtTarget: AnnualRate,
    /** ConstantsLib.TARGET_UTILIZATION. */
    targetUtilization: OpenShare.default(0.9),
    /** ConstantsLib.CURVE_STEEPNESS. */
    curveSteepness: z.number().gt(1, 'expected a curve steepness > 1').default(4),
    /** ConstantsLib.ADJUSTMENT_SPEED, per year. */
    adjustmentSpeed: z.number().min(0, 'expected an adjustment speed >= 0 (per year)').default(50),
    /** ConstantsLib.MIN_RATE_AT_TARGET, annual. */
    minRateAtTarget: AnnualRate.default(0.001),
    /** ConstantsLib.MAX_RATE_AT_TARGET, annual. */
    maxRateAtTarget: AnnualRate.default(2),
  })
  .strict();

/** A rate set by governance or by the borrower (Maker `duty` as the annual compounded rate; Liquity v2 user rates). */
export const FixedRate = z.object({ model: z.literal('fixed'), rate: AnnualRate }).strict();

export const NoRate = z.object({ model: z.literal('none') }).strict();

export const RateModel = z.discriminatedUnion('model', [
  AaveTwoSlope,
  CometKinked,
  FraxlendVariable,
  MorphoAdaptiveCurve,
  FixedRate,
  NoRate,
]).meta({ id: 'RateModel' });

export type RateModel = z.infer<typeof RateModel>;
export type AaveTwoSlope = z.infer<typeof AaveTwoSlope>;
export type CometKinked = z.infer<typeof CometKinked>;
export type FraxlendVariable = z.infer<typeof FraxlendVariable>;
export type MorphoAdaptiveCurve = z.infer<typeof MorphoAdaptiveCurve>;
export type FixedRate = z.infer<typeof FixedRate>;
