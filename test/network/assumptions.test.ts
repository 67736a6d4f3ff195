import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { assumptionShare, parseNetwork, unsourcedFigures, sourceIndex } from '../../src/index.js';

const example = () => JSON.parse(readFileSync('fixtures/examples/two-lenders-shared-eth.json', 'utf8'));
const S = (kind: string) => ({ source: 'test', date: '2025-10-01', kind });

describe('assumptionShare: the share of collateral, debt and venue depth whose figures are marked assumed', () => {
  it('weighs each figure by its USD at snapshot prices; the most specific source rules', () => {
    const net = example();
    net.sources = {
      'protocols[lender-a].markets[core].positions[*]': S('assumed'),
      'protocols[lender-a].markets[core].positions[a3].collateral': S('primary'),
      'venues[eth-usdc]': S('assumed'),
    };
    const a = assumptionShare(parseNetwork(net));
    // ETH $2,000. Collateral: a1 1,000 ETH $2M + a2 500 ETH $1M assumed; a3 2,000 ETH $4M primary (its own key);
    // lender-b's b1 800 + b2 300 ETH = $2.2M have no source. Total $9.2M.
    expect(a.collateral).toEqual({ totalUsd: 9_200_000, assumedUsd: 3_000_000, share: expect.closeTo(3 / 9.2, 12), unsourcedUsd: 2_200_000 });
    // Debt: a1 1.5M + a2 0.7M + a3 2.4M all under positions[*] (a3's primary key names only its collateral); b 1.3M unsourced.
    expect(a.debt).toEqual({ totalUsd: 5_900_000, assumedUsd: 4_600_000, share: expect.closeTo(4.6 / 5.9, 12), unsourcedUsd: 1_300_000 });
    // The pool: 5,000 ETH ($10M) + 10M USDC, all assumed.
    expect(a.venueDepth).toEqual({ totalUsd: 20_000_000, assumedUsd: 20_000_000, share: 1, unsourcedUsd: 0 });
  });

  it('a named key overrides a wildcard on the same field, whatever their order', () => {
    const net = example();
    net.sources = { 'protocols[lender-a].markets[core].positions[a1].debt': S('primary'), 'protocols[*].markets[*].positions[*].debt': S('assumed') };
    const idx = sourceIndex(parseNetwork(net));
    expect(idx.sourceOf(['protocols', 'lender-a', 'markets', 'core', 'positions', 'a1', 'debt', 'USDC'])?.kind).toBe('primary');
    expect(idx.sourceOf(['protocols', 'lender-b', 'markets', 'main', 'positions', 'b2', 'debt', 'USDC'])?.kind).toBe('assumed');
    expect(idx.sourceOf(['venues', 'eth-usdc', 'fee'])).toBeNull();
  });

  it('unsourcedFigures lists every number no key covers, and none once a parent key covers them', () => {
    const net = example();
    const all = unsourcedFigures(net);
    expect(all).toContain('assets.ETH.price');
    expect(all).toContain('venues.eth-usdc.reserves.1');
    expect(all).toContain('protocols.lender-b.markets.main.closeFactor');
    expect(all).not.toContain('assets.ETH.decimals');
    net.sources = { assets: S('assumed'), venues: S('assumed'), 'protocols[*]': S('assumed') };
    expect(unsourcedFigures(net)).toEqual([]);
  });
});
