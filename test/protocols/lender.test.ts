/**
 * The store-based lender (src/protocols/lender): the close factor, dust and deficit rules as data (LenderRules), worked
 * by hand for each version the families state — Aave v3.0 and v3.3 (aave-v3/rules.ts, LiquidationLogic of
 * aave/aave-v3-core and aave-dao/aave-v3-origin) and a constant close factor (generic: Aave v2
 * LIQUIDATION_CLOSE_FACTOR_PERCENT, Compound v2 closeFactorMantissa) — and the seam itself: a family is its rules, so
 * a generic market run under Aave 3.0's rules is the aave-v3 engine on the same reserves (no protocol fee, no e-mode),
 * and an Aave pool run under a constant close factor is the generic engine.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AAVE_V3_RULES, aaveV3Engine, aaveV3Lender, aaveV3Rules } from '../../src/protocols/aave-v3/index.js';
import { genericEngine, genericLender } from '../../src/protocols/generic/index.js';
import { acceptedRepayOf, closeFactorBound, constantCloseFactor, lenderEngine, maxLiquidatableDebtOf } from '../../src/protocols/lender/index.js';
import type { Execution, Offer } from '../../src/protocols/engine.js';
import type { ObjectEngine } from '../../src/protocols/objects.js';
import { indexOf, networkOf, positionsFrom, pricesOf, roundContext, type TestAsset } from './helpers.js';

const V30 = AAVE_V3_RULES['3.0'];
const V33 = AAVE_V3_RULES['3.3'];
const HALF = constantCloseFactor(0.5);

describe('LenderRules: the most one call may repay', () => {
  it('Aave 3.0: 50% of the debt reserve while HF > 0.95, 100% at or below', () => {
    // 10,000 USDC owed: 0.5 · 10,000 = 5,000 at HF 0.97; the whole 10,000 at HF 0.95.
    expect(maxLiquidatableDebtOf(V30, 0.97, 10_000, 5, 10_000, 2000, 1)).toBe(5000);
    expect(maxLiquidatableDebtOf(V30, 0.95, 10_000, 5, 10_000, 2000, 1)).toBe(10_000);
  });

  it('Aave 3.3: 50% of the total debt value (capped at the reserve) while HF > 0.95 and both reserves are worth >= $2,000', () => {
    // 20 ETH at $2,000 = $40,000 of collateral; 20,000 USDC of a $30,000 total debt: cap 0.5 · 30,000 = $15,000 → 15,000 USDC.
    expect(maxLiquidatableDebtOf(V33, 0.97, 30_000, 20, 20_000, 2000, 1)).toBe(15_000);
    // 10,000 USDC of the same $30,000: $10,000 <= $15,000, so the whole reserve.
    expect(maxLiquidatableDebtOf(V33, 0.97, 30_000, 20, 10_000, 2000, 1)).toBe(10_000);
    // 0.5 ETH = $1,000 of collateral reserve < $2,000: the whole debt reserve, whatever the HF.
    expect(maxLiquidatableDebtOf(V33, 0.97, 30_000, 0.5, 20_000, 2000, 1)).toBe(20_000);
  });

  it('a constant close factor: 50% of the debt reserve at any HF', () => {
    expect(maxLiquidatableDebtOf(HALF, 0.5, 0, 20, 20_000, 2000, 1)).toBe(10_000);
    expect(maxLiquidatableDebtOf(HALF, 0.99, 0, 20, 20_000, 2000, 1)).toBe(10_000);
  });

  it('dust: 3.3 lowers a partial that leaves < $1,000 to the largest that leaves none; 3.0 and a constant close factor have no such rule', () => {
    // 10 ETH ($20,000) behind 3,000 USDC, bonus 5%, HF 0.9 (full close factor). Asking 2,500 would leave $500 of debt:
    // 3.3 accepts 3,000 − 1,000 = 2,000 (the collateral bound, (10 − 1,000/2,000)·2,000/1.05 = 18,095.24, is larger).
    expect(acceptedRepayOf(V33, 0.9, 3000, 10, 3000, 2000, 1, 0.05, 2500)).toBe(2000);
    expect(acceptedRepayOf(V30, 0.9, 3000, 10, 3000, 2000, 1, 0.05, 2500)).toBe(2500);
    // A constant 50%: at most 1,500 of the 3,000.
    expect(acceptedRepayOf(HALF, 0.9, 3000, 10, 3000, 2000, 1, 0.05, 2500)).toBe(1500);
    // The collateral cap: 0.5 ETH ($1,000) covers 1,000/1.05 = 952.38 USDC of repay.
    expect(acceptedRepayOf(V30, 0.9, 3000, 0.5, 3000, 2000, 1, 0.05, 2500)).toBeCloseTo(952.380952, 6);
  });

  it('the bound on the share of the debt an offer may repay (the listing index skips by it): 1 for Aave, the close factor for a constant one', () => {
    expect(closeFactorBound(V30)).toBe(1);
    expect(closeFactorBound(V33)).toBe(1);
    expect(closeFactorBound(HALF)).toBe(0.5);
    // A close factor within the 1e-12 snap of 1 repays the whole debt (acceptedRepayOf snaps), so its bound is 1.
    expect(closeFactorBound(constantCloseFactor(1 - 1e-13))).toBe(1);
  });
});

describe('a family states its rules', () => {
  it('Aave v3 has the rules of 3.0 and 3.3 and refuses another version by name', () => {
    expect(aaveV3Rules('3.3')).toBe(V33);
    expect(() => aaveV3Rules('3.1' as never)).toThrow(/aaveV3Rules: version must be '3.0' or '3.3', got 3.1/);
    expect(() => aaveV3Rules('toString' as never)).toThrow(/got toString/);
  });

  it('generic: the close factor of the market at any health factor', () => {
    expect(genericLender.rulesOf('compound-v2', { id: 'm', collaterals: [], borrowables: [], closeFactor: 0.5 })).toEqual(HALF);
    expect(() => genericLender.rulesOf(undefined, { id: 'm', collaterals: [], borrowables: [] })).toThrow(/market "m" has no closeFactor/);
  });
});

const ASSETS: TestAsset[] = [
  { id: 'ETH', price: 2000 },
  { id: 'WBTC', price: 60_000 },
];
const RATE = { model: 'aaveTwoSlope', optimalUsageRatio: 0.9, baseVariableBorrowRate: 0, variableRateSlope1: 0.05, variableRateSlope2: 0.8 };
const FIGURES = [
  { asset: 'ETH', liquidationThreshold: 0.83, liquidationBonus: 0.05 },
  { asset: 'WBTC', liquidationThreshold: 0.75, liquidationBonus: 0.1 },
];

/** One market with the same reserves and positions, as an Aave v3 pool (no protocol fee, no e-mode) and as a generic market. */
function twins(positions: ReturnType<typeof positionsFrom>, closeFactor: number) {
  const borrowables = ['USDC', 'ETH'].map((asset) => ({ asset, supply: 1e9, rateModel: RATE }));
  const aave = networkOf(ASSETS, [{ id: 'p', family: 'aave-v3', version: '3.0', markets: [{ id: 'm', collaterals: FIGURES.map((c) => ({ ...c, ltv: 0.7, liquidationProtocolFee: 0 })), borrowables, positions }] }]);
  const generic = networkOf(ASSETS, [{ id: 'p', family: 'generic', markets: [{ id: 'm', closeFactor, collaterals: FIGURES, borrowables, positions }] }]);
  return { aave, generic };
}

/** Lists and executes every offer in full for a few rounds of falling prices; returns what each round listed and moved. */
function play<S>(engine: ObjectEngine<S>, network: ReturnType<typeof networkOf>, moves: number[]): { offers: Offer[]; executions: Execution[] }[] {
  const state = engine.clone(engine.compile(network, network.protocols[0]!, indexOf(network)));
  return moves.map((m, k) => {
    const ctx = roundContext(pricesOf(network, { ETH: 2000 * m, WBTC: 60_000 * m }), 1, 60 * (k + 1));
    const offers = engine.listLiquidatable(state, ctx);
    const executions = engine.execute(state, offers.map((offer) => ({ offer, repay: offer.maxRepay })), ctx);
    engine.accrue(state, ctx);
    return { offers, executions };
  });
}

describe('a lender family is its rules', () => {
  const arb = fc.record({
    u: fc.array(fc.noBias(fc.integer({ min: 0, max: 999_999 })).map((x) => x / 1e6), { minLength: 40, maxLength: 100 }),
    count: fc.integer({ min: 1, max: 30 }),
    moves: fc.array(fc.double({ min: 0.5, max: 1, noNaN: true }), { minLength: 1, maxLength: 4 }),
    closeFactor: fc.constantFrom(0.5, 1),
  });

  it('a generic market under Aave 3.0 rules is the aave-v3 engine; an Aave pool under a constant close factor is the generic engine', () => {
    let executions = 0;
    fc.assert(
      fc.property(arb, ({ u, count, moves, closeFactor }) => {
        const { aave, generic } = twins(positionsFrom(u, count, ASSETS, [{ id: 'USDC', price: 1 }, { id: 'ETH', price: 2000 }]), closeFactor);
        const genericUnderAave = lenderEngine({ ...genericLender, rulesOf: () => V30 });
        const aaveUnderConstant = lenderEngine({ ...aaveV3Lender, rulesOf: () => constantCloseFactor(closeFactor) });
        const a = play(aaveV3Engine, aave, moves);
        expect(play(genericUnderAave, generic, moves)).toEqual(a);
        const g = play(genericEngine, generic, moves);
        expect(play(aaveUnderConstant, aave, moves)).toEqual(g);
        executions += a.reduce((x, r) => x + r.executions.length, 0) + g.reduce((x, r) => x + r.executions.length, 0);
      }),
      { numRuns: 40 },
    );
    expect(executions).toBeGreaterThan(50);
  });

  it('the two families differ only by their rules: on the same positions Aave 3.0 and a constant 50% close factor part at HF <= 0.95', () => {
    // One position: 10 ETH behind 15,000 USDC; at ETH $1,700, HF = 10·1,700·0.83/15,000 = 0.9407 <= 0.95:
    // Aave 3.0 lets the whole 15,000 be repaid (capped by the collateral: 17,000/1.05 = 16,190.48 > 15,000); 50% lets 7,500.
    const { aave, generic } = twins([{ id: 'p0', collateral: { ETH: 10 }, debt: { USDC: 15_000 } }], 0.5);
    const [ra] = play(aaveV3Engine, aave, [0.85]);
    const [rg] = play(genericEngine, generic, [0.85]);
    expect(ra!.offers[0]!.healthFactor).toBeCloseTo(0.940667, 6);
    expect(ra!.offers[0]!.maxRepay).toBe(15_000);
    expect(rg!.offers[0]!.maxRepay).toBe(7500);
  });
});
