/** Assets: unique ids, `USD` reserved, `pegOf` references and cycles, issuers. */
import type { Network } from '../schema/network.js';
import { USD } from '../schema/asset.js';
import type { IssueList } from './issue-list.js';

export function validateAssets(net: Network, out: IssueList): void {
  // DESIGN §1: every figure of a real protocol's fixture carries its source; one without sources is a synthetic example.
  if (!net.meta.synthetic && Object.keys(net.sources).length === 0)
    out.add(['meta', 'synthetic'], 'a real snapshot (synthetic: false) needs `sources` for its figures; expected sources, or synthetic: true for a made-up example');
  out.unique(net.assets, ['assets'], 'asset');
  const ids = new Set(net.assets.map((a) => a.id));
  const protocols = new Set(net.protocols.map((p) => p.id));
  const byId = new Map(net.assets.map((a) => [a.id, a]));
  net.assets.forEach((a, i) => {
    if (a.id === USD) out.add(['assets', i, 'id'], `"USD" is built in (non-tradable, the unit of prices); expected another id, got "USD"`);
    if (a.pegOf) {
      if (a.pegOf.asset !== USD && !ids.has(a.pegOf.asset)) out.unknown(['assets', i, 'pegOf', 'asset'], 'anchor asset', a.pegOf.asset, [USD, ...ids]);
      if (a.pegOf.asset === a.id) out.add(['assets', i, 'pegOf', 'asset'], `an asset cannot be pegged to itself, got "${a.id}"`);
    }
    if (a.issuer !== undefined && !protocols.has(a.issuer)) out.unknown(['assets', i, 'issuer'], 'issuer protocol', a.issuer, protocols);
  });
  // pegOf cycles: follow each chain; a revisit means a cycle (reported once, at its first member in file order).
  const reported = new Set<string>();
  net.assets.forEach((a, i) => {
    const chain: string[] = [];
    for (let x = byId.get(a.id); x?.pegOf; x = byId.get(x.pegOf.asset)) {
      if (chain.includes(x.id)) {
        const cycle = chain.slice(chain.indexOf(x.id));
        if (cycle[0] === a.id && !cycle.some((c) => reported.has(c))) {
          cycle.forEach((c) => reported.add(c));
          out.add(['assets', i, 'pegOf', 'asset'], `pegOf cycle ${[...cycle, x.id].join(' → ')}; expected every pegOf chain to end at an unpegged asset or USD`);
        }
        break;
      }
      chain.push(x.id);
    }
  });
}
