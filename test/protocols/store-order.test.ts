/**
 * The storage order of generated positions (docs/protocols/positions.md "Storage order"): the generator gives
 * position k of a pair the health factor of its cumulative debt share, increasing in k, so a pair's block of the
 * compiled store is in liquidation-price order — key_k = debt_k / (collateral_k · LT) non-increasing in k — and the
 * positions under water at any price are a contiguous run at the start of the block. Interest multiplies every key
 * of the pair by the same factor, which keeps the order: the run stays a prefix after accrual. Checked on a 20,000
 * position Aave v3.3 pool with log-normal sizes (σ = 1.5) and the bench's health-factor table; and the bytes a run holds
 * per position (docs/protocols/positions.md, the round bench).
 */
import { describe, expect, it } from 'vitest';
import { aaveV3Engine } from '../../src/protocols/aave-v3/index.js';
import { clearOfferBatch, newOfferBatch } from '../../src/protocols/batch.js';
import { debtAt, storeBytes } from '../../src/protocols/position-store.js';
import { indexBytes } from '../../src/protocols/shared/liquidation-index.js';
import { indexOf, networkOf, roundContext } from './helpers.js';
import { HF_POOL, meanHealthFactor } from '../../bench/health-factors.js';

const LT = 0.83;
const COUNT = 20_000;
const TABLE = HF_POOL;

function pool() {
  const network = networkOf(
    [{ id: 'ETH', price: 2000 }],
    [
      {
        id: 'aave',
        family: 'aave-v3',
        version: '3.3',
        markets: [
          {
            id: 'core',
            collaterals: [{ asset: 'ETH', ltv: 0.805, liquidationThreshold: LT, liquidationBonus: 0.05, liquidationProtocolFee: 0.1 }],
            borrowables: [{ asset: 'USDC', supply: 100_000_000, rateModel: { model: 'aaveTwoSlope', optimalUsageRatio: 0.92, baseVariableBorrowRate: 0, variableRateSlope1: 0.065, variableRateSlope2: 0.35 } }],
            generator: {
              seed: 42,
              // The table's debt-weighted mean HF (trapezoids): collateral = 40M · mean / (0.83 · 2000) at scale 1.
              pairs: [{ collateral: 'ETH', debt: 'USDC', count: COUNT, totalDebt: 40_000_000, totalCollateral: (40_000_000 * meanHealthFactor(TABLE)) / (LT * 2000), sizeLaw: { kind: 'lognormal', sigma: 1.5 }, healthFactors: TABLE }],
            },
          },
        ],
      },
    ],
  );
  return aaveV3Engine.clone(aaveV3Engine.compile(network, network.protocols[0]!, indexOf(network)));
}

describe('storage order of generated positions', () => {
  it('stores a pair in liquidation-price order: keys non-increasing along the block', () => {
    const s = pool().markets[0]!.store;
    let rises = 0;
    let previous = Infinity;
    for (let i = 0; i < s.count; i++) {
      const key = debtAt(s, s.debtStart[i]!) / (s.collAmount[s.collStart[i]!]! * LT);
      if (key > previous) rises++;
      previous = key;
    }
    expect(s.count).toBe(COUNT);
    expect(rises).toBe(0);
  });

  it('lists the positions under water as one run at the start of the block, before and after a year of interest', () => {
    const state = pool();
    const offers = newOfferBatch();
    const runs: number[] = [];
    for (const [move, seconds] of [[-0.05, 0], [-0.1, 0], [-0.3, 0], [-0.1, 365 * 86_400]] as const) {
      const prices = new Float64Array([2000 * (1 + move), 1]);
      const ctx = roundContext(prices, 1, 60 + runs.length, seconds);
      aaveV3Engine.accrue(state, ctx);
      clearOfferBatch(offers);
      aaveV3Engine.listLiquidatableBatch!(state, ctx, offers);
      for (let r = 0; r < offers.count; r++) expect(offers.ref[r]).toBe(r);
      runs.push(offers.count);
    }
    // The table puts 3% of the debt below HF 1.1 and 15% below 1.45: −10% (HF < 1.11) and −30% (HF < 1.43) list about
    // that share of positions; a year of interest at the curve's rate lengthens the −10% run.
    expect(runs[0]).toBeGreaterThan(0);
    expect(runs[1]! / COUNT).toBeGreaterThan(0.02);
    expect(runs[1]! / COUNT).toBeLessThan(0.06);
    expect(runs[2]! / COUNT).toBeGreaterThan(0.1);
    expect(runs[3]).toBeGreaterThan(runs[1]!);
  });

  it('holds 78 bytes per one-pair position in a run: store 33, index 41, once-a-round stamps 4', () => {
    const m = pool().markets[0]!;
    // Store: owner 4 + e-mode 1 + collStart 4 + collAsset 2 + collAmount 8 + debtStart 4 + debtAsset 2 + debtScaled 8 = 33
    // (+ 8 for the two closing offsets). Index: order 4 + key 8 + debt 8 in the bands, group 4, dirty state 1, the
    // touched positions' key 8 and debt 8 (allocated by the clone) = 41, + the per-band and per-group tables.
    expect(storeBytes(m.store)).toBe(33 * COUNT + 8);
    expect(indexBytes(m.index) - 41 * COUNT).toBeGreaterThanOrEqual(0);
    expect(indexBytes(m.index) - 41 * COUNT).toBeLessThan(2_000);
    expect(m.rounds.takenInRound.byteLength).toBe(4 * COUNT);
  });
});
