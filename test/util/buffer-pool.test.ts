/**
 * The buffer pool (util/buffer-pool.ts): a lease's copies are copies (the source's values, the source untouched), no
 * two open leases ever hold the same buffer, a buffer comes back only after its lease was released and then only for
 * its own kind and length, and released buffers are poisoned when asked — on random sequences of leases, copies,
 * zero columns and releases (fast-check), against a model of what each open lease must still read.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BufferPool, copyArray, type PooledArray } from '../../src/util/buffer-pool.js';

const KINDS = [Float64Array, Uint32Array, Uint8Array] as const;

type Op = { op: 'lease' } | { op: 'copy' | 'zeros'; lease: number; kind: number; length: number; seed: number } | { op: 'release'; lease: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.constant({ op: 'lease' as const }),
  fc.record({ op: fc.constantFrom('copy' as const, 'zeros' as const), lease: fc.nat(5), kind: fc.nat(2), length: fc.integer({ min: 1, max: 3 }), seed: fc.nat(250) }),
  fc.record({ op: fc.constant('release' as const), lease: fc.nat(5) }),
);

/** A source array of `kind`, `length` entries from `seed` on. */
function source(kind: number, length: number, seed: number): PooledArray {
  const x = new KINDS[kind]!(length);
  for (let i = 0; i < length; i++) x[i] = seed + i + 1;
  return x;
}

describe('BufferPool', () => {
  it('random leases: copies hold their source, open leases never share a buffer, buffers come back only once released (model check)', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 10, maxLength: 60, size: 'max' }), fc.boolean(), (ops, poison) => {
        const pool = new BufferPool({ poison });
        const leases: { lease: ReturnType<BufferPool['lease']>; held: { x: PooledArray; want: number[] }[]; open: boolean }[] = [];
        let given = 0;
        for (const o of ops) {
          if (o.op === 'lease') leases.push({ lease: pool.lease(), held: [], open: true });
          else {
            const l = leases[o.lease % Math.max(1, leases.length)];
            if (!l || !l.open) continue;
            if (o.op === 'release') {
              l.lease.release();
              l.open = false;
              given += l.held.length;
              // Poisoned at once: a run still reading it would see NaN or all bits set.
              if (poison) for (const { x } of l.held) expect(Array.from(x).every((v) => Number.isNaN(v) || v === (x instanceof Uint8Array ? 0xff : 0xffffffff))).toBe(true);
              continue;
            }
            const src = source(o.kind, o.length, o.seed);
            const before = Array.from(src);
            const x = o.op === 'copy' ? l.lease.copy(src) : l.lease.zeros(KINDS[o.kind]! as new (n: number) => PooledArray, o.length);
            expect(x).not.toBe(src);
            expect(x.constructor).toBe(KINDS[o.kind]);
            expect(Array.from(src)).toEqual(before);
            l.held.push({ x, want: o.op === 'copy' ? before : new Array<number>(o.length).fill(0) });
          }
          // Every open lease still reads what it was given, in buffers of its own.
          const open = leases.filter((l) => l.open).flatMap((l) => l.held);
          expect(new Set(open.map((h) => h.x)).size).toBe(open.length);
          for (const h of open) expect(Array.from(h.x)).toEqual(h.want);
          expect(pool.inUse).toBe(open.length);
        }
        // Reused buffers are those given back: never more than were.
        expect(pool.reused).toBeLessThanOrEqual(given);
      }),
      { numRuns: 300 },
    );
  });

  it('hands a released buffer out again for its kind and length only, written with the new copy', () => {
    const pool = new BufferPool();
    const a = pool.lease();
    const x = a.copy(Float64Array.of(1, 2, 3));
    a.release();
    const b = pool.lease();
    expect(b.copy(Uint32Array.of(7, 8, 9))).not.toBe(x);
    expect(b.copy(Float64Array.of(4, 5))).not.toBe(x);
    const y = b.copy(Float64Array.of(4, 5, 6));
    expect(y).toBe(x);
    expect(Array.from(y)).toEqual([4, 5, 6]);
    expect([pool.reused, pool.allocated]).toEqual([1, 3]);
  });

  it('refuses a lease used or released after its release, and a buffer given back twice or not its own', () => {
    const pool = new BufferPool();
    const a = pool.lease();
    const x = a.zeros(Float64Array, 4);
    a.release();
    expect(() => a.release()).toThrow('BufferLease.release: the lease was released; take a new one');
    expect(() => a.copy(x)).toThrow('BufferLease.copy: the lease was released');
    expect(() => new BufferPool({ poison: 1 as never })).toThrow('BufferPool: option poison must be a boolean, got 1');
    expect(() => new BufferPool({ poisn: true } as never)).toThrow('BufferPool: unknown option "poisn" (known: poison)');
    expect(() => pool.lease().copy([1, 2, 3] as never)).toThrow('BufferLease.copy: expected a typed array, got [object Array]');
  });

  it('gives and takes buffers only through leases (review: a public give() let a caller free a buffer a lease still held)', () => {
    const pool = new BufferPool();
    for (const name of ['give', 'take', 'track']) expect(name in pool).toBe(false);
    const a = pool.lease();
    const x = a.zeros(Float64Array, 4);
    const b = pool.lease();
    expect(b.zeros(Float64Array, 4)).not.toBe(x);
    expect(pool.inUse).toBe(2);
  });

  it('copyArray without a lease is a fresh slice', () => {
    const src = Float64Array.of(1, 2);
    const x = copyArray(src, undefined);
    expect(x).not.toBe(src);
    expect(Array.from(x)).toEqual([1, 2]);
  });
});
