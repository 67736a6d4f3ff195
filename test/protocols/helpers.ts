/**
 * Helpers for engine tests: a small valid network around the protocols under test (USDC, one constant-product venue
 * from every other asset to USDC so that the loader's sale routes exist), oracle price vectors and a RoundContext.
 */
import { parseNetwork, type Network } from '../../src/network/index.js';
import type { RoundContext } from '../../src/protocols/engine.js';
import { assetIndex } from '../../src/protocols/market-store.js';

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
