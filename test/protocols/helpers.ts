/**
 * Helpers for engine tests: a small valid network around the protocols under test (USDC, one constant-product venue
 * from every other asset to USDC so that the loader's sale routes exist), oracle price vectors and a RoundContext.
 */
import { parseNetwork, type Network } from '../../src/network/index.js';
import type { RoundContext } from '../../src/protocols/engine.js';
import { assetIndex } from '../../src/protocols/market-store.js';
import { debtAt, type PositionStore } from '../../src/protocols/position-store.js';
import { NEVER_LIQUIDATABLE, SCAN_ALWAYS } from '../../src/protocols/shared/liquidation-index.js';

export interface TestAsset {
  id: string;
  price: number;
}

/** The Aave v3 property tests' pool: ETH, wstETH and DAI collateral; USDC, DAI and ETH borrowable on one two-slope curve. */
export const AAVE_ASSETS: TestAsset[] = [
  { id: 'ETH', price: 2000 },
  { id: 'wstETH', price: 2400 },
  { id: 'DAI', price: 1 },
];
export const AAVE_COLLATERALS = [
  { asset: 'ETH', ltv: 0.805, liquidationThreshold: 0.83, liquidationBonus: 0.05, liquidationProtocolFee: 0.1 },
  { asset: 'wstETH', ltv: 0.785, liquidationThreshold: 0.81, liquidationBonus: 0.06, liquidationProtocolFee: 0.1 },
  { asset: 'DAI', ltv: 0, liquidationThreshold: 0.77, liquidationBonus: 0.05, liquidationProtocolFee: 0.2 },
];
export const AAVE_BORROWABLES = ['USDC', 'DAI', 'ETH'].map((asset) => ({
  asset,
  supply: asset === 'ETH' ? 100_000 : 200_000_000,
  rateModel: { model: 'aaveTwoSlope', optimalUsageRatio: 0.9, baseVariableBorrowRate: 0, variableRateSlope1: 0.05, variableRateSlope2: 0.8 },
}));

/**
 * A parsed network holding `assets` (USDC added when absent, pegged to USD), a venue from each asset to USDC, and
 * `protocols` (each given the default external oracle unless it names one).
 */
export function networkOf(assets: TestAsset[], protocols: Record<string, unknown>[]): Network {
  const all = assets.some((a) => a.id === 'USDC') ? assets : [...assets, { id: 'USDC', price: 1 }];
  return parseNetwork({
    schemaVersion: 1,
    meta: { name: 'engine test', snapshotDate: '2025-10-01', synthetic: true },
    assets: all.map((a) => ({ id: a.id, symbol: a.id, price: a.price, ...(a.id === 'USDC' ? { pegOf: { asset: 'USD', rate: 1 } } : {}) })),
    venues: all
      .filter((a) => a.id !== 'USDC')
      .map((a) => ({ id: `${a.id}-usdc`, kind: 'constantProduct', coins: [a.id, 'USDC'], reserves: [1_000_000, 1_000_000 * a.price], fee: 0.003 })),
    protocols: protocols.map((p) => ({ oracle: { kind: 'external' }, ...p })),
  });
}

/** Snapshot prices by asset index, with some replaced. */
export function pricesOf(network: Network, overrides: Record<string, number> = {}): Float64Array {
  return Float64Array.from(network.assets.map((a) => overrides[a.id] ?? a.price));
}

/** A round at `time` where every market of the protocol reads `prices`. */
export function roundContext(prices: Float64Array, markets = 1, time = 60, roundSeconds = 60): RoundContext {
  return { time, roundSeconds, oraclePrices: Array.from({ length: markets }, () => prices), marketPrices: prices };
}

/** asset id → index of a network. */
export function indexOf(network: Network): Map<string, number> {
  return assetIndex(network);
}

/** The index of asset `id`, or a thrown error naming it. */
export function assetAt(network: Network, id: string): number {
  const i = network.assets.findIndex((a) => a.id === id);
  if (i < 0) throw new Error(`assetAt: no asset "${id}"`);
  return i;
}

/** A position as the network format writes it. */
export interface TestPosition {
  id: string;
  emode?: number;
  collateral: Record<string, number>;
  debt: Record<string, number>;
}

/**
 * Builds `count` positions from a stream of uniform numbers in [0, 1) (fast-check draws them): 1–2 collaterals among
 * `collaterals`, 0–2 debts among `debts`, sized so that health factors spread around 1 at snapshot prices.
 */
export function positionsFrom(u: readonly number[], count: number, collaterals: readonly TestAsset[], debts: readonly TestAsset[]): TestPosition[] {
  let j = 0;
  const next = () => u[j++ % u.length]!;
  const out: TestPosition[] = [];
  for (let i = 0; i < count; i++) {
    const collateral: Record<string, number> = {};
    const nc = 1 + Math.floor(next() * Math.min(2, collaterals.length));
    let value = 0;
    for (let k = 0; k < nc; k++) {
      const a = collaterals[Math.floor(next() * collaterals.length)]!;
      const usd = 500 + next() * 20_000;
      collateral[a.id] = (collateral[a.id] ?? 0) + usd / a.price;
      value += usd;
    }
    const debt: Record<string, number> = {};
    const nd = Math.floor(next() * 3);
    for (let k = 0; k < nd; k++) {
      const a = debts[Math.floor(next() * debts.length)]!;
      const usd = (value * (0.3 + next() * 0.9)) / Math.max(nd, 1);
      debt[a.id] = (debt[a.id] ?? 0) + usd / a.price;
    }
    out.push({ id: `p${i}`, collateral, debt });
  }
  return out;
}

/**
 * cUSDCv3's WETH and WBTC collateral factors (compound-finance/comet deployments/mainnet/usdc/configuration.json;
 * reference/protocol-params.md §3.1–3.2), WBTC as the test asset 'BTC'.
 */
export const CUSDCV3_WETH = { asset: 'ETH', borrowCollateralFactor: 0.825, liquidateCollateralFactor: 0.895, liquidationFactor: 0.95 };
export const CUSDCV3_WBTC = { asset: 'BTC', borrowCollateralFactor: 0.7, liquidateCollateralFactor: 0.77, liquidationFactor: 0.95 };

/**
 * cUSDCv3's kinked curves (the same configuration.json, §3.1): kinks 0.8; borrow base 1.5%, slopes 3.5% / 25%;
 * supply base 0, slopes 3.25% / 40%.
 */
export const CUSDCV3_RATES = {
  supplyKink: 0.8,
  supplyPerYearInterestRateBase: 0,
  supplyPerYearInterestRateSlopeLow: 0.0325,
  supplyPerYearInterestRateSlopeHigh: 0.4,
  borrowKink: 0.8,
  borrowPerYearInterestRateBase: 0.015,
  borrowPerYearInterestRateSlopeLow: 0.035,
  borrowPerYearInterestRateSlopeHigh: 0.25,
};

/** cometNetwork's options: ids, the reserves (null: none listed), the market's size and parameters. */
export interface CometOptions {
  id?: string;
  market?: string;
  reservesLabel?: string;
  reserves?: number | null;
  /** USDC supplied; null: none given (the loader's default). */
  supply?: number | null;
  rateModel?: unknown;
  collaterals?: unknown[];
  targetReserves?: number;
  baseBorrowMin?: number;
}

/**
 * One Comet market lending USDC against ETH ($2,000) and BTC ($60,000) with cUSDCv3's factors and storefront price
 * factor 0.5: `positions` as the network format writes them. Defaults: protocol 'c', market 'cusdc', no reserves
 * listed, supply 10M USDC, no interest, target reserves 5M USDC.
 */
export function cometNetwork(positions: unknown[], o: CometOptions = {}): Network {
  const market = o.market ?? 'cusdc';
  return networkOf(
    [
      { id: 'ETH', price: 2000 },
      { id: 'BTC', price: 60000 },
    ],
    [
      {
        id: o.id ?? 'c',
        family: 'compound-v3',
        ...(o.reserves != null ? { reserves: [{ label: o.reservesLabel ?? 'r', kind: 'protocolReserves', asset: 'USDC', amount: o.reserves, market }] } : {}),
        markets: [
          {
            id: market,
            collaterals: o.collaterals ?? [CUSDCV3_WETH, CUSDCV3_WBTC],
            borrowables: [{ asset: 'USDC', ...(o.supply !== null ? { supply: o.supply ?? 1e7 } : {}), rateModel: o.rateModel ?? { model: 'none' } }],
            storeFrontPriceFactor: 0.5,
            targetReserves: o.targetReserves ?? 5e6,
            ...(o.baseBorrowMin !== undefined ? { baseBorrowMin: o.baseBorrowMin } : {}),
            positions,
          },
        ],
      },
    ],
  );
}

/**
 * A threshold family's index key for the liquidation-index tests: debt / (collateral · lt[collateral asset]) for a
 * one-pair position, SCAN_ALWAYS for several entries, NEVER_LIQUIDATABLE without debt or with an empty side.
 */
export function thresholdKeyOf(s: PositionStore, lt: Float64Array): (i: number) => number {
  return (i) => {
    const nc = s.collStart[i + 1]! - s.collStart[i]!;
    const nd = s.debtStart[i + 1]! - s.debtStart[i]!;
    if (nd === 0) return NEVER_LIQUIDATABLE;
    if (nc !== 1 || nd !== 1) return SCAN_ALWAYS;
    const coll = s.collAmount[s.collStart[i]!]!;
    const debt = debtAt(s, s.debtStart[i]!);
    if (debt === 0 || coll === 0) return NEVER_LIQUIDATABLE;
    return debt / (coll * lt[s.collAsset[s.collStart[i]!]!]!);
  };
}
