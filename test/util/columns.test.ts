/** newColumns / growColumns: a spec's columns allocated and lengthened together, contents kept; the batches built on them. */
import { describe, expect, it } from 'vitest';
import { growColumns, newColumns } from '../../src/util/columns.js';
import { newOfferBatch, reserveOffers } from '../../src/protocols/offer-batch.js';
import { newExecutionBatch, reserveExecutions } from '../../src/protocols/execution-batch.js';
import { newAuctionRows } from '../../src/protocols/auction-rows.js';

const SPEC = { a: Float64Array, b: Uint8Array, c: Int32Array } as const;

describe('columns', () => {
  it('allocates each column of its kind, zeroed, on the given object in the spec’s order', () => {
    const t = newColumns(SPEC, 3, { count: 0 });
    expect(Object.keys(t)).toEqual(['count', 'a', 'b', 'c']);
    expect(t.a).toBeInstanceOf(Float64Array);
    expect(t.b).toBeInstanceOf(Uint8Array);
    expect(t.c).toBeInstanceOf(Int32Array);
    expect([t.a.length, t.b.length, t.c.length]).toEqual([3, 3, 3]);
    expect([...t.c]).toEqual([0, 0, 0]);
  });

  it('grows every column to n, what they held kept and the rest zero', () => {
    const t = newColumns(SPEC, 2, {});
    t.a.set([1.5, 2.5]);
    t.b.set([7, 255]);
    t.c.set([-3, 4]);
    growColumns(t, SPEC, 5);
    expect([...t.a]).toEqual([1.5, 2.5, 0, 0, 0]);
    expect([...t.b]).toEqual([7, 255, 0, 0, 0]);
    expect([...t.c]).toEqual([-3, 4, 0, 0, 0]);
  });

  it('the offer, execution and auction tables grow every column they hold', () => {
    const lengths = (x: object) => Object.values(x).filter((v) => ArrayBuffer.isView(v)).map((v) => (v as Uint8Array).length);
    const offers = newOfferBatch(4);
    reserveOffers(offers, 9);
    expect(new Set(lengths(offers))).toEqual(new Set([9]));
    expect(lengths(offers)).toHaveLength(14);
    const done = newExecutionBatch(4);
    reserveExecutions(done, 9);
    // The bad-debt offsets are one longer; the side list keeps its own length (8).
    expect(lengths(done).sort((x, y) => x - y)).toEqual([8, 8, ...Array(23).fill(9), 10]);
    expect(lengths(newAuctionRows(3))).toEqual(Array(11).fill(3));
  });
});
