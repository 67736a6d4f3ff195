/**
 * Borrowers of a market (DESIGN §1, §10 Structure): explicit positions, a CSV side file in long form, or a
 * seeded generator calibrated to real totals.
 */
import { z } from 'zod';
import { Amount, boundedPrice, Id, NUMBER_BOUNDS, Share } from './common.js';

export const EmodeId = z.number().int('expected an integer e-mode id').min(1, 'expected an e-mode id in 1..255').max(255, 'expected an e-mode id in 1..255');

/** One borrower's account in one market: collateral and debt by asset, in whole tokens. */
export const Position = z
  .object({
    id: Id,
    owner: z.string().min(1, 'expected a non-empty owner (address or label)').optional(),
    emode: EmodeId.optional(),
    collateral: z.record(Id, Amount).default({}),
    debt: z.record(Id, Amount).default({}),
  })
  .strict()
  .meta({ id: 'Position' });

/** A large position set in a CSV side file: `market,position,owner,emode,asset,side,amount`. */
export const PositionsCsv = z
  .object({ csv: z.string().min(1, 'expected a path to a CSV file, relative to the network file') })
  .strict();

export const Positions = z.union([z.array(Position), PositionsCsv]);

/** Position sizes: debts are drawn from this law, then scaled to meet the total. */
export const SizeLaw = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('equal') }).strict(),
  z.object({ kind: z.literal('lognormal'), sigma: z.number().positive('expected a log-normal sigma > 0') }).strict(),
  z.object({ kind: z.literal('pareto'), alpha: z.number().gt(1, 'expected a Pareto tail index alpha > 1 (finite mean)') }).strict(),
]);

/** One point of the debt-weighted health-factor distribution: `quantile` of the debt sits at HF <= `healthFactor`. */
export const HealthFactorQuantile = z
  .object({
    quantile: Share,
    healthFactor: z.number().positive('expected a health factor > 0'),
  })
  .strict();

/** One collateral/debt pair of a market's generated borrowers. */
export const GeneratorPair = z
  .object({
    collateral: Id,
    debt: Id,
    emode: EmodeId.optional(),
    count: z.number().int('expected an integer count').positive('expected a position count > 0').max(NUMBER_BOUNDS.maxGeneratedPositions, 'expected a position count <= 10,000,000'),
    totalCollateral: Amount,
    totalDebt: Amount,
    sizeLaw: SizeLaw,
    healthFactors: z.array(HealthFactorQuantile).min(2, 'expected a quantile table of at least two points (quantile 0 and 1)'),
  })
  .strict();

export const Generator = z
  .object({
    seed: z.number().int('expected an integer seed').min(0, 'expected a seed >= 0'),
    pairs: z.array(GeneratorPair).min(1, 'expected at least one collateral/debt pair'),
  })
  .strict()
  .meta({ id: 'Generator' });

/** A perpetual futures position: margin in the market's collateral asset, a signed size in the underlying. */
export const PerpPosition = z
  .object({
    id: Id,
    owner: z.string().min(1, 'expected a non-empty owner (address or label)').optional(),
    margin: Amount,
    size: z.number().min(-NUMBER_BOUNDS.maxAmount, 'expected a size >= -1e18 (whole tokens; a bound that keeps every product finite)').max(NUMBER_BOUNDS.maxAmount, 'expected a size <= 1e18 (whole tokens; a bound that keeps every product finite)'),
    entryPrice: boundedPrice('an entry price (USD)'),
  })
  .strict();

export type Position = z.infer<typeof Position>;
export type PositionsCsv = z.infer<typeof PositionsCsv>;
export type Generator = z.infer<typeof Generator>;
export type GeneratorPair = z.infer<typeof GeneratorPair>;
export type SizeLaw = z.infer<typeof SizeLaw>;
export type PerpPosition = z.infer<typeof PerpPosition>;
