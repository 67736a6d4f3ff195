/** Venues: unique ids, coins that exist and differ, state consistent with the kind (DESIGN §10 Venues). */
import type { Network } from '../schema/network.js';
import { USD } from '../schema/asset.js';
import { venueFacts } from '../schema/venue/kinds.js';
import type { IssueList } from './issue-list.js';

export function validateVenues(net: Network, out: IssueList): void {
  out.unique(net.venues, ['venues'], 'venue');
  const assets = new Set(net.assets.map((a) => a.id));
  net.venues.forEach((v, i) => {
    v.coins.forEach((c, k) => {
      if (c === USD) out.add(['venues', i, 'coins', k], `"USD" is not tradable; expected a token asset (USDC, USDT, …), got "USD"`);
      else if (!assets.has(c)) out.unknown(['venues', i, 'coins', k], 'asset', c, assets);
      if (v.coins.indexOf(c) !== k) out.add(['venues', i, 'coins', k], `coin "${c}" appears twice; expected distinct coins`);
    });
    // The state's own checks, each kind's in its file (schema/venue/).
    venueFacts(v).validate(v, ['venues', i], net.assets, out);
  });
}
