/**
 * ProfitHeap (src/cascade/profit-order.ts) hands a group's rows out in the order of a binary heap of add indices with
 * the comparator of sortByProfit (more collateral per debt paid to the taker, then the larger maxRepay, then added
 * first), while it keeps the best rows in a sorted list as they are added and builds a heap of the others only when a
 * decision draws beyond them. Checked against that plain heap (written out below, the class before the list) on random
 * groups drawn partly, one heap object reused from group to group as a decision reuses it — keys with many ties, and
 * NaN profits and infinite sizes, where the comparator is no order and the list must not be used.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ProfitHeap } from '../../src/cascade/profit-order.js';

/** The plain heap: indices, swaps, `before` as the comparator d = profit(y) − profit(x) || size(y) − size(x). */
function plainPops(profit: number[], size: number[], draws: number): number[] {
  const n = profit.length;
  const heap = Array.from({ length: n }, (_, i) => i);
  let left = n;
  const before = (x: number, y: number) => {
    const d = profit[y]! - profit[x]! || size[y]! - size[x]!;
    return d < 0 || (d === 0 && x < y);
  };
  const down = (at: number) => {
    let i = at;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= left) return;
      const c = l + 1 < left && before(heap[l + 1]!, heap[l]!) ? l + 1 : l;
      if (!before(heap[c]!, heap[i]!)) return;
      [heap[i], heap[c]] = [heap[c]!, heap[i]!];
      i = c;
    }
  };
  for (let i = (n >> 1) - 1; i >= 0; i--) down(i);
  const out: number[] = [];
  for (let k = 0; k < draws; k++) {
    out.push(heap[0]!);
    heap[0] = heap[--left]!;
    down(0);
  }
  return out;
}

const key = (odd: boolean) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(1.05 / 1800, 1.08 / 1800, 1.1 / 1800) },
    { weight: 2, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) },
    { weight: odd ? 1 : 0, arbitrary: fc.constantFrom(Number.NaN, Infinity, -Infinity) },
  );
const sizeOf = (odd: boolean) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(1, 100, 5000) },
    { weight: 4, arbitrary: fc.double({ min: 0, max: 1e6, noNaN: true }) },
    { weight: odd ? 1 : 0, arbitrary: fc.constantFrom(Infinity, Number.NaN) },
  );
const group = (odd: boolean) =>
  fc.record({
    rows: fc.array(fc.record({ profit: key(odd), size: sizeOf(odd) }), { maxLength: 60 }),
    draw: fc.double({ min: 0, max: 1, noNaN: true }),
  });

/** The rows of each group as ProfitHeap gives them (row = 1000 + add index), and as the plain heap does. */
function both(groups: { rows: { profit: number; size: number }[]; draw: number }[]): [number[][], number[][]] {
  const heap = new ProfitHeap();
  const got: number[][] = [];
  const want: number[][] = [];
  for (const g of groups) {
    heap.clear();
    g.rows.forEach((r, k) => heap.add(1000 + k, r.profit, r.size));
    heap.build();
    // A decision draws some rows (the boundary search) and leaves the rest.
    const draws = Math.round(g.draw * g.rows.length);
    const popped: number[] = [];
    for (let k = 0; k < draws; k++) popped.push(heap.pop());
    expect(heap.left).toBe(g.rows.length - draws);
    got.push(popped);
    want.push(
      plainPops(
        g.rows.map((r) => r.profit),
        g.rows.map((r) => r.size),
        draws,
      ).map((k) => 1000 + k),
    );
  }
  return [got, want];
}

describe('ProfitHeap', () => {
  for (const [title, special] of [
    ['pops what the plain heap pops, groups of up to 60 rows drawn partly, one object reused (finite keys: a total order)', false],
    ['pops what the plain heap pops with NaN profits and infinite or NaN sizes (no order: every row in the heap)', true],
  ] as const) {
    it(title, () => {
      fc.assert(
        fc.property(fc.array(group(special), { minLength: 1, maxLength: 6 }), (groups) => {
          const [got, want] = both(groups);
          expect(got).toEqual(want);
        }),
        { numRuns: 300 },
      );
    });
  }

  it('draws past the sorted list into the heap of the others, and a group after a NaN one uses the list again', () => {
    // 20 rows of one profit, sizes 1..20 in listing order: the largest first, so the list (8) then the heap (12).
    const heap = new ProfitHeap();
    for (let k = 0; k < 20; k++) heap.add(k, 0.5, k + 1);
    heap.build();
    const order = Array.from({ length: 20 }, () => heap.pop());
    expect(order).toEqual(Array.from({ length: 20 }, (_, k) => 19 - k));
    expect(() => heap.pop()).toThrow(/ProfitHeap.pop: the queue is empty/);
    // Equal keys: listing order (add order), across the list and the heap.
    heap.clear();
    for (let k = 0; k < 12; k++) heap.add(k, 0.5, 7);
    heap.build();
    expect(Array.from({ length: 12 }, () => heap.pop())).toEqual(Array.from({ length: 12 }, (_, k) => k));
    // A NaN profit, then a plain group on the same object: the plain group is in profit order again.
    heap.clear();
    heap.add(0, Number.NaN, 1);
    heap.add(1, 0.5, 2);
    heap.build();
    expect(new Set([heap.pop(), heap.pop()])).toEqual(new Set([0, 1]));
    heap.clear();
    for (let k = 0; k < 3; k++) heap.add(k, 0.1 * (k + 1), 1);
    heap.build();
    expect([heap.pop(), heap.pop(), heap.pop()]).toEqual([2, 1, 0]);
  });
});
