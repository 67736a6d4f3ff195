/**
 * The market state of a whole network for the cascade (DESIGN §2 "compiled, index-based form", §3): venues
 * indexed 0..V−1 in `network.venues` order, assets by their index in `network.assets`, the venues trading each
 * asset as a CSR list, the external prices, and the network's route table (built once, shared by clones).
 * A run owns its clone (`cloneMarket`: venue states are values, so a clone copies references) and the
 * market-level functions update it in place, as the engines do with theirs.
 * The market price of an asset (DESIGN §3, §10): the fee-free spot price of its venues in USD, weighted by the
 * USD value of each venue's reserves of the coin a seller receives; an asset with no venue has its external price.
 * Prices are read outwards from the exogenous dollars (USD-pegged assets no protocol issues: USDC, USDT): an asset
 * `priceRank` hops away is priced only on venues against coins nearer the dollar, valued at their own market price
 * (ETH on ETH/USDC, stETH on stETH/ETH, DAI on DAI/USDC). A dumped ETH pool so never makes USDC look dear, and the
 * order is acyclic.
 */
import type { Network } from '../network/schema/network.js';
import { checkWithdrawnShare } from './check.js';
import { clearPurchases, clearSales, type Clearing, type ClearingOptions } from './clearing.js';
import { compileVenue } from './compile.js';
import { rebalance } from './recovery.js';
import { newRecoveryMemo, recoverMarketMemo } from './recovery-memo.js';
import { buildRouteTable, type RouteTable } from './routing-table.js';
import type { VenueState } from './types.js';
import { holding, scaleLiquidity, spotPrice } from './venue.js';
import { mapArray } from '../util/map-array.js';

export interface MarketState {
  readonly assetIds: readonly string[];
  readonly assetIndex: ReadonlyMap<string, number>;
  readonly venueIds: readonly string[];
  /** Venue states, by venue index (replaced, never mutated, as trades happen). */
  venues: VenueState[];
  /** 1 while the venue trades, 0 once drained. */
  active: Uint8Array;
  /** The external (rest-of-the-world) USD price of each asset. */
  externalPrices: Float64Array;
  /** Venues trading asset a: venueList[venueStart[a] .. venueStart[a + 1]). */
  readonly venueStart: Int32Array;
  readonly venueList: Int32Array;
  /** Sale routes of the network (collateral → debt of every market), built once. */
  readonly routes: RouteTable;
  /** Hops from the exogenous dollars over venues (0 for them; −1 when unreachable: priced externally). */
  readonly priceRank: Int32Array;
  /** Asset indices with a rank > 0, by increasing rank: the order market prices are computed in. */
  readonly priceOrder: Int32Array;
}

/** Ranks for market prices: breadth-first over venues from the USD-pegged assets no protocol issues (all USD-pegged ones if none). */
function priceRanks(network: Network, venueCoins: readonly ArrayLike<number>[]): { rank: Int32Array; order: Int32Array } {
  const assets = network.assets;
  const rank = new Int32Array(assets.length).fill(-1);
  const usdPegged = assets.flatMap((a, i) => (a.pegOf?.asset === 'USD' ? [i] : []));
  const exogenous = usdPegged.filter((i) => assets[i]!.issuer === undefined);
  let frontier = exogenous.length ? exogenous : usdPegged;
  for (const i of frontier) rank[i] = 0;
  const order: number[] = [];
  for (let r = 1; frontier.length; r++) {
    const next: number[] = [];
    for (const a of frontier) {
      for (const coins of venueCoins) {
        if (!Array.prototype.includes.call(coins, a)) continue;
        for (const c of Array.from(coins)) {
          if (rank[c] !== -1) continue;
          rank[c] = r;
          next.push(c);
          order.push(c);
        }
      }
    }
    frontier = next;
  }
  return { rank, order: Int32Array.from(order) };
}

export interface CompileMarketOptions {
  /** External USD price per asset index (default: the snapshot prices). */
  prices?: ArrayLike<number>;
}

/** The market state of `network`: venues as the file gives them (call rebalanceMarket to start a run at the external prices). */
export function compileMarket(network: Network, options: CompileMarketOptions = {}): MarketState {
  const assets = network.assets;
  const externalPrices = Float64Array.from(options.prices ?? assets.map((a) => a.price));
  if (externalPrices.length !== assets.length) throw new Error(`compileMarket: expected one price per asset (${assets.length}), got ${externalPrices.length}`);
  externalPrices.forEach((p, a) => {
    if (!(p > 0 && p < Infinity)) throw new Error(`compileMarket: the external price of asset "${assets[a]!.id}" must be a finite USD price > 0, got ${p}`);
  });
  const venues = network.venues.map((v) => compileVenue(v, assets, { prices: externalPrices }));
  const counts = new Int32Array(assets.length + 1);
  for (const v of venues) for (const c of v.coins) counts[c + 1]!++;
  const venueStart = new Int32Array(assets.length + 1);
  for (let a = 0; a < assets.length; a++) venueStart[a + 1] = venueStart[a]! + counts[a + 1]!;
  const venueList = new Int32Array(venueStart[assets.length]!);
  const fill = venueStart.slice(0, assets.length);
  venues.forEach((v, k) => {
    for (const c of v.coins) venueList[fill[c]!++] = k;
  });
  const ranks = priceRanks(network, venues.map((v) => v.coins));
  return {
    assetIds: assets.map((a) => a.id),
    assetIndex: new Map(assets.map((a, k) => [a.id, k])),
    venueIds: venues.map((v) => v.id),
    venues,
    active: new Uint8Array(venues.length).fill(1),
    externalPrices,
    venueStart,
    venueList,
    routes: buildRouteTable(network),
    priceRank: ranks.rank,
    priceOrder: ranks.order,
  };
}

/**
 * A run's own copy: venue states are values, so only the arrays are copied. Every field named, in compileMarket's
 * order, not spread: a spread's object shape changes once the function doing it is optimised, and this one is (a
 * copy per turn for the quotes, per bisection step for the arbitrage), so the code reading market states was
 * deoptimised in the middle of a fresh process's first cascade.
 */
export function cloneMarket(m: MarketState): MarketState {
  return {
    assetIds: m.assetIds,
    assetIndex: m.assetIndex,
    venueIds: m.venueIds,
    venues: m.venues.slice(),
    active: m.active.slice(),
    externalPrices: m.externalPrices.slice(),
    venueStart: m.venueStart,
    venueList: m.venueList,
    routes: m.routes,
    priceRank: m.priceRank,
    priceOrder: m.priceOrder,
  };
}

/** The asset index of an id or index, checked. */
export function assetIndexOf(m: MarketState, asset: number | string, fn = 'assetIndexOf'): number {
  if (typeof asset === 'number') {
    if (!(Number.isInteger(asset) && asset >= 0 && asset < m.assetIds.length)) throw new Error(`${fn}: expected an asset index in 0..${m.assetIds.length - 1}, got ${asset}`);
    return asset;
  }
  const a = m.assetIndex.get(asset);
  if (a === undefined) throw new Error(`${fn}: unknown asset "${asset}"; expected one of ${m.assetIds.join(', ')}`);
  return a;
}

/** The venue index of an id or index, checked. */
export function venueIndexOf(m: MarketState, venue: number | string, fn = 'venueIndexOf'): number {
  const v = typeof venue === 'number' ? venue : m.venueIds.indexOf(venue);
  if (!(Number.isInteger(v) && v >= 0 && v < m.venues.length)) throw new Error(`${fn}: unknown venue ${JSON.stringify(venue)}; expected a venue id or an index in 0..${m.venues.length - 1}`);
  return v;
}

/** Indices of the active venues trading an asset. */
export function venuesTrading(m: MarketState, asset: number | string): number[] {
  const a = assetIndexOf(m, asset, 'venuesTrading');
  const out: number[] = [];
  for (let k = m.venueStart[a]!; k < m.venueStart[a + 1]!; k++) if (m.active[m.venueList[k]!]) out.push(m.venueList[k]!);
  return out;
}

/** Every venue re-balanced by arbitrage to the external prices (which become the market's): the start of a run, or a move of the external price. */
export function rebalanceMarket(m: MarketState, externalPrices: ArrayLike<number> = m.externalPrices): void {
  if (externalPrices.length !== m.assetIds.length) throw new Error(`rebalanceMarket: expected one price per asset (${m.assetIds.length}), got ${externalPrices.length}`);
  if (externalPrices !== m.externalPrices) m.externalPrices.set(externalPrices);
  for (let v = 0; v < m.venues.length; v++) if (m.active[v]) m.venues[v] = rebalance(m.venues[v]!, m.externalPrices);
}

/** Every venue with a half-life recovers for `seconds` towards the external prices (given ones become the market's). */
export function recoverMarket(m: MarketState, seconds: number, externalPrices: ArrayLike<number> = m.externalPrices): void {
  recoverMarketMemo(m, seconds, externalPrices, newRecoveryMemo());
}

/**
 * The market price of every asset (USD): Σ_v w_v·spot_v(a → c)·M_c / Σ_v w_v over the active venues v trading a
 * and each coin c nearer the dollar (lower `priceRank`) that a seller of a receives there, w_v = holdings_v(c)·M_c,
 * M_c the coin's own market price (already computed: ranks are visited in increasing order); the external price where
 * no such venue holds anything, and for the exogenous dollars themselves.
 */
export function marketPrices(m: MarketState, out: Float64Array = new Float64Array(m.assetIds.length)): Float64Array {
  const ext = m.externalPrices;
  out.set(ext);
  for (const a of m.priceOrder) {
    const r = m.priceRank[a]!;
    let num = 0;
    let den = 0;
    for (let k = m.venueStart[a]!; k < m.venueStart[a + 1]!; k++) {
      const v = m.venueList[k]!;
      if (!m.active[v]) continue;
      const s = m.venues[v]!;
      let i = 0;
      while (s.coins[i] !== a) i++;
      for (let c = 0; c < s.coins.length; c++) {
        const coin = s.coins[c]!;
        if (c === i || m.priceRank[coin]! < 0 || m.priceRank[coin]! >= r) continue;
        const pc = out[coin]!;
        const w = holding(s, c) * pc;
        if (!(w > 0)) continue;
        num += w * spotPrice(s, i, c) * pc;
        den += w;
      }
    }
    if (den > 0 && num > 0) out[a] = num / den;
  }
  return out;
}

/** The market price of one asset (see marketPrices). */
export function marketPrice(m: MarketState, asset: number | string): number {
  return marketPrices(m)[assetIndexOf(m, asset, 'marketPrice')]!;
}

/** A clearing on the market's venues: `venues` are the venue indices the per-venue arrays refer to. */
export interface MarketClearing extends Clearing {
  venues: Int32Array;
}

function clearOnMarket(fn: string, m: MarketState, asset: number | string, amount: number, options: ClearingOptions, purchase: boolean): MarketClearing {
  const a = assetIndexOf(m, asset, fn);
  const idx = venuesTrading(m, a);
  const states = mapArray(idx, (v) => m.venues[v]!);
  const opts = { prices: m.externalPrices, ...options };
  const c = purchase ? clearPurchases(states, a, amount, opts) : clearSales(states, a, amount, opts);
  if (opts.apply !== false) idx.forEach((v, k) => (m.venues[v] = c.states[k]!));
  return { ...c, venues: Int32Array.from(idx) };
}

/** Sell `amount` of an asset across every active venue trading it (for any coin they pay, the best per venue); updates the market. */
export function sellAsset(m: MarketState, asset: number | string, amount: number, options: ClearingOptions = {}): MarketClearing {
  return clearOnMarket('sellAsset', m, asset, amount, options, false);
}

/** Buy exactly `amount` of an asset across every active venue trading it; updates the market. */
export function buyAsset(m: MarketState, asset: number | string, amount: number, options: ClearingOptions = {}): MarketClearing {
  return clearOnMarket('buyAsset', m, asset, amount, options, true);
}

/** A venue (or every venue of a liquidity provider) loses `share` in [0, 1) of its liquidity; returns the venues touched. */
export function withdrawLiquidity(m: MarketState, target: { venue: number | string } | { provider: string }, share: number): number[] {
  checkWithdrawnShare('withdrawLiquidity', share);
  const touched = 'venue' in target ? [venueIndexOf(m, target.venue, 'withdrawLiquidity')] : m.venues.flatMap((s, v) => (s.provider === target.provider ? [v] : []));
  if (touched.length === 0) throw new Error(`withdrawLiquidity: no venue has provider "${(target as { provider: string }).provider}"`);
  for (const v of touched) m.venues[v] = scaleLiquidity(m.venues[v]!, share);
  return touched;
}

/** A venue drained: it takes no further part in clearings or market prices. */
export function drainVenue(m: MarketState, venue: number | string): void {
  m.active[venueIndexOf(m, venue, 'drainVenue')] = 0;
}
