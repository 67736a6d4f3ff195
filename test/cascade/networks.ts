/** Small networks for the cascade tests, built as JSON so each test can change what it needs. */
import { parseNetwork } from '../../src/network/index.js';
import type { Network } from '../../src/network/schema/network.js';

const usdc = { id: 'USDC', symbol: 'USDC', price: 1, pegOf: { asset: 'USD', rate: 1 } };
const rate = { model: 'aaveTwoSlope', optimalUsageRatio: 0.9, baseVariableBorrowRate: 0, variableRateSlope1: 0.04, variableRateSlope2: 0.6 };

export type LenderPosition = { id: string; collateral: Record<string, number>; debt: Record<string, number> };

/** One generic (Aave v2) lender with ETH (LT 80%, bonus 5%) and WBTC (75%, 8%; id `btc`) collateral on a market oracle. */
export function ethBtcLender(name: string, assets: object[], venues: object[], borrowables: object[], positions: LenderPosition[], btc = 'WBTC'): Network {
  return parseNetwork({
    schemaVersion: 1,
    meta: { name, snapshotDate: '2025-10-01', synthetic: true },
    assets,
    venues,
    protocols: [
      {
        id: 'lender',
        family: 'generic',
        version: 'aave-v2',
        oracle: { kind: 'market', delaySeconds: 0, deviation: 0 },
        markets: [
          {
            id: 'main',
            closeFactor: 0.5,
            collaterals: [
              { asset: 'ETH', ltv: 0.75, liquidationThreshold: 0.8, liquidationBonus: 0.05 },
              { asset: btc, ltv: 0.7, liquidationThreshold: 0.75, liquidationBonus: 0.08 },
            ],
            borrowables,
            positions,
          },
        ],
      },
    ],
  });
}

/** A generic lender with one market: ETH collateral (LT 0.8, bonus 5%, close factor 1), USDC debt. */
export function lender(id: string, positions: { id: string; eth: number; usdc: number }[], extra: Record<string, unknown> = {}) {
  return {
    id,
    family: 'generic',
    version: 'fraxlend',
    oracle: { kind: 'market', delaySeconds: 0, deviation: 0 },
    markets: [
      {
        id: 'main',
        closeFactor: 1,
        collaterals: [{ asset: 'ETH', ltv: 0.75, liquidationThreshold: 0.8, liquidationBonus: 0.05 }],
        borrowables: [{ asset: 'USDC', supply: 1e9, rateModel: { model: 'none' } }],
        positions: positions.map((p) => ({ id: p.id, collateral: { ETH: p.eth }, debt: { USDC: p.usdc } })),
      },
    ],
    ...extra,
  };
}

/**
 * Two lenders sharing one ETH/USDC x·y = k pool (1,000 ETH, 2,000,000 USDC, fee 0.3%, no recovery). A's position
 * (100 ETH, 130,000 USDC) is under water after ETH −20%; B's (100 ETH, 120,000 USDC) is not — until A's sale moves the pool.
 */
export function sharedVenueJson(): any {
  return {
    schemaVersion: 1,
    meta: { name: 'shared venue', snapshotDate: '2025-10-01', synthetic: true },
    assets: [{ id: 'ETH', symbol: 'ETH', price: 2000, volatility: 0.6 }, usdc],
    venues: [{ id: 'pool', kind: 'constantProduct', coins: ['ETH', 'USDC'], reserves: [1000, 2_000_000], fee: 0.003 }],
    protocols: [lender('A', [{ id: 'a1', eth: 100, usdc: 130_000 }]), lender('B', [{ id: 'b1', eth: 100, usdc: 120_000 }])],
  };
}

export const sharedVenue = (): Network => parseNetwork(sharedVenueJson());

/**
 * A spiral: one lender, many positions stacked just below and above the shocked price, a thin pool. Each round's
 * sales push the price through the next layer.
 */
export function spiralJson(): any {
  const positions = Array.from({ length: 40 }, (_, k) => {
    // HF at ETH 1,600 from 0.98 down the book to 1.37: liquidation prices 1,568 … 1,168.
    const hf = 0.98 + k * 0.01;
    return { id: `p${k}`, eth: 20, usdc: (20 * 1600 * 0.8) / hf };
  });
  return {
    schemaVersion: 1,
    meta: { name: 'spiral', snapshotDate: '2025-10-01', synthetic: true },
    assets: [{ id: 'ETH', symbol: 'ETH', price: 2000, volatility: 0.6 }, usdc],
    venues: [{ id: 'pool', kind: 'constantProduct', coins: ['ETH', 'USDC'], reserves: [600, 1_200_000], fee: 0.003, recoveryHalfLife: 120 }],
    protocols: [lender('L', positions, { reserves: [{ label: 'treasury', kind: 'treasury', asset: 'USDC', amount: 10_000 }] })],
  };
}

export { rate };

/** A generator pair whose debt-weighted HF table starts just above 1 (the bench's HF_VOLATILE, shortened). */
export function pair(collateral: string, debt: string, count: number, totalDebt: number, totalCollateral: number, emode?: number) {
  const healthFactors = [
    { quantile: 0, healthFactor: 1.02 },
    { quantile: 0.1, healthFactor: 1.2 },
    { quantile: 0.4, healthFactor: 1.6 },
    { quantile: 1, healthFactor: 3 },
  ];
  return { collateral, debt, ...(emode !== undefined ? { emode } : {}), count, totalDebt, totalCollateral, sizeLaw: { kind: 'lognormal', sigma: 1.2 }, healthFactors };
}

/** Every family in one network, a few hundred generated positions each (synthetic; parameters as in bench/cascade.bench.js). */
export function everyFamilyJson(): any {
  const chainlink = { kind: 'external', heartbeatSeconds: 3600, deviation: 0.005 };
  const rate = { model: 'aaveTwoSlope', optimalUsageRatio: 0.9, baseVariableBorrowRate: 0, variableRateSlope1: 0.05, variableRateSlope2: 0.6 };
  return {
    schemaVersion: 1,
    meta: { name: 'batch path: every family', snapshotDate: '2025-10-01', synthetic: true },
    assets: [
      { id: 'ETH', symbol: 'ETH', price: 2000, volatility: 0.6 },
      { id: 'wstETH', symbol: 'wstETH', price: 2400, pegOf: { asset: 'ETH', rate: 1.2, redeem: 'instant' } },
      { id: 'WBTC', symbol: 'WBTC', price: 60000, volatility: 0.45 },
      usdc,
      { id: 'DAI', symbol: 'DAI', price: 1, pegOf: { asset: 'USD', rate: 1 } },
      { id: 'BOLD', symbol: 'BOLD', price: 1, pegOf: { asset: 'USD', rate: 1 } },
    ],
    venues: [
      { id: 'eth-usdc', kind: 'constantProduct', coins: ['ETH', 'USDC'], reserves: [3000, 6_000_000], fee: 0.003, recoveryHalfLife: 600 },
      { id: 'eth-usdc-cex', kind: 'orderBook', coins: ['ETH', 'USDC'], fee: 0.001, recoveryHalfLife: 300, book: { model: 'sqrtImpact', dailyVolume: 20_000, impactCoefficient: 0.7 } },
      { id: 'wbtc-usdc', kind: 'constantProduct', coins: ['WBTC', 'USDC'], reserves: [100, 6_000_000], fee: 0.003, recoveryHalfLife: 900 },
      { id: 'dai-usdc', kind: 'stableswap', coins: ['DAI', 'USDC'], balances: [5e7, 5e7], A: 2000, fee: 0.0001 },
      { id: 'bold-usdc', kind: 'stableswap', coins: ['BOLD', 'USDC'], balances: [5e6, 5e6], A: 100, fee: 0.0004, recoveryHalfLife: 1800 },
    ],
    protocols: [
      {
        id: 'aave',
        family: 'aave-v3',
        version: '3.3',
        oracle: chainlink,
        reserves: [{ label: 'umbrella', kind: 'safetyModule', asset: 'USDC', amount: 1e6 }],
        markets: [
          {
            id: 'core',
            oracles: { wstETH: { kind: 'exchangeRate', base: 'ETH', heartbeatSeconds: 3600, deviation: 0.005 } },
            collaterals: [
              { asset: 'ETH', ltv: 0.805, liquidationThreshold: 0.83, liquidationBonus: 0.05, liquidationProtocolFee: 0.1 },
              { asset: 'wstETH', ltv: 0.785, liquidationThreshold: 0.81, liquidationBonus: 0.06, liquidationProtocolFee: 0.1 },
              { asset: 'WBTC', ltv: 0.73, liquidationThreshold: 0.78, liquidationBonus: 0.05, liquidationProtocolFee: 0.1 },
            ],
            borrowables: [
              { asset: 'ETH', supply: 40_000, rateModel: rate },
              { asset: 'USDC', supply: 2e8, rateModel: rate },
            ],
            emodes: [{ id: 1, label: 'ETH correlated', collaterals: [{ asset: 'wstETH', ltv: 0.93, liquidationThreshold: 0.95, liquidationBonus: 0.01 }], borrowables: ['ETH'] }],
            generator: { seed: 1, pairs: [pair('ETH', 'USDC', 400, 6e7, 6e7 / (0.83 * 2000) * 1.5), pair('WBTC', 'USDC', 200, 2e7, 2e7 / (0.78 * 60000) * 1.5), pair('wstETH', 'ETH', 200, 10_000, 10_000 / (0.95 * 1.2) * 1.12, 1)] },
          },
        ],
      },
      {
        id: 'v2',
        family: 'generic',
        version: 'aave-v2',
        oracle: chainlink,
        markets: [
          {
            id: 'v2',
            closeFactor: 0.5,
            collaterals: [{ asset: 'ETH', liquidationThreshold: 0.86, liquidationBonus: 0.05 }],
            borrowables: [{ asset: 'USDC', supply: 1e8, rateModel: rate }],
            generator: { seed: 2, pairs: [pair('ETH', 'USDC', 300, 3e7, 3e7 / (0.86 * 2000) * 1.5)] },
          },
        ],
      },
      {
        id: 'morpho',
        family: 'morpho-blue',
        oracle: { kind: 'external' },
        markets: [
          {
            id: 'wbtc-usdc-86',
            collaterals: [{ asset: 'WBTC', lltv: 0.86 }],
            borrowables: [{ asset: 'USDC', supply: 5e7, rateModel: { model: 'morphoAdaptiveCurve', rateAtTarget: 0.045 } }],
            generator: { seed: 3, pairs: [pair('WBTC', 'USDC', 200, 1e7, 1e7 / (0.86 * 60000) * 1.4)] },
          },
        ],
      },
      {
        id: 'euler',
        family: 'euler-v2',
        oracle: chainlink,
        markets: [
          {
            id: 'eusdc-prime',
            collaterals: [
              { asset: 'ETH', borrowLTV: 0.83, liquidationLTV: 0.85 },
              { asset: 'wstETH', borrowLTV: 0.81, liquidationLTV: 0.83 },
            ],
            borrowables: [{ asset: 'USDC', supply: 4e7, rateModel: rate }],
            maxLiquidationDiscount: 0.15,
            liquidationCoolOffTime: 1,
            generator: { seed: 9, pairs: [pair('ETH', 'USDC', 200, 1.5e7, (1.5e7 / (0.85 * 2000)) * 1.4), pair('wstETH', 'USDC', 100, 5e6, (5e6 / (0.83 * 2400)) * 1.3)] },
          },
        ],
      },
      {
        id: 'comet',
        family: 'compound-v3',
        oracle: chainlink,
        reserves: [{ label: 'reserves', kind: 'protocolReserves', asset: 'USDC', amount: 2e5, market: 'cusdc' }],
        markets: [
          {
            id: 'cusdc',
            storeFrontPriceFactor: 0.5,
            targetReserves: 5e6,
            collaterals: [
              { asset: 'ETH', borrowCollateralFactor: 0.825, liquidateCollateralFactor: 0.895, liquidationFactor: 0.95 },
              { asset: 'WBTC', borrowCollateralFactor: 0.7, liquidateCollateralFactor: 0.77, liquidationFactor: 0.95 },
            ],
            borrowables: [{ asset: 'USDC', supply: 5e7, rateModel: { model: 'none' } }],
            generator: { seed: 4, pairs: [pair('ETH', 'USDC', 200, 1e7, 1e7 / (0.895 * 2000) * 1.5), pair('WBTC', 'USDC', 100, 5e6, 5e6 / (0.77 * 60000) * 1.5)] },
          },
        ],
      },
      {
        id: 'sky',
        family: 'maker',
        version: 'clip',
        Hole: 5e7,
        oracle: { kind: 'market', delaySeconds: 3600, heartbeatSeconds: 3600 },
        reserves: [{ label: 'surplus buffer', kind: 'surplusBuffer', asset: 'DAI', amount: 1e6 }],
        markets: [
          {
            id: 'ETH-A',
            collaterals: [{ asset: 'ETH', mat: 1.45, chop: 1.13 }],
            borrowables: [{ asset: 'DAI', rateModel: { model: 'fixed', rate: 0.06 } }],
            dust: 7500,
            hole: 2e7,
            auction: { kind: 'clip', buf: 1.1, tail: 7200, cusp: 0.45, chip: 0.001, tip: 250, calc: { kind: 'StairstepExponentialDecrease', step: 90, cut: 0.99 } },
            generator: { seed: 5, pairs: [pair('ETH', 'DAI', 150, 1e7, (1e7 * 1.45) / 2000 * 1.6)] },
          },
        ],
      },
      {
        id: 'mcd-2020',
        family: 'maker',
        version: 'flip',
        oracle: { kind: 'external', delaySeconds: 3600 },
        reserves: [{ label: 'surplus buffer', kind: 'surplusBuffer', asset: 'DAI', amount: 5e5 }],
        markets: [
          {
            id: 'ETH-A',
            collaterals: [{ asset: 'ETH', mat: 1.5, chop: 1.13 }],
            borrowables: [{ asset: 'DAI', rateModel: { model: 'fixed', rate: 0 } }],
            auction: { kind: 'flip', beg: 1.03, ttl: 600, tau: 3 * 24 * 3600, lump: 50 },
            generator: { seed: 6, pairs: [pair('ETH', 'DAI', 60, 4e6, (4e6 * 1.5) / 2000 * 1.5)] },
          },
        ],
      },
      {
        id: 'liquity',
        family: 'liquity',
        version: 'v2',
        oracle: chainlink,
        markets: [
          {
            id: 'weth',
            collaterals: [{ asset: 'ETH', MCR: 1.1, CCR: 1.5, SCR: 1.1 }],
            borrowables: [{ asset: 'BOLD', rateModel: { model: 'fixed', rate: 0.055 } }],
            stabilityPool: 2e6,
            liquidationPenaltySP: 0.05,
            liquidationPenaltyRedistribution: 0.1,
            generator: { seed: 7, pairs: [pair('ETH', 'BOLD', 150, 5e6, (5e6 * 1.1) / 2000 * 1.5)] },
          },
        ],
      },
      {
        id: 'perpdex',
        family: 'perp',
        oracle: { kind: 'external' },
        reserves: [{ label: 'insurance fund', kind: 'insuranceFund', asset: 'USDC', amount: 20_000 }],
        markets: [
          {
            id: 'ETH-USD',
            collaterals: [{ asset: 'USDC' }],
            underlying: 'ETH',
            maintenanceMarginRatio: 0.05,
            liquidationFeeRatio: 0.01,
            positions: [
              { id: 'L1', margin: 3000, size: 10, entryPrice: 2000 },
              { id: 'L2', margin: 6000, size: 20, entryPrice: 2100 },
              { id: 'S1', margin: 900, size: -8, entryPrice: 1900 },
              { id: 'S2', margin: 5000, size: -15, entryPrice: 2000 },
            ],
          },
        ],
      },
    ],
  };
}

/** everyFamilyJson, parsed. */
export const everyFamily = (): Network => parseNetwork(everyFamilyJson());

