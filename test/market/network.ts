/** A small synthetic network for the market tests: an LST redeemable to stETH, a Curve stETH/ETH pool, and ETH/USDC venues of three kinds. */
import { parseNetwork } from '../../src/network/index.js';
import type { Network } from '../../src/network/schema/network.js';

export function lstJson(): any {
  return {
    schemaVersion: 1,
    meta: { name: 'LST → ETH → USDC (market tests)', snapshotDate: '2025-10-01', synthetic: true },
    assets: [
      { id: 'ETH', symbol: 'ETH', price: 2000, volatility: 0.6 },
      { id: 'USDC', symbol: 'USDC', price: 1, pegOf: { asset: 'USD', rate: 1 } },
      { id: 'stETH', symbol: 'stETH', price: 2000, pegOf: { asset: 'ETH', rate: 1, redeem: 'queue' } },
      { id: 'wstETH', symbol: 'wstETH', price: 2400, pegOf: { asset: 'stETH', rate: 1.2, redeem: 'instant' } },
      { id: 'USDT', symbol: 'USDT', price: 1, pegOf: { asset: 'USD', rate: 1 } },
    ],
    venues: [
      { id: 'steth-eth', kind: 'stableswap', coins: ['stETH', 'ETH'], balances: [50_000, 50_000], A: 50, fee: 0.0004, recoveryHalfLife: 1800 },
      { id: 'eth-usdc-v2', kind: 'constantProduct', coins: ['ETH', 'USDC'], reserves: [5000, 10_000_000], fee: 0.003, recoveryHalfLife: 600 },
      {
        id: 'eth-usdc-v3',
        kind: 'concentrated',
        coins: ['ETH', 'USDC'],
        fee: 0.0005,
        ranges: [
          { lower: 1500, upper: 1900, liquidity: 40_000 },
          { lower: 1900, upper: 2100, liquidity: 200_000 },
          { lower: 2100, upper: 2600, liquidity: 30_000 },
        ],
      },
      { id: 'eth-usdc-cex', kind: 'orderBook', coins: ['ETH', 'USDC'], fee: 0.001, book: { model: 'sqrtImpact', dailyVolume: 200_000 }, recoveryHalfLife: 300 },
      { id: 'usdc-usdt', kind: 'stableswap', coins: ['USDC', 'USDT'], balances: [5_000_000, 5_000_000], A: 200, fee: 0.0001 },
    ],
    protocols: [
      {
        id: 'lender',
        family: 'aave-v3',
        version: '3.3',
        oracle: { kind: 'market', delaySeconds: 0, deviation: 0 },
        markets: [
          {
            id: 'core',
            collaterals: [
              { asset: 'wstETH', ltv: 0.78, liquidationThreshold: 0.81, liquidationBonus: 0.06, liquidationProtocolFee: 0.1 },
              { asset: 'ETH', ltv: 0.8, liquidationThreshold: 0.83, liquidationBonus: 0.05, liquidationProtocolFee: 0.1 },
            ],
            borrowables: [
              { asset: 'USDC', supply: 1e7, rateModel: { model: 'aaveTwoSlope', optimalUsageRatio: 0.9, baseVariableBorrowRate: 0, variableRateSlope1: 0.04, variableRateSlope2: 0.6 } },
              { asset: 'ETH', supply: 1e4, rateModel: { model: 'aaveTwoSlope', optimalUsageRatio: 0.9, baseVariableBorrowRate: 0, variableRateSlope1: 0.03, variableRateSlope2: 0.8 } },
            ],
            positions: [],
          },
        ],
      },
    ],
  };
}

export function lstNetwork(): Network {
  return parseNetwork(lstJson());
}
