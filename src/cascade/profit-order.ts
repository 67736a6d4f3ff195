/**
 * The order liquidators take a group's offers in (docs/model.md §3.2): most collateral per unit of debt paid to the
 * taker (collateralPerDebt · takerShare) first, then the larger maxRepay, ties in listing order. `sortByProfit` sorts
 * rows that way; `ProfitHeap` hands them out one by one, so that a decision that looks only at the top
 * of a long queue (the offers that pay this round) does not sort the rest.
 */
import type { OfferBatch } from '../protocols/batch.js';
import { grown } from '../util/grow.js';

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

/**
 * A binary heap of offer rows that pops them in the order sortByProfit gives: rows `add`ed in listing order with
 * their keys, then `build`, then `pop`. Typed arrays grown as needed and kept from group to group (a decision makes
 * no array and no closure).
 */
export class ProfitHeap {
  private rows = new Uint32Array(64);
  private profit = new Float64Array(64);
  private size = new Float64Array(64);
  private heap = new Uint32Array(64);
  private added = 0;
  /** Rows not popped yet. */
  left = 0;

  /** Empties the heap. */
  clear(): void {
    this.added = 0;
    this.left = 0;
  }

  /** Adds `row` (after every row added before it in listing order) with its keys: collateralPerDebt · takerShare, maxRepay. */
  add(row: number, profit: number, size: number): void {
    const k = this.added;
    if (k === this.rows.length) this.grow(2 * k);
    this.rows[k] = row;
    this.profit[k] = profit;
    this.size[k] = size;
    this.added = k + 1;
  }

  private grow(n: number): void {
    this.rows = grown(this.rows, n);
    this.profit = grown(this.profit, n);
    this.size = grown(this.size, n);
    this.heap = new Uint32Array(n);
  }

  /** Makes the rows added a heap. */
  build(): void {
    const n = this.added;
    const heap = this.heap;
    for (let i = 0; i < n; i++) heap[i] = i;
    this.left = n;
    for (let i = (n >> 1) - 1; i >= 0; i--) this.down(i);
  }

  /** The next row in profit order; throws when none is left. */
  pop(): number {
    if (this.left === 0) throw new Error('profitQueue.pop: the queue is empty');
    const heap = this.heap;
    const top = heap[0]!;
    heap[0] = heap[--this.left]!;
    this.down(0);
    return this.rows[top]!;
  }

  /** x before y: more profit, else larger, else added first (the stable sort's tie). */
  private before(x: number, y: number): boolean {
    const dp = this.profit[y]! - this.profit[x]! || this.size[y]! - this.size[x]!;
    return dp < 0 || (dp === 0 && x < y);
  }

  private down(at: number): void {
    const heap = this.heap;
    const count = this.left;
    let i = at;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= count) return;
      const r = l + 1;
      const c = r < count && this.before(heap[r]!, heap[l]!) ? r : l;
      if (!this.before(heap[c]!, heap[i]!)) return;
      const t = heap[i]!;
      heap[i] = heap[c]!;
      heap[c] = t;
      i = c;
    }
  }
}

/** A ProfitHeap over `rows` (listing order) of `offers`, built at once. */
export function profitQueue(rows: ArrayLike<number>, offers: OfferBatch): ProfitQueue {
  const h = new ProfitHeap();
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    h.add(r, offers.collateralPerDebt[r]! * offers.takerShare[r]!, offers.maxRepay[r]!);
  }
  h.build();
  return { pop: () => h.pop(), size: () => h.left };
}
