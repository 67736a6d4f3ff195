/**
 * The venue sides of a clearing remembered (clearing.ts; docs/market.md §5): step 1 — each venue's side of the trade,
 * its best marginal value and capacity, the spot-price terms — and the part of the first guess that does not depend on
 * the amount (each venue's slope at its best price, by decreasing price). They are functions of the venue states, the
 * asset, the coins allowed, the side, maxFillShare and the prices alone, and venue states are values (replaced, never
 * mutated): a clearing on the same venues at the same prices — a liquidator's quotes on one quote market, hundreds a
 * round — reads them back instead of recomputing them, the same numbers bit for bit. A few entries, the least recently
 * used replaced.
 */
import type { VenueState } from './types.js';

/** One clearing's inputs (the key) and what step 1 and the first guess's amount-free half made of them. */
export interface SideEntry {
  asset: number | string;
  /** The coins allowed (options.receive or options.pay): a coin, or a copy of the list (a caller may change its own). */
  coins: unknown;
  purchase: boolean;
  maxFillShare: number;
  n: number;
  venues: (VenueState | null)[];
  /** The prices' values (NaN-free inputs only match themselves); `hasPrices` false without options.prices. */
  hasPrices: boolean;
  prices: Float64Array;
  coinI: Int32Array;
  coinJ: Int32Array;
  scale: Float64Array;
  peak: Float64Array;
  limit: Float64Array;
  top: number;
  spotNum: number;
  spotDen: number;
  finiteCap: number;
  unboundedCap: number;
  /** The venue that takes part when it is the only one, else −1. */
  single: number;
  /** All that venue can pay out, in units of the coin sold at its best rate (−1: not computed yet). */
  depth: number;
  /** The first guess's amount-free half, once a clearing on the entry has needed it. */
  guessed: boolean;
  deriv: Float64Array;
  curve: Float64Array;
  order: Int32Array;
  participants: number;
  /** How many times the entry was claimed: a holder of the entry (clearing.ts `HeldSales`) sees it still describes its inputs. */
  claims: number;
}

const SIZE = 16;
/** Most recently used first. */
const entries: SideEntry[] = [];

/** Whether the coins allowed are those of an entry: a coin by value, a list by its elements. */
function sameCoins(stored: unknown, coins: unknown): boolean {
  if (!Array.isArray(coins)) return stored === coins;
  if (!Array.isArray(stored) || stored.length !== coins.length) return false;
  for (let k = 0; k < coins.length; k++) if (stored[k] !== coins[k]) return false;
  return true;
}

function sameInputs(e: SideEntry, venues: readonly VenueState[], asset: number | string, coins: unknown, purchase: boolean, maxFillShare: number, prices: ArrayLike<number> | undefined): boolean {
  if (e.asset !== asset || !sameCoins(e.coins, coins) || e.purchase !== purchase || e.maxFillShare !== maxFillShare || e.n !== venues.length) return false;
  for (let k = 0; k < venues.length; k++) if (e.venues[k] !== venues[k]) return false;
  if (prices === undefined) return !e.hasPrices;
  if (!e.hasPrices || e.prices.length !== prices.length) return false;
  for (let a = 0; a < prices.length; a++) if (e.prices[a] !== prices[a]) return false;
  return true;
}

/**
 * The entry of a clearing with these inputs, or null; a hit moves to the front. At most one entry holds given inputs
 * (one is claimed only after a miss), so the order they are searched in changes only how soon it is found: the
 * entries in use lately first — a route's hops, one quote after another.
 */
export function findSides(venues: readonly VenueState[], asset: number | string, coins: unknown, purchase: boolean, maxFillShare: number, prices: ArrayLike<number> | undefined): SideEntry | null {
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (!sameInputs(e, venues, asset, coins, purchase, maxFillShare, prices)) continue;
    toFront(i);
    return e;
  }
  return null;
}

/** Moves entry i to the front, the ones before it back by one. */
function toFront(i: number): void {
  const e = entries[i]!;
  for (; i > 0; i--) entries[i] = entries[i - 1]!;
  entries[0] = e;
}

/** Number fields start as non-integers (0.5, NaN): stored as doubles from the first entry (util/doubles.ts). */
function newEntry(capacity: number, assets: number): SideEntry {
  return {
    asset: -1, coins: undefined, purchase: false, maxFillShare: Number.NaN, n: 0, venues: new Array<VenueState | null>(capacity).fill(null), hasPrices: false, prices: new Float64Array(assets),
    coinI: new Int32Array(capacity), coinJ: new Int32Array(capacity), scale: new Float64Array(capacity), peak: new Float64Array(capacity), limit: new Float64Array(capacity),
    top: 0.5, spotNum: 0.5, spotDen: 0.5, finiteCap: 0.5, unboundedCap: 0.5, single: -1, depth: Number.NaN,
    guessed: false, deriv: new Float64Array(capacity), curve: new Float64Array(capacity), order: new Int32Array(capacity), participants: 0, claims: 0,
  };
}

/**
 * An entry for these inputs, its step-1 fields to be filled by the caller at once — claimed only once step 1 has run
 * through (a clearing that throws leaves no entry) — the least recently used entry reused, its arrays grown as needed.
 */
export function claimSides(venues: readonly VenueState[], asset: number | string, coins: unknown, purchase: boolean, maxFillShare: number, prices: ArrayLike<number> | undefined): SideEntry {
  const n = venues.length;
  const assets = prices ? prices.length : 0;
  // A new entry while there are fewer than SIZE, else the least recently used; to the front.
  const i = entries.length < SIZE ? entries.length : SIZE - 1;
  let e = entries[i];
  if (!e || e.coinI.length < n || e.prices.length < assets) {
    e = newEntry(Math.max(n, 8), Math.max(assets, e?.prices.length ?? 0));
    entries[i] = e;
  }
  toFront(i);
  e.claims++;
  e.asset = asset;
  e.coins = Array.isArray(coins) ? coins.slice() : coins;
  e.purchase = purchase;
  e.maxFillShare = maxFillShare;
  e.n = n;
  for (let k = 0; k < n; k++) e.venues[k] = venues[k]!;
  e.hasPrices = prices !== undefined;
  if (prices) {
    if (e.prices.length !== assets) e.prices = new Float64Array(assets);
    for (let a = 0; a < assets; a++) e.prices[a] = prices[a]!;
  }
  e.guessed = false;
  return e;
}

/** Forgets every entry (tests; entries hold venue states alive until replaced). */
export function clearSides(): void {
  entries.length = 0;
}
