/**
 * Tables of typed columns keep fast properties (util/columns.ts `newColumns`; docs/scale.md "Session 13: copies"):
 * an object given 20 or more fields one by one (keyed stores, `Object.assign`) gets V8's hash table of properties,
 * and the execution batch (28 fields) and the offer batch had one: every column read in the rows' hot loops was a hash
 * lookup. The batches and the auction rows, made and grown, have fast properties (V8's `%HasFastProperties`), with
 * their fields in the order they had; fails with the columns stored one by one onto `before` (checked).
 */
import { describe, expect, it } from 'vitest';
import { newExecutionBatch, reserveExecutions } from '../../src/protocols/execution-batch.js';
import { newOfferBatch } from '../../src/protocols/offer-batch.js';
import { newAuctionRows } from '../../src/protocols/auction-rows.js';
import { newColumns } from '../../src/util/columns.js';
import { fastProperties } from './v8-shapes.js';

describe('column tables', () => {
  it('the execution and offer batches and the auction rows have fast properties, made and grown', () => {
    const b = newExecutionBatch();
    expect(Object.keys(b).length).toBeGreaterThanOrEqual(20);
    expect(fastProperties(b)).toBe(true);
    reserveExecutions(b, 1000);
    expect(fastProperties(b)).toBe(true);
    const o = newOfferBatch();
    expect(fastProperties(o)).toBe(true);
    expect(fastProperties(newAuctionRows())).toBe(true);
  });

  it('newColumns puts before, the columns in the spec order, then after; 30 columns stay fast', () => {
    const spec = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`c${i}`, i % 2 ? Float64Array : Uint32Array]));
    const t = newColumns(spec, 3, { count: 0 }, { extra: 1 });
    expect(Object.keys(t)).toEqual(['count', ...Object.keys(spec), 'extra']);
    expect((t as Record<string, unknown>).c1).toBeInstanceOf(Float64Array);
    expect((t as Record<string, Float64Array>).c1!.length).toBe(3);
    expect(fastProperties(t)).toBe(true);
  });
});
