/**
 * Sale routes between assets (DESIGN §3): a liquidator sells seized collateral hop by hop towards the asset
 * it must repay (stETH → ETH → USDC). A hop is served by every venue trading the pair, or by an instant
 * redemption along `pegOf` (wstETH → stETH at the rate, no impact); a queue is not a hop within a cascade.
 * Routes are shortest in hops (breadth-first, ties broken by asset order), found once per network.
 */
import type { Asset } from './schema/asset.js';
import { USD } from './schema/asset.js';
import type { Venue } from './schema/venue.js';

export interface RouteHop {
  from: string;
  to: string;
  /** Venues trading from → to (cleared together); empty for a redemption. */
  venues: string[];
  /** Set when the hop is an instant redemption along `pegOf` at this rate (units of `to` per `from`). */
  redeemRate?: number;
}

export interface Route {
  from: string;
  to: string;
  hops: RouteHop[];
}

interface RouteInput {
  assets: readonly Asset[];
  venues: readonly Venue[];
}

/** The hop graph: for each asset, the hops leaving it. */
export function hopGraph(net: RouteInput): Map<string, RouteHop[]> {
  const g = new Map<string, RouteHop[]>();
  const hop = (from: string, to: string): RouteHop => {
    let list = g.get(from);
    if (!list) g.set(from, (list = []));
    let h = list.find((x) => x.to === to && x.redeemRate === undefined);
    if (!h) list.push((h = { from, to, venues: [] }));
    return h;
  };
  for (const v of net.venues) {
    for (const a of v.coins) for (const b of v.coins) if (a !== b) hop(a, b).venues.push(v.id);
  }
  for (const a of net.assets) {
    if (a.pegOf?.redeem === 'instant' && a.pegOf.asset !== USD) {
      let list = g.get(a.id);
      if (!list) g.set(a.id, (list = []));
      list.push({ from: a.id, to: a.pegOf.asset, venues: [], redeemRate: a.pegOf.rate });
    }
  }
  return g;
}

/** Shortest route from → to, or undefined when none exists. A route to itself has no hops. */
export function findRoute(graph: Map<string, RouteHop[]>, from: string, to: string): Route | undefined {
  if (from === to) return { from, to, hops: [] };
  const prev = new Map<string, RouteHop>();
  const seen = new Set([from]);
  let frontier = [from];
  while (frontier.length) {
    const next: string[] = [];
    for (const a of frontier) {
      for (const h of graph.get(a) ?? []) {
        if (seen.has(h.to)) continue;
        // Prefer a venue hop over a redemption only when both reach the same asset in the same step: first one wins.
        seen.add(h.to);
        prev.set(h.to, h);
        if (h.to === to) {
          const hops: RouteHop[] = [];
          for (let x = to; x !== from; ) {
            const p = prev.get(x)!;
            hops.unshift(p);
            x = p.from;
          }
          return { from, to, hops };
        }
        next.push(h.to);
      }
    }
    frontier = next;
  }
  return undefined;
}

/** True when an asset's `pegOf` chain ends at USD (a stablecoin, or a vault share of one). */
export function isUsdStable(assets: ReadonlyMap<string, Asset>, id: string): boolean {
  const seen = new Set<string>();
  for (let a = assets.get(id); a && !seen.has(a.id); a = a.pegOf ? assets.get(a.pegOf.asset) : undefined) {
    seen.add(a.id);
    if (a.pegOf?.asset === USD) return true;
  }
  return false;
}

/** Route from an asset to the nearest USD-stable asset (itself when it is one). */
export function routeToStable(graph: Map<string, RouteHop[]>, assets: ReadonlyMap<string, Asset>, from: string): Route | undefined {
  if (isUsdStable(assets, from)) return { from, to: from, hops: [] };
  let best: Route | undefined;
  for (const a of assets.values()) {
    if (!isUsdStable(assets, a.id)) continue;
    const r = findRoute(graph, from, a.id);
    if (r && (!best || r.hops.length < best.hops.length)) best = r;
  }
  return best;
}

/**
 * Every simple route from → to with at most `extraHops` more hops than the shortest (at most `limit` of them, shortest
 * first): the candidates among which a route table picks the deepest.
 */
export function candidateRoutes(graph: Map<string, RouteHop[]>, from: string, to: string, extraHops = 1, limit = 64): Route[] {
  const shortest = findRoute(graph, from, to);
  if (!shortest) return [];
  const maxHops = shortest.hops.length + extraHops;
  const out: Route[] = [];
  const path: RouteHop[] = [];
  const seen = new Set([from]);
  const walk = (at: string) => {
    if (out.length >= limit) return;
    if (at === to) {
      out.push({ from, to, hops: [...path] });
      return;
    }
    if (path.length >= maxHops) return;
    for (const h of graph.get(at) ?? []) {
      if (seen.has(h.to)) continue;
      seen.add(h.to);
      path.push(h);
      walk(h.to);
      path.pop();
      seen.delete(h.to);
    }
  };
  walk(from);
  return out.sort((a, b) => a.hops.length - b.hops.length);
}

/**
 * The route a liquidator (or an aggregator) would use: among the candidates, the one whose thinnest hop holds the most
 * (`depth(hop)`: USD a seller can receive there), shorter first on a tie — so that a thin direct pool does not carry a
 * sale that a deep two-hop path would absorb.
 */
export function deepestRoute(graph: Map<string, RouteHop[]>, from: string, to: string, depth: (hop: RouteHop) => number): Route | undefined {
  let best: Route | undefined;
  let bestDepth = -1;
  for (const r of candidateRoutes(graph, from, to)) {
    const d = r.hops.reduce((m, h) => Math.min(m, h.redeemRate !== undefined ? Infinity : depth(h)), Infinity);
    if (d > bestDepth * (1 + 1e-12)) {
      best = r;
      bestDepth = d;
    }
  }
  return best;
}
