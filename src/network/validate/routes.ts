/**
 * Every asset a market lends or accepts can be sold: it reaches a USD-stable asset through the venues, and
 * each collateral reaches each debt asset of its market (the liquidator's sale route, DESIGN §3).
 */
import type { Network } from '../schema/network.js';
import { borrowableAssets, liquidationSales } from '../markets.js';
import { findRoute, hopGraph, routeToStable } from '../routes.js';
import type { IssueList } from './issue-list.js';

export function validateRoutes(net: Network, out: IssueList): void {
  const graph = hopGraph(net);
  const assets = new Map(net.assets.map((a) => [a.id, a]));
  const stableChecked = new Map<string, boolean>();
  net.protocols.forEach((p, i) => {
    p.markets.forEach((m, k) => {
      const debts = borrowableAssets(p, m);
      const toCheck: [string, (string | number)[]][] = [
        ...m.collaterals.map((c, j): [string, (string | number)[]] => [c.asset, ['protocols', i, 'markets', k, 'collaterals', j, 'asset']]),
        ...debts.map((d, j): [string, (string | number)[]] => [d, ['protocols', i, 'markets', k, 'borrowables', j, 'asset']]),
      ];
      for (const [asset, at] of toCheck) {
        if (!assets.has(asset)) continue; // reported as an unknown reference
        let ok = stableChecked.get(asset);
        if (ok === undefined) stableChecked.set(asset, (ok = routeToStable(graph, assets, asset) !== undefined));
        if (!ok) out.add(at, `no venue route from "${asset}" to a USD-stable asset; expected a venue (or an instant pegOf redemption) so that a liquidation can be sold`);
      }
      const { sells, buys } = liquidationSales(p, m);
      for (const c of sells) {
        for (const d of buys) {
          if (!assets.has(c) || !assets.has(d)) continue;
          if (!findRoute(graph, c, d)) out.add(['protocols', i, 'markets', k], `no venue route from "${c}" to "${d}"; expected the seized collateral to be sellable for the debt it repays`);
        }
      }
    });
  });
}
