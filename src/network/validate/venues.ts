/** Venues: unique ids, coins that exist and differ, state consistent with the kind (DESIGN §10 Venues). */
import type { Network } from '../schema/network.js';
import { USD } from '../schema/asset.js';
import type { Venue } from '../schema/venue.js';
import type { IssueList } from './issue-list.js';

function validateDepth(levels: readonly { offset: number; depth: number }[], base: (string | number)[], side: 'bids' | 'asks', out: IssueList): void {
  levels.forEach((l, k) => {
    if (side === 'bids' && l.offset >= 1) out.expect([...base, side, k, 'offset'], 'a bid offset below 1 (a price above zero)', l.offset);
    const prev = levels[k - 1];
    if (prev && l.offset <= prev.offset) out.expect([...base, side, k, 'offset'], `offsets strictly increasing (previous ${prev.offset})`, l.offset);
    if (prev && l.depth < prev.depth) out.expect([...base, side, k, 'depth'], `cumulative depth non-decreasing (previous ${prev.depth})`, l.depth);
  });
  const last = levels[levels.length - 1];
  if (last && last.depth <= 0) out.expect([...base, side], 'a depth curve holding some amount (last level depth > 0)', levels);
}

function validateState(v: Venue, i: number, net: Network, out: IssueList): void {
  const at = ['venues', i];
  switch (v.kind) {
    case 'concentrated':
      v.ranges.forEach((r, k) => {
        if (r.upper <= r.lower) out.expect([...at, 'ranges', k, 'upper'], `upper > lower (${r.lower})`, r.upper);
        const prev = v.ranges[k - 1];
        if (prev && r.lower < prev.upper) out.expect([...at, 'ranges', k, 'lower'], `ranges sorted and disjoint: lower >= the previous range's upper (${prev.upper})`, r.lower);
      });
      if (!v.ranges.some((r) => r.liquidity > 0)) out.expect([...at, 'ranges'], 'at least one range with liquidity > 0', v.ranges);
      break;
    case 'stableswap':
      if (v.balances.length !== v.coins.length) out.expect([...at, 'balances'], `one balance per coin (${v.coins.length})`, v.balances);
      if (v.rates && v.rates.length !== v.coins.length) out.expect([...at, 'rates'], `one rate per coin (${v.coins.length})`, v.rates);
      break;
    case 'orderBook':
      if (v.book.model === 'depth') {
        validateDepth(v.book.bids, [...at, 'book'], 'bids', out);
        validateDepth(v.book.asks, [...at, 'book'], 'asks', out);
      } else if (v.book.volatility === undefined) {
        const base = net.assets.find((a) => a.id === v.coins[0]);
        if (base && base.volatility === undefined)
          out.add([...at, 'book', 'volatility'], `missing field: expected an annualised volatility here or on asset "${base.id}" (the square-root law needs σ)`);
      }
      break;
    case 'constantProduct':
      break;
  }
}

export function validateVenues(net: Network, out: IssueList): void {
  out.unique(net.venues, ['venues'], 'venue');
  const assets = new Set(net.assets.map((a) => a.id));
  net.venues.forEach((v, i) => {
    v.coins.forEach((c, k) => {
      if (c === USD) out.add(['venues', i, 'coins', k], `"USD" is not tradable; expected a token asset (USDC, USDT, …), got "USD"`);
      else if (!assets.has(c)) out.unknown(['venues', i, 'coins', k], 'asset', c, assets);
      if (v.coins.indexOf(c) !== k) out.add(['venues', i, 'coins', k], `coin "${c}" appears twice; expected distinct coins`);
    });
    validateState(v, i, net, out);
  });
}
