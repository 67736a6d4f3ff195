/** Assets (DESIGN §1, §10): tokens with a USD price at the snapshot, optionally pegged to another asset. */
import { z } from 'zod';
import { AnnualRate, Id, Price } from './common.js';

/** The built-in, non-tradable US dollar: stablecoins peg to it, nothing trades it. */
export const USD = 'USD';

export const PegOf = z
  .object({
    asset: Id,
    rate: z.number().positive('expected a redemption rate > 0 (units of the anchor per token)'),
    redeem: z.enum(['instant', 'queue']).optional(),
  })
  .strict();

export const Asset = z
  .object({
    id: Id,
    symbol: z.string().min(1, 'expected a non-empty symbol'),
    name: z.string().optional(),
    price: Price,
    pegOf: PegOf.optional(),
    issuer: Id.optional(),
    volatility: z.number().min(0, 'expected an annualised log volatility >= 0 (0.6 = 60%)').optional(),
    decimals: z.number().int('expected an integer number of decimals').min(0, 'expected decimals in 0..36').max(36, 'expected decimals in 0..36').optional(),
    address: z
      .string()
      .regex(/^[a-z0-9-]+:0x[0-9a-fA-F]{40}$/, 'expected a chain-prefixed address such as eth:0x… (40 hex digits)')
      .optional(),
    yield: AnnualRate.optional(),
  })
  .strict()
  .meta({ id: 'Asset' });

export type Asset = z.infer<typeof Asset>;
export type PegOf = z.infer<typeof PegOf>;
