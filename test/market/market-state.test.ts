import { describe, expect, it } from 'vitest';
import { parseNetwork } from '../../src/network/index.js';
import { compileVenue } from '../../src/market/compile.js';
import * as cp from '../../src/market/constant-product.js';
import {
  buyAsset,
  cloneMarket,
  compileMarket,
  drainVenue,
  marketPrice,
  marketPrices,
  rebalanceMarket,
  recoverMarket,
  sellAsset,
  venuesTrading,
  withdrawLiquidity,
} from '../../src/market/market-state.js';
import { spotPrice } from '../../src/market/venue.js';
import { lstJson, lstNetwork } from './network.js';

describe('compileMarket', () => {
  it('indexes venues by asset (CSR) and keeps the network order', () => {
    const m = compileMarket(lstNetwork());
    expect(m.venueIds).toEqual(['steth-eth', 'eth-usdc-v2', 'eth-usdc-v3', 'eth-usdc-cex', 'usdc-usdt']);
    expect(venuesTrading(m, 'ETH')).toEqual([0, 1, 2, 3]);
    expect(venuesTrading(m, 'USDC')).toEqual([1, 2, 3, 4]);
    expect(venuesTrading(m, 'wstETH')).toEqual([]);
    expect(() => venuesTrading(m, 'BTC')).toThrow(/venuesTrading: unknown asset "BTC"; expected one of ETH, USDC, stETH, wstETH, USDT/);
  });

  it('compiles a square-root book with the asset volatility, and refuses one without σ', () => {
    const m = compileMarket(lstNetwork());
    const cex = m.venues[3]!;
    expect(cex.kind === 'orderBook' && cex.impact).toBeCloseTo(0.6 / Math.sqrt(365), 15);
    const net = lstNetwork();
    const noSigma = { ...net, assets: net.assets.map((a) => (a.id === 'ETH' ? { ...a, volatility: undefined } : a)) };
    expect(() => compileVenue(noSigma.venues[3]!, noSigma.assets)).toThrow(/compileVenue: venue "eth-usdc-cex": the square-root law needs σ/);
  });

  it('refuses bad venues that skipped the loader', () => {
    const net = lstNetwork();
    expect(() => compileVenue({ ...net.venues[4]!, balances: [1, 2, 3] } as never, net.assets)).toThrow(/compileVenue: venue "usdc-usdt": expected one balance per coin \(2\), got 3/);
    expect(() => compileVenue({ ...net.venues[1]!, coins: ['ETH', 'DAI'] } as never, net.assets)).toThrow(/coins\[1\] "DAI" is not an asset of the network/);
    expect(() => compileVenue({ ...net.venues[1]!, reserves: [-5, 1] } as never, net.assets)).toThrow(/reserves\[0\] must be a finite amount > 0, got -5/);
    expect(() => compileVenue({ ...net.venues[0]!, A: 0 } as never, net.assets)).toThrow(/A must be a finite amplification > 0, got 0/);
  });
});

describe('market prices', () => {
  it('at the external prices every traded asset prices at its external price; an asset with no venue too', () => {
    const m = compileMarket(lstNetwork());
    rebalanceMarket(m);
    const p = marketPrices(m);
    expect(p[0]).toBeCloseTo(2000, 8);
    expect(p[1]).toBeCloseTo(1, 12);
    expect(p[2]).toBeCloseTo(2000, 8);
    expect(p[3]).toBe(2400);
  });

  it('weights each venue by the USD value of what a seller receives there', () => {
    // two ETH/USDC x·y = k pools at 2000 and 1800: weights are their USDC reserves
    const json = {
      schemaVersion: 1,
      meta: { name: 'two pools', snapshotDate: '2025-10-01', synthetic: true },
      assets: [
        { id: 'ETH', symbol: 'ETH', price: 2000 },
        { id: 'USDC', symbol: 'USDC', price: 1, pegOf: { asset: 'USD', rate: 1 } },
      ],
      venues: [
        { id: 'a', kind: 'constantProduct', coins: ['ETH', 'USDC'], reserves: [1000, 2_000_000], fee: 0.003 },
        { id: 'b', kind: 'constantProduct', coins: ['ETH', 'USDC'], reserves: [500, 900_000], fee: 0.003 },
      ],
    };
    const m = compileMarket(parseNetwork(json));
    // (2e6·2000 + 9e5·1800)/(2e6 + 9e5) = 1937.9310344827586
    expect(marketPrice(m, 'ETH')).toBeCloseTo(1937.9310344827586, 9);
    // USDC is an exogenous dollar (USD-pegged, no issuer): the ETH pools never price it, its market price is external
    expect(marketPrice(m, 'USDC')).toBe(1);
    drainVenue(m, 'b');
    expect(marketPrice(m, 'ETH')).toBeCloseTo(2000, 9);
    drainVenue(m, 'a');
    expect(marketPrice(m, 'ETH')).toBe(2000);
  });
});

describe('runs: clone, rebalance, sell, recover', () => {
  it('a clone is independent of its source', () => {
    const m = compileMarket(lstNetwork());
    const run = cloneMarket(m);
    const sale = sellAsset(run, 'ETH', 20_000);
    expect(sale.amountsIn[1]).toBeGreaterThan(0);
    expect(run.venues[1]).not.toBe(m.venues[1]);
    expect((m.venues[1] as ReturnType<typeof cp.createConstantProduct>).reserve0).toBe(5000);
    expect((run.venues[1] as ReturnType<typeof cp.createConstantProduct>).reserve0).toBeCloseTo(5000 + sale.amountsIn[1]!, 9);
    expect(run.routes).toBe(m.routes);
  });

  it('ETH −30%: every ETH venue re-balanced to 1400, then a sale moves them and recovery follows each half-life', () => {
    const m = compileMarket(lstNetwork());
    const shocked = Float64Array.from([1400, 1, 1400, 1680, 1]);
    rebalanceMarket(m, shocked);
    for (const v of [0, 1, 2, 3]) {
      const s = m.venues[v]!;
      const i = s.coinIds.indexOf('ETH');
      const other = 1 - i;
      expect(spotPrice(s, i, other) * shocked[s.coins[other]!]!).toBeCloseTo(1400, 6);
    }
    const sale = sellAsset(m, 'ETH', 3000);
    expect(sale.filled).toBeCloseTo(3000, 9);
    expect(Array.from(sale.venues)).toEqual([0, 1, 2, 3]);
    const before = spotPrice(m.venues[1]!, 0, 1);
    const v3Before = m.venues[2];
    recoverMarket(m, 600);
    // v2 half-life 600 s: the log gap halves; v3 has none: untouched
    expect(Math.log(spotPrice(m.venues[1]!, 0, 1) / 1400)).toBeCloseTo(Math.log(before / 1400) / 2, 10);
    expect(m.venues[2]).toBe(v3Before);
  });

  it('a purchase moves the venues the other way', () => {
    const m = compileMarket(lstNetwork());
    rebalanceMarket(m);
    const buy = buyAsset(m, 'ETH', 100);
    expect(buy.filled).toBeCloseTo(100, 9);
    // The ETH bought on the stETH/ETH pool makes stETH cheaper; ETH itself is priced on its dollar venues only.
    const bought = Array.from(buy.venues).map((v, k) => [m.venueIds[v], buy.amountsOut[k]]);
    const onUsd = bought.filter(([id, x]) => id !== 'steth-eth' && (x as number) > 0).length;
    expect(marketPrice(m, 'stETH')).toBeLessThan(2000);
    if (onUsd > 0) expect(marketPrice(m, 'ETH')).toBeGreaterThan(2000);
    else expect(marketPrice(m, 'ETH')).toBe(2000);
  });

  it('liquidity withdrawals by venue or by provider', () => {
    const json = lstJson();
    json.venues[1].provider = 'mm';
    json.venues[2].provider = 'mm';
    const m = compileMarket(parseNetwork(json));
    expect(withdrawLiquidity(m, { provider: 'mm' }, 0.5)).toEqual([1, 2]);
    expect((m.venues[1] as ReturnType<typeof cp.createConstantProduct>).reserve0).toBe(2500);
    expect(withdrawLiquidity(m, { venue: 'steth-eth' }, 0.25)).toEqual([0]);
    expect(() => withdrawLiquidity(m, { provider: 'nobody' }, 0.5)).toThrow(/withdrawLiquidity: no venue has provider "nobody"/);
    expect(() => withdrawLiquidity(m, { venue: 'zzz' }, 0.5)).toThrow(/withdrawLiquidity: unknown venue "zzz"/);
    expect(() => withdrawLiquidity(m, { venue: 0 }, 1)).toThrow(/share must be in \[0, 1\)/);
  });
});
