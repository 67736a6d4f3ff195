/**
 * The band sets of the liquidation index (src/protocols/shared/index-bands.ts): the searches a scan starts from the
 * last cut (`lowerBoundNear`) find what a plain bisection finds, wherever they start; bands order by group then size
 * and carry upper bounds of their keys and debts; a scan returns what reading every entry returns, through the drops
 * that shorten bands (and move each band's last key), on a set and on a clone sharing its arrays; a build is the plain
 * sort by group, size band, key and input order, in columns that share no memory, however large its bands.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildBands, cloneBands, lowerBound, lowerBoundNear, scanBands, shareBands } from '../../src/protocols/shared/index-bands.js';
import { BufferPool } from '../../src/util/buffer-pool.js';

describe('lowerBoundNear', () => {
  it('= lowerBound on any sorted range, from any starting point, for cuts inside, between and outside the keys', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 60 }),
        fc.integer({ min: -2, max: 52 }),
        fc.nat(70),
        fc.nat(70),
        fc.nat(70),
        (xs, cut, a, b, near) => {
          const keys = Float64Array.from(xs.sort((x, y) => x - y));
          const lo = Math.min(a, b, keys.length);
          const hi = Math.min(Math.max(a, b), keys.length);
          const t = cut + 0.5 * (cut % 2);
          expect(lowerBoundNear(keys, t, lo, hi, near)).toBe(lowerBound(keys, t, lo, hi));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('reads few keys when the cut is next to where it starts', () => {
    const keys = Float64Array.from({ length: 1_000_000 }, (_, i) => i);
    let reads = 0;
    const counted = new Proxy(keys, { get: (k, p) => (typeof p === 'string' && /^\d+$/.test(p) && reads++, Reflect.get(k, p)) });
    expect(lowerBoundNear(counted as unknown as Float64Array, 500_002.5, 0, keys.length, 500_000)).toBe(500_003);
    expect(reads).toBeLessThan(8);
  });
});

describe('buildBands', () => {
  it('orders bands by group then half octave of debt, each sorted by key, with their largest key and debt', () => {
    // positions 0..5: group, key, debt
    const g = [1, 0, 1, 0, 1, 1];
    const key = [0.9, 0.5, 0.7, 0.8, 0.95, 0.6];
    const debt = [1000, 10, 1100, 10.5, 100, 1200];
    const set = buildBands([0, 1, 2, 3, 4, 5], 2, g, key, debt);
    const bands = Array.from(set.group, (grp, b) => ({ grp, members: Array.from(set.order.subarray(set.start[b], set.end[b])), maxKey: set.maxKey[b], maxDebt: set.maxDebt[b] }));
    // Group 0: debts 10 and 10.5 share the band floor(2·log2) = 6; group 1: 100 (band 13), then 1000, 1100, 1200 (band 19, 20, 20).
    expect(bands).toEqual([
      { grp: 0, members: [1, 3], maxKey: 0.8, maxDebt: 10.5 },
      { grp: 1, members: [4], maxKey: 0.95, maxDebt: 100 },
      { grp: 1, members: [0], maxKey: 0.9, maxDebt: 1000 },
      { grp: 1, members: [5, 2], maxKey: 0.7, maxDebt: 1200 },
    ]);
    expect(Array.from(set.groupBand)).toEqual([0, 1, 4]);
    expect(Array.from(set.groupMaxKey)).toEqual([0.8, 0.95]);
  });
});

describe('buildBands against a plain build', () => {
  /** The bands of a plain sort of the positions by (group, half octave of debt, key, input order), every column. */
  function plainBuild(positions: number[], groups: number, g: number[], key: number[], debt: number[]): Record<string, number[]> {
    const bandOf = (d: number) => (d > 0 ? Math.min(255, Math.max(-256, Math.floor(2 * Math.log2(d)))) : -256);
    const sorted = positions.map((i, at) => ({ i, at, g: g[i]!, b: bandOf(debt[i]!), k: key[i]! + 0 })).sort((x, y) => x.g - y.g || x.b - y.b || x.k - y.k || x.at - y.at);
    const cols: Record<string, number[]> = { start: [0], group: [], maxKey: [], maxDebt: [], order: [], keys: [], debts: [], groupMaxKey: new Array(groups).fill(0), groupMaxDebt: new Array(groups).fill(0) };
    sorted.forEach((e, j) => {
      if (j > 0 && (e.g !== sorted[j - 1]!.g || e.b !== sorted[j - 1]!.b)) cols.start!.push(j);
      cols.order!.push(e.i);
      cols.keys!.push(e.k);
      cols.debts!.push(debt[e.i]!);
    });
    if (sorted.length > 0) cols.start!.push(sorted.length);
    for (let b = 0; b + 1 < cols.start!.length; b++) {
      const [s, e] = [cols.start![b]!, cols.start![b + 1]!];
      const grp = sorted[s]!.g;
      cols.group!.push(grp);
      cols.maxKey!.push(cols.keys![e - 1]!);
      cols.maxDebt!.push(Math.max(0, ...cols.debts!.slice(s, e)));
      cols.groupMaxKey![grp] = Math.max(cols.groupMaxKey![grp]!, cols.maxKey![b]!);
      cols.groupMaxDebt![grp] = Math.max(cols.groupMaxDebt![grp]!, cols.maxDebt![b]!);
    }
    if (cols.start!.length === 1) cols.start = [0];
    return cols;
  }

  const columnNames = ['start', 'end', 'group', 'groupBand', 'maxKey', 'maxDebt', 'groupMaxKey', 'groupMaxDebt', 'lastKey', 'order', 'keys', 'debts', 'hint'] as const;

  it('= the plain build, builds after builds (bands of 1 to ~900 entries, ties and −0 keys), each column its own memory', () => {
    // Debts from a few half octaves, so that bands are long; keys from a few values, so that they tie.
    const position = fc.record({
      g: fc.integer({ min: 0, max: 2 }),
      key: fc.oneof(fc.integer({ min: 0, max: 8 }).map((k) => k / 8), fc.constant(-0), fc.double({ min: 0, max: 3, noNaN: true })),
      debt: fc.oneof(fc.constantFrom(1, 1.1, 1.3, 2, 50), fc.double({ min: 0, max: 1e3, noNaN: true })),
    });
    let long = 0;
    fc.assert(
      fc.property(fc.array(fc.array(position, { maxLength: 900, size: 'max' }), { minLength: 1, maxLength: 4 }), (builds) => {
        for (const ps of builds) {
          const g = ps.map((p) => p.g);
          const key = ps.map((p) => p.key);
          const debt = ps.map((p) => p.debt);
          const positions = ps.map((_, i) => i).reverse();
          const set = buildBands(positions, 3, Int32Array.from(g), Float64Array.from(key), Float64Array.from(debt));
          const want = plainBuild(positions, 3, g, key, debt);
          const nb = want.group!.length;
          expect({ start: Array.from(set.start), group: Array.from(set.group), maxKey: Array.from(set.maxKey), maxDebt: Array.from(set.maxDebt), order: Array.from(set.order), keys: Array.from(set.keys), debts: Array.from(set.debts), groupMaxKey: Array.from(set.groupMaxKey), groupMaxDebt: Array.from(set.groupMaxDebt) }).toEqual(want);
          expect([Array.from(set.end), Array.from(set.lastKey), Array.from(set.hint)]).toEqual([want.start!.slice(1), want.maxKey, want.start!.slice(0, nb)]);
          for (let b = 0; b < nb; b++) if (set.start[b + 1]! - set.start[b]! > 64) long++;
          // Writing every entry of one column leaves every other as it was.
          const before = columnNames.map((k) => Array.from(set[k] as ArrayLike<number>));
          columnNames.forEach((k, c) => {
            const col = set[k] as Float64Array | Uint32Array;
            col.fill(7);
            columnNames.forEach((other, o) => o !== c && expect(Array.from(set[other] as ArrayLike<number>)).toEqual(before[o]));
            col.set(before[c]!);
          });
        }
      }),
      { numRuns: 60 },
    );
    expect(long).toBeGreaterThan(20); // bands longer than the sort's first scratch
  });

  it('= the plain build for a band past the radix sort\'s threshold (4,096 keys), then a short band in its scratch', () => {
    // The long band's keys sit in a scratch longer than the band: the radix sort must see only the band's keys
    // (sorting the whole scratch puts its spare zeros first; fails with argsortNonNegative given the scratch, checked).
    const n = 5000;
    const g = new Array<number>(n).fill(0);
    const key = Array.from({ length: n }, (_, i) => ((i * 7919) % 13) / 4 + (i % 5 === 0 ? 0.5 : 1));
    const debt = new Array<number>(n).fill(1);
    for (const count of [n, 300]) {
      const positions = Array.from({ length: count }, (_, i) => count - 1 - i);
      const set = buildBands(positions, 1, Int32Array.from(g), Float64Array.from(key), Float64Array.from(debt));
      const want = plainBuild(positions, 1, g, key, debt);
      expect(Array.from(set.start)).toEqual(want.start);
      expect(Array.from(set.order)).toEqual(want.order);
      expect(Array.from(set.keys)).toEqual(want.keys);
      expect([set.maxKey[0], set.keys[0]]).toEqual([4, 0.5]);
    }
  });
});

describe('scanBands', () => {
  /** What a scan must return: every built entry of a wanted position with key >= its group's cut and debt (× scale) above the floors. */
  function plain(built: { group: number; key: number; debt: number; i: number }[], state: Uint8Array, cuts: Float64Array, minDebt: Float64Array, minWeighted: Float64Array, scale: Float64Array): number[] {
    const out: number[] = [];
    for (const { group: g, key, debt, i } of built) {
      const floor = minDebt[g]! / scale[g]!;
      if (state[i] === 0 && key >= cuts[g]! && debt > floor && (minWeighted[g]! <= 0 || debt > minWeighted[g]! * key)) out.push(i);
    }
    return out.sort((a, b) => a - b);
  }

  it('= reading every entry, round after round, while positions leave (drops move each band’s last key), on a clone and on its source', () => {
    const position = fc.record({ g: fc.integer({ min: 0, max: 2 }), key: fc.double({ min: 0, max: 4, noNaN: true }), debt: fc.double({ min: 0.01, max: 1e4, noNaN: true }) });
    const round = fc.record({
      cuts: fc.array(fc.double({ min: 0, max: 4.5, noNaN: true }), { minLength: 3, maxLength: 3 }),
      minDebt: fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0, max: 3e3, noNaN: true })), { minLength: 3, maxLength: 3 }),
      minWeighted: fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0, max: 2e3, noNaN: true })), { minLength: 3, maxLength: 3 }),
      scale: fc.double({ min: 1, max: 1.3, noNaN: true }),
      leave: fc.array(fc.nat(), { maxLength: 40 }),
    });
    let shortened = 0;
    fc.assert(
      fc.property(fc.array(position, { minLength: 1, maxLength: 300 }), fc.array(round, { minLength: 1, maxLength: 8 }), (ps, rounds) => {
        const n = ps.length;
        const source = buildBands(Array.from(ps, (_, i) => i), 3, Int32Array.from(ps, (p) => p.g), Float64Array.from(ps, (p) => p.key), Float64Array.from(ps, (p) => p.debt));
        const built = Array.from(ps, (p, i) => ({ group: p.g, key: source.keys[source.order.indexOf(i)]!, debt: p.debt, i }));
        const clone = shareBands(source);
        const state = new Uint8Array(n);
        const scale = new Float64Array(3).fill(1);
        const out = new Uint32Array(n);
        for (const r of rounds) {
          for (const l of r.leave) state[l % n] = 1; // liquidated or touched: no longer read from these bands
          for (let g = 0; g < 3; g++) scale[g]! *= r.scale;
          const cuts = Float64Array.from(r.cuts);
          const minDebt = Float64Array.from(r.minDebt);
          const minWeighted = Float64Array.from(r.minWeighted);
          const m = scanBands(clone, cuts, minDebt, minWeighted, scale, state, 0, out, 0);
          expect(Array.from(out.subarray(0, m)).sort((a, b) => a - b)).toEqual(plain(built, state, cuts, minDebt, minWeighted, scale));
          for (let b = 0; b < clone.group.length; b++) {
            expect(clone.lastKey[b]).toBe(clone.end[b]! > clone.start[b]! ? clone.keys[clone.end[b]! - 1]! : -Infinity);
            if (clone.end[b]! < source.end[b]!) shortened++;
          }
        }
        // The source, read with every position still there, is as built: the clone's drops copied what they changed.
        const none = new Uint8Array(n);
        const all = new Float64Array(3);
        const m = scanBands(source, new Float64Array(3), all, all, new Float64Array(3).fill(1), none, 0, out, 0);
        expect(m).toBe(n);
        for (let b = 0; b < source.group.length; b++) expect(source.lastKey[b]).toBe(source.maxKey[b]);
      }),
      { numRuns: 300 },
    );
    expect(shortened).toBeGreaterThan(100); // drops happened and were read past
  });

  it('a run\'s clone copies the arrays its lease holds (never shares them) and shares the built ones: released and poisoned, the source\'s buffers leave the clone\'s scans as they were', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 4, noNaN: true }), { minLength: 2, maxLength: 200 }), fc.array(fc.nat(), { minLength: 1, maxLength: 30 }), (keys, leave) => {
        const n = keys.length;
        const built = buildBands(Array.from(keys, (_, i) => i), 1, new Int32Array(n), Float64Array.from(keys), new Float64Array(n).fill(1));
        const pool = new BufferPool({ poison: true });
        const first = pool.lease();
        const run = cloneBands(built, first);
        // A built set (the kernel's) is shared: the run copies it through its lease at its first drop.
        expect(run.order).toBe(built.order);
        const state = new Uint8Array(n);
        for (const l of leave) state[l % n] = 1;
        const out = new Uint32Array(n);
        const cut = new Float64Array(1);
        const one = new Float64Array(1).fill(1);
        scanBands(run, cut, undefined, undefined, one, state, 0, out, 0);
        expect([run.owned, run.order === built.order]).toEqual([true, false]);
        const second = pool.lease();
        const fork = cloneBands(run, second);
        expect([fork.owned, fork.order === run.order, run.owned]).toEqual([true, false, true]);
        const m = scanBands(fork, cut, undefined, undefined, one, state, 0, out, 0);
        const before = Array.from(out.subarray(0, m));
        first.release();
        expect(Array.from(out.subarray(0, scanBands(fork, cut, undefined, undefined, one, state, 0, out, 0)))).toEqual(before);
        expect(before.length).toBe(state.filter((x) => x === 0).length);
        second.release();
        expect(pool.inUse).toBe(0);
      }),
      { numRuns: 200 },
    );
  });
});
