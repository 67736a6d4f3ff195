/**
 * StableSwap re-balancing remembered (stableswap.ts `setPrices`; docs/scale.md "Session 10"). The balances setPrices
 * finds, and their invariant, are a function of the coin count n, Ann, the pool's D and the prices per pool unit
 * π_k alone (docs/market.md §7: the search runs on D = 1 and scales by D); so a call whose inputs equal an earlier
 * call's bit for bit gets that call's doubles. The exposure game's coalition runs replay one another's rounds: ~43%
 * of its calls repeat an earlier one, mostly one made a run or more before.
 *
 * Module-level tables, one per coin count, made on first use: setPrices is a pure function of the key (every input it
 * reads is compared as a double, all of them finite and > 0), so whether a call finds its entry never changes a
 * result — only what it costs. Each table holds SLOTS entries, a new entry replacing the one in its slot (a fixed
 * size: ~5 MB for 3 coins; each worker thread has its own).
 */

/** Entries per table (direct-mapped by a hash of the key). */
const SLOTS = 1 << 16;

interface FitTable {
  /** Per slot: Ann, D, π_0…π_{n−1}, then the balances x_0…x_{n−1} and their invariant. */
  data: Float64Array;
  stride: number;
}

const tables: (FitTable | undefined)[] = [];

function tableFor(n: number): FitTable {
  let t = tables[n];
  if (t === undefined) {
    const stride = 2 * n + 3;
    t = tables[n] = { data: new Float64Array(SLOTS * stride), stride };
  }
  return t;
}

/** A double's two 32-bit words, read through one shared buffer (read within one call). */
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

function mix(h: number, x: number): number {
  bits[0] = x;
  h = Math.imul(h ^ words[0]!, 0x01000193);
  return Math.imul(h ^ words[1]!, 0x01000193);
}

/** The slot of the key (n, Ann, D, π); exported for the tests, which make keys that share a slot. */
export function slotOf(n: number, Ann: number, D: number, pi: Float64Array): number {
  let h = mix(mix(0x811c9dc5 ^ n, Ann), D);
  for (let k = 0; k < n; k++) h = mix(h, pi[k]!);
  return (h ^ (h >>> 15)) & (SLOTS - 1);
}

/** Whether the key is one the memo takes: every input finite and > 0 (then === is equality bit for bit). */
function memoable(n: number, Ann: number, D: number): boolean {
  return n >= 2 && n <= 8 && Ann > 0 && Ann < Infinity && D > 0 && D < Infinity;
}

/**
 * The balances (written to `xp`) and invariant of an earlier call at the same n, Ann, D and π (π_k > 0, finite: setPrices
 * checks them), or NaN when the memo does not hold them.
 */
export function recalledFit(n: number, Ann: number, D: number, pi: Float64Array, xp: Float64Array): number {
  if (!memoable(n, Ann, D)) return Number.NaN;
  const t = tableFor(n);
  const slot = slotOf(n, Ann, D, pi);
  const data = t.data;
  const at = slot * t.stride;
  // A slot never filled holds Ann = 0, which no key has (Ann > 0): one read of the table, not a flag's and then its entry's.
  if (data[at] !== Ann || data[at + 1] !== D) return Number.NaN;
  for (let k = 0; k < n; k++) if (data[at + 2 + k] !== pi[k]) return Number.NaN;
  for (let k = 0; k < n; k++) xp[k] = data[at + 2 + n + k]!;
  return data[at + 2 + 2 * n]!;
}

/** Remembers setPrices' balances `xp` and invariant `Dout` for the key (n, Ann, D, π). */
export function rememberFit(n: number, Ann: number, D: number, pi: Float64Array, xp: Float64Array, Dout: number): void {
  if (!memoable(n, Ann, D)) return;
  const t = tableFor(n);
  const slot = slotOf(n, Ann, D, pi);
  const data = t.data;
  const at = slot * t.stride;
  data[at] = Ann;
  data[at + 1] = D;
  for (let k = 0; k < n; k++) data[at + 2 + k] = pi[k]!;
  for (let k = 0; k < n; k++) data[at + 2 + n + k] = xp[k]!;
  data[at + 2 + 2 * n] = Dout;
}
