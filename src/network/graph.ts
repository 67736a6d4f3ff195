/**
 * `buildGraph(network)` (DESIGN §2): a graphology MultiDirectedGraph of protocols, assets and venues, every
 * edge weighted in USD at snapshot prices. Keys are namespaced (`asset:ETH`, `venue:uni-v2`, `protocol:aave`).
 *
 * - protocol → asset `collateral` / `debt`: value deposited / borrowed in the protocol's markets;
 * - asset → venue `liquidity`: one edge per coin a venue trades, the value of that coin in the venue;
 * - protocol → protocol `holding`: holder → issuer, the value of the issuer's tokens the holder holds;
 * - asset → asset `peg`: pegged → anchor, the value of the pegged asset held in the network.
 *
 * The graph is for structure, metrics and pictures; the cascade runs on compiled typed arrays.
 */
import { MultiDirectedGraph } from 'graphology';
import type { Network } from './schema/network.js';
import { USD } from './schema/asset.js';
import { lendingPositions } from './markets.js';
import { priceMap, venueHoldings } from './venue-value.js';

export type NodeAttributes =
  | { kind: 'asset'; id: string; symbol: string; price: number; pegOf?: string; issuer?: string }
  | { kind: 'venue'; id: string; venueKind: Network['venues'][number]['kind']; coins: string[]; provider?: string }
  | { kind: 'protocol'; id: string; family: Network['protocols'][number]['family']; name?: string };

export type EdgeKind = 'collateral' | 'debt' | 'liquidity' | 'holding' | 'peg';

export interface EdgeAttributes {
  kind: EdgeKind;
  /** USD at snapshot prices. */
  weight: number;
  /** Whole tokens behind the weight (of the asset the edge touches; of the held token for `holding`). */
  amount: number;
}

export type NetworkGraph = MultiDirectedGraph<NodeAttributes, EdgeAttributes, { name: string; snapshotDate: string }>;

export const assetKey = (id: string) => `asset:${id}`;
export const venueKey = (id: string) => `venue:${id}`;
export const protocolKey = (id: string) => `protocol:${id}`;

/** Collateral and debt per protocol and asset, in tokens: explicit positions, perp margins and generator totals. */
export function protocolBook(net: Network): Map<string, { collateral: Map<string, number>; debt: Map<string, number> }> {
  const out = new Map<string, { collateral: Map<string, number>; debt: Map<string, number> }>();
  const add = (m: Map<string, number>, a: string, x: number) => m.set(a, (m.get(a) ?? 0) + x);
  for (const p of net.protocols) {
    const book = { collateral: new Map<string, number>(), debt: new Map<string, number>() };
    out.set(p.id, book);
    for (const m of p.markets) {
      if (p.family === 'perp') {
        const margin = m.collaterals[0]!.asset;
        for (const pos of (m as { positions: { margin: number }[] }).positions) add(book.collateral, margin, pos.margin);
        continue;
      }
      for (const pos of lendingPositions(p, m)) {
        for (const [a, x] of Object.entries(pos.collateral)) add(book.collateral, a, x);
        for (const [a, x] of Object.entries(pos.debt)) add(book.debt, a, x);
      }
      const g = (m as { generator?: { pairs: { collateral: string; debt: string; totalCollateral: number; totalDebt: number }[] } }).generator;
      for (const pair of g?.pairs ?? []) {
        add(book.collateral, pair.collateral, pair.totalCollateral);
        add(book.debt, pair.debt, pair.totalDebt);
      }
    }
  }
  return out;
}

export function buildGraph(net: Network): NetworkGraph {
  const g: NetworkGraph = new MultiDirectedGraph<NodeAttributes, EdgeAttributes, { name: string; snapshotDate: string }>();
  g.replaceAttributes({ name: net.meta.name, snapshotDate: net.meta.snapshotDate });
  const prices = priceMap(net.assets);
  const price = (a: string) => prices.get(a) ?? 0;
  for (const a of net.assets) {
    g.addNode(assetKey(a.id), {
      kind: 'asset',
      id: a.id,
      symbol: a.symbol,
      price: a.price,
      ...(a.pegOf ? { pegOf: a.pegOf.asset } : {}),
      ...(a.issuer ? { issuer: a.issuer } : {}),
    });
  }
  for (const v of net.venues) g.addNode(venueKey(v.id), { kind: 'venue', id: v.id, venueKind: v.kind, coins: [...v.coins], ...(v.provider ? { provider: v.provider } : {}) });
  for (const p of net.protocols) g.addNode(protocolKey(p.id), { kind: 'protocol', id: p.id, family: p.family, ...(p.name ? { name: p.name } : {}) });

  const held = new Map<string, number>();
  const hold = (a: string, x: number) => held.set(a, (held.get(a) ?? 0) + x);
  for (const [pid, book] of protocolBook(net)) {
    for (const [a, x] of book.collateral) {
      g.addDirectedEdge(protocolKey(pid), assetKey(a), { kind: 'collateral', weight: x * price(a), amount: x });
      hold(a, x);
    }
    for (const [a, x] of book.debt) g.addDirectedEdge(protocolKey(pid), assetKey(a), { kind: 'debt', weight: x * price(a), amount: x });
  }
  for (const v of net.venues) {
    venueHoldings(v, prices).forEach((x, k) => {
      const a = v.coins[k]!;
      g.addDirectedEdge(assetKey(a), venueKey(v.id), { kind: 'liquidity', weight: x * price(a), amount: x });
      hold(a, x);
    });
  }
  for (const h of net.holdings) {
    const issuer = net.assets.find((a) => a.id === h.asset)!.issuer!;
    g.addDirectedEdge(protocolKey(h.holder), protocolKey(issuer), { kind: 'holding', weight: h.amount * price(h.asset), amount: h.amount });
    hold(h.asset, h.amount);
  }
  for (const a of net.assets) {
    if (!a.pegOf || a.pegOf.asset === USD) continue;
    const x = held.get(a.id) ?? 0;
    g.addDirectedEdge(assetKey(a.id), assetKey(a.pegOf.asset), { kind: 'peg', weight: x * a.price, amount: x });
  }
  return g;
}
