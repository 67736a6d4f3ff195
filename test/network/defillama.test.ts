import { describe, expect, it } from 'vitest';
import { fromDefiLlamaLiquidations, toDefiLlamaLiquidations } from '../../src/network/defillama.js';
import { positionHealth } from '../../src/network/position-health.js';
import { lendingPositions } from '../../src/network/markets.js';
import { priceMap } from '../../src/network/venue-value.js';
import { parseNetwork } from '../../src/network/parse.js';
import { NetworkError } from '../../src/network/errors.js';
import type { Market } from '../../src/network/schema/network.js';
import { base } from './base.js';

const WETH = '0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2';
const USDC = '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48';
const WBTC = '0x2260FAC5E5542a773Aa44fBCfeDf7C193bc2C599';

/** The two-lender example with addresses, and WBTC (8 decimals, $60,000, LT 0.7) as a second collateral of lender-b. */
function network() {
  const j = base();
  j.assets[0].address = `eth:${WETH}`;
  j.assets[1].address = `eth:${USDC}`;
  j.assets.push({ id: 'WBTC', symbol: 'WBTC', price: 60000, decimals: 8, address: `eth:${WBTC}` });
  j.venues.push({ id: 'wbtc-usdc', kind: 'constantProduct', coins: ['WBTC', 'USDC'], reserves: [100, 6000000], fee: 0.003 });
  j.protocols[1].markets[0].collaterals.push({ asset: 'WBTC', ltv: 0.65, liquidationThreshold: 0.7, liquidationBonus: 0.1 });
  return parseNetwork(j);
}

const opts = { protocol: 'lender-b', market: 'main', debtAsset: 'USDC' };
const marketOf = (n: ReturnType<typeof network>, p: string, m: string) => n.protocols.find((x) => x.id === p)!.markets.find((x) => x.id === m)! as Market;

// The published shape: raw integer strings, `ethereum:` ids in mixed case.
const published = [
  { owner: '0x1111111111111111111111111111111111111111', liqPrice: 1500, collateral: `ethereum:${WETH}`, collateralAmount: '100000000000000000000' },
  // Owner 2: 10 ETH and 0.5 WBTC. Debt D: at ETH $1,800 with WBTC held, 10·1800·0.8 + 0.5·60000·0.7 = 14,400 + 21,000 = 35,400;
  // at WBTC $52,000 with ETH held, 10·2000·0.8 + 0.5·52000·0.7 = 16,000 + 18,200 = 34,200 — so records for D = 34,200:
  // ETH liqPrice = (34,200 − 21,000) ÷ (10·0.8) = 1,650; WBTC liqPrice 52,000.
  { owner: '0x2222222222222222222222222222222222222222', liqPrice: 1650, collateral: `ethereum:${WETH.toLowerCase()}`, collateralAmount: '10000000000000000000' },
  { owner: '0x2222222222222222222222222222222222222222', liqPrice: 52000, collateral: `ethereum:${WBTC}`, collateralAmount: '50000000', extra: { displayName: 'x' } },
];

describe('fromDefiLlamaLiquidations', () => {
  it('imports the published shape: raw amounts scaled, debt from liqPrice × amount × threshold, HF 1 at liqPrice', () => {
    const before = network();
    const r = fromDefiLlamaLiquidations(before, published, opts);
    // Owner 1: 1e20 raw ÷ 1e18 = 100 ETH; debt = 1500 × 100 × 0.8 ÷ 1 = 120,000 USDC.
    expect(r.positions[0]).toMatchObject({ owner: published[0]!.owner, collateral: { ETH: 100 }, records: [0], debtSpread: 0 });
    expect(r.positions[0]!.debt).toBeCloseTo(120000, 6);
    // Owner 2: one position, both collaterals, debt 34,200 (not 1650·10·0.8 + 52000·0.5·0.7 = 31,400 summed).
    expect(r.positions[1]).toMatchObject({ collateral: { ETH: 10, WBTC: 0.5 }, records: [1, 2] });
    expect(r.positions[1]!.debt).toBeCloseTo(34200, 6);
    expect(r.positions[1]!.debtSpread).toBeLessThan(1e-12);
    expect(r.assumptions.join(' ')).toContain('never their sum');
    const protocol = r.network.protocols[1]!;
    const market = marketOf(r.network, 'lender-b', 'main');
    const added = lendingPositions(protocol, market).filter((p) => p.id.startsWith('dl-'));
    expect(added.map((p) => p.owner)).toEqual([published[0]!.owner, published[1]!.owner]);
    published.forEach((rec, k) => {
      const asset = k === 2 ? 'WBTC' : 'ETH';
      const prices = priceMap(r.network.assets).set(asset, rec.liqPrice);
      const pos = added.find((p) => p.owner === rec.owner)!;
      expect(Math.abs(positionHealth(protocol, market, pos, prices).healthFactor - 1)).toBeLessThan(1e-9);
    });
    expect(lendingPositions(before.protocols[1]!, marketOf(before, 'lender-b', 'main'))).toHaveLength(2);
  });

  it('uses the e-mode threshold of an e-mode position', () => {
    const j = JSON.parse(JSON.stringify(network()));
    j.protocols[0].markets[0].emodes = [{ id: 1, label: 'ETH correlated', borrowables: ['USDC'], collaterals: [{ asset: 'ETH', ltv: 0.9, liquidationThreshold: 0.93, liquidationBonus: 0.01 }] }];
    const n = parseNetwork(j);
    const r = fromDefiLlamaLiquidations(n, [published[0]], { protocol: 'lender-a', market: 'core', debtAsset: 'USDC', emode: 1 });
    // 1500 × 100 × 0.93 = 139,500 (0.83 outside e-mode would give 124,500).
    expect(r.positions[0]!.debt).toBeCloseTo(139500, 6);
    expect(lendingPositions(r.network.protocols[0]!, marketOf(r.network, 'lender-a', 'core')).at(-1)!.emode).toBe(1);
  });

  it('maps ids through assetMap and folds eth: into ethereum:', () => {
    const rec = [{ owner: 'o', liqPrice: 1000, collateral: 'eth:0x00000000000000000000000000000000000000AA', collateralAmount: '2000000000000000000' }];
    const r = fromDefiLlamaLiquidations(network(), rec, { ...opts, assetMap: { 'ethereum:0x00000000000000000000000000000000000000aa': 'ETH' } });
    expect(r.positions[0]!.collateral).toEqual({ ETH: 2 });
    expect(r.positions[0]!.debt).toBeCloseTo(1600, 9); // 1000 × 2 × 0.8
  });

  it('lists every bad record by index and field and imports nothing', () => {
    const n = network();
    const bad = [
      { owner: 'a', liqPrice: 1500, collateral: 'ethereum:0x0000000000000000000000000000000000000001', collateralAmount: '1' },
      { owner: 'b', liqPrice: 1500, collateral: `ethereum:${WETH}`, collateralAmount: '1.5' },
      { owner: 'c', liqPrice: 0, collateral: `ethereum:${WETH}`, collateralAmount: '1' },
      { owner: 'd', liqPrice: Number.POSITIVE_INFINITY, collateral: `ethereum:${WETH}`, collateralAmount: '1' },
      { owner: 'e', liqPrice: 1500, collateral: `ethereum:${WETH}`, collateralAmount: '1' },
      { owner: 'e', liqPrice: 1400, collateral: `eth:${WETH}`, collateralAmount: '2' },
      { owner: 'alice', liqPrice: 1400, collateral: `eth:${WETH}`, collateralAmount: '2' },
    ];
    let err: unknown;
    try {
      fromDefiLlamaLiquidations(n, bad, opts);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).issues.map((i) => i.path)).toEqual([
      'records[0].collateral',
      'records[1].collateralAmount',
      'records[2].liqPrice',
      'records[3].liqPrice',
      'records[5].collateral',
      'records[6].collateral',
    ]);
    expect((err as NetworkError).issues[4]!.message).toContain('duplicate');
    expect(lendingPositions(n.protocols[1]!, marketOf(n, 'lender-b', 'main'))).toHaveLength(2);
  });

  it('refuses options that name no protocol, market or borrowable', () => {
    expect(() => fromDefiLlamaLiquidations(network(), [], { ...opts, protocol: 'nope' })).toThrow(/options\.protocol/);
    expect(() => fromDefiLlamaLiquidations(network(), [], { ...opts, market: 'nope' })).toThrow(/options\.market/);
    expect(() => fromDefiLlamaLiquidations(network(), [], { ...opts, debtAsset: 'ETH' })).toThrow(/options\.debtAsset/);
  });
});

describe('toDefiLlamaLiquidations', () => {
  it('positions → records → positions keeps owners, collateral and debt (single collateral, single debt)', () => {
    const n = network();
    const records = toDefiLlamaLiquidations(n, 'lender-b');
    // b1: 800 ETH, 1,000,000 USDC at LT 0.8 → liqPrice = 1e6 ÷ (800 × 0.8) = 1,562.5.
    expect(records[0]).toMatchObject({ owner: 'alice', collateral: `ethereum:${WETH}`, collateralAmount: '800000000000000000000' });
    expect(records[0]!.liqPrice).toBeCloseTo(1562.5, 9);
    const j = JSON.parse(JSON.stringify(n));
    const original = j.protocols[1].markets[0].positions;
    j.protocols[1].markets[0].positions = [];
    const back = fromDefiLlamaLiquidations(parseNetwork(j), records, opts).positions;
    expect(back.map((p) => p.owner)).toEqual(['alice', 'b2']);
    back.forEach((p, k) => {
      const o = original[k];
      expect(Math.abs(p.collateral.ETH! / o.collateral.ETH - 1)).toBeLessThan(1e-9);
      expect(Math.abs(p.debt / o.debt.USDC - 1)).toBeLessThan(1e-9);
    });
  });

  it('refuses an asset without address', () => {
    expect(() => toDefiLlamaLiquidations(parseNetwork(base()), 'lender-b')).toThrow(/needs an address and decimals/);
  });
});
