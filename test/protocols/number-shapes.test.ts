/**
 * Protocol scratch and state objects whose numbers are stored as doubles from the first one (util/doubles.ts;
 * docs/scale.md "Session 11: compiles"): each keeps V8's map when a fraction is first written, so the code reading
 * it is not deoptimised mid-run — the account data, a lender market's rules (every family's in one class), an
 * auction book's columns, Liquity's liquidation values and dog.bark's amounts. Their values are the ones given.
 */
import { describe, expect, it } from 'vitest';
import { emptyAccountData } from '../../src/protocols/shared/health.js';
import { constantCloseFactor, lenderRules } from '../../src/protocols/lender/rules.js';
import { AAVE_V3_RULES } from '../../src/protocols/aave-v3/rules.js';
import { emptyBook, openAuction } from '../../src/protocols/maker/book.js';
import { emptyValues } from '../../src/protocols/liquity/liquidate-v1.js';
import { emptyBark } from '../../src/protocols/maker/dog.js';
import { sameShape } from '../util/v8-shapes.js';

describe('protocol number shapes', () => {
  it('account data: zeros and MAX_VALUE when empty; one map after a fractional debt', () => {
    const a = emptyAccountData();
    const b = emptyAccountData();
    expect(a).toEqual({ totalCollateralUsd: 0, weightedCollateralUsd: 0, totalDebtUsd: 0, healthFactor: Number.MAX_VALUE });
    b.totalDebtUsd = 1234.5;
    expect(sameShape(a, b)).toBe(true);
  });

  it('lender rules: Aave 3.3 ($2,000 / $1,000 thresholds, deficit) and a constant 0.5 close factor in one map, values kept', () => {
    const aave = lenderRules(AAVE_V3_RULES['3.3']);
    const constant = lenderRules(constantCloseFactor(0.5));
    expect(aave).toEqual(AAVE_V3_RULES['3.3']);
    expect(constant).toEqual({ closeFactor: 0.5, maxCloseFactor: 0.5, closeFactorHealthFactor: 1, closeFactorBase: 'reserve', minBaseMaxCloseFactorUsd: 0, minLeftoverUsd: 0, deficit: false });
    expect(sameShape(aave, constant)).toBe(true);
    expect(sameShape(AAVE_V3_RULES['3.3'], constantCloseFactor(0.5))).toBe(false);
  });

  it('an auction book: the first kick of whole numbers then one with fractions keep the columns\' class', () => {
    const b = emptyBook();
    const tab = b.tab;
    openAuction(b, { usr: 0, tab: 100, lot: 2, due: 90, tic: 12, top: 3000 });
    const before = [b.tab, b.lot, b.due, b.paid, b.top].map((c) => sameShape(c, [0.5]));
    openAuction(b, { usr: 1, tab: 100.5, lot: 2.25, due: 90.5, tic: 24, top: 2999.5 });
    expect(b.tab).toBe(tab);
    expect(b.tab).toEqual([100, 100.5]);
    expect(before).toEqual([true, true, true, true, true]);
    expect(sameShape(b.tab, [0.5])).toBe(true);
  });

  it("Liquity's liquidation values and dog.bark's amounts: one map before and after fractions are written", () => {
    const a = emptyValues();
    const b = emptyValues();
    b.debtToOffset = 0;
    b.collSurplus = 0.125;
    expect(sameShape(a, b)).toBe(true);
    const x = emptyBark();
    const y = emptyBark();
    y.tab = 10.5;
    expect(sameShape(x, y)).toBe(true);
  });
});
