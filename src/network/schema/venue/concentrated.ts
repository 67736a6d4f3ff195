/**
 * A Uniswap v3 style venue in the network format: liquidity L on price ranges, and its facts for the network layer
 * (shared.ts). A range [a, b] with liquidity L at price P (coin 1 per coin 0) holds x = L(1/√max(P,a) − 1/√b) of
 * coin 0 when P < b, and y = L(√min(P,b) − √a) of coin 1 when P > a (Uniswap v3 whitepaper, eq. 6.29–6.30). Its
 * curves live in src/market/concentrated.ts.
 */
import { z } from 'zod';
import { Amount, Id, NUMBER_BOUNDS } from '../common.js';
import { VenueBase, type VenueFacts } from './shared.js';

/** A v3 range bound, coin 1 per coin 0: a ratio of two bounded prices. */
const RangeBound = z
  .number()
  .gte(NUMBER_BOUNDS.minRangeBound, 'expected a range bound in [1e-21, 1e21] (coin 1 per coin 0; the ratio of two bounded prices)')
  .lte(NUMBER_BOUNDS.maxRangeBound, 'expected a range bound in [1e-21, 1e21] (coin 1 per coin 0; the ratio of two bounded prices)');

/**
 * Prices are coin 1 per coin 0 in whole tokens; liquidity in whole-token units (raw L / 10^((d0+d1)/2)). Ranges are
 * disjoint and sorted (the active liquidity per interval).
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

export type ConcentratedVenue = z.infer<typeof ConcentratedVenue>;
export type LiquidityRange = z.infer<typeof LiquidityRange>;

export const concentratedFacts: VenueFacts<ConcentratedVenue> = {
  stateField: 'ranges',
  holdings: (v, prices) => {
    const p0 = prices.get(v.coins[0]) ?? NaN;
    const p1 = prices.get(v.coins[1]) ?? NaN;
    const P = p0 / p1;
    let x = 0;
    let y = 0;
    for (const r of v.ranges) {
      if (P < r.upper) x += r.liquidity * (1 / Math.sqrt(Math.max(P, r.lower)) - 1 / Math.sqrt(r.upper));
      if (P > r.lower) y += r.liquidity * (Math.sqrt(Math.min(P, r.upper)) - Math.sqrt(r.lower));
    }
    return [x, y];
  },
  validate: (v, at, _assets, out) => {
    v.ranges.forEach((r, k) => {
      if (r.upper <= r.lower) out.expect([...at, 'ranges', k, 'upper'], `upper > lower (${r.lower})`, r.upper);
      const prev = v.ranges[k - 1];
      if (prev && r.lower < prev.upper) out.expect([...at, 'ranges', k, 'lower'], `ranges sorted and disjoint: lower >= the previous range's upper (${prev.upper})`, r.lower);
    });
    if (!v.ranges.some((r) => r.liquidity > 0)) out.expect([...at, 'ranges'], 'at least one range with liquidity > 0', v.ranges);
  },
  deepen: (v, factor) => {
    for (const r of v.ranges) r.liquidity *= factor;
  },
};
