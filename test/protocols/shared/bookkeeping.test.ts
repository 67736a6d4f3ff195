/**
 * floorMinDebt's numbers pass through a module-level slot (floorArgs): a ProfitFloor whose bestRate asks the bound of
 * another pair (a nested floorMinDebt on the same slot) must not change the outer call's bound.
 */
import { describe, expect, it } from 'vitest';
import { floorMinDebt } from '../../../src/protocols/shared/bookkeeping.js';
import type { ProfitFloor } from '../../../src/protocols/index.js';

const gas = new Float64Array([30, 12]);
const rates = [1.02, 1.4];

/** A floor without nesting: rate of the pair's collateral. */
const plain: ProfitFloor = { bestRate: (c) => rates[c]!, gas };

/** The same rates, each bestRate first asking the bound of the other pair at other numbers (the slot overwritten). */
const nesting: ProfitFloor = {
  bestRate: (c) => {
    if (c === 0) floorMinDebt(plain, 1, 0, 7.5, 0.25);
    return rates[c]!;
  },
  gas,
};

describe('floorMinDebt', () => {
  it('is the bound of its own numbers when bestRate calls it again', () => {
    const want = floorMinDebt(plain, 0, 1, 1.05, 0.5);
    // gas · (1 − m) / (closeFactor · (taker · rate − 1)), the margins 1e-9 each
    expect(want).toBeCloseTo(12 / (0.5 * (1.05 * 1.02 - 1)), 4);
    expect(floorMinDebt(nesting, 0, 1, 1.05, 0.5)).toBe(want);
  });

  it('is 0 without a rate and Infinity when no offer pays', () => {
    expect(floorMinDebt({ bestRate: () => Infinity, gas }, 0, 1, 1.05, 0.5)).toBe(0);
    expect(floorMinDebt(plain, 0, 1, 0.9, 0.5)).toBe(Infinity);
  });
});
