import { describe, expect, it } from 'vitest';
import { NetworkError, parseNetwork } from '../../src/index.js';
import { base, exampleJson } from './base.js';

function issuesOf(json: unknown) {
  try {
    parseNetwork(json);
  } catch (e) {
    expect(e).toBeInstanceOf(NetworkError);
    return (e as NetworkError).issues;
  }
  throw new Error('expected parseNetwork to throw');
}

describe('parseNetwork: valid networks', () => {
  it.each(['two-lenders-shared-eth', 'stablecoin-peg-venue', 'holding-linked-protocols', 'euler-prime-vaults'])('accepts fixtures/examples/%s.json', (name) => {
    const n = parseNetwork(exampleJson(name));
    expect(n.meta.synthetic).toBe(true);
    expect(n.schemaVersion).toBe(1);
  });

  it('fills documented defaults: holdings, sources, e-modes, oracle delay and deviation, Morpho curve constants', () => {
    const n = parseNetwork(exampleJson('holding-linked-protocols'));
    expect(n.sources).toEqual({});
    const alpha = n.protocols[0]!;
    expect(alpha.family).toBe('aave-v3');
    if (alpha.family !== 'aave-v3') return;
    expect(alpha.markets[0]!.emodes).toEqual([]);
    const beta = n.protocols[1]!;
    expect(beta.oracle).toEqual({ kind: 'external', delaySeconds: 0, deviation: 0 });
    if (beta.family !== 'morpho-blue') return;
    // morpho-org/morpho-blue-irm ConstantsLib: TARGET_UTILIZATION 0.9, CURVE_STEEPNESS 4, ADJUSTMENT_SPEED 50/year.
    expect(beta.markets[0]!.borrowables[0]!.rateModel).toMatchObject({ targetUtilization: 0.9, curveSteepness: 4, adjustmentSpeed: 50 });
  });

  it('does not mutate its input', () => {
    const json = base();
    const copy = JSON.parse(JSON.stringify(json));
    parseNetwork(json);
    expect(json).toEqual(copy);
  });
});

describe('parseNetwork: bad input names the JSON path, the value and what was expected', () => {
  const cases: [string, (n: any) => void, string, RegExp][] = [
    ['not an object', (n) => Object.keys(n).forEach((k) => delete n[k]), 'schemaVersion', /expected schemaVersion 1/],
    ['wrong schema version', (n) => (n.schemaVersion = 2), 'schemaVersion', /expected schemaVersion 1, got 2/],
    ['missing meta.synthetic', (n) => delete n.meta.synthetic, 'meta.synthetic', /missing field: expected true or false/],
    ['bad snapshot date', (n) => (n.meta.snapshotDate = '1 Oct 2025'), 'meta.snapshotDate', /expected a date YYYY-MM-DD.*got "1 Oct 2025"/],
    ['price of zero', (n) => (n.assets[0].price = 0), 'assets[0].price', /expected a USD price > 0, got 0/],
    ['negative price', (n) => (n.assets[1].price = -1), 'assets[1].price', /expected a USD price > 0, got -1/],
    ['NaN price', (n) => (n.assets[0].price = NaN), 'assets[0].price', /expected a number, got NaN/],
    ['infinite price', (n) => (n.assets[0].price = Infinity), 'assets[0].price', /expected a number/],
    ['price as a string', (n) => (n.assets[0].price = '2000'), 'assets[0].price', /expected a number, got "2000"/],
    ['bad id', (n) => (n.assets[0].id = 'E TH'), 'assets[0].id', /expected an id matching .*got "E TH"/],
    ['unknown field', (n) => (n.assets[0].prise = 1), 'assets[0].prise', /unknown field "prise"/],
    ['threshold above 1', (n) => (n.protocols[0].markets[0].collaterals[0].liquidationThreshold = 1.2), 'protocols[0].markets[0].collaterals[0].liquidationThreshold', /expected a number in \(0, 1\], got 1.2/],
    ['threshold of 0', (n) => (n.protocols[1].markets[0].collaterals[0].liquidationThreshold = 0), 'protocols[1].markets[0].collaterals[0].liquidationThreshold', /expected a number in \(0, 1\], got 0/],
    ['negative bonus', (n) => (n.protocols[0].markets[0].collaterals[0].liquidationBonus = -0.01), 'protocols[0].markets[0].collaterals[0].liquidationBonus', /expected a liquidation bonus >= 0.*got -0.01/],
    ['negative amount', (n) => (n.protocols[0].markets[0].positions[0].collateral.ETH = -5), 'protocols[0].markets[0].positions[0].collateral.ETH', /expected an amount >= 0.*got -5/],
    ['negative reserve', (n) => (n.venues[0].reserves[1] = -10), 'venues[0].reserves[1]', /expected an amount > 0.*got -10/],
    ['unknown venue kind', (n) => (n.venues[0].kind = 'uniswap'), 'venues[0].kind', /expected kind to be one of "constantProduct", "concentrated", "stableswap", "orderBook", got "uniswap"/],
    ['unknown family', (n) => (n.protocols[1].family = 'aave-v2'), 'protocols[1].family', /expected family to be one of .*"generic", got "aave-v2"/],
    ['unknown rate model', (n) => (n.protocols[0].markets[0].borrowables[0].rateModel.model = 'linear'), 'protocols[0].markets[0].borrowables[0].rateModel.model', /expected model to be one of "aaveTwoSlope"/],
    ['bad Aave version', (n) => (n.protocols[0].version = '3.2'), 'protocols[0].version', /expected one of "3.0", "3.3", got "3.2"/],
    ['a venue with one coin', (n) => (n.venues[0].coins = ['ETH']), 'venues[0].coins', /expected at least 2 items, got 1/],
    ['positions neither array nor csv', (n) => (n.protocols[0].markets[0].positions = { file: 'x.csv' }), 'protocols[0].markets[0].positions.file', /unknown field "file"/],
  ];

  it.each(cases)('%s', (_name, mutate, path, message) => {
    const n = base();
    mutate(n);
    const issues = issuesOf(n);
    const hit = issues.find((i) => i.path === path);
    expect(hit, `issues were: ${JSON.stringify(issues)}`).toBeDefined();
    expect(hit!.message).toMatch(message);
  });
});

describe('parseNetwork: cross-field rules', () => {
  const cases: [string, (n: any) => void, string, RegExp][] = [
    ['duplicate asset id', (n) => n.assets.push({ id: 'ETH', symbol: 'ETH2', price: 1 }), 'assets[2].id', /duplicate asset id "ETH" \(first used at index 0\)/],
    ['duplicate protocol id', (n) => (n.protocols[1].id = 'lender-a'), 'protocols[1].id', /duplicate protocol id "lender-a"/],
    ['duplicate position id', (n) => (n.protocols[0].markets[0].positions[1].id = 'a1'), 'protocols[0].markets[0].positions[1].id', /duplicate position id "a1"/],
    ['unknown venue coin', (n) => (n.venues[0].coins[1] = 'USDT'), 'venues[0].coins[1]', /unknown asset "USDT"; expected one of "ETH", "USDC"/],
    ['USD traded on a venue', (n) => (n.venues[0].coins[1] = 'USD'), 'venues[0].coins[1]', /"USD" is not tradable/],
    ['declared USD', (n) => n.assets.push({ id: 'USD', symbol: 'USD', price: 1 }), 'assets[2].id', /"USD" is built in/],
    ['unknown collateral asset', (n) => (n.protocols[0].markets[0].collaterals[0].asset = 'WBTC'), 'protocols[0].markets[0].collaterals[0].asset', /unknown asset "WBTC"/],
    ['LTV above threshold', (n) => (n.protocols[0].markets[0].collaterals[0].ltv = 0.9), 'protocols[0].markets[0].collaterals[0].ltv', /expected ltv <= liquidationThreshold \(0.83\), got 0.9/],
    ['Aave LT × (1 + bonus) above 1', (n) => Object.assign(n.protocols[0].markets[0].collaterals[0], { ltv: 0.9, liquidationThreshold: 0.97, liquidationBonus: 0.05 }), 'protocols[0].markets[0].collaterals[0].liquidationBonus', /liquidationThreshold × \(1 \+ liquidationBonus\) <= 1/],
    ['position collateral the market does not accept', (n) => (n.protocols[1].markets[0].positions[0].collateral = { USDC: 5 }), 'protocols[1].markets[0].positions[0].collateral.USDC', /unknown collateral of this market "USDC"; expected one of "ETH"/],
    ['position in an unknown e-mode', (n) => (n.protocols[0].markets[0].positions[0].emode = 1), 'protocols[0].markets[0].positions[0].emode', /unknown e-mode of this market "1"/],
    ['pegOf to an unknown asset', (n) => (n.assets[1].pegOf.asset = 'EUR'), 'assets[1].pegOf.asset', /unknown anchor asset "EUR"; expected one of "USD", "ETH", "USDC"/],
    ['pegOf cycle', (n) => n.assets.push({ id: 'A', symbol: 'A', price: 1, pegOf: { asset: 'B', rate: 1 } }, { id: 'B', symbol: 'B', price: 1, pegOf: { asset: 'A', rate: 1 } }), 'assets[2].pegOf.asset', /pegOf cycle A → B → A/],
    ['issuer that does not exist', (n) => (n.assets[1].issuer = 'circle'), 'assets[1].issuer', /unknown issuer protocol "circle"/],
    ['holding of a token no protocol issues', (n) => n.holdings.push({ holder: 'lender-a', asset: 'USDC', amount: 5 }), 'holdings[0].asset', /no protocol issues "USDC"/],
    ['holding by an unknown protocol', (n) => n.holdings.push({ holder: 'nobody', asset: 'USDC', amount: 5 }), 'holdings[0].holder', /unknown protocol "nobody"/],
    ['supply below debt', (n) => (n.protocols[1].markets[0].borrowables[0].supply = 1000), 'protocols[1].markets[0].borrowables[0].supply', /expected supply >= the 1300000 USDC its borrowers owe, got 1000/],
    ['unroutable collateral', (n) => (n.venues = []), 'protocols[0].markets[0].collaterals[0].asset', /no venue route from "ETH" to a USD-stable asset/],
    ['missing default oracle', (n) => delete n.protocols[1].oracle, 'protocols[1].oracle', /missing field: expected the default oracle/],
    ['exchange-rate oracle without base', (n) => (n.protocols[1].oracle = { kind: 'exchangeRate' }), 'protocols[1].oracle.base', /missing field: expected the asset an exchangeRate oracle prices down to/],
    ['sources key that matches nothing', (n) => (n.sources = { 'protocols[lender-c].markets[core].collaterals[ETH].ltv': { source: 'x', date: '2025-01-01', kind: 'primary' } }), 'sources["protocols[lender-c].markets[core].collaterals[ETH].ltv"]', /matches nothing in this network \(no "protocols\[lender-c\]"\)/],
    ['correlation not symmetric', (n) => (n.correlation = { assets: ['ETH', 'WBTC'], matrix: [[1, 0.5], [0.4, 1]] }), 'correlation.matrix[0][1]', /expected a symmetric matrix/],
    ['correlation of a pegged asset', (n) => (n.correlation = { assets: ['ETH', 'USDC'], matrix: [[1, 0], [0, 1]] }), 'correlation.assets[1]', /"USDC" is pegged to USD/],
    ['depth curve not increasing', (n) => n.venues.push({ id: 'cex', kind: 'orderBook', coins: ['ETH', 'USDC'], fee: 0, book: { model: 'depth', bids: [{ offset: 0.01, depth: 10 }, { offset: 0.005, depth: 20 }], asks: [{ offset: 0.01, depth: 10 }] } }), 'venues[1].book.bids[1].offset', /expected offsets strictly increasing \(previous 0.01\), got 0.005/],
    ['overlapping v3 ranges', (n) => n.venues.push({ id: 'v3', kind: 'concentrated', coins: ['ETH', 'USDC'], fee: 0.0005, ranges: [{ lower: 1000, upper: 2500, liquidity: 1 }, { lower: 2000, upper: 3000, liquidity: 1 }] }), 'venues[1].ranges[1].lower', /ranges sorted and disjoint.*got 2000/],
    ['stableswap balances of the wrong length', (n) => n.venues.push({ id: 'curve', kind: 'stableswap', coins: ['ETH', 'USDC'], balances: [1], A: 100, fee: 0.0004 }), 'venues[1].balances', /expected one balance per coin \(2\)/],
    ['a real snapshot without sources', (n) => (n.meta.synthetic = false), 'meta.synthetic', /a real snapshot \(synthetic: false\) needs `sources`/],
    ['Fraxlend target band upside down', (n) => (n.protocols[1].markets[0].borrowables[0].rateModel = { model: 'fraxlendVariable', minTargetUtil: 0.85, maxTargetUtil: 0.75, vertexUtilization: 0.8, vertexRatePercentOfDelta: 0.2, zeroUtilizationRate: 0, minFullUtilRate: 0.5, maxFullUtilRate: 100, rateHalfLife: 43200, fullUtilizationRate: 1 }), 'protocols[1].markets[0].borrowables[0].rateModel.maxTargetUtil', /expected maxTargetUtil >= minTargetUtil \(0.85\), got 0.75/],
    ['exchange-rate oracle base off the peg chain', (n) => (n.protocols[1].markets[0].oracles = { ETH: { kind: 'exchangeRate', base: 'USDC' } }), 'protocols[1].markets[0].oracles.ETH.base', /"USDC" is not on the pegOf chain of "ETH" \(ETH\)/],
    ['stableswap A of zero', (n) => n.venues.push({ id: 'curve', kind: 'stableswap', coins: ['ETH', 'USDC'], balances: [1, 1], A: 0, fee: 0.0004 }), 'venues[1].A', /expected an amplification A > 0, got 0/],
  ];

  it.each(cases)('%s', (_name, mutate, path, message) => {
    const n = base();
    mutate(n);
    const issues = issuesOf(n);
    const hit = issues.find((i) => i.path === path);
    expect(hit, `issues were: ${JSON.stringify(issues)}`).toBeDefined();
    expect(hit!.message).toMatch(message);
  });

  it('a correlation matrix that is symmetric with a unit diagonal but not positive semi-definite is refused', () => {
    const n = base();
    n.assets.push({ id: 'WBTC', symbol: 'WBTC', price: 60000 }, { id: 'SOL', symbol: 'SOL', price: 150 });
    // Eigenvalues of [[1,.9,-.9],[.9,1,.9],[-.9,.9,1]] are 1.9, 1.9 and -0.8 (trace 3; x = (1,-1,1) gives (1-.9-.9)x).
    n.correlation = { assets: ['ETH', 'WBTC', 'SOL'], matrix: [[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]] };
    const issues = issuesOf(n);
    expect(issues).toEqual([{ path: 'correlation.matrix', message: expect.stringMatching(/expected a positive semi-definite matrix, got one with eigenvalue -0\.8/) }]);
  });

  it('an exchange-rate oracle may price down a pegOf chain of several hops (wstETH → stETH → ETH)', () => {
    const n = base();
    n.assets.push(
      { id: 'stETH', symbol: 'stETH', price: 1995, pegOf: { asset: 'ETH', rate: 1, redeem: 'queue' } },
      { id: 'wstETH', symbol: 'wstETH', price: 2394, pegOf: { asset: 'stETH', rate: 1.2, redeem: 'instant' } },
    );
    n.venues.push({ id: 'steth', kind: 'stableswap', coins: ['ETH', 'stETH'], balances: [1000, 1000], A: 50, fee: 0.0004 });
    n.protocols[1].markets[0].collaterals.push({ asset: 'wstETH', liquidationThreshold: 0.8, liquidationBonus: 0.06 });
    n.protocols[1].markets[0].oracles = { wstETH: { kind: 'exchangeRate', base: 'ETH' } };
    expect(parseNetwork(n).protocols[1]!.markets[0]!.oracles).toEqual({ wstETH: { kind: 'exchangeRate', base: 'ETH', delaySeconds: 0, deviation: 0 } });
  });

  it('a valid correlation matrix passes', () => {
    const n = base();
    n.assets.push({ id: 'WBTC', symbol: 'WBTC', price: 60000 });
    n.venues.push({ id: 'btc', kind: 'constantProduct', coins: ['WBTC', 'USDC'], reserves: [10, 600000], fee: 0.003 });
    n.correlation = { assets: ['ETH', 'WBTC'], matrix: [[1, 0.8], [0.8, 1]] };
    expect(parseNetwork(n).correlation?.matrix[0]).toEqual([1, 0.8]);
  });

  it('lists every problem of a file at once', () => {
    const n = base();
    n.assets[0].price = 0;
    n.protocols[0].markets[0].collaterals[0].liquidationThreshold = 1.5;
    n.venues[0].fee = 1.2;
    delete n.meta.name;
    const issues = issuesOf(n);
    expect(issues.map((i) => i.path).sort()).toEqual(['assets[0].price', 'meta.name', 'protocols[0].markets[0].collaterals[0].liquidationThreshold', 'venues[0].fee']);
    const cross = base();
    cross.assets[1].pegOf.asset = 'EUR';
    cross.protocols[0].markets[0].positions[0].id = 'a2';
    cross.holdings.push({ holder: 'x', asset: 'ETH', amount: 1 });
    const more = issuesOf(cross);
    expect(more.map((i) => i.path)).toEqual(['assets[1].pegOf.asset', 'protocols[0].markets[0].positions[1].id', 'holdings[0].holder', 'holdings[0].asset']);
  });

  it('the error message lists the problems with their paths', () => {
    const n = base();
    n.assets[0].price = -3;
    expect(() => parseNetwork(n)).toThrow(/parseNetwork: the network is invalid \(1 problem\):\n {2}assets\[0\]\.price: expected a USD price > 0, got -3/);
  });

  it('parseNetwork refuses a CSV side file and says to use loadNetwork', () => {
    const n = base();
    n.protocols[0].markets[0].positions = { csv: 'positions.csv' };
    expect(issuesOf(n)).toContainEqual({ path: 'protocols[0].markets[0].positions.csv', message: expect.stringMatching(/read by loadNetwork\(path\) only/) });
  });
});
