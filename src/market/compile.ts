/**
 * Compiling a venue of the network format (src/network/schema/venue.ts) into its state (types.ts), checking
 * it again: a network built in code may skip the loader, so bad states (negative or zero reserves, A <= 0, an
 * empty or non-monotone depth curve, overlapping ranges, wrong array lengths) are refused here too, by name.
 */
import type { Asset } from '../network/schema/asset.js';
import type { Venue } from '../network/schema/venue.js';
import { createConcentrated } from './concentrated.js';
import { createConstantProduct } from './constant-product.js';
import { createOrderBook } from './order-book.js';
import { createStableswap } from './stableswap.js';
import type { VenueState } from './types.js';

export interface CompileVenueOptions {
  /** USD price per asset index (default: each asset's snapshot `price`): the v3 price and a book's mid. */
  prices?: ArrayLike<number>;
}

/** The state of `venue`, its coins resolved to indices in `assets`. */
export function compileVenue(venue: Venue, assets: readonly Asset[], options: CompileVenueOptions = {}): VenueState {
  const at = `compileVenue: venue "${venue.id}"`;
  const coins = venue.coins.map((id, k) => {
    const a = assets.findIndex((x) => x.id === id);
    if (a < 0) throw new Error(`${at}: coins[${k}] "${id}" is not an asset of the network`);
    return a;
  });
  const price = (k: number): number => {
    const a = coins[k]!;
    const p = options.prices ? options.prices[a]! : assets[a]!.price;
    if (!(p > 0 && p < Infinity)) throw new Error(`${at}: the price of "${venue.coins[k]}" must be a finite USD price > 0, got ${p}`);
    return p;
  };
  const common = {
    id: venue.id,
    coinIds: venue.coins,
    coins,
    fee: venue.fee,
    recoveryHalfLife: venue.recoveryHalfLife ?? 0,
    provider: venue.provider ?? '',
  };
  switch (venue.kind) {
    case 'constantProduct':
      return createConstantProduct({ ...common, reserves: venue.reserves });
    case 'concentrated':
      return createConcentrated({ ...common, ranges: venue.ranges, price: price(0) / price(1) });
    case 'stableswap':
      if (venue.balances.length !== venue.coins.length) throw new Error(`${at}: expected one balance per coin (${venue.coins.length}), got ${venue.balances.length}`);
      return createStableswap({ ...common, balances: venue.balances, A: venue.A, ...(venue.rates ? { rates: venue.rates } : {}) });
    case 'orderBook': {
      const mid = price(0) / price(1);
      const book = venue.book;
      if (book.model === 'depth') return createOrderBook({ ...common, model: 'depth', bids: book.bids, asks: book.asks, mid });
      const sigma = book.volatility ?? assets[coins[0]!]!.volatility;
      if (sigma === undefined) throw new Error(`${at}: the square-root law needs σ: expected book.volatility or a volatility on asset "${venue.coins[0]}", got none`);
      return createOrderBook({ ...common, model: 'sqrtImpact', dailyVolume: book.dailyVolume, volatility: sigma, impactCoefficient: book.impactCoefficient, mid });
    }
  }
}
