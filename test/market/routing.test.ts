import { describe, expect, it } from 'vitest';
import type { Network } from '../../src/network/schema/network.js';
import { clearPurchases, clearSales } from '../../src/market/clearing.js';
import { cloneMarket, compileMarket, drainVenue, rebalanceMarket } from '../../src/market/market-state.js';
import { buildRouteTable, routeBetween } from '../../src/market/routing-table.js';
import { buyAlongRoute, sellAlongRoute } from '../../src/market/routing.js';
import { get_dy } from '../../src/market/stableswap.js';
import { lstNetwork } from './network.js';
import { parseNetwork } from '../../src/network/index.js';

const WETH = 0;
const USDC = 1;
const STETH = 2;
const WSTETH = 3;

describe('route table', () => {
  it('holds every collateral → debt pair of every market, compiled to indices', () => {
    const net = lstNetwork();
    const table = buildRouteTable(net);
    expect(buildRouteTable(net)).toBe(table);
    const n = net.assets.length;
    expect([...table.pairs.keys()].sort((a, b) => a - b)).toEqual([WETH * n + WETH, WETH * n + USDC, WSTETH * n + WETH, WSTETH * n + USDC].sort((a, b) => a - b));
    const r = table.pairs.get(WSTETH * n + USDC)!;
    // wstETH → stETH by instant redemption at 1.2, stETH → ETH on Curve, ETH → USDC on three venues
    expect(r.hops.map((h) => [h.from, h.to, h.redeemRate, Array.from(h.venues)])).toEqual([
      [WSTETH, STETH, 1.2, []],
      [STETH, WETH, 0, [0]],
      [WETH, USDC, 0, [1, 2, 3]],
    ]);
    expect(table.pairs.get(WETH * n + WETH)!.hops).toEqual([]);
    // a pair outside the markets is found on first use and cached
    const back = routeBetween(table, USDC, STETH);
    expect(back.hops.map((h) => [h.from, h.to])).toEqual([
      [USDC, WETH],
      [WETH, STETH],
    ]);
    expect(routeBetween(table, USDC, STETH)).toBe(back);
  });

  it('an unroutable collateral → debt pair is an error when the table is built', () => {
    const net = lstNetwork();
    const broken: Network = { ...net, venues: net.venues.filter((v) => v.id !== 'steth-eth') };
    expect(() => buildRouteTable(broken)).toThrow('buildRouteTable: no venue route from "wstETH" to "USDC" (protocol "lender", market "core"); expected a venue (or an instant pegOf redemption) on the way so that the collateral can be sold for the debt');
    expect(() => compileMarket(broken)).toThrow(/no venue route from "wstETH"/);
    expect(() => routeBetween(buildRouteTable(net), 0, 9)).toThrow(/routeBetween: expected asset indices in 0..4, got 0 → 9/);
  });
});

describe('selling along a route', () => {
  it('wstETH → USDC: redemption, Curve, then a clearing across the ETH/USDC venues', () => {
    const m = compileMarket(lstNetwork());
    rebalanceMarket(m);
    const fresh = cloneMarket(m);
    const sale = sellAlongRoute(m, { from: 'wstETH', to: 'USDC' }, 100);
    // hop 1: 100 wstETH redeem to 120 stETH (pegOf rate 1.2)
    expect(sale.hops[0]!.amountOut).toBeCloseTo(120, 12);
    // hop 2: Curve get_dy(120 stETH)
    const eth = get_dy(fresh.venues[0] as never, 0, 1, 120);
    expect(sale.hops[1]!.amountOut).toBeCloseTo(eth, 9);
    // hop 3: the ETH cleared across v2, v3 and the book, USDC only
    const usdc = clearSales([1, 2, 3].map((v) => fresh.venues[v]!), WETH, eth, { prices: fresh.externalPrices, receive: USDC });
    expect(sale.received).toBeCloseTo(usdc.usd, 6);
    expect(sale.stranded).toEqual([]);
    expect(m.venues[0]).not.toBe(fresh.venues[0]);
    expect(m.venues[4]).toBe(fresh.venues[4]);
  });

  it('what a hop cannot take stays stranded in that hop’s asset', () => {
    const m = compileMarket(lstNetwork());
    rebalanceMarket(m);
    drainVenue(m, 'eth-usdc-v2');
    drainVenue(m, 'eth-usdc-cex');
    const sale = sellAlongRoute(m, { from: WETH, to: USDC }, 1000);
    // v3 alone holds 40000(1/√1500 − 1/√1900) + 200000(1/√1900 − 1/√2000) ETH of room below 2000, after its 5 bp fee
    const cap = (40_000 * (1 / Math.sqrt(1500) - 1 / Math.sqrt(1900)) + 200_000 * (1 / Math.sqrt(1900) - 1 / Math.sqrt(2000))) / 0.9995;
    expect(sale.hops[0]!.amountIn).toBeCloseTo(cap, 8);
    expect(sale.stranded).toEqual([{ asset: WETH, amount: expect.closeTo(1000 - cap, 8) }]);
  });

  it('refuses bad amounts and unknown assets', () => {
    const m = compileMarket(lstNetwork());
    expect(() => sellAlongRoute(m, { from: 'ETH', to: 'USDC' }, -1)).toThrow('sellAlongRoute: amount must be a finite number >= 0, got -1');
    expect(() => sellAlongRoute(m, { from: 'BTC', to: 'USDC' }, 1)).toThrow(/sellAlongRoute: unknown asset "BTC"/);
  });
});

describe('buying along a route', () => {
  it('buying 50 000 USDC with wstETH, then selling what it paid, returns 50 000 USDC (the same marginal split)', () => {
    const m = compileMarket(lstNetwork());
    rebalanceMarket(m);
    const fresh = cloneMarket(m);
    const buy = buyAlongRoute(m, { from: 'wstETH', to: 'USDC' }, 50_000);
    expect(buy.received).toBeCloseTo(50_000, 9);
    expect(buy.hops).toHaveLength(3);
    expect(buy.hops[2]!.amountOut).toBeCloseTo(50_000, 8);
    const sale = sellAlongRoute(fresh, { from: 'wstETH', to: 'USDC' }, buy.paid);
    expect(sale.received).toBeCloseTo(50_000, 5);
  });

  it('an exact purchase on one hop matches clearPurchases', () => {
    const m = compileMarket(lstNetwork());
    rebalanceMarket(m);
    const fresh = cloneMarket(m);
    const buy = buyAlongRoute(m, { from: 'USDC', to: 'ETH' }, 25);
    const c = clearPurchases([1, 2, 3].map((v) => fresh.venues[v]!), WETH, 25, { prices: fresh.externalPrices, pay: USDC });
    expect(buy.paid).toBeCloseTo(c.usd, 6);
  });
});

describe('the route table takes the deepest route', () => {
  it('a thin direct ETH/DAI pool loses to ETH → USDC → DAI when the two-hop path is deeper at every hop', () => {
    const net = parseNetwork({
      schemaVersion: 1,
      meta: { name: 'routes', snapshotDate: '2025-10-01', synthetic: true },
      assets: [
        { id: 'ETH', symbol: 'ETH', price: 2000 },
        { id: 'USDC', symbol: 'USDC', price: 1, pegOf: { asset: 'USD', rate: 1 } },
        { id: 'DAI', symbol: 'DAI', price: 1, pegOf: { asset: 'USD', rate: 1 } },
      ],
      venues: [
        // direct: $1M of DAI to receive; two hops: $200M of USDC, then $100M of DAI.
        { id: 'eth-dai', kind: 'constantProduct', coins: ['ETH', 'DAI'], reserves: [500, 1_000_000], fee: 0.003 },
        { id: 'eth-usdc', kind: 'constantProduct', coins: ['ETH', 'USDC'], reserves: [100_000, 200_000_000], fee: 0.003 },
        { id: 'usdc-dai', kind: 'stableswap', coins: ['USDC', 'DAI'], balances: [100_000_000, 100_000_000], A: 200, fee: 0.0001 },
      ],
      protocols: [],
    });
    const t = buildRouteTable(net);
    const eth = 0;
    const dai = 2;
    expect(routeBetween(t, eth, dai).hops.map((h) => [h.from, h.to])).toEqual([[0, 1], [1, 2]]);
    // When the direct pool is the deeper one, one hop wins.
    const deep = JSON.parse(JSON.stringify(net));
    deep.venues[0].reserves = [200_000, 400_000_000];
    const t2 = buildRouteTable(parseNetwork(deep));
    expect(routeBetween(t2, eth, dai).hops.map((h) => [h.from, h.to])).toEqual([[0, 2]]);
  });
});
