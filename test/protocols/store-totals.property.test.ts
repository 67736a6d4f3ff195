/**
 * storeTotals (src/protocols/shared/health.ts) sums each run of same-asset entries (the store's asset runs,
 * src/protocols/asset-runs.ts) in a local: the totals equal, bit for bit, the entry-by-entry sums into the array cells —
 * on random stores whose entries switch assets often and rarely, with debt grown by a pending index (read through
 * debtAt) and with Liquity's recorded-debt interest, and on clones (which share the runs) whose amounts a run changed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accrueRecordedInterest, buildStore, cloneStore, debtAt, growDebt, type PositionStore, type StoreEntry } from '../../src/protocols/position-store.js';
import { storeTotals } from '../../src/protocols/shared/health.js';
import { assetRuns } from '../../src/protocols/asset-runs.js';

/** The totals one entry at a time, into the array cells. */
function entryByEntry(s: PositionStore, n: number): { collateral: number[]; debt: number[] } {
  const collateral = new Float64Array(n);
  const debt = new Float64Array(n);
  for (let k = 0; k < s.collStart[s.count]!; k++) collateral[s.collAsset[k]!]! += s.collAmount[k]!;
  for (let k = 0; k < s.debtStart[s.count]!; k++) debt[s.debtAsset[k]!]! += debtAt(s, k);
  return { collateral: Array.from(collateral), debt: Array.from(debt) };
}

const amount = fc.double({ min: 0, max: 1e6, noNaN: true });
const entryArb: fc.Arbitrary<StoreEntry> = fc.record({
  coll: fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), amount), { maxLength: 3 }),
  debt: fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), amount), { maxLength: 2 }),
}).map(({ coll, debt }) => ({ collateral: coll, debt }));
/** Runs of one pair (a generated block) between the mixed entries. */
const blockArb = fc.record({ c: fc.integer({ min: 0, max: 3 }), d: fc.integer({ min: 0, max: 3 }), xs: fc.array(fc.tuple(amount, amount), { minLength: 1, maxLength: 40 }) });

describe('storeTotals', () => {
  it('equals the entry-by-entry sums bit for bit', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(entryArb.map((e) => [e]), blockArb.map((b) => b.xs.map(([x, y]): StoreEntry => ({ collateral: [[b.c, x]], debt: [[b.d, y]] })))), { minLength: 1, maxLength: 30 }), fc.double({ min: 1, max: 1.5, noNaN: true }), (parts, growth) => {
        const s = buildStore(parts.flat());
        growDebt(s, 1, growth); // pending: debtAt reads debtScaled × debtIndex
        // Liquity's simple interest on recorded debt (every second store): debtAt adds recorded × interest per unit.
        if (growth > 1.25) {
          s.recordedDebt = Float64Array.from(s.debtScaled, (x) => x / 2);
          accrueRecordedInterest(s, 2, growth - 1);
        }
        const t = storeTotals(s, 4);
        expect({ collateral: Array.from(t.collateral), debt: Array.from(t.debt) }).toEqual(entryByEntry(s, 4));
        // A run's clone shares the runs; its amounts move (a liquidation), its debt grows again.
        const run = cloneStore(s);
        for (let k = 0; k < run.collAmount.length; k += 3) run.collAmount[k]! *= 0.5;
        for (let k = 1; k < run.debtScaled.length; k += 4) run.debtScaled[k] = 0;
        growDebt(run, 0, growth);
        const u = storeTotals(run, 4);
        expect({ collateral: Array.from(u.collateral), debt: Array.from(u.debt) }).toEqual(entryByEntry(run, 4));
      }),
      { numRuns: 200 },
    );
  });

  it('asset runs: the maximal runs of one asset, keyed by the asset (3 3 1 1 1 3 → [0,2) 3, [2,5) 1, [5,6) 3)', () => {
    const r = assetRuns(Uint16Array.from([3, 3, 1, 1, 1, 3]));
    expect(Array.from(r.start)).toEqual([0, 2, 5, 6]);
    expect(Array.from(r.asset)).toEqual([3, 1, 3]);
    expect(Array.from(assetRuns(new Uint16Array(0)).start)).toEqual([0]);
    // Summed by the runs, asset 3 gets 1 + 2 + 6 and asset 1 gets 3 + 4 + 5.
    const s = buildStore([1, 2, 3, 4, 5, 6].map((x, i) => ({ collateral: [[[3, 3, 1, 1, 1, 3][i]!, x]] as const, debt: [[[3, 3, 1, 1, 1, 3][i]!, x]] as const })));
    expect(Array.from(storeTotals(s, 4).collateral)).toEqual([0, 12, 0, 9]);
    expect(Array.from(storeTotals(s, 4).debt)).toEqual([0, 12, 0, 9]);
  });

  it('adds in entry order: 1e16 then two 1s gives 1e16, two 1s then 1e16 gives 1e16 + 2', () => {
    // Float addition is not associative: (1e16 + 1) + 1 = 1e16 (each 1 is lost to rounding), (1 + 1) + 1e16 = 1e16 + 2.
    const a = storeTotals(buildStore([1e16, 1, 1].map((x) => ({ collateral: [[0, x]] as const, debt: [[1, x]] as const }))), 2);
    const b = storeTotals(buildStore([1, 1, 1e16].map((x) => ({ collateral: [[0, x]] as const, debt: [[1, x]] as const }))), 2);
    expect(a.collateral[0]).toBe(1e16);
    expect(b.collateral[0]).toBe(1e16 + 2);
    expect(a.debt[1]).toBe(1e16);
    expect(b.debt[1]).toBe(1e16 + 2);
  });
});
