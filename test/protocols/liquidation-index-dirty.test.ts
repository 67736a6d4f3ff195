/**
 * The sorted liquidation index after liquidations (src/protocols/shared/liquidation-index.ts): touched positions
 * with their new key are returned only while under water, retired ones never, and the candidates still include
 * every liquidatable position (HF = x / key with key = debt / (collateral · LT): Aave v3
 * GenericLogic.calculateUserAccountData for one collateral and one debt).
 */
import { describe, expect, it } from 'vitest';
import { thresholdKeyOf } from './helpers.js';
import fc from 'fast-check';
import { buildStore, debtAt, growDebt, setDebtAt, type StoreEntry } from '../../src/protocols/position-store.js';
import {
  accountData,
  buildLiquidationIndex,
  cloneLiquidationIndex,
  emptyAccountData,
  liquidationCandidates,
  pairKey,
  retirePosition,
  SCAN_ALWAYS,
  scaleDebt,
  touchPosition,
} from '../../src/protocols/shared/index.js';

const LT = Float64Array.of(0.8, 0.5, 0.9, 0, 0);

const keyOf = (s: ReturnType<typeof buildStore>) => thresholdKeyOf(s, LT);

describe('dirty positions with keys, retired positions', () => {
  // Keys (liquidation price ratios) 0.5, 1.0, 1.5, 2.0, 2.5 (debt = key · 0.8 against 1 unit of collateral 0).
  const build = () => {
    const s = buildStore([0.5, 1.0, 1.5, 2.0, 2.5].map((k) => ({ collateral: [[0, 1]] as const, debt: [[1, k * 0.8]] as const })));
    return { s, index: buildLiquidationIndex(s, keyOf(s)) };
  };
  const at = (x: number) => new Float64Array([x, 1, 1, 1, 1]);

  it('pairKey is debt / (collateral · LT) of a one-collateral, one-debt position', () => {
    const { s } = build();
    expect(pairKey(s, 3, LT, 0)).toBeCloseTo(2.0, 15);
    const multi = buildStore([{ collateral: [[0, 1], [1, 1]], debt: [[1, 1]] }, { collateral: [[0, 0]], debt: [[1, 1]] }]);
    expect(pairKey(multi, 0, LT, 0)).toBe(SCAN_ALWAYS);
    expect(pairKey(multi, 1, LT, 0)).toBe(SCAN_ALWAYS); // nothing to seize: scanned, not keyed
  });

  it('a touched position with its new key is a candidate only while the price ratio is at or below it', () => {
    const { s, index } = build();
    // Position 4 (key 2.5) is half repaid: debt 1.0, key 1.25. At x = 1.6 it is healthy (HF 1.28): not returned.
    setDebtAt(s, s.debtStart[4]!, 1.0);
    touchPosition(index, 4, pairKey(s, 4, LT, 0));
    expect(Array.from(liquidationCandidates(index, at(1.6)))).toEqual([3]);
    // At x = 1.2 (HF 0.96) it is: keys 1.5, 2.0 and the re-keyed 1.25.
    expect(Array.from(liquidationCandidates(index, at(1.2)))).toEqual([2, 3, 4]);
    // Without a key it is read every round.
    touchPosition(index, 0);
    expect(Array.from(liquidationCandidates(index, at(1.6)))).toEqual([0, 3]);
  });

  it('a dirty key scales with the debt like the sorted keys (interest after the touch)', () => {
    const { s, index } = build();
    setDebtAt(s, s.debtStart[4]!, 1.0); // key 1.25
    touchPosition(index, 4, pairKey(s, 4, LT, 0));
    // Every debt in asset 1 grows by 1.4: key 1.25 → 1.75 > 1.6, a candidate again; key 1.0 → 1.4 stays out.
    growDebt(s, 1, 1.4);
    scaleDebt(index, 1, 1.4);
    expect(Array.from(liquidationCandidates(index, at(1.6)))).toEqual([2, 3, 4]);
  });

  it('a retired position is never returned until it is touched again; retiring twice or a clean one is fine', () => {
    const { index } = build();
    touchPosition(index, 3, 2.0);
    retirePosition(index, 3);
    retirePosition(index, 3);
    retirePosition(index, 4); // never dirty: retired directly
    expect(Array.from(liquidationCandidates(index, at(0.1)))).toEqual([0, 1, 2]);
    expect(index.dirtyCount).toBe(0); // dropped from the dirty list by the scan
    touchPosition(index, 3, 2.0);
    expect(Array.from(liquidationCandidates(index, at(0.1)))).toEqual([0, 1, 2, 3]);
    // Retired then touched before any scan: listed once.
    retirePosition(index, 3);
    touchPosition(index, 3, 2.0);
    expect(Array.from(liquidationCandidates(index, at(0.1)))).toEqual([0, 1, 2, 3]);
    expect(index.dirtyCount).toBe(1);
  });

  it('clones keep their own dirty keys', () => {
    const { index } = build();
    const run = cloneLiquidationIndex(index);
    touchPosition(run, 4, 0.1);
    expect(Array.from(liquidationCandidates(run, at(1.6)))).toEqual([3]);
    expect(Array.from(liquidationCandidates(index, at(1.6)))).toEqual([3, 4]);
  });
});

const entryArb: fc.Arbitrary<StoreEntry> = fc.oneof(
  fc.record({ c: fc.integer({ min: 0, max: 2 }), d: fc.integer({ min: 1, max: 3 }), x: fc.double({ min: 0.01, max: 100, noNaN: true }), y: fc.double({ min: 0.01, max: 100, noNaN: true }) }).map(({ c, d, x, y }) => ({ collateral: [[c, x]] as const, debt: [[d, y]] as const })),
  fc.record({ x: fc.double({ min: 0.01, max: 100, noNaN: true }), y: fc.double({ min: 0.01, max: 100, noNaN: true }) }).map(({ x, y }) => ({ collateral: [[0, x], [1, x / 2]] as const, debt: [[3, y]] as const })),
);
const pricesArb = fc.tuple(fc.double({ min: 0.01, max: 10, noNaN: true }), fc.double({ min: 0.01, max: 10, noNaN: true }), fc.double({ min: 0.01, max: 10, noNaN: true }), fc.double({ min: 0.01, max: 10, noNaN: true })).map((p) => Float64Array.from([...p, 1]));

function liquidatable(s: ReturnType<typeof buildStore>, prices: Float64Array): number[] {
  const out: number[] = [];
  const d = emptyAccountData();
  for (let i = 0; i < s.count; i++) {
    accountData(s, i, prices, LT, 0, d);
    if (d.healthFactor < 1 && d.totalCollateralUsd > 0) out.push(i);
  }
  return out;
}

describe('candidates ⊇ liquidatable, through partial repayments (touched with keys), repayments in full (retired) and interest', () => {
  it('holds on random stores', () => {
    fc.assert(
      fc.property(
        fc.array(entryArb, { minLength: 1, maxLength: 150 }),
        fc.array(fc.tuple(fc.nat(), fc.double({ min: 0, max: 1, noNaN: true }), fc.boolean()), { maxLength: 40 }),
        pricesArb,
        fc.double({ min: 1, max: 1.5, noNaN: true }),
        (entries, changes, prices, growth) => {
          const s = buildStore(entries);
          const index = buildLiquidationIndex(s, keyOf(s));
          for (const [t, share, keyed] of changes) {
            const i = t % s.count;
            const k = s.debtStart[i]!;
            if (share === 1) {
              setDebtAt(s, k, 0);
              retirePosition(index, i); // no debt left: never liquidatable
            } else {
              setDebtAt(s, k, debtAt(s, k) * (1 - share));
              for (let c = s.collStart[i]!; c < s.collStart[i + 1]!; c++) s.collAmount[c]! *= 1 - share / 2;
              touchPosition(index, i, keyed ? pairKey(s, i, LT, 0) : SCAN_ALWAYS);
            }
          }
          growDebt(s, 1, growth);
          scaleDebt(index, 1, growth);
          const c = Array.from(liquidationCandidates(index, prices));
          expect(c).toEqual([...new Set(c)].sort((a, b) => a - b));
          const set = new Set(c);
          for (const i of liquidatable(s, prices)) expect(set.has(i)).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });
});
