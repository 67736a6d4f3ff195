/**
 * Compiling a venue of the network format (src/network/schema/venue.ts) into its state (types.ts), checking
 * it again: a network built in code may skip the loader, so bad states (negative or zero reserves, A <= 0, an
 * empty or non-monotone depth curve, overlapping ranges, wrong array lengths) are refused here too, by name.
 */
import type { Asset } from '../network/schema/asset.js';
import type { Venue } from '../network/schema/venue.js';
import { venueKind } from './kinds.js';
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
  return venueKind(venue.kind).compile(venue, { at, common, price, asset: (k) => assets[coins[k]!]! }) as VenueState;
}
