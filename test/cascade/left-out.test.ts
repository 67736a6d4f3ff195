/**
 * Listing each group's top (src/protocols/left-out.ts, src/cascade/left-out-check.ts; docs/scale.md "Session 10"):
 * under profit gating a store listing leaves out the smaller positions of a group with many candidates, records a
 * bound on their repay and their exact largest profit, and the turn lists the group whole again when its decision
 * may have reached them. A run must come out exactly as with every group listed whole — the reference run strips
 * `leftOut` from the context the engine's listing sees — and what was left out must respect the recorded bounds.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { simulateCascade } from '../../src/cascade/simulate.js';
import { parseNetwork } from '../../src/network/index.js';
import type { Network } from '../../src/network/schema/network.js';
import { genericEngine } from '../../src/protocols/generic/index.js';
import { aaveV3Engine } from '../../src/protocols/aave-v3/engine.js';
import { morphoBlueEngine } from '../../src/protocols/morpho-blue/engine.js';
import type { Engine, RoundContext } from '../../src/protocols/engine.js';
import type { CascadeOptions } from '../../src/cascade/options.js';
import { ethBtcLender } from './networks.js';
import { newOfferBatch, type OfferBatch } from '../../src/protocols/batch.js';
import { LeftOut } from '../../src/protocols/left-out.js';

const usdc = { id: 'USDC', symbol: 'USDC', price: 1, pegOf: { asset: 'USD', rate: 1 } };

/**
 * One generic (Aave v2, close factor 50%) lender: ETH (LT 80%, bonus 5%) and WBTC (75%, 8%) collateral against USDC,
 * `eth` and `btc` positions (USDC owed, health factor) selling into constant-product pools of the given depth.
 */
function crowd(s: { eth: [number, number][]; btc: [number, number][]; ethPool: number; btcPool: number }): Network {
  const positions = [
    ...s.eth.map(([usd, hf], k) => ({ id: `eth-${k}`, collateral: { ETH: (hf * usd) / (0.8 * 2000) }, debt: { USDC: usd } })),
    ...s.btc.map(([usd, hf], k) => ({ id: `btc-${k}`, collateral: { WBTC: (hf * usd) / (0.75 * 60_000) }, debt: { USDC: usd } })),
  ];
  return ethBtcLender(
    'crowded groups',
    [{ id: 'ETH', symbol: 'ETH', price: 2000 }, { id: 'WBTC', symbol: 'WBTC', price: 60_000 }, usdc],
    [
      { id: 'eth-usdc', kind: 'constantProduct', coins: ['ETH', 'USDC'], reserves: [s.ethPool, s.ethPool * 2000], fee: 0.003, recoveryHalfLife: 600 },
      { id: 'wbtc-usdc', kind: 'constantProduct', coins: ['WBTC', 'USDC'], reserves: [s.btcPool, s.btcPool * 60_000], fee: 0.003, recoveryHalfLife: 600 },
    ],
    [{ asset: 'USDC', supply: 1e9, rateModel: { model: 'fixed', rate: 0.08 } }],
    positions,
  );
}

/**
 * One Aave v3 market (version 3.0 or 3.3): ETH collateral (LT 83%, bonus 5%, fee 10%) against USDC, two e-mode
 * categories paying other bonuses (1% at LT 90%; 8% at LT 86%, fee 20%); `positions` are (USDC owed, health factor,
 * category 0–2; all 0 without `emodes`, when the market has no category). Health factors below 0.95 open Aave's 100% close factor, and Aave 3.3's step and dust rules act on
 * the small debts: the repay bound and the profit bound (the largest over the categories) both decide.
 */
function crowdV3(s: { version: '3.0' | '3.3'; positions: [number, number, number][]; ethPool: number; emodes: boolean }): Network {
  const lt = [0.83, 0.9, 0.86];
  const positions = s.positions.map(([usd, hf, e0]) => [usd, hf, s.emodes ? e0 : 0] as const).map(([usd, hf, e], k) => ({ id: `p-${k}`, ...(e > 0 ? { emode: e } : {}), collateral: { ETH: (hf * usd) / (lt[e]! * 2000) }, debt: { USDC: usd } }));
  return parseNetwork({
    schemaVersion: 1,
    meta: { name: 'crowded e-mode groups', snapshotDate: '2025-10-01', synthetic: true },
    assets: [{ id: 'ETH', symbol: 'ETH', price: 2000 }, usdc],
    venues: [{ id: 'eth-usdc', kind: 'constantProduct', coins: ['ETH', 'USDC'], reserves: [s.ethPool, s.ethPool * 2000], fee: 0.0005, recoveryHalfLife: 600 }],
    protocols: [
      {
        id: 'aave',
        family: 'aave-v3',
        version: s.version,
        oracle: { kind: 'market', delaySeconds: 0, deviation: 0 },
        markets: [
          {
            id: 'core',
            collaterals: [{ asset: 'ETH', ltv: 0.805, liquidationThreshold: 0.83, liquidationBonus: 0.05, liquidationProtocolFee: 0.1 }],
            borrowables: [{ asset: 'USDC', supply: 1e10, rateModel: { model: 'fixed', rate: 0.08 } }],
            emodes: !s.emodes ? [] : [
              { id: 1, label: 'tight', collaterals: [{ asset: 'ETH', ltv: 0.88, liquidationThreshold: 0.9, liquidationBonus: 0.01 }], borrowables: ['USDC'] },
              { id: 2, label: 'generous', collaterals: [{ asset: 'ETH', ltv: 0.84, liquidationThreshold: 0.86, liquidationBonus: 0.08 }], borrowables: ['USDC'] },
            ],
            positions,
          },
        ],
      },
    ],
  });
}

/**
 * One Morpho Blue market: ETH collateral (LLTV 86%) against DAI (at $0.9997: the oracle price, a quotient, rounds),
 * `positions` (DAI owed, health factor at LLTV) selling into a constant-product pool: every offer of the market has one
 * profit, LIF / price (its bound's maxProfit).
 */
function crowdMorpho(s: { positions: [number, number][]; ethPool: number }): Network {
  const dai = 0.9997;
  const positions = s.positions.map(([owed, hf], k) => ({ id: `m-${k}`, collateral: { ETH: (hf * owed * dai) / (0.86 * 2000) }, debt: { DAI: owed } }));
  return parseNetwork({
    schemaVersion: 1,
    meta: { name: 'a crowded Morpho market', snapshotDate: '2025-10-01', synthetic: true },
    assets: [{ id: 'ETH', symbol: 'ETH', price: 2000 }, { id: 'DAI', symbol: 'DAI', price: dai, pegOf: { asset: 'USD', rate: dai } }],
    venues: [{ id: 'eth-dai', kind: 'constantProduct', coins: ['ETH', 'DAI'], reserves: [s.ethPool, (s.ethPool * 2000) / dai], fee: 0.003, recoveryHalfLife: 600 }],
    protocols: [
      {
        id: 'morpho',
        family: 'morpho-blue',
        oracle: { kind: 'market', delaySeconds: 0, deviation: 0 },
        markets: [{ id: 'eth-dai-86', collaterals: [{ asset: 'ETH', lltv: 0.86 }], borrowables: [{ asset: 'DAI', supply: 1e10, rateModel: { model: 'none' } }], positions }],
      },
    ],
  });
}

afterEach(() => vi.restoreAllMocks());

/** What a run's listings left out and how often a group was listed whole again. */
interface Counts {
  groups: number;
  /** Groups (with a row in the whole listing) whose largest profit is their bound's, bit for bit. */
  tight: number;
  withRows: number;
  rowsLeftOut: number;
  again: number;
}

/**
 * The cascade, its engine's listing checked against a whole listing of a copy of its state: the top's rows are the
 * whole listing's less the left-out rows, every left-out row is in a recorded group, within its repay bound and its
 * profit bound, and the profit bound is the largest profit of the group's rows (bit for bit).
 */
function checked(network: Network, shocks: Record<string, number>, counts: Counts, engine: Engine<unknown> = genericEngine, options: Partial<CascadeOptions> = {}) {
  const list = engine.listLiquidatableBatch;
  vi.spyOn(engine, 'listLiquidatableBatch').mockImplementation((state, ctx: RoundContext, out: OfferBatch) => {
    const whole = newOfferBatch();
    list(engine.clone(state), { ...ctx, leftOut: undefined }, whole);
    const from = out.count;
    list(state, ctx, out);
    const left = ctx.leftOut;
    if (!left || left.count === 0) return;
    counts.groups += left.count;
    const listed = new Set<number>();
    for (let r = from; r < out.count; r++) listed.add(out.ref[r]!);
    const best = new Float64Array(left.count).fill(-Infinity);
    for (let r = 0; r < whole.count; r++) {
      const k = left.find(whole.market[r]!, whole.collateralAsset[r]!, whole.debtAsset[r]!);
      const profit = whole.collateralPerDebt[r]! * whole.takerShare[r]!;
      if (k >= 0) best[k] = Math.max(best[k]!, profit);
      if (listed.has(whole.ref[r]!)) continue;
      counts.rowsLeftOut++;
      expect(k).toBeGreaterThanOrEqual(0);
      expect(whole.maxRepay[r]!).toBeLessThanOrEqual(left.repay[k]!);
      expect(profit).toBeLessThanOrEqual(left.profit[k]!);
    }
    // With one e-mode row the bound is the group's largest profit; with several, the largest over the categories.
    for (let k = 0; k < left.count; k++) if (best[k]! > -Infinity) expect(best[k]).toBeLessThanOrEqual(left.profit[k]!);
    for (let k = 0; k < left.count; k++) if (best[k]! > -Infinity) counts.withRows++;
    for (let k = 0; k < left.count; k++) if (best[k]! > -Infinity && best[k] === left.profit[k]) counts.tight++;
  });
  const again = vi.spyOn(engine, 'listPairBatch');
  // Restored however the run ends: a spy left behind would call itself in the shrinking runs after a failure.
  try {
    const r = simulateCascade(network, { shocks }, { ...options, exposure: 'none' });
    counts.again += again.mock.calls.length;
    return r;
  } finally {
    vi.restoreAllMocks();
  }
}

/** The cascade with every group listed whole (the engine's listing never sees `leftOut`). */
function whole(network: Network, shocks: Record<string, number>, engine: Engine<unknown> = genericEngine, options: Partial<CascadeOptions> = {}) {
  const list = engine.listLiquidatableBatch;
  vi.spyOn(engine, 'listLiquidatableBatch').mockImplementation((state, ctx: RoundContext, out: OfferBatch) => list(state, { ...ctx, leftOut: undefined }, out));
  try {
    return simulateCascade(network, { shocks }, { ...options, exposure: 'none' });
  } finally {
    vi.restoreAllMocks();
  }
}

/** The run with tops (checked) equals the run with every group listed whole, the manifest apart. */
function expectSameAsWhole(network: Network, shocks: Record<string, number>, counts: Counts, engine: Engine<unknown> = genericEngine, options: Partial<CascadeOptions> = {}): void {
  const { manifest: _a, ...a } = whole(network, shocks, engine, options);
  const { manifest: _b, ...b } = checked(network, shocks, counts, engine, options);
  expect(b).toEqual(a);
}

/** Every kind of listing happened: groups left rows out, some decisions sufficed on the top, others listed whole again. */
function expectEveryCase(counts: Counts): void {
  expect(counts.groups).toBeGreaterThan(0);
  expect(counts.rowsLeftOut).toBeGreaterThan(0);
  expect(counts.again).toBeGreaterThan(0);
  expect(counts.again).toBeLessThan(counts.groups);
}

describe('listing the top of each group changes nothing but the work', () => {
  it('bit for bit on 25 random crowded networks, the tops sufficing in some decisions and listed whole again in others', () => {
    const counts: Counts = { groups: 0, tight: 0, withRows: 0, rowsLeftOut: 0, again: 0 };
    // Debts from $2,000 to $300,000 (seven octaves), health factors 0.9–1.25: a shock puts hundreds of a group's
    // positions under water; the pools' depth decides how far down the search reaches.
    const position = fc.tuple(fc.double({ min: Math.log(2000), max: Math.log(300_000), noNaN: true }).map(Math.exp), fc.double({ min: 0.9, max: 1.25, noNaN: true }));
    fc.assert(
      fc.property(
        fc.array(position, { minLength: 150, maxLength: 400 }),
        fc.array(position, { minLength: 0, maxLength: 150 }),
        fc.double({ min: 50, max: 20_000, noNaN: true }),
        fc.double({ min: 2, max: 500, noNaN: true }),
        fc.double({ min: -0.35, max: -0.1, noNaN: true }),
        (eth, btc, ethPool, btcPool, shock) => {
          const net = crowd({ eth, btc, ethPool, btcPool });
          const shocks = { ETH: shock, WBTC: shock / 2 };
          expectSameAsWhole(net, shocks, counts);
        },
      ),
      { numRuns: 25, seed: 10 },
    );
    expectEveryCase(counts);
    expect(counts.tight).toBe(counts.withRows);
  });

  it('bit for bit on 25 random Aave v3 markets with e-mode categories, deep pools and cheap gas (the search often draws a whole top)', () => {
    const counts: Counts = { groups: 0, tight: 0, withRows: 0, rowsLeftOut: 0, again: 0 };
    // Debts $500 to $500,000, health factors 0.75–1.2 (Aave's 100% close factor below 0.95), a third in each category;
    // deep pools and gas of $0–5 let most of a top pay, so the search draws all of it and the left-out rows decide.
    const position = fc.tuple(fc.double({ min: Math.log(500), max: Math.log(500_000), noNaN: true }).map(Math.exp), fc.double({ min: 0.75, max: 1.2, noNaN: true }), fc.integer({ min: 0, max: 2 }));
    fc.assert(
      fc.property(
        fc.constantFrom<'3.0' | '3.3'>('3.0', '3.3'),
        fc.array(position, { minLength: 100, maxLength: 300 }),
        fc.double({ min: 2_000, max: 200_000, noNaN: true }),
        fc.double({ min: -0.3, max: -0.08, noNaN: true }),
        fc.constantFrom(0, 1, 5),
        fc.boolean(),
        (version, positions, ethPool, shock, gasCostUsd, emodes) => {
          const net = crowdV3({ version, positions, ethPool, emodes });
          const shocks = { ETH: shock };
          expectSameAsWhole(net, shocks, counts, aaveV3Engine, { gasCostUsd, maxRounds: 120 });
        },
      ),
      { numRuns: 25, seed: 11 },
    );
    expectEveryCase(counts);
    expect(counts.tight).toBeGreaterThan(0);
  });
});

describe('listing the top of a Morpho group changes nothing but the work', () => {
  it('bit for bit on 25 random crowded Morpho markets, every row\'s profit the bound\'s maxProfit', () => {
    const counts: Counts = { groups: 0, tight: 0, withRows: 0, rowsLeftOut: 0, again: 0 };
    // Debts $2,000 to $300,000, health factors 0.85–1.25; the pool's depth decides how far down the search reaches.
    const position = fc.tuple(fc.double({ min: Math.log(2000), max: Math.log(300_000), noNaN: true }).map(Math.exp), fc.double({ min: 0.85, max: 1.25, noNaN: true }));
    fc.assert(
      fc.property(fc.array(position, { minLength: 150, maxLength: 400 }), fc.double({ min: 50, max: 20_000, noNaN: true }), fc.double({ min: -0.35, max: -0.1, noNaN: true }), (positions, ethPool, shock) => {
        expectSameAsWhole(crowdMorpho({ positions, ethPool }), { ETH: shock }, counts, morphoBlueEngine);
      }),
      { numRuns: 25, seed: 12 },
    );
    expectEveryCase(counts);
    expect(counts.tight).toBe(counts.withRows);
  });
});

describe('LeftOut', () => {
  it('records groups in order, grows, finds them, and refuses a top below 1', () => {
    const left = new LeftOut(4);
    for (let k = 0; k < 20; k++) left.push(k % 3, k, k + 1, 100 * k, 1 + k / 100);
    expect(left.count).toBe(20);
    expect(left.find(1, 7, 8)).toBe(7);
    expect(left.repay[7]).toBe(700);
    expect(left.profit[19]).toBe(1.19);
    expect(left.find(0, 7, 8)).toBe(-1);
    left.clear();
    expect(left.find(1, 7, 8)).toBe(-1);
    expect(() => new LeftOut(0)).toThrow(/LeftOut: top must be an integer >= 1, got 0/);
  });
});
