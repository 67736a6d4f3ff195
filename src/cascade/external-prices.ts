/**
 * External prices over time (DESIGN §3, §10 Time and scenarios): the price of each asset in the rest of the world.
 * A shock is a one-off relative move at t = 0; a move on a pegged asset is relative to its anchor and composes with it
 * (ETH −30% and stETH −5% put stETH 33.5% down); an unshocked pegged asset follows its anchor and keeps its snapshot
 * discount. A price path gives absolute USD prices held from one point to the next; the network is re-priced to its
 * first point, and the path overrides the shock for its assets. `USD` is 1.
 */
import type { Network } from '../network/schema/network.js';
import { USD } from '../network/schema/asset.js';
import type { Scenario } from './scenario-schema.js';

export interface ExternalPrices {
  /** Prices before the shock: the snapshot, re-priced to the path's first point. Per asset index. */
  base: Float64Array;
  /** The external price of every asset at time t (seconds). */
  at(t: number): Float64Array;
  /** Times at which the external prices change (0 and the path's points). */
  changes: number[];
  /** Assets the path re-priced at t = 0, with their snapshot and path prices. */
  repriced: { asset: string; snapshot: number; path: number }[];
}

export function externalPrices(network: Network, scenario: Scenario): ExternalPrices {
  const n = network.assets.length;
  const index = new Map(network.assets.map((a, i) => [a.id, i]));
  // Anchors before the assets pegged to them.
  const order: number[] = [];
  const seen = new Uint8Array(n);
  const visit = (i: number) => {
    if (seen[i]) return;
    seen[i] = 1;
    const peg = network.assets[i]!.pegOf;
    if (peg && peg.asset !== USD) visit(index.get(peg.asset)!);
    order.push(i);
  };
  for (let i = 0; i < n; i++) visit(i);

  const snapshot = Float64Array.from(network.assets, (a) => a.price);
  const path = scenario.pricePath ?? [];
  const pathIdx = path.map((p) => new Map(Object.entries(p.prices).map(([id, x]) => [index.get(id)!, x])));
  const repriced: ExternalPrices['repriced'] = [];
  const base = snapshot.slice();
  for (const [i, x] of pathIdx[0] ?? []) {
    base[i] = x;
    repriced.push({ asset: network.assets[i]!.id, snapshot: snapshot[i]!, path: x });
  }
  const shock = new Float64Array(n);
  for (const [id, m] of Object.entries(scenario.shocks)) shock[index.get(id)!] = m;

  const cache = new Map<number, Float64Array>();
  const at = (t: number): Float64Array => {
    let k = -1;
    for (let j = 0; j < path.length && path[j]!.t <= t; j++) k = j;
    const cached = cache.get(k);
    if (cached) return cached;
    // Each asset holds its last path price, even when later points do not name it.
    const held = new Map<number, number>();
    for (let j = 0; j <= k; j++) for (const [i, x] of pathIdx[j]!) held.set(i, x);
    const out = new Float64Array(n);
    for (const i of order) {
      const fixed = held.get(i);
      if (fixed !== undefined) {
        out[i] = fixed;
        continue;
      }
      const peg = network.assets[i]!.pegOf;
      const anchorMove = peg && peg.asset !== USD ? out[index.get(peg.asset)!]! / base[index.get(peg.asset)!]! : 1;
      out[i] = base[i]! * anchorMove * (1 + shock[i]!);
    }
    cache.set(k, out);
    return out;
  };
  return { base, at, changes: [0, ...path.map((p) => p.t).filter((t) => t > 0)], repriced };
}
