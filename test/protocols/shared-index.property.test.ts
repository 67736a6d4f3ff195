/**
 * The sorted liquidation index: its candidates always include every position with HF < 1 (so an engine's indexed
 * scan equals its full scan), after touches and debt scaling too; its radix argsort orders like a comparison sort.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { thresholdKeyOf } from './helpers.js';
import { buildStore, type StoreEntry } from '../../src/protocols/position-store.js';
import {
  accountData,
  argsortNonNegative,
  buildLiquidationIndex,
  cloneLiquidationIndex,
  emptyAccountData,
  indexBytes,
  liquidationCandidates,
  retirePosition,
  SCAN_ALWAYS,
  scaleDebt,
  touchPosition,
} from '../../src/protocols/shared/index.js';

const LT = new Float64Array([0.8, 0.75, 0.9, 0]);

/** Assets 0–2 are collateral, 3 is the debt-only asset; positions single-pair, multi-asset or debt-free. */
const entryArb: fc.Arbitrary<StoreEntry> = fc.oneof(
  fc.record({ c: fc.integer({ min: 0, max: 2 }), d: fc.integer({ min: 1, max: 3 }), x: fc.double({ min: 0.01, max: 100, noNaN: true }), y: fc.double({ min: 0, max: 100, noNaN: true }) }).map(({ c, d, x, y }) => ({ collateral: [[c, x]] as const, debt: [[d, y]] as const })),
  fc.record({ x: fc.double({ min: 0.01, max: 100, noNaN: true }), y: fc.double({ min: 0.01, max: 100, noNaN: true }) }).map(({ x, y }) => ({ collateral: [[0, x], [1, x / 2]] as const, debt: [[3, y]] as const })),
  fc.double({ min: 0, max: 100, noNaN: true }).map((x) => ({ collateral: [[2, x]] as const, debt: [] })),
);

const keyOf = (s: ReturnType<typeof buildStore>) => thresholdKeyOf(s, LT);

function liquidatable(s: ReturnType<typeof buildStore>, prices: Float64Array): number[] {
  const out: number[] = [];
  const d = emptyAccountData();
  for (let i = 0; i < s.count; i++) {
    accountData(s, i, prices, LT, 0, d);
    if (d.healthFactor < 1 && d.totalCollateralUsd > 0) out.push(i);
  }
  return out;
}

const pricesArb = fc.tuple(fc.double({ min: 0.01, max: 10, noNaN: true }), fc.double({ min: 0.01, max: 10, noNaN: true }), fc.double({ min: 0.01, max: 10, noNaN: true }), fc.double({ min: 0.01, max: 10, noNaN: true })).map((p) => Float64Array.from(p));

describe('liquidation index', () => {
  it('candidates ⊇ liquidatable positions, ascending and without repeats, through touches and debt growth', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { minLength: 1, maxLength: 200 }), pricesArb, pricesArb, fc.array(fc.nat(), { maxLength: 20 }), fc.double({ min: 1, max: 1.5, noNaN: true }), (entries, p1, p2, touched, growth) => {
        const s = buildStore(entries);
        const index = buildLiquidationIndex(s, keyOf(s));
        const c1 = Array.from(liquidationCandidates(index, p1));
        expect(c1).toEqual([...new Set(c1)].sort((a, b) => a - b));
        const set1 = new Set(c1);
        for (const i of liquidatable(s, p1)) expect(set1.has(i)).toBe(true);
        // Engines change touched positions (a liquidation) and grow debts (interest) between rounds.
        const run = cloneLiquidationIndex(index);
        for (const t of touched) {
          const i = t % s.count;
          for (let k = s.collStart[i]!; k < s.collStart[i + 1]!; k++) s.collAmount[k]! *= 0.3;
          touchPosition(run, i);
        }
        for (let k = 0; k < s.debtStart[s.count]!; k++) if (s.debtAsset[k] === 1) s.debtAmount[k]! *= growth;
        scaleDebt(run, 1, growth);
        const set2 = new Set(liquidationCandidates(run, p2));
        for (const i of liquidatable(s, p2)) expect(set2.has(i)).toBe(true);
        // The source index is untouched by its clone.
        expect(index.dirtyCount).toBe(0);
      }),
      { numRuns: 150 },
    );
  });

  it('with a size floor: every liquidatable position above its group’s floor is a candidate, through many keyed touches (the touched bands rebuilt), retirements, drops and debt growth', () => {
    let rebanded = 0;
    const single = fc.record({ c: fc.integer({ min: 0, max: 2 }), d: fc.integer({ min: 1, max: 3 }), x: fc.double({ min: 0.01, max: 100, noNaN: true }), lev: fc.double({ min: 0.05, max: 1.5, noNaN: true }), size: fc.double({ min: 0.001, max: 1000, noNaN: true }) });
    fc.assert(
      fc.property(
        fc.array(single, { minLength: 500, maxLength: 900 }),
        fc.array(fc.record({ prices: pricesArb, touch: fc.double({ min: 0.3, max: 1, noNaN: true }), floors: fc.array(fc.oneof(fc.constant(0), fc.constant(Infinity), fc.double({ min: 0, max: 200, noNaN: true })), { minLength: 9, maxLength: 9 }), growth: fc.double({ min: 1, max: 1.2, noNaN: true }) }), { minLength: 2, maxLength: 4 }),
        (specs, rounds) => {
          const entries: StoreEntry[] = specs.map((e) => ({ collateral: [[e.c, e.x * e.size]] as const, debt: [[e.d, e.x * e.size * e.lev]] as const }));
          entries.push({ collateral: [[0, 1], [1, 1]], debt: [[3, 5]] }); // one multi-asset position: read every round
          const s = buildStore(entries);
          const index = cloneLiquidationIndex(buildLiquidationIndex(s, keyOf(s)));
          const key = keyOf(s);
          let k = 0;
          for (const r of rounds) {
            const minDebt = Float64Array.from({ length: index.groupScale.length }, (_, g) => r.floors[g % r.floors.length]!);
            const got = Array.from(liquidationCandidates(index, r.prices, minDebt));
            expect(got).toEqual([...new Set(got)].sort((a, b) => a - b));
            const set = new Set(got);
            for (const i of liquidatable(s, r.prices)) {
              const g = index.groupOf[i]!;
              const debt = s.debtAmount[s.debtStart[i]!]!;
              if (g < 0 || debt > minDebt[g]! * (1 + 1e-12)) expect(set.has(i)).toBe(true);
            }
            // Liquidations: a share of the positions lose collateral and debt (touched with their new key and debt), some
            // are emptied (retired); every debt in asset 1 grows.
            for (let i = 0; i < s.count - 1; i++) {
              if ((i * 7919 + k++) % 1000 >= r.touch * 1000) continue;
              const c0 = s.collStart[i]!;
              const d0 = s.debtStart[i]!;
              if (i % 11 === 0) {
                s.debtAmount[d0] = 0;
                retirePosition(index, i);
                continue;
              }
              s.collAmount[c0]! *= 0.6;
              s.debtAmount[d0]! *= 0.5;
              const kk = key(i);
              touchPosition(index, i, kk, kk >= 0 ? s.debtAmount[d0]! : Infinity);
            }
            for (let j = 0; j < s.debtStart[s.count]!; j++) if (s.debtAsset[j] === 1) s.debtAmount[j]! *= r.growth;
            scaleDebt(index, 1, r.growth);
          }
          if (index.touched.order.length > 0) rebanded++;
        },
      ),
      { numRuns: 40 },
    );
    expect(rebanded).toBeGreaterThan(5); // the touched bands were built and read
  });

  it('scans only the positions under water in a sorted group', () => {
    // Keys (liquidation price ratios) 0.5, 1.0, 1.5, 2.0, 2.5; at price ratio 1.6 only keys 2.0 and 2.5 qualify.
    const s = buildStore([0.5, 1.0, 1.5, 2.0, 2.5].map((k) => ({ collateral: [[0, 1]] as const, debt: [[1, k * 0.8]] as const })));
    const index = buildLiquidationIndex(s, keyOf(s));
    expect(Array.from(liquidationCandidates(index, new Float64Array([1.6, 1, 1, 1])))).toEqual([3, 4]);
    touchPosition(index, 0);
    expect(Array.from(liquidationCandidates(index, new Float64Array([1.6, 1, 1, 1])))).toEqual([0, 3, 4]);
    scaleDebt(index, 1, 1.2); // keys ×1.2: 1.8, 2.4, 3.0 ≥ 1.6 — and 1.2·1.5 = 1.8 joins
    expect(Array.from(liquidationCandidates(index, new Float64Array([1.6, 1, 1, 1])))).toEqual([0, 2, 3, 4]);
    expect(indexBytes(index)).toBeGreaterThan(0);
  });

  it('scaleDebt multiplies exactly the scales of the groups whose debt asset it names (the per-asset group list against a pass over every group), in clones too', () => {
    const pair = fc.record({ c: fc.integer({ min: 0, max: 5 }), d: fc.integer({ min: 0, max: 7 }), x: fc.double({ min: 0.01, max: 100, noNaN: true }), y: fc.double({ min: 0.01, max: 100, noNaN: true }) });
    const step = fc.record({ asset: fc.integer({ min: 0, max: 9 }), factor: fc.double({ min: 1, max: 1.5, noNaN: true }) });
    fc.assert(
      fc.property(fc.array(pair, { minLength: 1, maxLength: 60 }), fc.array(step, { maxLength: 30 }), (pairs, steps) => {
        const s = buildStore(pairs.map(({ c, d, x, y }) => ({ collateral: [[c, x]] as const, debt: [[d, y]] as const })));
        const index = buildLiquidationIndex(s, (i) => i + 1);
        const run = cloneLiquidationIndex(index);
        const expected = new Float64Array(index.groupScale.length).fill(1);
        for (const { asset, factor } of steps) {
          for (let g = 0; g < expected.length; g++) if (index.groupDebt[g] === asset) expected[g]! *= factor;
          scaleDebt(run, asset, factor);
        }
        expect(Array.from(run.groupScale)).toEqual(Array.from(expected));
        // The built index's scales stay as built.
        expect(Array.from(index.groupScale).every((x) => x === 1)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('scaleDebt leaves the groups of other debt assets alone', () => {
    // Groups: (0→1) (0→2) (1→1): scaling asset 1 by 1.1 moves groups 0 and 2 only; asset 9 (no group) moves none.
    const s = buildStore([{ collateral: [[0, 1]], debt: [[1, 1]] }, { collateral: [[0, 1]], debt: [[2, 1]] }, { collateral: [[1, 1]], debt: [[1, 1]] }]);
    const index = buildLiquidationIndex(s, () => 1);
    scaleDebt(index, 1, 1.1);
    scaleDebt(index, 9, 2);
    expect(Array.from(index.groupScale)).toEqual([1.1, 1, 1.1]);
  });

  it('refuses bad keys', () => {
    const s = buildStore([{ collateral: [[0, 1], [1, 1]], debt: [[3, 1]] }, { collateral: [[0, 1]], debt: [[3, 1]] }]);
    expect(() => buildLiquidationIndex(s, () => 1)).toThrow(/position 0 has a key but not exactly one collateral and one debt entry/);
    expect(() => buildLiquidationIndex(s, (i) => (i === 0 ? SCAN_ALWAYS : Number.NaN))).toThrow(/key of position 1 must be a finite ratio >= 0, SCAN_ALWAYS or NEVER_LIQUIDATABLE, got NaN/);
    expect(() => scaleDebt(buildLiquidationIndex(s, keyOf(s)), 3, 0)).toThrow(/scaleDebt: factor must be a finite number > 0, got 0/);
  });

  it('argsortNonNegative sorts like a stable comparison sort', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double({ min: 0, max: 1e12, noNaN: true }), fc.constantFrom(0, 1, 2.5)), { minLength: 0, maxLength: 400 }), (xs) => {
        const keys = Float64Array.from(xs);
        const expected = Array.from(keys.keys()).sort((a, b) => keys[a]! - keys[b]! || a - b);
        expect(Array.from(argsortNonNegative(keys))).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });

  it('argsortNonNegative is stable past one insertion run (16 keys): the merges, and the radix sort from 4,096 keys', () => {
    // fast-check's default size draws arrays of a few keys only: these lengths are drawn, the keys tie often.
    const sorted = (keys: Float64Array) => Array.from(keys.keys()).sort((a, b) => keys[a]! - keys[b]! || a - b);
    fc.assert(
      fc.property(fc.integer({ min: 17, max: 700 }), fc.integer({ min: 1, max: 40 }), fc.integer(), (n, distinct, seed) => {
        let x = seed >>> 0;
        const keys = Float64Array.from({ length: n }, () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) % distinct) * 0.75);
        expect(Array.from(argsortNonNegative(keys))).toEqual(sorted(keys));
      }),
      { numRuns: 100 },
    );
    for (const n of [4096, 5000]) {
      const keys = Float64Array.from({ length: n }, (_, i) => ((i * 7919) % 97) * 1.5);
      expect(Array.from(argsortNonNegative(keys))).toEqual(sorted(keys));
    }
  });
});
