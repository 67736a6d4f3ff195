/**
 * A centralized exchange book in the network format (coins are [base, quote]): a depth curve of levels, or the
 * square-root impact law ΔP/P = Y·σ_daily·√(Q/V), σ_daily = σ/√365, V = daily volume in base tokens; and its facts
 * for the network layer (shared.ts): a book holds the quote its bids would pay and the base its asks offer, a
 * square-root-law book is represented by its daily volume. Its curves live in src/market/order-book.ts.
 */
import { z } from 'zod';
import { Amount, Id, PositiveAmount } from '../common.js';
import type { PathSegment } from '../../path.js';
import type { IssueList } from '../../validate/issue-list.js';
import { VenueBase, type VenueFacts } from './shared.js';

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

export const OrderBookVenue = z
  .object({
    ...VenueBase,
    kind: z.literal('orderBook'),
    coins: z.tuple([Id, Id]),
    book: z.discriminatedUnion('model', [DepthBook, SqrtImpactBook]),
  })
  .strict();

export type OrderBookVenue = z.infer<typeof OrderBookVenue>;
export type DepthLevel = z.infer<typeof DepthLevel>;

function validateDepth(levels: readonly DepthLevel[], base: PathSegment[], side: 'bids' | 'asks', out: IssueList): void {
  levels.forEach((l, k) => {
    if (side === 'bids' && l.offset >= 1) out.expect([...base, side, k, 'offset'], 'a bid offset below 1 (a price above zero)', l.offset);
    const prev = levels[k - 1];
    if (prev && l.offset <= prev.offset) out.expect([...base, side, k, 'offset'], `offsets strictly increasing (previous ${prev.offset})`, l.offset);
    if (prev && l.depth < prev.depth) out.expect([...base, side, k, 'depth'], `cumulative depth non-decreasing (previous ${prev.depth})`, l.depth);
  });
  const last = levels[levels.length - 1];
  if (last && last.depth <= 0) out.expect([...base, side], 'a depth curve holding some amount (last level depth > 0)', levels);
}

export const orderBookFacts: VenueFacts<OrderBookVenue> = {
  stateField: 'book',
  holdings: (v, prices) => {
    const pb = prices.get(v.coins[0]) ?? NaN;
    const pq = prices.get(v.coins[1]) ?? NaN;
    if (v.book.model === 'sqrtImpact') return [v.book.dailyVolume, (v.book.dailyVolume * pb) / pq];
    const ask = v.book.asks[v.book.asks.length - 1]!;
    // Bids are quote held to buy base: depth is linear between levels, so each segment fills at its mid offset.
    let quote = 0;
    let prev = { offset: 0, depth: 0 };
    for (const l of v.book.bids) {
      quote += (l.depth - prev.depth) * pb * (1 - (l.offset + prev.offset) / 2);
      prev = l;
    }
    return [ask.depth, quote / pq];
  },
  validate: (v, at, assets, out) => {
    if (v.book.model === 'depth') {
      validateDepth(v.book.bids, [...at, 'book'], 'bids', out);
      validateDepth(v.book.asks, [...at, 'book'], 'asks', out);
    } else if (v.book.volatility === undefined) {
      const base = assets.find((a) => a.id === v.coins[0]);
      if (base && base.volatility === undefined)
        out.add([...at, 'book', 'volatility'], `missing field: expected an annualised volatility here or on asset "${base.id}" (the square-root law needs σ)`);
    }
  },
  deepen: (v, factor) => {
    if (v.book.model === 'depth') for (const l of [...v.book.bids, ...v.book.asks]) l.depth *= factor;
    else v.book.dailyVolume *= factor;
  },
};
