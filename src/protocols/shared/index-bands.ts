/**
 * Band sets, the sorted storage of the liquidation index (liquidation-index.ts): positions of one store by
 * (collateral, debt) group and size band — half octaves of their debt — each band sorted by its liquidation key,
 * so that a scan reads, per band, only the suffix with key >= the cut, and skips a whole band whose largest debt is
 * within a size floor. Debts and keys are in build units: × the group's scale (interest since the build) now.
 * Also the sorts the index needs: `argsortNonNegative` (radix sort on the bit patterns) and `ascending`.
 */
import { copyArray, type BufferLease } from '../../util/buffer-pool.js';

/**
 * One class for every band set, built or shared (each field set in one order by the constructor): one object shape, so
 * that the scans stay monomorphic. (A literal for built sets and a spread for shared ones gave three shapes, and
 * `dropOthers` was deoptimised ~30 times in a fresh process's first cascade.)
 */
export class BandSet {
  /** Band b's positions are order[start[b] .. end[b]), keys ascending; a band set built by `buildBands` has end[b] = start[b + 1]. */
  start: Uint32Array;
  end: Uint32Array;
  group: Uint32Array;
  /** Group g's bands are [groupBand[g], groupBand[g + 1]). */
  groupBand: Uint32Array;
  /** Largest key and debt in each band, and in each group, when built (upper bounds after drops). */
  maxKey: Float64Array;
  maxDebt: Float64Array;
  groupMaxKey: Float64Array;
  groupMaxDebt: Float64Array;
  /**
   * Each band's last key, keys[end[b] − 1] (−Infinity when empty): maxKey until a drop shortens the band. The scan's
   * lowerBound finds no key >= the cut exactly when it is below the cut, so a band whose entries under water all left
   * is skipped unread.
   */
  lastKey: Float64Array;
  order: Uint32Array;
  keys: Float64Array;
  /** Each entry's debt when it was built. */
  debts: Float64Array;
  /** Per band, where the last scan's cut fell (the next cut is near: a round moves prices little). Each clone its own. */
  hint: Uint32Array;
  /** Whether order, keys, debts, end and lastKey may be written in place (else copied first: a clone shares them). */
  owned: boolean;
  /**
   * The run's lease (util/buffer-pool.ts) its copies of order, keys and debts come from, null when none: while `owned`,
   * those arrays are the lease's, so a clone copies them instead of sharing (`cloneBands`).
   */
  lease: BufferLease | null;
  constructor(f: BandFields) {
    this.start = f.start;
    this.end = f.end;
    this.group = f.group;
    this.groupBand = f.groupBand;
    this.maxKey = f.maxKey;
    this.maxDebt = f.maxDebt;
    this.groupMaxKey = f.groupMaxKey;
    this.groupMaxDebt = f.groupMaxDebt;
    this.lastKey = f.lastKey;
    this.order = f.order;
    this.keys = f.keys;
    this.debts = f.debts;
    this.hint = f.hint;
    this.owned = f.owned;
    this.lease = f.lease;
  }
}

/** The fields of a band set. */
type BandFields = { [K in keyof BandSet]: BandSet[K] };

/** Size bands: band = floor(2·log2(debt)), clamped to [BAND_MIN, BAND_MIN + BAND_SPAN). */
const BAND_MIN = -256;
const BAND_SPAN = 512;

function bandOf(debt: number): number {
  if (!(debt > 0)) return BAND_MIN;
  return Math.min(BAND_MIN + BAND_SPAN - 1, Math.max(BAND_MIN, Math.floor(2 * Math.log2(debt))));
}

export function emptyBands(groups: number): BandSet {
  return buildBands([], groups, NONE, NONE_KEYS, NONE_KEYS);
}

const NONE = new Int32Array(0);
const NONE_KEYS = new Float64Array(0);

/**
 * Bands of `positions` (position i with group groupOf[i] in [0, groups), key keyOf[i] >= 0 and debt debtOf[i], build
 * units), ordered by group then size. Columns, not callbacks: a callback made per call loses its optimised code
 * whenever the closure is collected.
 */
export function buildBands(positions: ArrayLike<number>, groups: number, groupOf: ArrayLike<number>, keyOf: ArrayLike<number>, debtOf: ArrayLike<number>): BandSet {
  // Each pass over the positions is a function of its own: V8 compiles a long loop while it runs (on-stack
  // replacement) and kept that code, which stopped at the first statement after the loop it had no feedback for —
  // at every call, two deoptimisations per store compiled (docs/scale.md "Object shapes").
  const bandId = new Map<number, number>();
  const members: number[][] = [];
  const ids: number[] = [];
  collectBands(positions, groupOf, debtOf, bandId, members, ids);
  const byId = bandsById(ids, bandId);
  const nb = byId.length;
  let n = 0;
  for (let j = 0; j < nb; j++) n += members[byId[j]!]!.length;
  const c = bandSlab(n, nb, groups);
  const start = c.start;
  for (let j = 0; j < nb; j++) start[j + 1] = start[j]! + members[byId[j]!]!.length;
  fillBands(members, byId, start, groupOf, keyOf, debtOf, c);
  countGroupBands(c.group, c.groupBand);
  return slabBands(c);
}

/** A band set's columns (every field that is an array), as `bandSlab` cuts them. */
interface SlabColumns extends BandColumns {
  start: Uint32Array;
  end: Uint32Array;
  groupBand: Uint32Array;
  lastKey: Float64Array;
  hint: Uint32Array;
}

/**
 * The columns of a band set of n entries, nb bands and `groups` groups, zeros, as views of one buffer: one allocation
 * instead of thirteen (a typed array's own buffer of more than 64 bytes is allocated outside V8's heap, ~300 ns: the
 * rebuilds of the touched bands spent a third of their time allocating, with the band's keys and sort below).
 */
function bandSlab(n: number, nb: number, groups: number): SlabColumns {
  const doubles = 2 * n + 3 * nb + 2 * groups;
  const buffer = new ArrayBuffer(8 * doubles + 4 * (n + 4 * nb + groups + 2));
  let at = 0;
  const f64 = (len: number): Float64Array => new Float64Array(buffer, (at += 8 * len) - 8 * len, len);
  const u32 = (len: number): Uint32Array => new Uint32Array(buffer, (at += 4 * len) - 4 * len, len);
  // Doubles first: every offset of a Float64Array stays a multiple of 8.
  return { keys: f64(n), debts: f64(n), maxKey: f64(nb), maxDebt: f64(nb), lastKey: f64(nb), groupMaxKey: f64(groups), groupMaxDebt: f64(groups), order: u32(n), start: u32(nb + 1), end: u32(nb), group: u32(nb), groupBand: u32(groups + 1), hint: u32(nb) };
}

/** The band set of filled columns (start, the bands' and groups' columns): each band's end and last key, and the scan's hints, from them. */
function slabBands(c: SlabColumns): BandSet {
  const nb = c.group.length;
  c.end.set(c.start.subarray(1));
  c.lastKey.set(c.maxKey);
  c.hint.set(c.start.subarray(0, nb));
  const { start, end, group, groupBand, maxKey, maxDebt, groupMaxKey, groupMaxDebt, lastKey, order, keys, debts, hint } = c;
  return new BandSet({ start, end, group, groupBand, maxKey, maxDebt, groupMaxKey, groupMaxDebt, lastKey, order, keys, debts, hint, owned: true, lease: null });
}

/**
 * Scratch of fillBands: a band's keys and its sort's two permutations (argsortNonNegative's merge sort, below
 * RADIX_FROM keys) — no arrays of their own per band.
 */
let sorting = { keys: new Float64Array(64), src: new Uint32Array(64), dst: new Uint32Array(64) };

/** The scratch for a band of n keys (fillBands), grown to hold them. */
function bandKeys(n: number): Float64Array {
  if (sorting.keys.length < n) sorting = { keys: new Float64Array(2 * n), src: new Uint32Array(2 * n), dst: new Uint32Array(2 * n) };
  return sorting.keys;
}

/** The columns `fillBands` writes. */
interface BandColumns {
  order: Uint32Array;
  keys: Float64Array;
  debts: Float64Array;
  group: Uint32Array;
  maxKey: Float64Array;
  maxDebt: Float64Array;
  groupMaxKey: Float64Array;
  groupMaxDebt: Float64Array;
}

/** Each position into its band (by group and debt size): the band of each id, each band's members, the ids by creation. */
function collectBands(positions: ArrayLike<number>, groupOf: ArrayLike<number>, debtOf: ArrayLike<number>, bandId: Map<number, number>, members: number[][], ids: number[]): void {
  for (let j = 0; j < positions.length; j++) {
    const i = positions[j]!;
    const id = groupOf[i]! * BAND_SPAN + bandOf(debtOf[i]!) - BAND_MIN;
    let b = bandId.get(id);
    if (b === undefined) {
      b = members.length;
      bandId.set(id, b);
      members.push([]);
      ids.push(id);
    }
    members[b]!.push(i);
  }
}

/** Each band's entries in ascending key, with their debts, and the bands' and groups' largest key and debt. */
function fillBands(members: number[][], byId: Uint32Array, start: Uint32Array, groupOf: ArrayLike<number>, keyOf: ArrayLike<number>, debtOf: ArrayLike<number>, c: BandColumns): void {
  const { order, keys, debts, group, maxKey, maxDebt, groupMaxKey, groupMaxDebt } = c;
  for (let j = 0; j < byId.length; j++) {
    const list = members[byId[j]!]!;
    const s = start[j]!;
    const gk = bandKeys(list.length);
    for (let q = 0; q < list.length; q++) gk[q] = keyOf[list[q]!]! + 0; // +0 turns a −0 into 0 for the bit-pattern sort
    const perm = argsortNonNegative(gk, list.length, sorting.src, sorting.dst);
    let most = 0;
    for (let q = 0; q < list.length; q++) {
      const i = list[perm[q]!]!;
      order[s + q] = i;
      keys[s + q] = gk[perm[q]!]!;
      debts[s + q] = debtOf[i]!;
      most = Math.max(most, debts[s + q]!);
    }
    const g = groupOf[list[0]!]!;
    group[j] = g;
    maxKey[j] = keys[s + list.length - 1]!;
    maxDebt[j] = most;
    groupMaxKey[g] = Math.max(groupMaxKey[g]!, maxKey[j]!);
    groupMaxDebt[g] = Math.max(groupMaxDebt[g]!, most);
  }
}

/** groupBand[g] = the first band of group g (bands are ordered by group), groupBand[groups] = the band count. */
function countGroupBands(group: Uint32Array, groupBand: Uint32Array): void {
  for (let j = 0; j < group.length; j++) groupBand[group[j]! + 1]!++;
  for (let g = 0; g + 1 < groupBand.length; g++) groupBand[g + 1]! += groupBand[g]!;
}

/** The bands (by creation) in ascending id (ids are distinct: a numeric sort of the ids, each mapped back). */
function bandsById(ids: number[], bandId: Map<number, number>): Uint32Array {
  const sorted = Float64Array.from(ids).sort();
  const byId = new Uint32Array(sorted.length);
  for (let j = 0; j < sorted.length; j++) byId[j] = bandId.get(sorted[j]!)!;
  return byId;
}

/** A copy sharing the arrays; neither side writes them in place from now on. The copy's own copies come from `lease`. */
export function shareBands(set: BandSet, lease: BufferLease | null = null): BandSet {
  set.owned = false;
  return new BandSet({ ...set, hint: set.hint.slice(), lease });
}

/**
 * A run's copy of a band set (docs/scale.md "Run copies"): arrays a run's lease holds are copied, through `lease` when
 * given — a lease is released with its run, so they are never shared —, the others shared (`shareBands`).
 */
export function cloneBands(set: BandSet, lease?: BufferLease): BandSet {
  if (!set.owned || set.lease === null) return shareBands(set, lease ?? null);
  const { order, keys, debts } = set;
  return new BandSet({ ...set, order: copyArray(order, lease), keys: copyArray(keys, lease), debts: copyArray(debts, lease), end: set.end.slice(), lastKey: set.lastKey.slice(), hint: set.hint.slice(), owned: true, lease: lease ?? null });
}

/** Entries of a band seen with another state from which the band drops them all (each drop removes them for good). */
const DROP_AT = 1;

/**
 * Appends to out[m..] the positions of `set` with state `want` whose key is at least cuts[g], whose debt is above
 * minDebt[g] (debts × scale[g]) and whose debt / key is above minWeighted[g] (0: any; a ratio interest leaves as it
 * is); returns the new m. Bands whose entries mostly left (another state) drop them.
 */
export function scanBands(set: BandSet, cuts: Float64Array, minDebt: Float64Array | undefined, minWeighted: Float64Array | undefined, scale: Float64Array, state: Uint8Array, want: number, out: Uint32Array, m: number): number {
  const groups = set.groupMaxKey.length;
  for (let g = 0; g < groups; g++) {
    const cut = cuts[g]!;
    const floor = minDebt === undefined ? -Infinity : minDebt[g]! / scale[g]!;
    const weighted = minWeighted === undefined ? 0 : minWeighted[g]!;
    // Nothing under water in the group or the band (their largest key left), or nothing big enough to pay the gas: skipped unread.
    if (set.groupMaxKey[g]! < cut || set.groupMaxDebt[g]! <= floor) continue;
    for (let b = set.groupBand[g]!; b < set.groupBand[g + 1]!; b++) {
      if (set.lastKey[b]! < cut || set.maxDebt[b]! <= floor) continue;
      const e = set.end[b]!;
      let other = 0;
      const from = lowerBoundNear(set.keys, cut, set.start[b]!, e, set.hint[b]!);
      set.hint[b] = from;
      for (let j = from; j < e; j++) {
        const i = set.order[j]!;
        if (state[i] !== want) other++;
        else if (set.debts[j]! > floor && (weighted <= 0 || set.debts[j]! > weighted * set.keys[j]!)) out[m++] = i;
      }
      if (other >= DROP_AT) dropOthers(set, b, from, state, want);
    }
  }
  return m;
}

/** Upper bound on how many positions scanBands may append. */
export function bandsSize(set: BandSet): number {
  return set.order.length;
}

/**
 * Removes from band b's entries from `from` on (the run the scan read) those whose state is not `want`, keeping the
 * order; the entries before it, below the cut, keep their places (and their stale ones until a cut reaches them).
 */
function dropOthers(set: BandSet, b: number, from: number, state: Uint8Array, want: number): void {
  if (!set.owned) {
    const lease = set.lease ?? undefined;
    set.order = copyArray(set.order, lease);
    set.keys = copyArray(set.keys, lease);
    set.debts = copyArray(set.debts, lease);
    set.end = set.end.slice();
    set.lastKey = set.lastKey.slice();
    set.owned = true;
  }
  const { order, keys, debts } = set;
  let w = from;
  const e = set.end[b]!;
  for (let j = w; j < e; j++) {
    const i = order[j]!;
    if (state[i] !== want) continue;
    order[w] = i;
    debts[w] = debts[j]!;
    keys[w++] = keys[j]!;
  }
  set.end[b] = w;
  set.hint[b] = from;
  set.lastKey[b] = w > set.start[b]! ? keys[w - 1]! : -Infinity;
}

/** lowerBound, searched outwards from `near` (doubling steps, then bisection): a few reads when the answer is close. */
export function lowerBoundNear(keys: Float64Array, t: number, lo: number, hi: number, near: number): number {
  const j = Math.min(Math.max(near, lo), hi);
  if (j > lo && keys[j - 1]! >= t) {
    // The answer is in [lo, j − 1]: step left until a key below t.
    let right = j - 1;
    let step = 1;
    while (right - step >= lo && keys[right - step]! >= t) {
      right -= step;
      step *= 2;
    }
    return lowerBound(keys, t, Math.max(lo, right - step + 1), right);
  }
  if (j < hi && keys[j]! < t) {
    // The answer is in [j + 1, hi]: step right until a key at or above t (every key before `left` is below t).
    let left = j + 1;
    let step = 1;
    for (;;) {
      const right = left + step - 1;
      if (right >= hi) return lowerBound(keys, t, left, hi);
      if (keys[right]! >= t) return lowerBound(keys, t, left, right);
      left = right + 1;
      step *= 2;
    }
  }
  return j;
}

/** First position in keys[lo, hi) whose key is >= t (keys ascending). */
export function lowerBound(keys: Float64Array, t: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const RADIX_FROM = 4096;

/** Insertion-sorted runs of the merge sort below. */
const RUN = 16;

/**
 * The permutation sorting keys[0, n) (no NaN) ascending, ties in index order, in `into` or `spare` (each of at least n
 * entries; the one returned holds it in its first n): a stable merge sort on the keys (insertion-
 * sorted runs, then merges taking the left on ties). A stable sort's output is unique, so this is what a comparison
 * sort by (key, index) returns — without a call into a comparator per comparison (the sort a rebuild of the touched
 * bands spends its time in: one per band of a few hundred entries).
 */
function stableArgsort(keys: Float64Array, n: number, into: Uint32Array, spare: Uint32Array): Uint32Array {
  let src = into;
  let dst = spare;
  for (let i = 0; i < n; i++) src[i] = i;
  for (let lo = 0; lo < n; lo += RUN) insertionSortRun(keys, src, lo, Math.min(lo + RUN, n));
  for (let width = RUN; width < n; width *= 2) {
    mergePass(keys, src, dst, width, n);
    const t = src;
    src = dst;
    dst = t;
  }
  return src;
}

// The passes are functions of their own: a loop compiled on the stack (OSR) deoptimised each call where the code
// after it first ran, and the merges then ran in the interpreter (docs/scale.md "Session 12: loops on the stack").

/** Sorts src[lo, hi) by key, ties in place: insertion sort. */
function insertionSortRun(keys: Float64Array, src: Uint32Array, lo: number, hi: number): void {
  for (let i = lo + 1; i < hi; i++) {
    const x = src[i]!;
    const kx = keys[x]!;
    let j = i - 1;
    for (; j >= lo && keys[src[j]!]! > kx; j--) src[j + 1] = src[j]!;
    src[j + 1] = x;
  }
}

/** Merges each pair of sorted runs of `width` in src[0, n) into dst, taking the left on ties. */
function mergePass(keys: Float64Array, src: Uint32Array, dst: Uint32Array, width: number, n: number): void {
  for (let lo = 0; lo < n; lo += 2 * width) {
    const mid = Math.min(lo + width, n);
    const hi = Math.min(lo + 2 * width, n);
    let i = lo;
    let j = mid;
    let k = lo;
    while (i < mid && j < hi) dst[k++] = keys[src[j]!]! < keys[src[i]!]! ? src[j++]! : src[i++]!;
    while (i < mid) dst[k++] = src[i++]!;
    while (j < hi) dst[k++] = src[j++]!;
  }
}

const littleEndian = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

/**
 * Permutation sorting the non-negative finite doubles keys[0, n) ascending: an LSD radix sort on their bit patterns
 * (which order like the values for x >= 0), four 16-bit passes; a stable merge sort below RADIX_FROM keys or where the
 * platform is not little-endian, in `into` and `spare` when given (each of at least n entries: the result is then one
 * of them, its first n entries; a caller's scratch, as fillBands' — the radix sort allocates its own).
 */
export function argsortNonNegative(keys: Float64Array, n = keys.length, into?: Uint32Array, spare?: Uint32Array): Uint32Array {
  // Four passes over 65,536 buckets pay off only for large arrays.
  if (n < RADIX_FROM || !littleEndian) return stableArgsort(keys, n, into ?? new Uint32Array(n), spare ?? new Uint32Array(n));
  let idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  const words = new Uint32Array(keys.buffer, keys.byteOffset, 2 * n);
  // The key's two words travel with the index, so that every pass reads sequentially.
  let lo = new Uint32Array(n);
  let hi = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    lo[i] = words[2 * i]!;
    hi[i] = words[2 * i + 1]!;
  }
  let idx2 = new Uint32Array(n);
  let lo2 = new Uint32Array(n);
  let hi2 = new Uint32Array(n);
  const count = new Uint32Array(65536);
  for (let pass = 0; pass < 4; pass++) {
    const src = pass < 2 ? lo : hi;
    const shift = (pass & 1) * 16;
    count.fill(0);
    for (let j = 0; j < n; j++) count[(src[j]! >>> shift) & 0xffff]!++;
    if (count[(src[0]! >>> shift) & 0xffff] === n) continue; // every key has this digit
    let sum = 0;
    for (let b = 0; b < 65536; b++) {
      const c = count[b]!;
      count[b] = sum;
      sum += c;
    }
    for (let j = 0; j < n; j++) {
      const t = count[(src[j]! >>> shift) & 0xffff]!++;
      idx2[t] = idx[j]!;
      lo2[t] = lo[j]!;
      hi2[t] = hi[j]!;
    }
    [idx, idx2] = [idx2, idx];
    [lo, lo2] = [lo2, lo];
    [hi, hi2] = [hi2, hi];
  }
  return idx;
}

/** A bitset over positions for `ascending`, left all zero between calls. */
let marks = new Uint32Array(0);

/**
 * out[0, m) (distinct positions below `count`) sorted ascending, in place: by a sort when it is small, else through a
 * bitset — a pass over count/32 words instead of m·log2(m) comparisons (a round of 150,000 candidates among a million
 * positions).
 */
export function ascending(out: Uint32Array, m: number, count: number): Uint32Array {
  const words = (count + 31) >>> 5;
  if (m < 2 || m * Math.log2(m) < words) return out.subarray(0, m).sort();
  if (marks.length < words) marks = new Uint32Array(words);
  for (let j = 0; j < m; j++) {
    const i = out[j]!;
    marks[i >>> 5]! |= 1 << (i & 31);
  }
  let k = 0;
  for (let w = 0; w < words; w++) {
    let x = marks[w]!;
    if (x === 0) continue;
    marks[w] = 0;
    const base = w << 5;
    while (x !== 0) {
      const low = x & -x;
      out[k++] = base + 31 - Math.clz32(low);
      x ^= low;
    }
  }
  return out.subarray(0, k);
}
