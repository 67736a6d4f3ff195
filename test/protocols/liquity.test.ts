/**
 * liquity engine, v1 and v2: worked examples computed by hand from the contracts' formulas.
 * v1: liquity/dev packages/contracts/contracts/TroveManager.sol `_liquidateNormalMode`, `_liquidateRecoveryMode`,
 *     `_getOffsetAndRedistributionVals`, `_getCappedOffsetVals`, `_redistributeDebtAndColl`, `batchLiquidateTroves`;
 *     LiquityBase.sol MCR 110%, CCR 150%, LUSD_GAS_COMPENSATION 200, PERCENT_DIVISOR 200 (protocol-params.md §5.1).
 * v2: liquity/bold contracts/src/TroveManager.sol `_liquidate`, `_getOffsetAndRedistributionVals`,
 *     `_getCollPenaltyAndSurplus`, `batchLiquidateTroves`; Constants.sol WETH branch MCR 110%, CCR 150%, SCR 110%,
 *     LIQUIDATION_PENALTY_SP 5%, _REDISTRIBUTION 10%, ETH_GAS_COMPENSATION 0.0375, COLL_GAS_COMPENSATION_CAP 2,
 *     MIN_BOLD_IN_SP 1 (protocol-params.md §5.2).
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  boldInSPForOffsets,
  computeCR,
  createLiquityEngine,
  getCappedOffsetVals,
  getCollGasCompensation,
  getCollPenaltyAndSurplus,
  getOffsetAndRedistributionVals,
  liquidateNormalMode,
  liquidateRecoveryMode,
  liquidateV2,
  liquityEngine,
} from '../../src/protocols/liquity/index.js';
import { emptyValues } from '../../src/protocols/liquity/liquidate-v1.js';
import { liquidateV2Into } from '../../src/protocols/liquity/liquidate-v2.js';
import type { Offer } from '../../src/protocols/engine.js';
import type { ObjectEngine } from '../../src/protocols/objects.js';
import type { LiquityState } from '../../src/protocols/liquity/index.js';
import { assetAt, indexOf, networkOf, pricesOf, roundContext } from './helpers.js';

type Trove = [string, number, number]; // id, ETH, debt

function branch(version: 'v1' | 'v2', troves: Trove[], stabilityPool: number, extra: Record<string, unknown> = {}) {
  const debt = version === 'v1' ? 'LUSD' : 'BOLD';
  const network = networkOf(
    [
      { id: 'ETH', price: 2000 },
      { id: debt, price: 1 },
    ],
    [
      {
        id: 'liquity',
        family: 'liquity',
        version,
        markets: [
          {
            id: 'eth',
            collaterals: [{ asset: 'ETH', MCR: 1.1, CCR: 1.5, ...(version === 'v2' ? { SCR: 1.1 } : {}) }],
            borrowables: [{ asset: debt, rateModel: extra.rateModel ?? { model: 'none' } }],
            stabilityPool,
            ...(version === 'v2' ? { liquidationPenaltySP: 0.05, liquidationPenaltyRedistribution: 0.1 } : {}),
            positions: troves.map(([id, coll, d]) => ({ id, collateral: { ETH: coll }, debt: { [debt]: d } })),
          },
        ],
      },
    ],
  );
  return { network, eth: assetAt(network, 'ETH'), debt: assetAt(network, debt) };
}

function run(engine: ObjectEngine<LiquityState>, b: ReturnType<typeof branch>, eth: number) {
  const state = engine.compile(b.network, b.network.protocols[0]!, indexOf(b.network));
  const ctx = roundContext(pricesOf(b.network, { ETH: eth }));
  const offers = engine.listLiquidatable(state, ctx);
  return { state, ctx, offers, execute: (o: Offer[] = offers) => engine.execute(state, o.map((offer) => ({ offer, repay: offer.maxRepay })), ctx) };
}

describe('Liquity pure functions', () => {
  it('computeCR = coll·price/debt, MAX_VALUE with no debt; gas compensation 0.5% (v1) and min(0.5%, 2) (v2)', () => {
    expect(computeCR({ coll: 10, debt: 18_000, price: 1900 })).toBeCloseTo(19_000 / 18_000, 14);
    expect(computeCR({ coll: 10, debt: 0, price: 1900 })).toBe(Number.MAX_VALUE);
    expect(getCollGasCompensation(10, 'v1')).toBe(0.05);
    expect(getCollGasCompensation(1000, 'v1')).toBe(5);
    expect(getCollGasCompensation(1000, 'v2')).toBe(2); // COLL_GAS_COMPENSATION_CAP
    expect(boldInSPForOffsets(1_000_000)).toBe(999_999);
    expect(boldInSPForOffsets(0.4)).toBe(0);
  });

  it('v1 _getOffsetAndRedistributionVals: a 6,000 LUSD pool offsets a third of an 18,000 debt and takes a third of 9.95 ETH', () => {
    const v = getOffsetAndRedistributionVals({ debt: 18_000, coll: 9.95, lusdInStabPool: 6_000 });
    expect(v.debtToOffset).toBe(6_000);
    expect(v.collToSendToSP).toBeCloseTo(9.95 / 3, 14);
    expect(v.debtToRedistribute).toBe(12_000);
    expect(v.collToRedistribute).toBeCloseTo((2 * 9.95) / 3, 14);
  });

  it('v1 _getCappedOffsetVals: 13,000 LUSD at $1,500 and MCR 110% cap the pool at 9.5333 ETH; 0.4667 ETH goes back', () => {
    const v = getCappedOffsetVals({ entireTroveDebt: 13_000, entireTroveColl: 10, price: 1500, MCR: 1.1 });
    expect(v.collGasCompensation).toBeCloseTo(9.533333333333333 / 200, 14);
    expect(v.collToSendToSP).toBeCloseTo(9.533333333333333 * 0.995, 12);
    expect(v.collSurplus).toBeCloseTo(0.4666666666666667, 12);
    expect(v.debtToOffset).toBe(13_000);
  });

  it('v1 _liquidateRecoveryMode: ICR <= 100% redistributes, MCR <= ICR < TCR needs the whole debt in the pool, the last trove stays', () => {
    const base = { entireTroveDebt: 16_000, entireTroveColl: 10, lusdInStabPool: 1e6, TCR: 1.3, price: 1500, MCR: 1.1, troveCount: 5 };
    const pure = liquidateRecoveryMode({ ...base, ICR: 0.9375 })!;
    expect([pure.debtToOffset, pure.debtToRedistribute, pure.collToRedistribute]).toEqual([0, 16_000, 9.95]);
    expect(liquidateRecoveryMode({ ...base, entireTroveDebt: 13_000, ICR: 15_000 / 13_000, lusdInStabPool: 12_999 })).toBeNull();
    expect(liquidateRecoveryMode({ ...base, entireTroveDebt: 10_000, ICR: 1.5 })).toBeNull(); // ICR >= TCR
    expect(liquidateRecoveryMode({ ...base, ICR: 0.9375, troveCount: 1 })).toBeNull();
  });

  it('v2 _getCollPenaltyAndSurplus: the pool takes at most debt·1.05/price', () => {
    const r = getCollPenaltyAndSurplus({ collToLiquidate: 9.95, debtToLiquidate: 18_000, penaltyRatio: 0.05, price: 1950 });
    expect(r.seizedColl).toBeCloseTo(18_900 / 1950, 14);
    expect(r.collSurplus).toBeCloseTo(9.95 - 18_900 / 1950, 14);
  });

  it("the engine's allocation-free liquidateV2Into agrees with liquidateV2 built from the contract functions", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 100, max: 1e7, noNaN: true }),
        fc.double({ min: 0.5, max: 1.2, noNaN: true }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        fc.constantFrom([0.05, 0.1], [0.05, 0.2]),
        (debt, icr, pool, [sp, red]) => {
          const price = 2000;
          const coll = (debt * icr) / price;
          const a = liquidateV2({ entireTroveDebt: debt, entireTroveColl: coll, boldInSPForOffsets: pool * debt, price, liquidationPenaltySP: sp!, liquidationPenaltyRedistribution: red! });
          const b = liquidateV2Into(emptyValues(), debt, coll, pool * debt, price, sp!, red!);
          for (const k of Object.keys(a) as (keyof typeof a)[]) expect(b[k]).toBeCloseTo(a[k], 9);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses bad input', () => {
    expect(() => computeCR({ coll: 1, debt: 1, price: 0 })).toThrow('computeCR: price must be a finite number > 0, got 0');
    expect(() => liquidateNormalMode({ entireTroveDebt: 0, entireTroveColl: 1, lusdInStabPool: 0 })).toThrow('liquidateNormalMode: entireTroveDebt must be a finite number > 0, got 0');
    expect(() => liquidateV2({ entireTroveDebt: 10, entireTroveColl: 1, boldInSPForOffsets: -1, price: 1, liquidationPenaltySP: 0.05, liquidationPenaltyRedistribution: 0.1 })).toThrow(
      'getOffsetAndRedistributionValsV2: boldInSPForOffsets must be a finite number >= 0, got -1',
    );
    expect(() => getCollGasCompensation(1, 'v3' as 'v1')).toThrow('getCollGasCompensation: version must be "v1" or "v2", got v3');
    expect(() => createLiquityEngine({ spSellShare: 2 })).toThrow('createLiquityEngine: spSellShare must be in [0, 1], got 2');
  });
});

describe('liquityEngine v1', () => {
  it('a stability-pool offset: 10 ETH / 18,000 LUSD at $1,900 (ICR 105.6%) give the pool 9.95 ETH for 18,000 LUSD', () => {
    const b = branch('v1', [['a', 10, 18_000], ['b', 100, 100_000]], 1_000_000);
    const r = run(liquityEngine, b, 1900);
    expect(r.offers).toHaveLength(1);
    const o = r.offers[0]!;
    expect(o).toMatchObject({ kind: 'absorb', automatic: true, ref: 0, collateralAsset: b.eth, debtAsset: b.debt, maxRepay: 18_000, takerShare: 0 });
    expect(o.healthFactor).toBeCloseTo(19_000 / 18_000 / 1.1, 14);
    expect(o.incentive).toBeCloseTo((9.95 * 1900) / 18_000 - 1, 14); // $18,905 for 18,000 LUSD: +5.03%
    const [e, ...rest] = r.execute();
    expect(rest).toHaveLength(0);
    expect(e).toMatchObject({ kind: 'absorb', ref: 0, repaid: 18_000, seized: 10, toTaker: 0, protocolFee: 0, redistributed: 0, debtRedistributed: 0, returnedToOwner: 0, bonus: 0, badDebt: [], absorberSellShare: 0 });
    expect(e!.toAbsorber).toBeCloseTo(9.95, 14);
    expect(e!.gasCompensation).toBeCloseTo(0.05, 14);
    expect(e!.gasPoolCompensation).toEqual({ asset: b.debt, amount: 200 }); // LUSD_GAS_COMPENSATION
    const t = liquityEngine.totals(r.state)[0]!;
    expect(t.held[b.eth]).toBeCloseTo(9.95, 14);
    expect(t.debt[b.debt]).toBe(100_000);
    expect(t.collateral[b.eth]).toBe(100);
    expect(r.state.branches[0]!.spDeposits).toBe(982_000);
  });

  it('a redistribution when the pool is empty: 9.95 ETH and 18,000 LUSD go to the other troves pro rata to collateral (100 : 50)', () => {
    const b = branch('v1', [['a', 10, 18_000], ['b', 100, 100_000], ['c', 50, 30_000]], 0);
    const r = run(liquityEngine, b, 1900);
    const [e] = r.execute();
    expect(e).toMatchObject({ repaid: 0, toAbsorber: 0, debtRedistributed: 18_000, seized: 10 });
    expect(e!.redistributed).toBeCloseTo(9.95, 14);
    const s = r.state.branches[0]!.store;
    expect(s.collAmount[1]).toBeCloseTo(100 + (9.95 * 2) / 3, 12); // 106.633333 ETH
    expect(s.debtAmount[1]).toBeCloseTo(112_000, 9);
    expect(s.collAmount[2]).toBeCloseTo(50 + 9.95 / 3, 12); // 53.316667 ETH
    expect(s.debtAmount[2]).toBeCloseTo(36_000, 9);
    const t = liquityEngine.totals(r.state)[0]!;
    expect(t.collateral[b.eth]).toBeCloseTo(159.95, 12); // 160 − the 0.05 ETH gas compensation
    expect(t.debt[b.debt]).toBeCloseTo(148_000, 9);
  });

  it('a partial offset: a 6,000 LUSD pool takes 3.3167 ETH, the rest (6.6333 ETH, 12,000 LUSD) is redistributed', () => {
    const b = branch('v1', [['a', 10, 18_000], ['b', 100, 100_000]], 6_000);
    const r = run(liquityEngine, b, 1900);
    const [e] = r.execute();
    expect(e!.repaid).toBe(6_000);
    expect(e!.toAbsorber).toBeCloseTo(9.95 / 3, 12);
    expect(e!.redistributed).toBeCloseTo((2 * 9.95) / 3, 12);
    expect(e!.debtRedistributed).toBe(12_000);
    expect(e!.seized).toBeCloseTo(e!.toAbsorber + e!.redistributed + e!.gasCompensation, 12);
    expect(r.state.branches[0]!.spDeposits).toBe(0);
    expect(r.state.branches[0]!.store.debtAmount[1]).toBeCloseTo(112_000, 9);
  });

  it('recovery mode (TCR 144.4% < CCR 150%): troves below the TCR are offset at MCR·debt and their surplus goes back', () => {
    // ETH $1,500: A 10 ETH / 13,000 (ICR 115.4%), B 100 ETH / 110,000 (136.4%), C 20 ETH / 12,000 (250%).
    const b = branch('v1', [['a', 10, 13_000], ['b', 100, 110_000], ['c', 20, 12_000]], 1_000_000);
    const r = run(liquityEngine, b, 1500);
    expect(r.offers.map((o) => o.ref)).toEqual([0, 1]); // ICR < TCR = 130·1500/135,000
    expect(r.offers[0]!.healthFactor).toBeGreaterThan(1); // a recovery-mode candidate sits above the MCR
    const [ea, eb] = r.execute();
    // A at TCR 144.4%: capped portion 13,000·1.1/1500 = 9.5333 ETH (getCappedOffsetVals).
    expect(ea!.repaid).toBe(13_000);
    expect(ea!.seized).toBeCloseTo(9.533333333333333, 12);
    expect(ea!.gasCompensation).toBeCloseTo(9.533333333333333 / 200, 14);
    expect(ea!.toAbsorber).toBeCloseTo(9.533333333333333 * 0.995, 12); // 9.48567 ETH = $14,228.50 for 13,000 LUSD
    expect(ea!.returnedToOwner).toBeCloseTo(0.4666666666666667, 12);
    // Then TCR = 120·1500/122,000 = 147.5% < 150%: B (136.4%) is still taken, capped at 80.6667 ETH.
    expect(eb!.seized).toBeCloseTo(80.66666666666667, 10);
    expect(eb!.returnedToOwner).toBeCloseTo(19.333333333333333, 10);
    const br = r.state.branches[0]!;
    expect(br.systemDebt).toBeCloseTo(12_000, 9);
    expect(br.systemColl).toBeCloseTo(20, 10); // TCR 250%: back to normal mode
    expect(br.spDeposits).toBe(877_000);
  });

  it('recoveryMode: false (the plain configuration) leaves troves above the MCR alone', () => {
    const b = branch('v1', [['a', 10, 13_000], ['b', 100, 110_000], ['c', 20, 12_000]], 1_000_000);
    const r = run(createLiquityEngine({ recoveryMode: false }), b, 1500);
    expect(r.offers).toHaveLength(0);
  });

  it('recovery mode redistributes a trove at ICR <= 100% even when the pool could absorb it', () => {
    // D 10 ETH / 16,000 at $1,500 (ICR 93.75%), E 100 ETH / 120,000: TCR 121.3%.
    const b = branch('v1', [['d', 10, 16_000], ['e', 100, 120_000]], 1_000_000);
    const r = run(liquityEngine, b, 1500);
    expect(r.offers.map((o) => o.ref)).toEqual([0]);
    const [e] = r.execute();
    expect(e).toMatchObject({ repaid: 0, toAbsorber: 0, debtRedistributed: 16_000 });
    expect(e!.redistributed).toBeCloseTo(9.95, 14);
    expect(r.state.branches[0]!.store.collAmount[1]).toBeCloseTo(109.95, 12);
  });

  it('never liquidates the last trove (_closeTrove: OnlyOneTroveLeft)', () => {
    const b = branch('v1', [['a', 10, 18_000]], 1_000_000);
    const r = run(liquityEngine, b, 1900);
    expect(r.offers).toHaveLength(1);
    expect(r.execute()).toEqual([]);
  });

  it('exposes spSellShare on the executions and checks orders', () => {
    const b = branch('v1', [['a', 10, 18_000], ['b', 100, 100_000]], 1_000_000);
    const engine = createLiquityEngine({ spSellShare: 0.25 });
    const r = run(engine, b, 1900);
    expect(() => engine.execute(r.state, [{ offer: r.offers[0]!, repay: 18_001 }], r.ctx)).toThrow("liquityEngine.execute: order repay 18001 exceeds the offer's maxRepay 18000");
    expect(() => engine.execute(r.state, [{ offer: { ...r.offers[0]!, kind: 'liquidation' }, repay: 1 }], r.ctx)).toThrow('liquityEngine.execute: Liquity makes no "liquidation" offers');
    expect(r.execute()[0]!.absorberSellShare).toBe(0.25);
  });
});

describe('liquityEngine v2', () => {
  it('a stability-pool liquidation with the surplus returned: 10 ETH / 18,000 BOLD at $1,950 (ICR 108.3%)', () => {
    const b = branch('v2', [['a', 10, 18_000], ['b', 100, 100_000]], 1_000_000);
    const r = run(liquityEngine, b, 1950);
    expect(r.offers).toHaveLength(1);
    expect(r.offers[0]!.incentive).toBeCloseTo(0.05, 12); // the pool's 5% penalty binds
    const [e] = r.execute();
    const toSP = (18_000 * 1.05) / 1950; // 9.692308 ETH = $18,900 for 18,000 BOLD
    expect(e!.repaid).toBe(18_000);
    expect(e!.toAbsorber).toBeCloseTo(toSP, 12);
    expect(e!.gasCompensation).toBeCloseTo(0.05, 14);
    expect(e!.returnedToOwner).toBeCloseTo(9.95 - toSP, 12); // 0.257692 ETH = $502.50 back to the borrower
    expect(e!.seized).toBeCloseTo(toSP + 0.05, 12); // the surplus is not seized
    expect(e!.gasPoolCompensation).toEqual({ asset: b.eth, amount: 0.0375 }); // ETH_GAS_COMPENSATION
    expect(r.state.branches[0]!.spDeposits).toBe(982_000);
    expect(liquityEngine.totals(r.state)[0]!.held[b.eth]).toBeCloseTo(toSP, 12);
  });

  it('redistribution when the pool holds only MIN_BOLD_IN_SP: 9.95 ETH (below 18,000·1.1/1950 = 10.15) and 18,000 BOLD to the other trove', () => {
    const b = branch('v2', [['a', 10, 18_000], ['b', 100, 100_000]], 1);
    const r = run(liquityEngine, b, 1950);
    const [e] = r.execute();
    expect(e).toMatchObject({ repaid: 0, toAbsorber: 0, debtRedistributed: 18_000, returnedToOwner: 0 });
    expect(e!.redistributed).toBeCloseTo(9.95, 14);
    expect(r.state.branches[0]!.spDeposits).toBe(1);
    expect(r.state.branches[0]!.store.debtAmount[1]).toBeCloseTo(118_000, 9);
  });

  it('caps the collateral gas compensation at 2 ETH', () => {
    const b = branch('v2', [['whale', 1000, 1_800_000], ['b', 1000, 1_000_000]], 10_000_000);
    const [e] = run(liquityEngine, b, 1950).execute();
    expect(e!.gasCompensation).toBe(2);
  });

  it('accrues simple interest on recorded debt and stops at shutdown (TCR < SCR)', () => {
    const b = branch('v2', [['a', 10, 18_000], ['b', 100, 100_000]], 0, { rateModel: { model: 'fixed', rate: 0.05 } });
    const state = liquityEngine.compile(b.network, b.network.protocols[0]!, indexOf(b.network));
    const hour = roundContext(pricesOf(b.network), 1, 3600, 3600);
    liquityEngine.accrue(state, hour);
    expect(state.branches[0]!.store.debtAmount[0]).toBeCloseTo(18_000 * (1 + (0.05 * 3600) / 31_536_000), 9); // +0.102740 BOLD
    liquityEngine.listLiquidatable(state, roundContext(pricesOf(b.network), 1, 3600));
    expect(state.branches[0]!.shutdown).toBe(false); // TCR 110·2000/118,000 = 186%
    // At $1,150: TCR = 110·1150/118,000.2 = 107.2% < SCR 110%: the branch shuts down.
    liquityEngine.listLiquidatable(state, roundContext(pricesOf(b.network, { ETH: 1150 }), 1, 7200));
    expect(state.branches[0]!.shutdown).toBe(true);
    const before = state.branches[0]!.store.debtAmount[1]!;
    liquityEngine.accrue(state, hour);
    expect(state.branches[0]!.store.debtAmount[1]).toBe(before);
  });

  it('a v2 branch has no recovery mode: a trove above the MCR stays however low the TCR', () => {
    const b = branch('v2', [['a', 10, 13_000], ['b', 100, 110_000], ['c', 20, 12_000]], 1_000_000);
    expect(run(liquityEngine, b, 1500).offers).toHaveLength(0);
  });
});
