import { describe, expect, it } from 'vitest';
import { buildGraph, parseNetwork, summarize, venueHoldings } from '../../src/index.js';
import { base, exampleJson } from './base.js';

describe('buildGraph', () => {
  it('builds typed nodes and USD-weighted edges for two lenders sharing one ETH venue', () => {
    const g = buildGraph(parseNetwork(base()));
    expect(g.type).toBe('directed');
    expect(g.multi).toBe(true);
    expect(g.order).toBe(5);
    expect(g.getNodeAttributes('asset:ETH')).toMatchObject({ kind: 'asset', price: 2000 });
    expect(g.getNodeAttributes('venue:eth-usdc')).toMatchObject({ kind: 'venue', venueKind: 'constantProduct' });
    expect(g.getNodeAttributes('protocol:lender-b')).toMatchObject({ kind: 'protocol', family: 'generic' });
    const edges = g.mapEdges((_e, a, s, t) => [a.kind, s, t, a.weight] as const);
    // lender-a: 1000 + 500 + 2000 ETH at $2,000; debt 1.5M + 0.7M + 2.4M USDC. lender-b: 800 + 300 ETH; 1.0M + 0.3M USDC.
    expect(edges).toEqual(
      expect.arrayContaining([
        ['collateral', 'protocol:lender-a', 'asset:ETH', 7_000_000],
        ['debt', 'protocol:lender-a', 'asset:USDC', 4_600_000],
        ['collateral', 'protocol:lender-b', 'asset:ETH', 2_200_000],
        ['debt', 'protocol:lender-b', 'asset:USDC', 1_300_000],
        ['liquidity', 'asset:ETH', 'venue:eth-usdc', 10_000_000],
        ['liquidity', 'asset:USDC', 'venue:eth-usdc', 10_000_000],
      ]),
    );
    expect(g.size).toBe(6);
  });

  it('adds holding edges (holder → issuer) and peg edges (pegged → anchor)', () => {
    const g = buildGraph(parseNetwork(exampleJson('holding-linked-protocols')));
    const holding = g.filterEdges((_e, a) => a.kind === 'holding');
    expect(holding).toHaveLength(1);
    expect(g.source(holding[0]!)).toBe('protocol:beta');
    expect(g.target(holding[0]!)).toBe('protocol:alpha');
    expect(g.getEdgeAttribute(holding[0]!, 'weight')).toBe(400_000);
    const peg = g.filterEdges((_e, a) => a.kind === 'peg');
    expect(peg.map((e) => [g.source(e), g.target(e), g.getEdgeAttribute(e, 'weight')])).toEqual([['asset:aUSDC', 'asset:USDC', 400_000]]);
  });

  it('weights a concentrated venue by what its ranges hold at the snapshot price', () => {
    const n = parseNetwork(exampleJson('holding-linked-protocols'));
    // Uniswap v3 whitepaper eq. 6.29–6.30 at P = 2000 USDC/ETH, by hand:
    //   ETH  = 150000·(1/√2000 − 1/√2200) + 60000·(1/√2200 − 1/√2600) = 258.5987 ETH
    //   USDC = 60000·(√1800 − √1500) + 150000·(√2000 − √1800)        = 566,037.31 USDC
    const [x, y] = venueHoldings(n.venues[0]!, new Map([['ETH', 2000], ['USDC', 1]]));
    expect(x).toBeCloseTo(258.5987082, 6);
    expect(y).toBeCloseTo(566037.30637, 4);
  });

  it('weights an order book by its bid depth in quote (linear between levels) and its ask depth in base', () => {
    const n = base();
    n.venues.push({ id: 'cex', kind: 'orderBook', coins: ['ETH', 'USDC'], fee: 0.001, book: { model: 'depth', bids: [{ offset: 0.01, depth: 100 }, { offset: 0.02, depth: 300 }], asks: [{ offset: 0.01, depth: 50 }] } });
    const net = parseNetwork(n);
    // 100 ETH fill between 0% and 1% below $2,000 (mid 0.5%): 100·2000·0.995 = 199,000;
    // 200 more between 1% and 2% (mid 1.5%): 200·2000·0.985 = 394,000. Total 593,000 USDC.
    expect(venueHoldings(net.venues[1]!, new Map([['ETH', 2000], ['USDC', 1]]))).toEqual([50, 593_000]);
  });
});

describe('summarize', () => {
  it('gives collateral and debt by protocol and asset, and the debt-weighted LTV distribution', () => {
    const s = summarize(parseNetwork(base()));
    const a = s.protocols.find((p) => p.id === 'lender-a')!;
    expect(a.collateralUsd).toBe(7_000_000);
    expect(a.debtUsd).toBe(4_600_000);
    // Positions: LTV 1.5M/2M = 0.75 (debt 1.5M), 0.7M/1M = 0.70 (0.7M), 2.4M/4M = 0.60 (2.4M).
    // Debt-weighted: 2.4/4.6 = 52.2% at 0.60, then 0.70 and 0.75 (2.2/4.6 = 47.8%) in [0.7, 0.8).
    expect(a.ltv.quantiles).toEqual({ p10: 0.6, p50: 0.6, p90: 0.75, max: 0.75 });
    expect(a.ltv.buckets.map((b) => b.positions)).toEqual([0, 1, 2, 0, 0, 0]);
    expect(a.ltv.buckets[1]!.debtShare).toBeCloseTo(2.4 / 4.6, 12);
    expect(a.ltv.buckets[2]!.debtShare).toBeCloseTo(2.2 / 4.6, 12);
    const eth = s.assets.find((x) => x.asset === 'ETH')!;
    // ETH is posted by both lenders: 3,500 + 1,100 ETH; all 5.9M USDC of debt is drawn against it.
    expect(eth).toMatchObject({ collateralAmount: 4600, collateralUsd: 9_200_000, debtAgainstUsd: 5_900_000 });
    expect(s.assets.find((x) => x.asset === 'USDC')).toMatchObject({ borrowedAmount: 5_900_000, borrowedUsd: 5_900_000 });
  });

  it('attributes a multi-collateral position\'s debt to its collaterals pro rata to value, and counts generated pairs', () => {
    const n = base();
    n.assets.push({ id: 'WBTC', symbol: 'WBTC', price: 50000 });
    n.venues.push({ id: 'btc', kind: 'constantProduct', coins: ['WBTC', 'USDC'], reserves: [100, 5_000_000], fee: 0.003 });
    n.protocols[1].markets[0].collaterals.push({ asset: 'WBTC', liquidationThreshold: 0.75, liquidationBonus: 0.08 });
    n.protocols[1].markets[0].positions = [{ id: 'm', collateral: { ETH: 10, WBTC: 0.4 }, debt: { USDC: 30000 } }];
    n.protocols[1].markets[0].generator = { seed: 1, pairs: [{ collateral: 'WBTC', debt: 'USDC', count: 10, totalCollateral: 2, totalDebt: 50000, sizeLaw: { kind: 'equal' }, healthFactors: [{ quantile: 0, healthFactor: 1.1 }, { quantile: 1, healthFactor: 2 }] }] };
    const s = summarize(parseNetwork(n));
    // Collateral $20,000 ETH + $20,000 WBTC: each carries half of the 30,000 debt; the generated WBTC pair adds 50,000.
    expect(s.assets.find((x) => x.asset === 'WBTC')!.debtAgainstUsd).toBe(15_000 + 50_000);
    const b = s.protocols.find((p) => p.id === 'lender-b')!;
    expect(b.generatedPairs).toEqual([{ market: 'main', collateral: 'WBTC', debt: 'USDC', count: 10, ltv: 50000 / 100000 }]);
  });
});
