/**
 * The collateral floor (docs/protocols/positions.md "The collateral floor"; shared/bookkeeping.ts floorMinWeighted,
 * lender/offers.ts lenderOfferBound's capPerKey): under a profit floor the index also skips positions whose collateral
 * left — debt / key = collateral × LT — caps every repay below what could pay the gas. It must skip only positions the
 * exact test would refuse: on pools liquidated round after round down to dust (touched positions in the list and, past
 * 256 of them, in the touched bands), the floored listing equals the full scan's, and every position the collateral
 * floor alone skips has no offer that passes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aaveV3Engine } from '../../src/protocols/aave-v3/index.js';
import { genericEngine } from '../../src/protocols/generic/index.js';
import type { Order, ProfitFloor, RoundContext } from '../../src/protocols/engine.js';
import type { ObjectEngine } from '../../src/protocols/objects.js';
import { lenderOfferBound, listLenderLiquidatable } from '../../src/protocols/lender/index.js';
import type { LenderMarketState, LenderState } from '../../src/protocols/lender/state.js';
import { floorMinDebt, floorMinWeighted } from '../../src/protocols/shared/bookkeeping.js';
import { liquidationCandidates } from '../../src/protocols/shared/liquidation-index.js';
import { indexOf, networkOf, pricesOf, roundContext, type TestAsset } from './helpers.js';

describe('floorMinWeighted', () => {
  it('the collateral × LT at or below which no repay can pay: minDebt · closeFactor / capPerKey', () => {
    // ETH at 2,000 USDC, LT 0.8, bonus 5%: capPerKey = 2000 / (0.8 · 1.05) = 2,380.95 USDC per unit of debt / key.
    // A size floor of 2,000 USDC under a 50% close factor bounds the repay by 1,000 USDC; the collateral caps it as
    // much once collateral · LT ≤ 2000 · 0.5 / 2380.95 = 0.42 (0.525 ETH, which seizes whole for 0.525 · 2000 / 1.05 = 1,000).
    const w = floorMinWeighted(2000, 0.5, 2000 / (0.8 * 1.05));
    expect(w).toBeCloseTo(0.42, 9);
    expect(w).toBeLessThan(0.42); // the margin keeps it on the safe side
    // No cap, or no size floor: nothing skipped.
    expect(floorMinWeighted(2000, 0.5, Infinity)).toBe(0);
    expect(floorMinWeighted(0, 0.5, 2000)).toBe(0);
  });
});

const ASSETS: TestAsset[] = [{ id: 'ETH', price: 2000 }];
const rateModel = { model: 'aaveTwoSlope', optimalUsageRatio: 0.9, baseVariableBorrowRate: 0, variableRateSlope1: 0.05, variableRateSlope2: 0.8 };
const COLLATERAL = { asset: 'ETH', ltv: 0.8, liquidationThreshold: 0.83, liquidationBonus: 0.05 };

/** A one-market pool of ETH/USDC positions (`sizes` USDC owed, health factors cycling through `hfs`) and its round calls. */
function pool(kind: 'aave-v2' | 'aave-v3.3', sizes: readonly number[], hfs: readonly number[]) {
  const positions = sizes.map((usd, i) => ({ id: `p${i}`, collateral: { ETH: (hfs[i % hfs.length]! * usd) / (0.83 * 2000) }, debt: { USDC: usd } }));
  const borrowables = [{ asset: 'USDC', supply: 1e10, rateModel }];
  const prices = (eth: number) => pricesOf(net, { ETH: 2000 * eth });
  const net =
    kind === 'aave-v2'
      ? networkOf(ASSETS, [{ id: 'v2', family: 'generic', version: 'aave-v2', markets: [{ id: 'v2', closeFactor: 0.5, collaterals: [COLLATERAL], borrowables, positions }] }])
      : networkOf(ASSETS, [{ id: 'aave', family: 'aave-v3', version: '3.3', markets: [{ id: 'core', collaterals: [{ ...COLLATERAL, liquidationProtocolFee: 0.1 }], borrowables, positions }] }]);
  const calls = <S extends LenderState>(engine: ObjectEngine<S>) => {
    const state = engine.clone(engine.compile(net, net.protocols[0]!, indexOf(net)));
    return { state, prices, accrue: (ctx: RoundContext) => engine.accrue(state, ctx), execute: (orders: Order[], ctx: RoundContext) => engine.execute(state, orders, ctx) };
  };
  return kind === 'aave-v2' ? calls(genericEngine) : calls(aaveV3Engine);
}

/** Positions the collateral floor alone skips at `ctx` (the size floor's candidates less the collateral floor's). */
function skippedByCollateral(ms: LenderMarketState, ctx: RoundContext): number[] {
  const prices = ctx.oraclePrices[0]!;
  const ix = ms.index;
  const ng = ix.groupScale.length;
  const minDebt = new Float64Array(ng);
  const minWeighted = new Float64Array(ng);
  const out = { takerCollateralPerDebt: 0, closeFactor: 1, capPerKey: Infinity };
  for (let g = 0; g < ng; g++) {
    lenderOfferBound(ms, ix.groupCollateral[g]!, ix.groupDebt[g]!, prices, out);
    minDebt[g] = floorMinDebt(ctx.profitFloor!, ix.groupCollateral[g]!, ix.groupDebt[g]!, out.takerCollateralPerDebt, out.closeFactor);
    minWeighted[g] = floorMinWeighted(minDebt[g]!, out.closeFactor, out.capPerKey);
  }
  const bySize = Array.from(liquidationCandidates(ix, prices, minDebt));
  const both = new Set(liquidationCandidates(ix, prices, minDebt, minWeighted));
  for (const i of both) expect(bySize).toContain(i);
  return bySize.filter((i) => !both.has(i));
}

describe('the collateral floor skips only offers the floor refuses', () => {
  it('Aave v2 (50% close factor) and Aave 3.3, liquidated round after round: floored listing = full scan, and what it alone skips lists nothing', () => {
    let skipped = 0;
    fc.assert(
      fc.property(
        fc.constantFrom<'aave-v2' | 'aave-v3.3'>('aave-v2', 'aave-v3.3'),
        fc.array(fc.double({ min: 200, max: 200_000, noNaN: true }), { minLength: 300, maxLength: 400 }),
        fc.array(fc.double({ min: 0.6, max: 1.3, noNaN: true }), { minLength: 5, maxLength: 20 }),
        fc.array(fc.double({ min: 0.9, max: 1, noNaN: true }), { minLength: 3, maxLength: 5 }),
        fc.double({ min: 1, max: 300, noNaN: true }),
        fc.constantFrom(0.97, 1, 1.03),
        (kind, sizes, hfs, moves, gas, rateShare) => {
          const { state, prices, accrue, execute } = pool(kind, sizes, hfs);
          let eth = 0.8;
          moves.forEach((move, k) => {
            eth *= move;
            const ps = prices(eth);
            const ctx = roundContext(ps, 1, 60 * (k + 1), 3600);
            accrue(ctx);
            // The floor: ETH sells at rateShare × the oracle at best; `gas` USDC a liquidation.
            const profitFloor: ProfitFloor = { bestRate: (c, d) => (rateShare * ps[c]!) / ps[d]!, gas: ps.map((p) => gas / p) };
            const floored = { ...ctx, profitFloor };
            const listed = listLenderLiquidatable(state, floored);
            expect(listed).toEqual(listLenderLiquidatable(state, floored, { fullScan: true }));
            const refs = new Set(listed.map((o) => o.ref));
            const alone = skippedByCollateral(state.markets[0]!, floored);
            for (const i of alone) expect(refs.has(i)).toBe(false);
            skipped += alone.length;
            // Liquidate every offer in full (no floor), driving positions down to little collateral.
            const offers = listLenderLiquidatable(state, ctx);
            execute(offers.map((offer) => ({ offer, repay: offer.maxRepay })), ctx);
          });
        },
      ),
      { numRuns: 12 },
    );
    // The collateral floor did skip positions the size floor would have read.
    expect(skipped).toBeGreaterThan(0);
  });
});

describe('the collateral floor with e-mode and several pairs (Aave 3.3)', () => {
  // capPerKey takes the smallest LT·(1 + bonus) over the e-mode rows: wstETH in e-mode 0.95·1.01 = 0.9595, in the base
  // row 0.81·1.06 = 0.8586. ETH/USDC, wstETH/ETH in and out of e-mode and two-collateral, two-debt positions, prices
  // moving, interest accruing and every offer liquidated whole, round after round: the floored listing is the full scan's.
  const ASSETS: TestAsset[] = [{ id: 'ETH', price: 2000 }, { id: 'wstETH', price: 2300 }];
  const rateModel = { model: 'aaveTwoSlope', optimalUsageRatio: 0.9, baseVariableBorrowRate: 0, variableRateSlope1: 0.05, variableRateSlope2: 0.8 };
  const collaterals = [
    { asset: 'ETH', ltv: 0.8, liquidationThreshold: 0.83, liquidationBonus: 0.05, liquidationProtocolFee: 0.1 },
    { asset: 'wstETH', ltv: 0.78, liquidationThreshold: 0.81, liquidationBonus: 0.06, liquidationProtocolFee: 0.1 },
  ];
  const emodes = [{ id: 1, label: 'ETH correlated', collaterals: [{ asset: 'wstETH', ltv: 0.93, liquidationThreshold: 0.95, liquidationBonus: 0.01 }], borrowables: ['ETH'] }];
  function position(i: number, usd: number, hf: number) {
    const k = i % 4;
    if (k === 0) return { id: `p${i}`, collateral: { ETH: (hf * usd) / (0.83 * 2000) }, debt: { USDC: usd } };
    if (k === 1) return { id: `p${i}`, emode: 1, collateral: { wstETH: (hf * usd) / (0.95 * 2300) }, debt: { ETH: usd / 2000 } };
    if (k === 2) return { id: `p${i}`, collateral: { wstETH: (hf * usd) / (0.81 * 2300) }, debt: { ETH: usd / 2000 } };
    return { id: `p${i}`, collateral: { wstETH: (hf * usd) / (2 * 0.81 * 2300), ETH: (hf * usd) / (2 * 0.83 * 2000) }, debt: { USDC: usd / 2, ETH: usd / 4000 } };
  }
  it('lists exactly the full scan’s offers', () => {
    let listed = 0;
    let executed = 0;
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 200, max: 200_000, noNaN: true }), { minLength: 200, maxLength: 300 }),
        fc.array(fc.double({ min: 0.6, max: 1.3, noNaN: true }), { minLength: 5, maxLength: 20 }),
        fc.array(fc.double({ min: 0.93, max: 1.01, noNaN: true }), { minLength: 3, maxLength: 6 }),
        fc.double({ min: 1, max: 300, noNaN: true }),
        fc.constantFrom(0.97, 1, 1.03),
        (sizes, hfs, moves, gas, rateShare) => {
          const positions = sizes.map((usd, i) => position(i, usd, hfs[i % hfs.length]!));
          const net = networkOf(ASSETS, [{ id: 'aave', family: 'aave-v3', version: '3.3', markets: [{ id: 'core', collaterals, emodes, borrowables: [{ asset: 'USDC', supply: 1e10, rateModel }, { asset: 'ETH', supply: 1e7, rateModel }], positions }] }]);
          const state = aaveV3Engine.clone(aaveV3Engine.compile(net, net.protocols[0]!, indexOf(net)));
          let eth = 0.8;
          let wst = 0.8;
          moves.forEach((move, k) => {
            eth *= move;
            wst *= move * (k % 2 ? 0.985 : 1);
            const ps = pricesOf(net, { ETH: 2000 * eth, wstETH: 2300 * wst });
            const ctx = roundContext(ps, 1, 60 * (k + 1), 3600);
            aaveV3Engine.accrue(state, ctx);
            const profitFloor: ProfitFloor = { bestRate: (c, d) => (rateShare * ps[c]!) / ps[d]!, gas: ps.map((p) => gas / p) };
            const floored = { ...ctx, profitFloor };
            const kept = listLenderLiquidatable(state, floored);
            listed += kept.length;
            expect(kept).toEqual(listLenderLiquidatable(state, floored, { fullScan: true }));
            const offers = listLenderLiquidatable(state, ctx);
            executed += offers.length;
            aaveV3Engine.execute(state, offers.map((offer) => ({ offer, repay: offer.maxRepay }) as Order), ctx);
          });
        },
      ),
      { numRuns: 30 },
    );
    // Not an empty test: offers were listed under the floor and liquidated round after round.
    expect(listed).toBeGreaterThan(1000);
    expect(executed).toBeGreaterThan(listed);
  });
});
