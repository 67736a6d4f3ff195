/**
 * A Curve StableSwap venue in the network format: n coins, amplification `A` as the contract's A() (Ann = A·n), fee on
 * the output; and its facts for the network layer (shared.ts). Its curves live in src/market/stableswap.ts.
 */
import { z } from 'zod';
import { Id, PositiveAmount } from '../common.js';
import { VenueBase, type VenueFacts } from './shared.js';

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

export type StableswapVenue = z.infer<typeof StableswapVenue>;

export const stableswapFacts: VenueFacts<StableswapVenue> = {
  stateField: 'balances',
  holdings: (v) => [...v.balances],
  validate: (v, at, _assets, out) => {
    if (v.balances.length !== v.coins.length) out.expect([...at, 'balances'], `one balance per coin (${v.coins.length})`, v.balances);
    if (v.rates && v.rates.length !== v.coins.length) out.expect([...at, 'rates'], `one rate per coin (${v.coins.length})`, v.rates);
  },
  deepen: (v, factor) => {
    v.balances = v.balances.map((b) => b * factor);
  },
};
