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


/** How many of the first rows a ProfitHeap hands out from a sorted list, kept while rows are added, before it needs a heap. */
const TOP = 8;

/**
 * The offer rows of a group handed out one by one in the order sortByProfit gives: rows `add`ed in listing order with
 * their keys, then `build`, then `pop`. Most decisions draw a few rows of many (docs/scale.md): the best TOP are kept
 * sorted as rows are added (one comparison for most rows), and a binary heap is built of the others only when a
 * decision draws beyond them. The order is a strict total order when no profit is NaN and every size is finite — then
 * the best TOP followed by the heap's pops is the sorted order; otherwise every row goes into the heap, as before.
 * Typed arrays grown as needed and kept from group to group (a decision makes no array and no closure).
 */
export class ProfitHeap {
  /** By add index: row, collateralPerDebt · takerShare, maxRepay. */
  private rows = new Uint32Array(64);
  private profit = new Float64Array(64);
  private size = new Float64Array(64);
  /** The best rows added (add indices, in order) and whether a row is among them. */
  private readonly top = new Uint32Array(TOP);
  private topCount = 0;
  private inTop = new Uint8Array(64);
  /** The heap of the other rows: by heap position, their keys and add index. */
  private key = new Float64Array(64);
  private big = new Float64Array(64);
  private at = new Uint32Array(64);
  private heapCount = 0;
  private added = 0;
  private served = 0;
  private built = false;
  /** No NaN profit and no infinite size so far: the order is total, the sorted list may be used. */
  private plain = true;
  /** Rows not popped yet. */
  left = 0;

  /** Empties the heap. */
  clear(): void {
    this.added = 0;
    this.left = 0;
    this.topCount = 0;
    this.plain = true;
  }

  /** Adds `row` (after every row added before it in listing order) with its keys: collateralPerDebt · takerShare, maxRepay. */
  add(row: number, profit: number, size: number): void {
    const k = this.added;
    if (k === this.rows.length) this.grow(2 * k);
    this.rows[k] = row;
    this.profit[k] = profit;
    this.size[k] = size;
    this.added = k + 1;
    if (profit !== profit || size - size !== 0) this.plain = false;
    const top = this.top;
    let t = this.topCount;
    // Row k goes before row y (added earlier) when d = profit(y) − profit(k) || size(y) − size(k) < 0.
    if (t === TOP) {
      const y = top[TOP - 1]!;
      if (!((this.profit[y]! - profit || this.size[y]! - size) < 0)) return;
      t--;
    }
    let i = t;
    for (; i > 0; i--) {
      const y = top[i - 1]!;
      if (!((this.profit[y]! - profit || this.size[y]! - size) < 0)) break;
      top[i] = y;
    }
    top[i] = k;
    this.topCount = t + 1;
  }

  private grow(n: number): void {
    this.rows = grown(this.rows, n);
    this.profit = grown(this.profit, n);
    this.size = grown(this.size, n);
    this.inTop = grown(this.inTop, n);
    this.key = new Float64Array(n);
    this.big = new Float64Array(n);
    this.at = new Uint32Array(n);
  }

  /** Makes the rows added ready to pop. */
  build(): void {
    this.left = this.added;
    this.served = 0;
    this.built = false;
    if (!this.plain) {
      this.topCount = 0;
      this.heapRest();
    }
  }

  /** The next row in profit order; throws when none is left. */
  pop(): number {
    if (this.left === 0) throw new Error('ProfitHeap.pop: the queue is empty');
    this.left--;
    if (this.served < this.topCount) return this.rows[this.top[this.served++]!]!;
    if (!this.built) this.heapRest();
    const top = this.at[0]!;
    const last = --this.heapCount;
    this.key[0] = this.key[last]!;
    this.big[0] = this.big[last]!;
    this.at[0] = this.at[last]!;
    this.down(0);
    return this.rows[top]!;
  }

  /** A heap of the rows not in the sorted list. */
  private heapRest(): void {
    const { inTop, top } = this;
    for (let t = 0; t < this.topCount; t++) inTop[top[t]!] = 1;
    let m = 0;
    for (let k = 0; k < this.added; k++) {
      if (inTop[k]) continue;
      this.key[m] = this.profit[k]!;
      this.big[m] = this.size[k]!;
      this.at[m++] = k;
    }
    for (let t = 0; t < this.topCount; t++) inTop[top[t]!] = 0;
    this.heapCount = m;
    this.built = true;
    for (let i = (m >> 1) - 1; i >= 0; i--) this.down(i);
  }

  /**
   * Sifts the heap's row at `from` down. "x before y" (more profit, else larger, else added first) is, as in the
   * stable sort's comparator, d = profit(y) − profit(x) || size(y) − size(x) < 0, or d = 0 and x added first; the
   * sifted row waits in locals while the rows it passes move up.
   */
  private down(from: number): void {
    const { key, big, at } = this;
    const count = this.heapCount;
    const p = key[from]!;
    const s = big[from]!;
    const x = at[from]!;
    let i = from;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= count) break;
      let c = l;
      const r = l + 1;
      if (r < count) {
        const d = key[l]! - key[r]! || big[l]! - big[r]!;
        if (d < 0 || (d === 0 && at[r]! < at[l]!)) c = r;
      }
      const d = p - key[c]! || s - big[c]!;
      if (!(d < 0 || (d === 0 && at[c]! < x))) break;
      key[i] = key[c]!;
      big[i] = big[c]!;
      at[i] = at[c]!;
      i = c;
    }
    if (i === from) return;
    key[i] = p;
    big[i] = s;
    at[i] = x;
  }
}
