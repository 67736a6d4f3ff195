/**
 * The route table of a network (DESIGN §3): a liquidator sells seized collateral hop by hop towards the asset it
 * must repay (wstETH → WETH → USDC). Routes come from src/network/routes.ts (`hopGraph`; `deepestRoute`: among the
 * routes at most one hop longer than the shortest, the one whose thinnest hop holds the most at the snapshot; a hop
 * is every venue trading the pair, or an instant `pegOf` redemption at its rate), compiled to
 * indices once per network — every collateral → debt pair of every market (a perp's underlying → its margin
 * assets) — and cached. An unroutable pair is an error here, at load time, not in the middle of a cascade.
 */
import { liquidationSales } from '../network/markets.js';
import { deepestRoute, hopGraph, type RouteHop } from '../network/routes.js';
import { priceMap, venueHoldings } from '../network/venue-value.js';
import type { Network } from '../network/schema/network.js';
import { pairKey } from '../util/packed-keys.js';

export interface CompiledHop {
  from: number;
  to: number;
  /** Venue indices trading from → to, cleared together (empty for a redemption). */
  venues: Int32Array;
  /** Units of `to` per unit of `from` for an instant redemption; 0 for a venue hop. */
  redeemRate: number;
}

export interface CompiledRoute {
  from: number;
  to: number;
  hops: readonly CompiledHop[];
}

export interface RouteTable {
  readonly assetIds: readonly string[];
  /** Routes by from·(asset count) + to. */
  readonly pairs: Map<number, CompiledRoute>;
  readonly graph: Map<string, RouteHop[]>;
  readonly assetIndex: ReadonlyMap<string, number>;
  readonly venueIndex: ReadonlyMap<string, number>;
  /** USD a seller can receive on a hop at the snapshot: Σ over its venues of their holdings of the coin received. */
  readonly hopDepth: (hop: RouteHop) => number;
}

const cache = new WeakMap<Network, RouteTable>();

function compile(table: RouteTable, from: number, to: number, where: string): CompiledRoute {
  const fromId = table.assetIds[from]!;
  const toId = table.assetIds[to]!;
  const route = deepestRoute(table.graph, fromId, toId, table.hopDepth);
  if (!route) throw new Error(`buildRouteTable: no venue route from "${fromId}" to "${toId}"${where}; expected a venue (or an instant pegOf redemption) on the way so that the collateral can be sold for the debt`);
  const hops = route.hops.map(
    (h): CompiledHop => ({
      from: table.assetIndex.get(h.from)!,
      to: table.assetIndex.get(h.to)!,
      venues: Int32Array.from(h.venues.map((id) => table.venueIndex.get(id)!)),
      redeemRate: h.redeemRate ?? 0,
    }),
  );
  const compiled = { from, to, hops };
  table.pairs.set(pairKey(from, to, table.assetIds.length), compiled);
  return compiled;
}

/** The route table of `network` (cached per network object); throws on an unroutable collateral → debt pair. */
export function buildRouteTable(network: Network): RouteTable {
  const hit = cache.get(network);
  if (hit) return hit;
  const table: RouteTable = {
    assetIds: network.assets.map((a) => a.id),
    pairs: new Map(),
    graph: hopGraph(network),
    assetIndex: new Map(network.assets.map((a, k) => [a.id, k])),
    venueIndex: new Map(network.venues.map((v, k) => [v.id, k])),
    hopDepth: (() => {
      const prices = priceMap(network.assets);
      const byId = new Map(network.venues.map((v) => [v.id, v]));
      const cached = new Map<string, number>();
      return (hop: RouteHop) => {
        const key = `${hop.from}>${hop.to}`;
        let d = cached.get(key);
        if (d === undefined) {
          d = 0;
          for (const id of hop.venues) {
            const v = byId.get(id)!;
            d += (venueHoldings(v, prices)[v.coins.indexOf(hop.to)] ?? 0) * (prices.get(hop.to) ?? 0);
          }
          cached.set(key, d);
        }
        return d;
      };
    })(),
  };
  for (const p of network.protocols) {
    for (const m of p.markets) {
      const { sells, buys } = liquidationSales(p, m);
      for (const c of sells) {
        for (const d of buys) {
          const from = table.assetIndex.get(c);
          const to = table.assetIndex.get(d);
          if (from === undefined || to === undefined) throw new Error(`buildRouteTable: protocol "${p.id}" market "${m.id}" names an unknown asset ("${from === undefined ? c : d}")`);
          if (!table.pairs.has(pairKey(from, to, table.assetIds.length))) compile(table, from, to, ` (protocol "${p.id}", market "${m.id}")`);
        }
      }
    }
  }
  cache.set(network, table);
  return table;
}

/** The route from → to (asset indices): from the table, or found and cached on first use; throws when none exists. */
export function routeBetween(table: RouteTable, from: number, to: number): CompiledRoute {
  const n = table.assetIds.length;
  if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 0 && to >= 0 && from < n && to < n)) throw new Error(`routeBetween: expected asset indices in 0..${n - 1}, got ${from} → ${to}`);
  return table.pairs.get(pairKey(from, to, n)) ?? compile(table, from, to, '');
}
