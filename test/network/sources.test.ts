import { describe, expect, it } from 'vitest';
import { matchSourcePath, parseNetwork, parseSourcePath } from '../../src/index.js';
import { base } from './base.js';

const src = { source: 'https://example.org', date: '2025-10-01', kind: 'assumed' as const };

describe('sources paths (DESIGN §10 Sources)', () => {
  it('parses ids with dots inside brackets', () => {
    expect(parseSourcePath('assets[USDC.e].price')).toEqual([
      { key: 'assets', selectors: ['USDC.e'] },
      { key: 'price', selectors: [] },
    ]);
    expect(parseSourcePath('assets[ETH')).toBe('unclosed "[" at character 7');
  });

  it('addresses array elements by id, by asset, by index and by *', () => {
    const n = parseNetwork(base());
    expect(matchSourcePath(n, 'protocols[lender-a].markets[core].collaterals[ETH].liquidationBonus')).toEqual({ count: 1 });
    expect(matchSourcePath(n, 'protocols[*].markets[*].collaterals[*].liquidationThreshold')).toEqual({ count: 2 });
    expect(matchSourcePath(n, 'venues[eth-usdc].reserves[1]')).toEqual({ count: 1 });
    expect(matchSourcePath(n, 'protocols[lender-a].markets[core].positions[a1].collateral.ETH')).toEqual({ count: 1 });
    expect(matchSourcePath(n, 'venues[eth-usdc].reserves[2]')).toEqual({ count: 0, failedAt: 'venues[eth-usdc].reserves[2]' });
  });

  it('accepts a network whose sources all address fields, and refuses a key with a syntax error', () => {
    const n = base();
    n.meta.synthetic = false;
    n.sources = {
      'protocols[lender-a].markets[core].collaterals[ETH].liquidationThreshold': src,
      'assets[ETH].price': { ...src, kind: 'primary', note: 'snapshot close' },
    };
    expect(Object.keys(parseNetwork(n).sources)).toHaveLength(2);
    n.sources = { 'assets..price': src };
    expect(() => parseNetwork(n)).toThrow(/sources\["assets\.\.price"\]: cannot read the path: expected a field name at character 8/);
  });

  it('a source needs a kind among primary, secondary, derived, assumed', () => {
    const n = base();
    n.sources = { 'assets[ETH].price': { source: 'x', date: '2025-10-01', kind: 'guess' } };
    expect(() => parseNetwork(n)).toThrow(/sources\["assets\[ETH\]\.price"\]\.kind: expected one of "primary", "secondary", "derived", "assumed", got "guess"/);
  });
});
