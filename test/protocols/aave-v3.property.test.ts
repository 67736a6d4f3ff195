/**
 * Aave v3 engine, property tests on random pools (versions 3.0 and 3.3, multi-asset positions, an e-mode):
 * - the indexed scan gives exactly the offers of a full scan, before and after liquidations, interest and a new price;
 * - an offer never names a healthy position, and every liquidatable position with collateral gets one;
 * - collateral seized never exceeds collateral held; repaid debt never exceeds the debt;
 *   seized = to the liquidator + protocol fee; nothing is NaN, Infinity or negative;
 * - bad debt only when the position's last collateral is taken, and none while its collateral covers the debt plus the
 *   largest bonus (LiquidationLogic pays the bonus before the lenders, so between debt and debt·(1 + bonus) a deficit
 *   may appear: aave-v3.test.ts shows one);
 * - totals move by exactly what the executions say (conservation).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aaveV3Engine, calculateUserAccountData, listLiquidatable, type AaveV3State } from '../../src/protocols/aave-v3/index.js';
import type { Execution, Order } from '../../src/protocols/engine.js';
import { AAVE_ASSETS as ASSETS, AAVE_BORROWABLES as BORROWABLES, AAVE_COLLATERALS as COLLATERALS, indexOf, networkOf, positionsFrom, pricesOf, roundContext } from './helpers.js';

const EMODES = [{ id: 1, label: 'ETH correlated', collaterals: [{ asset: 'wstETH', ltv: 0.93, liquidationThreshold: 0.95, liquidationBonus: 0.01 }, { asset: 'ETH', ltv: 0.93, liquidationThreshold: 0.95, liquidationBonus: 0.01 }], borrowables: ['ETH'] }];
const MAX_BONUS = 0.06;

function build(version: '3.0' | '3.3', u: number[], count: number) {
  const positions = positionsFrom(u, count, [...ASSETS, { id: 'USDC', price: 1 }].filter((a) => a.id !== 'USDC'), [{ id: 'USDC', price: 1 }, { id: 'DAI', price: 1 }, { id: 'ETH', price: 2000 }]);
  // Positions that owe only ETH join e-mode 1 every other time.
  positions.forEach((p, i) => {
    const debts = Object.keys(p.debt);
    if (debts.length > 0 && debts.every((d) => d === 'ETH') && Object.keys(p.collateral).every((c) => c !== 'DAI') && i % 2 === 0) p.emode = 1;
  });
  const network = networkOf(ASSETS, [{ id: 'aave', family: 'aave-v3', version, markets: [{ id: 'core', collaterals: COLLATERALS, borrowables: BORROWABLES, emodes: EMODES, positions }] }]);
  return { network, state: aaveV3Engine.compile(network, network.protocols[0]!, indexOf(network)) };
}

const arb = fc.record({
  version: fc.constantFrom<'3.0' | '3.3'>('3.0', '3.3'),
  u: fc.array(fc.noBias(fc.integer({ min: 0, max: 999_999 })).map((x) => x / 1e6), { minLength: 40, maxLength: 120 }),
  count: fc.integer({ min: 1, max: 30 }),
  eth: fc.double({ min: 0.3, max: 1.2, noNaN: true }),
  wst: fc.double({ min: 0.9, max: 1.05, noNaN: true }),
  dai: fc.double({ min: 0.9, max: 1.1, noNaN: true }),
  share: fc.double({ min: 0, max: 1, noNaN: true }),
});

function snapshot(state: AaveV3State) {
  const s = state.markets[0]!.store;
  return { coll: s.collAmount.slice(), debt: s.debtAmount.slice() };
}

function checkExecutions(state: AaveV3State, before: ReturnType<typeof snapshot>, execs: Execution[], prices: Float64Array): void {
  const s = state.markets[0]!.store;
  const byRef = new Map(execs.map((e) => [e.ref, e]));
  for (const e of execs) {
    for (const x of [e.repaid, e.seized, e.toTaker, e.protocolFee, e.bonus]) {
      expect(Number.isFinite(x)).toBe(true);
      expect(x).toBeGreaterThanOrEqual(0);
    }
    expect(Math.abs(e.toTaker + e.protocolFee - e.seized)).toBeLessThanOrEqual(1e-12 * e.seized);
    const i = e.ref;
    let held = 0;
    let owed = 0;
    let collValue = 0;
    let debtValue = 0;
    for (let k = s.collStart[i]!; k < s.collStart[i + 1]!; k++) {
      if (s.collAsset[k] === e.collateralAsset) held = before.coll[k]!;
      collValue += before.coll[k]! * prices[s.collAsset[k]!]!;
    }
    for (let k = s.debtStart[i]!; k < s.debtStart[i + 1]!; k++) {
      if (s.debtAsset[k] === e.debtAsset) owed = before.debt[k]!;
      debtValue += before.debt[k]! * prices[s.debtAsset[k]!]!;
    }
    expect(e.seized).toBeLessThanOrEqual(held);
    expect(e.repaid).toBeLessThanOrEqual(owed);
    if (e.badDebt.length > 0) {
      for (let k = s.collStart[i]!; k < s.collStart[i + 1]!; k++) expect(s.collAmount[k]).toBe(0);
      expect(state.version).toBe('3.3');
    }
    if (collValue >= debtValue * (1 + MAX_BONUS)) expect(e.badDebt).toEqual([]);
  }
  // Conservation: every amount moved is in an execution.
  for (let i = 0; i < s.count; i++) {
    const e = byRef.get(i);
    for (let k = s.collStart[i]!; k < s.collStart[i + 1]!; k++) {
      const out = e && s.collAsset[k] === e.collateralAsset ? e.seized : 0;
      expect(s.collAmount[k]).toBeCloseTo(before.coll[k]! - out, 9);
    }
    for (let k = s.debtStart[i]!; k < s.debtStart[i + 1]!; k++) {
      const a = s.debtAsset[k]!;
      const out = (e && a === e.debtAsset ? e.repaid : 0) + (e?.badDebt.find((b) => b.asset === a)?.amount ?? 0);
      expect(s.debtAmount[k]).toBeCloseTo(before.debt[k]! - out, 9);
    }
  }
}

describe('aave-v3 properties', () => {
  it('indexed scan = full scan; offers only for HF < 1; seized <= held; repaid <= debt; conservation', () => {
    fc.assert(
      fc.property(arb, ({ version, u, count, eth, wst, dai, share }) => {
        const { network, state } = build(version, u, count);
        const ms = state.markets[0]!;
        const prices = pricesOf(network, { ETH: 2000 * eth, wstETH: 2400 * eth * wst, DAI: dai });
        const ctx = roundContext(prices);
        const offers = listLiquidatable(state, ctx);
        expect(offers).toEqual(listLiquidatable(state, ctx, { fullScan: true }));
        const liquidatable = new Set(offers.map((o) => o.ref));
        for (let i = 0; i < ms.store.count; i++) {
          const hf = calculateUserAccountData(ms, i, prices).healthFactor;
          let coll = 0;
          for (let k = ms.store.collStart[i]!; k < ms.store.collStart[i + 1]!; k++) coll += ms.store.collAmount[k]!;
          expect(liquidatable.has(i)).toBe(hf < 1 && coll > 0);
        }
        for (const o of offers) {
          expect(o.maxRepay).toBeGreaterThan(0);
          expect(Number.isFinite(o.collateralPerDebt)).toBe(true);
        }
        const before = snapshot(state);
        const orders: Order[] = offers.map((offer, k) => ({ offer, repay: k % 2 === 0 ? offer.maxRepay : offer.maxRepay * share }));
        const execs = aaveV3Engine.execute(state, orders, ctx);
        checkExecutions(state, before, execs, prices);

        // A later round: interest, a further price move; the index (dirty positions, scaled keys) still agrees.
        const later = roundContext(pricesOf(network, { ETH: 2000 * eth * 0.9, wstETH: 2400 * eth * wst * 0.9, DAI: dai }), 1, 120, 3600);
        aaveV3Engine.accrue(state, later);
        expect(listLiquidatable(state, later)).toEqual(listLiquidatable(state, later, { fullScan: true }));
        // Under a profit floor too: the index skips by size only what the rule would leave out.
        for (const factor of [0.97, 1, 1.03]) {
          const ps = later.oraclePrices[0]!;
          const floored = { ...later, profitFloor: { bestRate: (c: number, d: number) => (factor * ps[c]!) / ps[d]!, gas: ps.map((p) => 40 / p) } };
          expect(listLiquidatable(state, floored)).toEqual(listLiquidatable(state, floored, { fullScan: true }));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('a clone is independent of its source', () => {
    const { network, state } = build('3.3', [0.1, 0.9, 0.5, 0.3, 0.7, 0.2, 0.8], 8);
    const run = aaveV3Engine.clone(state);
    const ctx = roundContext(pricesOf(network, { ETH: 900, wstETH: 1000 }));
    const offers = aaveV3Engine.listLiquidatable(run, ctx);
    expect(offers.length).toBeGreaterThan(0);
    const before = snapshot(state);
    aaveV3Engine.execute(run, offers.map((offer) => ({ offer, repay: offer.maxRepay })), ctx);
    expect(snapshot(state)).toEqual(before);
    expect(aaveV3Engine.listLiquidatable(state, ctx)).toEqual(offers);
  });
});
