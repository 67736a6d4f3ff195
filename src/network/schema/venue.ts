/**
 * Liquidity venues (DESIGN §1, §3, §10 Venues): one state per kind. Amounts are whole tokens of the coins
 * in `coins` order; a venue trades any ordered pair of its coins, both ways.
 */
import { z } from 'zod';
import { Amount, Id, NUMBER_BOUNDS, PositiveAmount, PositiveSeconds, ShareBelowOne } from './common.js';

/** A v3 range bound, coin 1 per coin 0: a ratio of two bounded prices. */
const RangeBound = z
  .number()
  .gte(NUMBER_BOUNDS.minRangeBound, 'expected a range bound in [1e-21, 1e21] (coin 1 per coin 0; the ratio of two bounded prices)')
  .lte(NUMBER_BOUNDS.maxRangeBound, 'expected a range bound in [1e-21, 1e21] (coin 1 per coin 0; the ratio of two bounded prices)');

const VenueBase = {
  id: Id,
  /** Label shared by venues that draw on the same liquidity providers (a withdrawal hits them together). */
  provider: Id.optional(),
  /** Arbitrage from outside refills the venue towards the external price with this half-life; none when absent. */
  recoveryHalfLife: PositiveSeconds.optional(),
  fee: ShareBelowOne,
};

/** Uniswap v2 style x·y = k, fee taken on the input (UniswapV2Library.getAmountOut). */
export const ConstantProductVenue = z
  .object({
    ...VenueBase,
    kind: z.literal('constantProduct'),
    coins: z.tuple([Id, Id]),
    reserves: z.tuple([PositiveAmount, PositiveAmount]),
  })
  .strict();

/**
 * Uniswap v3 style: liquidity L on price ranges. Prices are coin 1 per coin 0 in whole tokens; liquidity in
 * whole-token units (raw L / 10^((d0+d1)/2)). Ranges are disjoint and sorted (the active liquidity per interval).
 */
export const LiquidityRange = z
  .object({
    lower: RangeBound,
    upper: RangeBound,
    liquidity: Amount,
  })
  .strict();

export const ConcentratedVenue = z
  .object({
    ...VenueBase,
    kind: z.literal('concentrated'),
    coins: z.tuple([Id, Id]),
    ranges: z.array(LiquidityRange).min(1, 'expected at least one liquidity range'),
  })
  .strict();

/** Curve StableSwap: n coins, amplification `A` as the contract's A() (Ann = A·n), fee on the output. */
export const StableswapVenue = z
  .object({
    ...VenueBase,
    kind: z.literal('stableswap'),
    coins: z.array(Id).min(2, 'expected 2 to 8 coins').max(8, 'expected 2 to 8 coins'),
    balances: z.array(PositiveAmount),
    A: z.number().positive('expected an amplification A > 0'),
    /** Value of one token of each coin in the pool's unit (Curve's stored rates); 1 for every coin when absent. */
    rates: z.array(z.number().positive('expected a rate > 0')).optional(),
  })
  .strict();

/** One level of a depth curve: the cumulative base amount available down to (bids) or up to (asks) an offset from the mid. */
export const DepthLevel = z
  .object({
    offset: z.number().positive('expected a fractional offset from the mid > 0 (0.01 = 1%)'),
    depth: Amount,
  })
  .strict();

export const DepthBook = z
  .object({
    model: z.literal('depth'),
    bids: z.array(DepthLevel).min(1, 'expected at least one bid level'),
    asks: z.array(DepthLevel).min(1, 'expected at least one ask level'),
  })
  .strict();

/** Square-root impact law ΔP/P = Y·σ_daily·√(Q/V), σ_daily = σ/√365, V = daily volume in base tokens. */
export const SqrtImpactBook = z
  .object({
    model: z.literal('sqrtImpact'),
    dailyVolume: PositiveAmount,
    /** Annualised log volatility of the base coin; the asset's `volatility` when absent. */
    volatility: z.number().positive('expected an annualised volatility > 0').optional(),
    impactCoefficient: z.number().positive('expected an impact coefficient Y > 0').default(1),
  })
  .strict();

/** A centralized exchange book: coins are [base, quote]. */
export const OrderBookVenue = z
  .object({
    ...VenueBase,
    kind: z.literal('orderBook'),
    coins: z.tuple([Id, Id]),
    book: z.discriminatedUnion('model', [DepthBook, SqrtImpactBook]),
  })
  .strict();

export const Venue = z.discriminatedUnion('kind', [
  ConstantProductVenue,
  ConcentratedVenue,
  StableswapVenue,
  OrderBookVenue,
]).meta({ id: 'Venue' });

export type Venue = z.infer<typeof Venue>;
export type ConstantProductVenue = z.infer<typeof ConstantProductVenue>;
export type ConcentratedVenue = z.infer<typeof ConcentratedVenue>;
export type StableswapVenue = z.infer<typeof StableswapVenue>;
export type OrderBookVenue = z.infer<typeof OrderBookVenue>;
export type LiquidityRange = z.infer<typeof LiquidityRange>;
export type DepthLevel = z.infer<typeof DepthLevel>;
export type VenueKind = Venue['kind'];
