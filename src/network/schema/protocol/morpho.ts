/** Morpho Blue: isolated markets of one collateral and one loan asset with an `lltv`; the incentive is derived. */
import { z } from 'zod';
import { Id, OpenShare } from '../common.js';
import { Borrowable, marketBase, protocolBase } from './shared.js';

export const MorphoCollateral = z.object({ asset: Id, lltv: OpenShare }).strict();

export const MorphoMarket = z
  .object({
    ...marketBase,
    collaterals: z.array(MorphoCollateral),
    borrowables: z.array(Borrowable),
  })
  .strict();

export const MorphoProtocol = z
  .object({
    ...protocolBase,
    family: z.literal('morpho-blue'),
    markets: z.array(MorphoMarket).min(1, 'expected at least one market'),
  })
  .strict()
  .meta({ id: 'MorphoProtocol' });

export type MorphoMarket = z.infer<typeof MorphoMarket>;
export type MorphoProtocol = z.infer<typeof MorphoProtocol>;
