/**
 * The order liquidators take a group's offers in (docs/model.md §3.2): most collateral per unit of debt paid to the
 * taker (collateralPerDebt · takerShare) first, then the larger maxRepay, ties in listing order. `sortByProfit` sorts
 * rows that way; `profitQueue` hands them out one by one from a heap, so that a decision that looks only at the top
 * of a long queue (the offers that pay this round) does not sort the rest.
 */
import type { OfferBatch } from '../protocols/batch.js';

/** Insertion-sorted runs of the merge sort below. */
const RUN = 16;

/** sortByProfit's keys and permutations, grown as needed (no typed array per call). */
const sortScratch = { profit: new Float64Array(64), size: new Float64Array(64), a: new Uint32Array(64), b: new Uint32Array(64) };

/**
 * Sorts rows of `offers` the way liquidators take them — most collateral per unit of debt paid to the taker
 * (collateralPerDebt · takerShare) first, then the larger maxRepay, ties in the given (listing) order — in place: a
 * stable merge sort on keys read once. A stable sort's output is unique, so this is what Array.prototype.sort returns
 * with the comparator (b.collateralPerDebt · b.takerShare − a.collateralPerDebt · a.takerShare || b.maxRepay − a.maxRepay).
 */
export function sortByProfit(rows: number[], offers: OfferBatch): void {
  const n = rows.length;
  if (n < 2) return;
  if (sortScratch.profit.length < n) Object.assign(sortScratch, { profit: new Float64Array(2 * n), size: new Float64Array(2 * n), a: new Uint32Array(2 * n), b: new Uint32Array(2 * n) });
  const { profit, size } = sortScratch;
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    profit[i] = offers.collateralPerDebt[r]! * offers.takerShare[r]!;
    size[i] = offers.maxRepay[r]!;
  }
  // x strictly before y when the comparator (x, y) is negative: profit[y] − profit[x] || size[y] − size[x] < 0 (inline below).
  let src = sortScratch.a;
  let dst = sortScratch.b;
  for (let i = 0; i < n; i++) src[i] = i;
  for (let lo = 0; lo < n; lo += RUN) {
    const hi = Math.min(lo + RUN, n);
    for (let i = lo + 1; i < hi; i++) {
      const x = src[i]!;
      const px = profit[x]!;
      const sx = size[x]!;
      let j = i - 1;
      for (; j >= lo; j--) {
        const y = src[j]!;
        if (!((profit[y]! - px || size[y]! - sx) < 0)) break;
        src[j + 1] = y;
      }
      src[j + 1] = x;
    }
  }
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        const a = src[i]!;
        const b = src[j]!;
        // b (right) goes first only when strictly before a: the comparator (b, a) = profit[a] − profit[b] || size[a] − size[b] < 0.
        if ((profit[a]! - profit[b]! || size[a]! - size[b]!) < 0) {
          dst[k++] = b;
          j++;
        } else {
          dst[k++] = a;
          i++;
        }
      }
      while (i < mid) dst[k++] = src[i++]!;
      while (j < hi) dst[k++] = src[j++]!;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  const listed = rows.slice();
  for (let k = 0; k < n; k++) rows[k] = listed[src[k]!]!;
}


/** Rows handed out in profit order, best first. */
export interface ProfitQueue {
  /** The next row; throws when none is left. */
  pop(): number;
  size(): number;
}

/** profitQueue's keys and heap, grown as needed: one queue is in use at a time (a group's decision). */
const queueScratch = { profit: new Float64Array(64), size: new Float64Array(64), heap: new Uint32Array(64) };

/**
 * A binary heap over `rows` (listing order) that pops them in the order sortByProfit gives. It lives in shared
 * scratch: valid until the next profitQueue call.
 */
export function profitQueue(rows: readonly number[], offers: OfferBatch): ProfitQueue {
  const n = rows.length;
  if (queueScratch.heap.length < n) Object.assign(queueScratch, { profit: new Float64Array(2 * n), size: new Float64Array(2 * n), heap: new Uint32Array(2 * n) });
  const { profit, size, heap } = queueScratch;
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    profit[i] = offers.collateralPerDebt[r]! * offers.takerShare[r]!;
    size[i] = offers.maxRepay[r]!;
  }
  // x before y: more profit, else larger, else listed first (the stable sort's tie).
  const before = (x: number, y: number) => {
    const dp = profit[y]! - profit[x]! || size[y]! - size[x]!;
    return dp < 0 || (dp === 0 && x < y);
  };
  for (let i = 0; i < n; i++) heap[i] = i;
  let count = n;
  const down = (at: number) => {
    let i = at;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= count) return;
      const r = l + 1;
      const c = r < count && before(heap[r]!, heap[l]!) ? r : l;
      if (!before(heap[c]!, heap[i]!)) return;
      const t = heap[i]!;
      heap[i] = heap[c]!;
      heap[c] = t;
      i = c;
    }
  };
  for (let i = (n >> 1) - 1; i >= 0; i--) down(i);
  return {
    pop() {
      if (count === 0) throw new Error('profitQueue.pop: the queue is empty');
      const top = heap[0]!;
      heap[0] = heap[--count]!;
      down(0);
      return rows[top]!;
    },
    size: () => count,
  };
}
