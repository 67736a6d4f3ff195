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
import type { RoundContext } from '../../src/protocols/engine.js';
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
  return parseNetwork({
    schemaVersion: 1,
    meta: { name: 'crowded groups', snapshotDate: '2025-10-01', synthetic: true },
    assets: [{ id: 'ETH', symbol: 'ETH', price: 2000 }, { id: 'WBTC', symbol: 'WBTC', price: 60_000 }, usdc],
    venues: [
      { id: 'eth-usdc', kind: 'constantProduct', coins: ['ETH', 'USDC'], reserves: [s.ethPool, s.ethPool * 2000], fee: 0.003, recoveryHalfLife: 600 },
      { id: 'wbtc-usdc', kind: 'constantProduct', coins: ['WBTC', 'USDC'], reserves: [s.btcPool, s.btcPool * 60_000], fee: 0.003, recoveryHalfLife: 600 },
    ],
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
              { asset: 'WBTC', ltv: 0.7, liquidationThreshold: 0.75, liquidationBonus: 0.08 },
            ],
            borrowables: [{ asset: 'USDC', supply: 1e9, rateModel: { model: 'fixed', rate: 0.08 } }],
            positions,
          },
        ],
      },
    ],
  });
}

afterEach(() => vi.restoreAllMocks());

/** What a run's listings left out and how often a group was listed whole again. */
interface Counts {
  groups: number;
  rowsLeftOut: number;
  again: number;
}

/**
 * The cascade, its engine's listing checked against a whole listing of a copy of its state: the top's rows are the
 * whole listing's less the left-out rows, every left-out row is in a recorded group, within its repay bound and its
 * profit bound, and the profit bound is the largest profit of the group's rows (bit for bit).
 */
function checked(network: Network, shocks: Record<string, number>, counts: Counts) {
  const list = genericEngine.listLiquidatableBatch;
  vi.spyOn(genericEngine, 'listLiquidatableBatch').mockImplementation((state, ctx: RoundContext, out: OfferBatch) => {
    const whole = newOfferBatch();
    list(genericEngine.clone(state), { ...ctx, leftOut: undefined }, whole);
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
    for (let k = 0; k < left.count; k++) if (best[k]! > -Infinity) expect(best[k]).toBe(left.profit[k]);
  });
  const again = vi.spyOn(genericEngine, 'listPairBatch');
  const r = simulateCascade(network, { shocks }, { exposure: 'none' });
  counts.again += again.mock.calls.length;
  vi.restoreAllMocks();
  return r;
}

/** The cascade with every group listed whole (the engine's listing never sees `leftOut`). */
function whole(network: Network, shocks: Record<string, number>) {
  const list = genericEngine.listLiquidatableBatch;
  vi.spyOn(genericEngine, 'listLiquidatableBatch').mockImplementation((state, ctx: RoundContext, out: OfferBatch) => list(state, { ...ctx, leftOut: undefined }, out));
  const r = simulateCascade(network, { shocks }, { exposure: 'none' });
  vi.restoreAllMocks();
  return r;
}

describe('listing the top of each group changes nothing but the work', () => {
  it('bit for bit on 25 random crowded networks, the tops sufficing in some decisions and listed whole again in others', () => {
    const counts: Counts = { groups: 0, rowsLeftOut: 0, again: 0 };
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
          const reference = whole(net, shocks);
          const top = checked(net, shocks, counts);
          const { manifest: _a, ...a } = reference;
          const { manifest: _b, ...b } = top;
          expect(b).toEqual(a);
        },
      ),
      { numRuns: 25, seed: 10 },
    );
    expect(counts.groups).toBeGreaterThan(0);
    expect(counts.rowsLeftOut).toBeGreaterThan(0);
    expect(counts.again).toBeGreaterThan(0);
    expect(counts.again).toBeLessThan(counts.groups);
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
