/**
 * Scenarios (DESIGN §7, §10 Time and scenarios): a shock per asset, an optional external price path, and timed
 * events. Moves are simple relative changes in (−1, ∞); a move on a pegged asset is relative to its anchor and
 * composes with it. Times are seconds from the start of the run.
 */
import { z } from 'zod';
import { Id, Price, Seconds, ShareAboveZero, OpenShare, Amount, Source } from '../network/schema/common.js';

export const Move = z.number().gt(-1, 'expected a relative move > -1 (-0.3 = -30%)');

const timing = {
  /** Seconds from the start of the run when the event begins. */
  at: Seconds.default(0),
};

/** A venue emptied (an exploit, a migration): `share` of its liquidity removed at `at`. */
export const DrainVenue = z.object({ type: z.literal('drainVenue'), venue: Id, share: ShareAboveZero.default(1), ...timing }).strict();

/**
 * Liquidity providers withdrawing `share` of a venue's liquidity, or of every venue of a `provider`: once at
 * `at`, or, with a `trigger`, again every round whose fall of `trigger.asset`'s market price exceeds `trigger.fall`.
 */
export const WithdrawLiquidity = z
  .object({
    type: z.literal('withdrawLiquidity'),
    venue: Id.optional(),
    provider: Id.optional(),
    share: ShareAboveZero,
    trigger: z.object({ asset: Id, fall: OpenShare }).strict().optional(),
    ...timing,
  })
  .strict();

/** Lenders withdrawing supply of `asset` from one market: `amount` tokens spread evenly over `over` seconds. */
export const WithdrawSupply = z
  .object({
    type: z.literal('withdrawSupply'),
    protocol: Id,
    market: Id,
    asset: Id,
    amount: Amount,
    over: Seconds.default(0),
    ...timing,
  })
  .strict();

/** A manipulated or broken oracle: one protocol (optionally one market) reads `price` for `asset` from `at` for `over` seconds (0 = to the end). */
export const OracleOverride = z
  .object({
    type: z.literal('oracleOverride'),
    protocol: Id,
    market: Id.optional(),
    asset: Id,
    price: Price,
    over: Seconds.default(0),
    ...timing,
  })
  .strict();

/** An outside forced seller (a fund, a miner, an exploiter): `amount` of `asset` sold evenly over `over` seconds, for `receive`. */
export const ForcedSales = z
  .object({
    type: z.literal('forcedSales'),
    asset: Id,
    amount: Amount,
    receive: Id.optional(),
    over: Seconds.default(0),
    ...timing,
  })
  .strict();

/**
 * An owner repays `amount` of `asset` from outside funds at `at` (no venue trade): the debt of their positions in one
 * lending market falls, in position order (the 2023 CRV borrower repaying with OTC proceeds).
 */
export const Repay = z
  .object({ type: z.literal('repay'), protocol: Id, market: Id, owner: z.string().min(1, 'expected a non-empty owner'), asset: Id, amount: Amount, ...timing })
  .strict();

export const ScenarioEvent = z.discriminatedUnion('type', [DrainVenue, WithdrawLiquidity, WithdrawSupply, OracleOverride, ForcedSales, Repay]);

export const PricePoint = z.object({ t: Seconds, prices: z.record(Id, Price) }).strict();

export const Scenario = z
  .object({
    name: z.string().optional(),
    shocks: z.record(Id, Move).default({}),
    pricePath: z.array(PricePoint).min(1, 'expected at least one price point').optional(),
    events: z.array(ScenarioEvent).default([]),
    /** Options of the run the scenario needs (a scenario file's; `simulate --scenario` applies them under the command line's). */
    options: z.record(z.string(), z.unknown()).optional(),
    /** Where the path, the events and the options come from, keyed by field path (as a network's `sources`). */
    sources: z.record(z.string(), Source).optional(),
  })
  .strict();

export type Scenario = z.infer<typeof Scenario>;
export type ScenarioInput = z.input<typeof Scenario>;
export type ScenarioEvent = z.infer<typeof ScenarioEvent>;
export type PricePoint = z.infer<typeof PricePoint>;
