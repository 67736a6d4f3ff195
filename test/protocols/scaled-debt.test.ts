/**
 * Scaled debt in the position store (src/protocols/position-store.ts): debt kept against a per-asset index, as
 * Aave's variable debt token keeps scaledBalance against variableBorrowIndex (Aave v3 ScaledBalanceTokenBase,
 * VariableDebtToken.balanceOf = scaledBalance · index) and Maker keeps art against rate (vat.sol: tab = art · rate),
 * plus Liquity v2's simple interest on recorded debt (TroveManager._calcInterest: recordedDebt · rate · Δt / year).
 * Interest is then O(assets) per round; the actual debt read through the index must equal the debt grown entry by
 * entry, as the engines did before, to float rounding.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  accrueRecordedInterest,
  addDebtAt,
  buildStore,
  cloneStore,
  debtAt,
  debtOf,
  growDebt,
  hasCollateral,
  hasDebt,
  setDebtAt,
  settleDebt,
  type StoreEntry,
} from '../../src/protocols/position-store.js';
import { accrueStore, borrowableState, buildLiquidationIndex } from '../../src/protocols/shared/index.js';
import { storeTotals } from '../../src/protocols/shared/health.js';
import { accrualFactor } from '../../src/protocols/rates/index.js';

const close = (x: number, y: number) => Math.abs(x - y) <= 1e-12 * Math.max(Math.abs(x), Math.abs(y)) + 1e-300;

describe('scaled debt: reads, writes, folds', () => {
  it('reads debt through the index and folds it on `debtAmount` (scaledBalance · index)', () => {
    // 1,000 USDC (asset 2) and 1 ETH (asset 0) of debt; USDC's index grows 3% then 2%: 1,000 · 1.03 · 1.02 = 1,050.6.
    const s = buildStore([{ collateral: [[1, 5]], debt: [[2, 1000], [0, 1]] }]);
    growDebt(s, 2, 1.03);
    growDebt(s, 2, 1.02);
    expect(s.debtScaled[0]).toBe(1000); // nothing per position moved
    expect(s.debtIndex[2]).toBeCloseTo(1.0506, 15);
    expect(debtAt(s, 0)).toBeCloseTo(1050.6, 10);
    expect(debtAt(s, 1)).toBe(1); // ETH's index untouched
    expect(debtOf(s, 0, 2)).toBeCloseTo(1050.6, 10);
    expect(storeTotals(s, 3).debt[2]).toBeCloseTo(1050.6, 10);
    // Reading debtAmount folds: the column holds whole tokens again and the index is back to 1.
    expect(s.debtAmount[0]).toBeCloseTo(1050.6, 10);
    expect(s.debtIndex[2]).toBe(1);
    expect(s.debtPending).toBe(false);
    // Writing through debtAmount is in tokens.
    s.debtAmount[0] = 500;
    growDebt(s, 2, 1.1);
    expect(debtAt(s, 0)).toBeCloseTo(550, 10);
  });

  it('writes in tokens through the index; 0 clears an entry for good', () => {
    const s = buildStore([{ collateral: [[0, 2]], debt: [[1, 100]] }]);
    growDebt(s, 1, 1.25); // 125 owed
    setDebtAt(s, 0, 60); // repay 65: the scaled balance is 60 / 1.25 = 48
    expect(s.debtScaled[0]).toBeCloseTo(48, 12);
    expect(debtAt(s, 0)).toBeCloseTo(60, 12);
    addDebtAt(s, 0, 15); // + 15 tokens: 75
    expect(debtAt(s, 0)).toBeCloseTo(75, 12);
    setDebtAt(s, 0, 0);
    growDebt(s, 1, 2);
    expect(debtAt(s, 0)).toBe(0);
    expect(hasDebt(s, 0)).toBe(false);
    expect(hasCollateral(s, 0)).toBe(true);
  });

  it('Liquity v2 simple interest on recorded debt: 18,000 BOLD at 5% for an hour owe 18,000·(1 + 0.05·3600/31,536,000)', () => {
    // TroveManager._calcInterest(recordedDebt · annualInterestRate, period) / ONE_YEAR; a redistribution gain is not interest-bearing here.
    const s = buildStore([{ collateral: [[0, 10]], debt: [[1, 18_000]] }, { collateral: [[0, 20]], debt: [[1, 30_000]] }]);
    s.recordedDebt = Float64Array.of(18_000, 30_000);
    const f = (0.05 * 3600) / 31_536_000;
    accrueRecordedInterest(s, 1, f);
    expect(debtAt(s, 0)).toBeCloseTo(18_000 * (1 + f), 9); // 18,000.102740
    addDebtAt(s, 1, 1000); // redistributed debt
    accrueRecordedInterest(s, 1, f);
    expect(debtAt(s, 1)).toBeCloseTo(31_000 + 30_000 * 2 * f, 9);
    setDebtAt(s, 0, 0); // a closed trove accrues nothing more
    accrueRecordedInterest(s, 1, f);
    expect(debtAt(s, 0)).toBe(0);
    expect(s.debtAmount[1]).toBeCloseTo(31_000 + 30_000 * 3 * f, 9);
  });

  it('clones copy the scaled column, the indices and the recorded debt', () => {
    const s = buildStore([{ collateral: [[0, 1]], debt: [[1, 10]] }]);
    growDebt(s, 1, 2);
    const c = cloneStore(s);
    growDebt(c, 1, 3);
    setDebtAt(c, 0, 1);
    expect(debtAt(s, 0)).toBe(20);
    expect(debtAt(c, 0)).toBe(1);
    expect(s.debtIndex[1]).toBe(2);
    settleDebt(s);
    expect(s.debtScaled[0]).toBe(20);
    settleDebt(s); // idempotent
    expect(s.debtScaled[0]).toBe(20);
  });

  it('refuses bad factors and simple interest without recorded debt', () => {
    const s = buildStore([{ collateral: [[0, 1]], debt: [[1, 10]] }]);
    expect(() => growDebt(s, 1, 0)).toThrow('growDebt: factor must be a finite number > 0, got 0');
    expect(() => growDebt(s, 1, Number.NaN)).toThrow(/growDebt: factor must be a finite number > 0, got NaN/);
    expect(() => accrueRecordedInterest(s, 1, 0.01)).toThrow(/accrueRecordedInterest: the store keeps no recorded debt/);
    s.recordedDebt = Float64Array.of(10);
    expect(() => accrueRecordedInterest(s, 1, -1)).toThrow(/accrueRecordedInterest: interest per unit of recorded debt must be a finite number >= 0, got -1/);
    // An asset the store owes nothing in: nothing to grow.
    growDebt(s, 7, 2);
    expect(s.debtPending).toBe(false);
  });
});

const entryArb: fc.Arbitrary<StoreEntry> = fc.record({
  coll: fc.double({ min: 0.01, max: 1e6, noNaN: true }),
  debts: fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.double({ min: 0, max: 1e7, noNaN: true })), { minLength: 0, maxLength: 3 }),
}).map(({ coll, debts }) => ({ collateral: [[4, coll]] as const, debt: [...new Map(debts).entries()] }));

type Step = { kind: 'grow'; asset: number; factor: number } | { kind: 'repay'; entry: number; share: number } | { kind: 'read' };
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('grow' as const), asset: fc.integer({ min: 0, max: 3 }), factor: fc.double({ min: 1, max: 1.001, noNaN: true }) }),
  fc.record({ kind: fc.constant('repay' as const), entry: fc.nat(), share: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('read' as const) }),
);

describe('scaled-debt accrual = per-position accrual', () => {
  it('on random stores and interleaved growth, repayments and folds, every entry matches the debt grown entry by entry (1e-12)', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { minLength: 1, maxLength: 40 }), fc.array(stepArb, { maxLength: 300 }), (entries, steps) => {
        const s = buildStore(entries);
        // The reference: what the engines did before — every entry in the asset multiplied at every accrual.
        const ref = Float64Array.from(s.debtScaled);
        const nd = ref.length;
        for (const st of steps) {
          if (st.kind === 'grow') {
            growDebt(s, st.asset, st.factor);
            for (let k = 0; k < nd; k++) if (s.debtAsset[k] === st.asset) ref[k]! *= st.factor;
          } else if (st.kind === 'repay' && nd > 0) {
            const k = st.entry % nd;
            const left = debtAt(s, k) * (1 - st.share);
            setDebtAt(s, k, st.share === 1 ? 0 : left);
            ref[k] = st.share === 1 ? 0 : ref[k]! * (1 - st.share);
          } else if (st.kind === 'read') {
            const view = s.debtAmount;
            for (let k = 0; k < nd; k++) expect(close(view[k]!, ref[k]!)).toBe(true);
          }
        }
        for (let k = 0; k < nd; k++) expect(close(debtAt(s, k), ref[k]!)).toBe(true);
        settleDebt(s);
        for (let k = 0; k < nd; k++) expect(close(s.debtScaled[k]!, ref[k]!)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('accrueStore grows the debt index and the index keys, not the positions, as the per-position loop grew them', () => {
    // aaveTwoSlope at U = 40/100 (slope1 4% up to U* 80%): 2% a year, compounded per second over 30 days.
    const curve = { model: 'aaveTwoSlope' as const, optimalUsageRatio: 0.8, baseVariableBorrowRate: 0, variableRateSlope1: 0.04, variableRateSlope2: 0.6 };
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.01, max: 1e5, noNaN: true }), { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 40 }), (debts, rounds) => {
        const s = buildStore(debts.map((x) => ({ collateral: [[0, 1]] as const, debt: [[1, x]] as const })));
        const index = buildLiquidationIndex(s, (i) => debts[i]! / 0.8);
        const total = debts.reduce((a, x) => a + x, 0);
        const b = borrowableState('test', 'aave-v3', 1, { asset: 'USDC', supply: total * 2.5, rateModel: curve }, total);
        const ref = Float64Array.from(debts);
        let growth = 1;
        for (let r = 0; r < rounds; r++) {
          accrueStore('test', s, index, [b], 86_400 * 30);
          // The factor every debt grew by this round: the curve's rate over the round, compounded per second.
          const g = accrualFactor(b.curve.convention, b.borrowRate, 86_400 * 30);
          growth *= g;
          for (let k = 0; k < ref.length; k++) ref[k]! *= g;
        }
        expect(s.debtScaled).toEqual(Float64Array.from(debts)); // untouched per position
        for (let k = 0; k < ref.length; k++) expect(Math.abs(debtAt(s, k) - ref[k]!)).toBeLessThanOrEqual(1e-12 * ref[k]! * rounds);
        expect(index.groupScale[0]).toBeCloseTo(growth, 12);
      }),
      { numRuns: 60 },
    );
  });
});
