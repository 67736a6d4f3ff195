/**
 * groupRowsOf (src/cascade/groups.ts) reads a listing in one pass when each group's rows come as one run (as engines
 * list them), and by each row's group otherwise. Both give what the definition gives, written out below: the groups
 * keyed by groupKey in order of first appearance, each with its rows in listing order, automatic rows in none — on
 * random listings in runs and scattered, with a breaker's subset of kept rows or all.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { groupRowsOf } from '../../src/cascade/groups.js';
import { newOfferBatch, pushOfferObject, type OfferBatch } from '../../src/protocols/batch.js';
import type { Offer } from '../../src/protocols/engine.js';
import { groupKey } from '../../src/util/packed-keys.js';

const N = 4;

interface Row {
  market: number;
  collateral: number;
  automatic: boolean;
}

function batchOf(rows: Row[]): OfferBatch {
  const b = newOfferBatch(1);
  rows.forEach((r, ref) => {
    const o: Offer = { kind: 'liquidation', automatic: r.automatic, market: r.market, ref, collateralAsset: r.collateral, debtAsset: 3, healthFactor: 0.9, maxRepay: 1, collateralPerDebt: 1, incentive: 0.05, takerShare: 1 };
    pushOfferObject(b, o);
  });
  return b;
}

/** The definition: keys by first appearance, each group's rows (offer rows) in listing order. */
function reference(b: OfferBatch, kept: number[]): { keys: number[]; rows: number[][] } {
  const keys: number[] = [];
  const rows: number[][] = [];
  for (const r of kept) {
    if (b.automatic[r]) continue;
    const key = groupKey(b.market[r]!, b.kind[r]!, b.collateralAsset[r]!, b.debtAsset[r]!, N);
    let g = keys.indexOf(key);
    if (g < 0) {
      g = keys.push(key) - 1;
      rows.push([]);
    }
    rows[g]!.push(r);
  }
  return { keys, rows };
}

const row = fc.record({ market: fc.integer({ min: 0, max: 2 }), collateral: fc.integer({ min: 0, max: 2 }), automatic: fc.boolean() });
/** A listing in runs: each group once, its rows together (automatic ones between them). */
const runs = fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 }), fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }).map((a) => a.map((x, k) => x && k % 3 === 1))), { maxLength: 9 }).map((gs) => {
  const seen = new Set<number>();
  const out: Row[] = [];
  for (const [market, collateral, autos] of gs) {
    if (seen.has(market * 3 + collateral)) continue;
    seen.add(market * 3 + collateral);
    for (const automatic of autos) out.push({ market, collateral, automatic });
  }
  return out;
});

describe('groupRowsOf', () => {
  const check = (rows: Row[], keepMask: number) => {
    const b = batchOf(rows);
    const keptRows = rows.map((_, r) => r).filter((r) => keepMask === 0 || (keepMask >> r % 5) & 1);
    const kept = keepMask === 0 ? null : Uint32Array.from(keptRows);
    const scratch = { rowGroup: new Int32Array(1), groupRows: new Uint32Array(1) };
    const got = groupRowsOf(b, kept, keptRows.length, N, scratch);
    const want = reference(b, keptRows);
    expect(got.keys).toEqual(want.keys);
    expect(got.start).toHaveLength(want.keys.length + 1);
    expect(want.keys.map((_, g) => Array.from(got.rows.subarray(got.start[g]!, got.start[g + 1]!)))).toEqual(want.rows);
    expect(want.keys.map((k) => got.index.get(k))).toEqual(want.keys.map((_, g) => g));
  };

  it('groups a listing in runs and a scattered one as the definition does, with or without kept rows', () => {
    fc.assert(fc.property(fc.oneof(runs, fc.array(row, { maxLength: 40 })), fc.integer({ min: 0, max: 31 }), check), { numRuns: 400 });
  });

  it('a group whose rows come back after another group is one group (the one pass gives way)', () => {
    // market 0 collateral 0, then collateral 1, then collateral 0 again: two groups, the first with rows 0 and 2.
    const rows: Row[] = [
      { market: 0, collateral: 0, automatic: false },
      { market: 0, collateral: 1, automatic: false },
      { market: 0, collateral: 0, automatic: false },
      { market: 0, collateral: 0, automatic: true },
    ];
    const g = groupRowsOf(batchOf(rows), null, rows.length, N, { rowGroup: new Int32Array(1), groupRows: new Uint32Array(1) });
    expect(g.keys).toEqual([groupKey(0, 0, 0, 3, N), groupKey(0, 0, 1, 3, N)]);
    expect(g.start).toEqual([0, 2, 3]);
    expect(Array.from(g.rows.subarray(0, 3))).toEqual([0, 2, 1]);
    check(rows, 0);
  });
});
