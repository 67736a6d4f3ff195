/**
 * The compile steps every store-based market shares (src/protocols/shared/store-market.ts): the index key of a
 * one-collateral, one-debt family (Morpho Blue's borrowed / (collateral · lltv), Comet's borrow / (collateral · LCF)),
 * debt per asset, one asset's booked bad debt, and the family check of compileMarkets.
 */
import { describe, expect, it } from 'vitest';
import { buildStore } from '../../src/protocols/position-store.js';
import { NEVER_LIQUIDATABLE, SCAN_ALWAYS } from '../../src/protocols/shared/liquidation-index.js';
import { badDebtIn, compileMarkets, debtByAsset, lentAssetBadDebt, onePairKey, type StoreMarket } from '../../src/protocols/shared/store-market.js';
import { networkOf } from './helpers.js';

// Assets: 0 ETH, 1 WBTC, 2 USDC.
const store = buildStore([
  { collateral: [[0, 10]], debt: [[2, 16_000]] }, // one pair
  { collateral: [[0, 1], [1, 0.1]], debt: [[2, 500]] }, // two collaterals
  { collateral: [], debt: [[2, 300]] }, // debt with no collateral behind it
  { collateral: [[0, 2]], debt: [] }, // a supplier
  { collateral: [[0, 2]], debt: [[2, 0]] }, // owes nothing
]);

describe('onePairKey', () => {
  it('keys a one-pair position by debt / (collateral · factor): 16,000 / (10 · 0.86) = 1,860.47 USDC per ETH', () => {
    const factor = new Float64Array([0.86, 0, 0]);
    const key = onePairKey(store, factor);
    expect(key(0)).toBe(16_000 / (10 * 0.86));
    // HF = (price ratio) / key: at ETH $1,850, 1,850 / 1,860.47 = 0.99438 = 10 · 1,850 · 0.86 / 16,000.
    expect(1850 / key(0)).toBeCloseTo((10 * 1850 * 0.86) / 16_000, 14);
    expect(key(1)).toBe(SCAN_ALWAYS);
    expect(key(2)).toBe(SCAN_ALWAYS);
    expect(key(3)).toBe(NEVER_LIQUIDATABLE);
    expect(key(4)).toBe(NEVER_LIQUIDATABLE);
  });
});

describe('debtByAsset, badDebtIn and lentAssetBadDebt', () => {
  it('sums the debt per asset: 16,000 + 500 + 300 + 0 = 16,800 USDC, nothing else', () => {
    expect([...debtByAsset(store, 3)]).toEqual([0, 0, 16_800]);
  });

  it('books one asset’s bad debt in a fresh array of the market’s assets', () => {
    const ms = { assetCount: 3 } as StoreMarket;
    const a = badDebtIn(ms, 2, 1_630);
    expect([...a]).toEqual([0, 0, 1_630]);
    expect(badDebtIn(ms, 2, 1_630)).not.toBe(a);
    // A market that lends one asset books its bad debt in it (Morpho's loan asset, Comet's base, a vault's liability).
    const lender = { assetCount: 3, borrowables: [{ asset: 2 }], badDebt: 1_630 } as unknown as StoreMarket & { badDebt: number };
    expect([...lentAssetBadDebt(lender)]).toEqual([0, 0, 1_630]);
  });
});

describe('compileMarkets', () => {
  it('refuses a protocol of another family, naming the engine and both families', () => {
    const market = { id: 'eth-usdc', collaterals: [{ asset: 'ETH', lltv: 0.86 }], borrowables: [{ asset: 'USDC', rateModel: { model: 'none' } }], positions: [] };
    const net = networkOf([{ id: 'ETH', price: 2000 }], [{ id: 'm', family: 'morpho-blue', markets: [market] }]);
    expect(() => compileMarkets('compoundV3Engine', 'compound-v3', net.protocols[0]!, () => ({}) as StoreMarket)).toThrow(
      'compoundV3Engine.compile: protocol "m" is of family "morpho-blue"; expected "compound-v3"',
    );
  });
});
