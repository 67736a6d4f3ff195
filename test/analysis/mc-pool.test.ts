/**
 * How a Monte Carlo run is cut into tasks for its worker threads (src/analysis/mc-pool.ts): contiguous ranges that
 * cover the paths exactly once, in order, near-equal, at least `perWorker` per thread and none above `maxPaths`.
 * That the results do not depend on the cut is test/analysis/monte-carlo.test.ts's byte-identity test.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CHUNK_DEFAULTS, pathChunks } from '../../src/analysis/mc-pool.js';

describe('pathChunks', () => {
  it('by hand', () => {
    // 1,000 paths on 2 threads: ⌈1000/16⌉ = 63 ranges (more than 2·4 = 8), of ⌊1000/63⌋ = 15 or 16 paths.
    const big = pathChunks(0, 1000, 2);
    expect(big).toHaveLength(63);
    expect(big[0]).toEqual({ from: 0, to: 15 });
    expect(big[62]).toEqual({ from: 984, to: 1000 });
    // 120 paths on 4 threads: 4·4 = 16 ranges (more than ⌈120/16⌉ = 8), of 7 or 8 paths.
    expect(pathChunks(0, 120, 4).map((r) => r.to - r.from)).toEqual([7, 8, 7, 8, 7, 8, 7, 8, 7, 8, 7, 8, 7, 8, 7, 8]);
    // Fewer paths than ranges wanted: one path each. A shard's range keeps its offset.
    expect(pathChunks(10, 13, 2)).toEqual([{ from: 10, to: 11 }, { from: 11, to: 12 }, { from: 12, to: 13 }]);
    expect(pathChunks(5000, 5010, 1, { perWorker: 2 })).toEqual([{ from: 5000, to: 5005 }, { from: 5005, to: 5010 }]);
  });

  it('covers [from, to) once, in order, near-equal, within the bounds', () => {
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 16 }), (from, n, workers, maxPaths, perWorker) => {
        const rs = pathChunks(from, from + n, workers, { maxPaths, perWorker });
        expect(rs[0]!.from).toBe(from);
        expect(rs[rs.length - 1]!.to).toBe(from + n);
        expect(rs.every((r, i) => i === 0 || r.from === rs[i - 1]!.to)).toBe(true);
        const sizes = rs.map((r) => r.to - r.from);
        expect(Math.min(...sizes)).toBeGreaterThanOrEqual(1);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        expect(Math.max(...sizes)).toBeLessThanOrEqual(maxPaths);
        expect(rs.length).toBe(Math.min(n, Math.max(workers * perWorker, Math.ceil(n / maxPaths))));
      }),
      { numRuns: 500 },
    );
  });

  it('refuses what it cannot cut', () => {
    expect(() => pathChunks(3, 3, 2)).toThrow(/pathChunks: expected integers from < to, got \[3, 3\)/);
    expect(() => pathChunks(0, 10, 0)).toThrow(/pathChunks: workers must be an integer >= 1, got 0/);
    expect(() => pathChunks(0, 10, 2, { maxPaths: 0.5 })).toThrow(/pathChunks: maxPaths must be an integer >= 1, got 0.5/);
    expect(CHUNK_DEFAULTS).toEqual({ maxPaths: 16, perWorker: 4 });
  });
});
