/**
 * What a venue holds of each coin at the snapshot, in whole tokens (for graph weights and summaries; the
 * market layer prices trades). A v3 range [a, b] with liquidity L at price P (coin 1 per coin 0) holds
 * x = L(1/√max(P,a) − 1/√b) of coin 0 when P < b, and y = L(√min(P,b) − √a) of coin 1 when P > a
 * (Uniswap v3 whitepaper, eq. 6.29–6.30). An order book holds the quote its bids would pay and the base its asks offer; a square-root-law book is represented by its daily volume.
 */
import type { Asset } from './schema/asset.js';
import type { Venue } from './schema/venue.js';

export function venueHoldings(v: Venue, prices: ReadonlyMap<string, number>): number[] {
  switch (v.kind) {
    case 'constantProduct':
      return [...v.reserves];
    case 'stableswap':
      return [...v.balances];
    case 'concentrated': {
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
    }
    case 'orderBook': {
      if (v.book.model === 'sqrtImpact') {
        const pb = prices.get(v.coins[0]) ?? NaN;
        const pq = prices.get(v.coins[1]) ?? NaN;
        return [v.book.dailyVolume, (v.book.dailyVolume * pb) / pq];
      }
      const ask = v.book.asks[v.book.asks.length - 1]!;
      const pb = prices.get(v.coins[0]) ?? NaN;
      const pq = prices.get(v.coins[1]) ?? NaN;
      // Bids are quote held to buy base: depth is linear between levels, so each segment fills at its mid offset.
      let quote = 0;
      let prev = { offset: 0, depth: 0 };
      for (const l of v.book.bids) {
        quote += (l.depth - prev.depth) * pb * (1 - (l.offset + prev.offset) / 2);
        prev = l;
      }
      return [ask.depth, quote / pq];
    }
  }
}

export function priceMap(assets: readonly Asset[]): Map<string, number> {
  return new Map(assets.map((a) => [a.id, a.price]));
}
