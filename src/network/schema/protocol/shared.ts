/** Pieces every protocol family shares: borrowables, loss-absorbing reserves, market borrowers and oracles. */
import { z } from 'zod';
import { Amount, Id, Oracle, ShareBelowOne } from '../common.js';
import { Generator, Positions } from '../positions.js';
import { RateModel } from '../rates.js';

/** An asset lenders supply and borrowers take, with its rate curve and the total supplied (for utilisation). */
export const Borrowable = z
  .object({
    asset: Id,
    rateModel: RateModel,
    /** Total supplied by lenders, whole tokens; utilisation = debt / supply. */
    supply: Amount.optional(),
    reserveFactor: ShareBelowOne.optional(),
    borrowCap: Amount.optional(),
  })
  .strict()
  .meta({ id: 'Borrowable' });

/** Capital that absorbs losses before lenders (safety module, surplus buffer, insurance fund, comet reserves). */
export const Reserve = z
  .object({
    label: z.string().min(1, 'expected a non-empty label'),
    kind: z.enum(['treasury', 'safetyModule', 'surplusBuffer', 'insuranceFund', 'protocolReserves']),
    asset: Id,
    amount: Amount,
    /** The market whose losses it covers; the whole protocol when absent. */
    market: Id.optional(),
  })
  .strict()
  .meta({ id: 'Reserve' });

/** Fields every market has: its id, per-asset oracles and its borrowers. */
export const marketBase = {
  id: Id,
  label: z.string().optional(),
  /** Oracle per asset of this market, overriding the protocol's default. */
  oracles: z.record(Id, Oracle).optional(),
  positions: Positions.optional(),
  generator: Generator.optional(),
};

/** Fields every protocol has. */
export const protocolBase = {
  id: Id,
  name: z.string().optional(),
  /** The protocol's default oracle for every market and asset. */
  oracle: Oracle.optional(),
  reserves: z.array(Reserve).default([]),
};

export type Borrowable = z.infer<typeof Borrowable>;
export type Reserve = z.infer<typeof Reserve>;
