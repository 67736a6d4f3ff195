/**
 * An x·y = k venue in the network format (Uniswap v2 style, fee taken on the input: UniswapV2Library.getAmountOut),
 * and its facts for the network layer (shared.ts). Its curves live in src/market/constant-product.ts.
 */
import { z } from 'zod';
import { Id, PositiveAmount } from '../common.js';
import { VenueBase, type VenueFacts } from './shared.js';

export const ConstantProductVenue = z
  .object({
    ...VenueBase,
    kind: z.literal('constantProduct'),
    coins: z.tuple([Id, Id]),
    reserves: z.tuple([PositiveAmount, PositiveAmount]),
  })
  .strict();

export type ConstantProductVenue = z.infer<typeof ConstantProductVenue>;

export const constantProductFacts: VenueFacts<ConstantProductVenue> = {
  stateField: 'reserves',
  holdings: (v) => [...v.reserves],
  validate: () => {},
  deepen: (v, factor) => {
    v.reserves = [v.reserves[0] * factor, v.reserves[1] * factor];
  },
};
