/**
 * A store's insolvent value read through its liquidation index (src/protocols/shared/insolvency.ts) equals the full
 * sum Σ max(0, debt − collateral) bit for bit: on random stores (one pair, several assets, no debt, debt left without
 * collateral), through keyed and unkeyed touches, retirements with debt left, the touched bands rebuilt, debt growth,
 * and prices anywhere.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { thresholdKeyOf } from './helpers.js';
import { buildStore, cloneStore, type StoreEntry } from '../../src/protocols/position-store.js';
import { buildLiquidationIndex, cloneLiquidationIndex, insolventValue, liquidationCandidates, retirePosition, scaleDebt, touchPosition } from '../../src/protocols/shared/index.js';
import { indexedInsolventValue } from '../../src/protocols/shared/insolvency.js';

/** Thresholds per asset (≤ 1, as every family's: asset 2's is 1, the boundary); asset 3 is debt only. */
const LT = new Float64Array([0.8, 0.75, 1, 0.5]);

const keyOf = (s: ReturnType<typeof buildStore>) => thresholdKeyOf(s, LT);

const amount = fc.double({ min: 0.001, max: 1000, noNaN: true });
const entryArb: fc.Arbitrary<StoreEntry> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ c: fc.integer({ min: 0, max: 2 }), d: fc.integer({ min: 1, max: 3 }), x: amount, lev: fc.double({ min: 0, max: 1.6, noNaN: true }) }).map(({ c, d, x, lev }) => ({ collateral: [[c, x]] as const, debt: [[d, x * lev]] as const })) },
  { weight: 1, arbitrary: fc.record({ x: amount, y: amount }).map(({ x, y }) => ({ collateral: [[0, x], [1, x / 2]] as const, debt: [[3, y]] as const })) },
  { weight: 1, arbitrary: amount.map((x) => ({ collateral: [[2, x]] as const, debt: [] })) },
  { weight: 1, arbitrary: amount.map((y) => ({ collateral: [], debt: [[3, y]] as const })) },
);
const pricesArb = fc.array(fc.oneof({ weight: 6, arbitrary: fc.double({ min: 0.01, max: 10, noNaN: true }) }, { weight: 1, arbitrary: fc.constantFrom(0, 1) }), { minLength: 4, maxLength: 4 }).map((p) => Float64Array.from(p));
const roundArb = fc.record({ prices: pricesArb, touch: fc.double({ min: 0.1, max: 0.6, noNaN: true }), growth: fc.double({ min: 1, max: 1.3, noNaN: true }), list: fc.boolean() });

describe('indexedInsolventValue', () => {
  it('equals insolventValue bit for bit, through touches, retirements, rebanding and debt growth', () => {
    let rebanded = 0;
    let positive = 0;
    fc.assert(
      fc.property(fc.array(entryArb, { minLength: 300, maxLength: 900 }), fc.array(roundArb, { minLength: 1, maxLength: 5 }), fc.nat(), (entries, rounds, seed) => {
        const s = buildStore(entries);
        const index = cloneLiquidationIndex(buildLiquidationIndex(s, keyOf(s)));
        const key = keyOf(s);
        let k = seed;
        for (const r of rounds) {
          const want = insolventValue(s, r.prices);
          expect(indexedInsolventValue(s, index, r.prices)).toBe(want);
          if (want > 0) positive++;
          // A listing between rounds rebuilds the touched bands and drops stale band entries (as the engines' scans do).
          if (r.list) liquidationCandidates(index, r.prices);
          for (let i = 0; i < s.count; i++) {
            k = (k * 1103515245 + 12345) >>> 0;
            if (k % 1000 >= r.touch * 1000) continue;
            const c0 = s.collStart[i]!;
            const d0 = s.debtStart[i]!;
            const hasPair = s.collStart[i + 1]! > c0 && s.debtStart[i + 1]! > d0;
            if (hasPair && k % 7 === 0) {
              // Collateral gone, debt left (a generic lender without deficit accounting): retired, yet insolvent.
              for (let j = c0; j < s.collStart[i + 1]!; j++) s.collAmount[j] = 0;
              retirePosition(index, i);
            } else if (hasPair && k % 5 === 0) {
              touchPosition(index, i); // unkeyed: read every round
              s.collAmount[c0]! *= 0.5;
            } else if (hasPair) {
              s.collAmount[c0]! *= 0.7;
              s.debtAmount[d0]! *= 0.6;
              const kk = key(i);
              touchPosition(index, i, kk, kk >= 0 ? s.debtAmount[d0]! : Infinity);
            }
          }
          for (let j = 0; j < s.debtStart[s.count]!; j++) if (s.debtAsset[j] === 1) s.debtAmount[j]! *= r.growth;
          scaleDebt(index, 1, r.growth);
          const last = insolventValue(s, r.prices);
          expect(indexedInsolventValue(s, index, r.prices)).toBe(last);
        }
        if (index.touched.order.length > 0) rebanded++;
      }),
      { numRuns: 60 },
    );
    expect(rebanded).toBeGreaterThan(5); // the touched bands were built and read
    expect(positive).toBeGreaterThan(20); // sums that are not all zeros
  });

  it('reads a retired position that still owes, an unkeyed touched one, a multi-asset one and an interest-grown one', () => {
    // Prices: asset 0 at 1, asset 1 (debt) at 1, asset 3 at 1. Keys = debt / (collateral · 0.8).
    // #0 10 coll / 5 debt (key 0.625): solvent. #1 10 / 7 (0.875). #2 multi-asset 1 + 1 coll, 5 debt: shortfall 3.
    // #3 10 / 9.5 (key 1.1875): under water (HF 0.842) but solvent until debt grows ×1.1 → 10.45: shortfall 0.45.
    const s = buildStore([
      { collateral: [[0, 10]], debt: [[1, 5]] },
      { collateral: [[0, 10]], debt: [[1, 7]] },
      { collateral: [[0, 1], [1, 1]], debt: [[3, 5]] },
      { collateral: [[0, 10]], debt: [[1, 9.5]] },
    ]);
    const index = cloneLiquidationIndex(buildLiquidationIndex(s, keyOf(s)));
    const p = new Float64Array([1, 1, 1, 1]);
    expect(indexedInsolventValue(s, index, p)).toBe(3);
    // #0 loses its collateral and keeps its debt; the engine retires it (no collateral: never an offer again): +5.
    s.collAmount[0] = 0;
    retirePosition(index, 0);
    expect(indexedInsolventValue(s, index, p)).toBe(8);
    // #1 loses 9 of its 10 collateral, touched without a key: 7 − 1 = 6 more.
    s.collAmount[1] = 1;
    touchPosition(index, 1);
    expect(indexedInsolventValue(s, index, p)).toBe(14);
    // Interest ×1.1 on asset 1: #1 owes 7.7 (6.7 short), #3 owes 10.45 (0.45 short) — its build key scaled past the cut.
    for (let k = 0; k < 4; k++) if (s.debtAsset[k] === 1) s.debtAmount[k]! *= 1.1;
    scaleDebt(index, 1, 1.1);
    const want = insolventValue(s, p);
    expect(want).toBeCloseTo(5.5 + 3 + 6.7 + 0.45, 12);
    expect(indexedInsolventValue(s, index, p)).toBe(want);
  });

  it('a clone of a touched index (a fork) carries the positions that left the clean state: each side reads its own', () => {
    // #0 and #1 solvent (keys 0.625, 0.875); #2 10 / 9.5 under water but solvent. Prices 1.
    const s = buildStore([
      { collateral: [[0, 10]], debt: [[1, 5]] },
      { collateral: [[0, 10]], debt: [[1, 7]] },
      { collateral: [[0, 10]], debt: [[1, 9.5]] },
    ]);
    const index = cloneLiquidationIndex(buildLiquidationIndex(s, keyOf(s)));
    const p = new Float64Array([1, 1, 1, 1]);
    // #0 loses its collateral, keeps its debt, and is retired: 5 short (read only because it left the clean state).
    s.collAmount[0] = 0;
    retirePosition(index, 0);
    expect(indexedInsolventValue(s, index, p)).toBe(5);
    // The fork: #1 loses 9 of its collateral, retired too: 5 + 6 in the fork, still 5 in the source.
    const fs = cloneStore(s);
    const fork = cloneLiquidationIndex(index);
    fs.collAmount[1] = 1;
    retirePosition(fork, 1);
    expect(indexedInsolventValue(fs, fork, p)).toBe(11);
    expect(indexedInsolventValue(s, index, p)).toBe(5);
    // The source goes on: #2 loses its collateral, retired: 5 + 9.5 there; the fork's list is its own (still 11).
    s.collAmount[2] = 0;
    retirePosition(index, 2);
    expect(indexedInsolventValue(s, index, p)).toBe(14.5);
    expect(indexedInsolventValue(fs, fork, p)).toBe(11);
    expect(Array.from(fork.leftClean.subarray(0, fork.leftCleanCount))).toEqual([0, 1]);
    expect(Array.from(index.leftClean.subarray(0, index.leftCleanCount))).toEqual([0, 2]);
  });

  it('reads a position just past its threshold of 1, where shortfall and under water coincide', () => {
    // Asset 2's threshold is 1: 1 collateral owing 1.0005 at equal prices has key 1.0005, HF 0.9995, shortfall 0.0005;
    // one owing 0.9995 is under no water and owes nothing beyond its collateral.
    const s = buildStore([
      { collateral: [[2, 1]], debt: [[3, 1.0005]] },
      { collateral: [[2, 1]], debt: [[3, 0.9995]] },
    ]);
    const index = buildLiquidationIndex(s, keyOf(s));
    const p = new Float64Array([1, 1, 1, 1]);
    expect(indexedInsolventValue(s, index, p)).toBe(insolventValue(s, p));
    expect(indexedInsolventValue(s, index, p)).toBeCloseTo(0.0005, 15);
  });
});
