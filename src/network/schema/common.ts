/**
 * Building blocks of the network format (DESIGN §1, §10): ids, amounts, prices, ratios, sources, oracles.
 * Every check carries its own "expected …" message; the loader appends the value it found.
 */
import { z } from 'zod';

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export const Id = z.string().regex(ID_PATTERN, 'expected an id matching ^[A-Za-z0-9][A-Za-z0-9._-]*$');

/**
 * Bounds that keep every product finite (issue #19, docs/network-format.md §1): amounts ≤ 1e18 tokens and prices in
 * [1e-12, 1e9] USD put a value at ≤ 1e27 USD and a quotient by a price at ≤ 1e45, far from the doubles' 1.8e308.
 */
export const NUMBER_BOUNDS = {
  maxAmount: 1e18,
  minPrice: 1e-12,
  maxPrice: 1e9,
  /** A v3 range bound is a ratio of two prices. */
  maxRangeBound: 1e21,
  minRangeBound: 1e-21,
  maxAnnualRate: 1000,
  maxGeneratedPositions: 10_000_000,
} as const;

const AMOUNT_BOUND = `expected an amount <= 1e18 (whole tokens; a bound that keeps every product finite)`;

/** A plain number of whole tokens (decimals-free), never negative. */
export const Amount = z.number().min(0, 'expected an amount >= 0 (whole tokens)').max(NUMBER_BOUNDS.maxAmount, AMOUNT_BOUND);

/** A strictly positive amount (pool reserves, volumes). */
export const PositiveAmount = z.number().positive('expected an amount > 0 (whole tokens)').max(NUMBER_BOUNDS.maxAmount, AMOUNT_BOUND);

/** A USD price: > 0, and within [1e-12, 1e9] (one message per side, so -1 gets only "> 0"). */
export const boundedPrice = (what: string) =>
  z
    .number()
    .positive(`expected ${what} > 0`)
    .max(NUMBER_BOUNDS.maxPrice, `expected ${what} <= 1e9 (a bound that keeps every product finite)`)
    .refine((x) => !(x > 0 && x < NUMBER_BOUNDS.minPrice), `expected ${what} >= 1e-12 (a bound that keeps every quotient finite)`);

/** USD per whole token. */
export const Price = boundedPrice('a USD price');

/** Seconds, >= 0. */
export const Seconds = z.number().min(0, 'expected a duration >= 0 (seconds)');
export const PositiveSeconds = z.number().positive('expected a duration > 0 (seconds)');

/** A share in [0, 1]. */
export const Share = z.number().min(0, 'expected a number in [0, 1]').max(1, 'expected a number in [0, 1]');
/** A share in [0, 1). */
export const ShareBelowOne = z.number().min(0, 'expected a number in [0, 1)').lt(1, 'expected a number in [0, 1)');
/** A share in (0, 1]. */
export const ShareAboveZero = z.number().gt(0, 'expected a number in (0, 1]').max(1, 'expected a number in (0, 1]');
/** A share in (0, 1). */
export const OpenShare = z.number().gt(0, 'expected a number in (0, 1)').lt(1, 'expected a number in (0, 1)');

/** An annual rate (a per-second contract rate × 31,536,000), >= 0. */
export const AnnualRate = z
  .number()
  .min(0, 'expected an annual rate >= 0 (0.05 = 5% a year)')
  .max(NUMBER_BOUNDS.maxAnnualRate, 'expected an annual rate <= 1000 (100,000% a year; a bound that keeps accrual finite)');

/** A multiplier that keeps its 1 (`mat: 1.45`, `chop: 1.13`, `buf: 1.2`). */
export const MultiplierAtLeastOne = z.number().min(1, 'expected a multiplier >= 1 (1.13 = 13% above par)');

export const SourceKind = z.enum(['primary', 'secondary', 'derived', 'assumed']);

export const DateString = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/, 'expected a date YYYY-MM-DD (or an ISO 8601 date-time)');

/** Where one figure comes from (DESIGN §10 Sources). */
export const Source = z
  .object({
    source: z.string().min(1, 'expected a non-empty source (URL, repository path, document)'),
    date: DateString,
    kind: SourceKind,
    note: z.string().optional(),
  })
  .strict()
  .meta({ id: 'Source' });

/**
 * How a protocol prices an asset (DESIGN §3, §10): `market` reads the network's venues, `external` the
 * outside world, `exchangeRate` multiplies the `pegOf` rates down to `base` by base's own oracle price.
 */
export const Oracle = z
  .object({
    kind: z.enum(['market', 'external', 'exchangeRate']),
    base: Id.optional(),
    delaySeconds: Seconds.default(0),
    heartbeatSeconds: PositiveSeconds.optional(),
    deviation: ShareBelowOne.default(0),
  })
  .strict()
  .meta({ id: 'Oracle' });

export type SourceEntry = z.infer<typeof Source>;
export type OracleConfig = z.infer<typeof Oracle>;
