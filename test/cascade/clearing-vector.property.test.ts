/**
 * clearingVector on sparse storage (CSR, Gauss–Seidel per default round) against the dense algorithm it replaced
 * (./clearing-vector.dense.ts: the same Greatest Clearing Vector Algorithm of Rogers & Veraart 2013 §3, each
 * round's system solved by LU), on random networks with Eisenberg–Noe and Rogers–Veraart parameters: payments,
 * inflows, the default set, the round of each default and the number of rounds agree (payments within 1e-9
 * relative). Plus the edge cases: no default, every node in default (a closed form), zero rows, isolated nodes,
 * a nearly closed pair of defaulters (the slow mode of docs/contagion.md §1.3), CSR input in its three forms.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clearingVector } from '../../src/cascade/clearing-vector.js';
import { csrFromDense, csrFromTriplets } from '../../src/util/csr.js';
import { denseClearingVector } from './clearing-vector.dense.js';

const amount = fc.double({ min: 0.01, max: 20, noNaN: true });

/** n nodes; each entry present with probability `density`; some rows forced to zero, some nodes isolated. */
const network = fc.integer({ min: 1, max: 14 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    density: fc.constantFrom(0.1, 0.3, 0.7),
    cells: fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), amount), { minLength: n * n, maxLength: n * n }),
    zeroRow: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    isolated: fc.array(fc.constantFrom(false, false, false, true), { minLength: n, maxLength: n }),
    e: fc.array(fc.double({ min: 0, max: 20, noNaN: true }), { minLength: n, maxLength: n }),
    eScale: fc.constantFrom(0, 0.05, 0.3, 1, 3, 1e4),
    alpha: fc.oneof(fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })),
    beta: fc.oneof(fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })),
  }).map(({ n, density, cells, zeroRow, isolated, e, eScale, alpha, beta }) => {
    const L = Array.from({ length: n }, (_, i) =>
      Array.from({ length: n }, (_, j) => {
        const [u, x] = cells[i * n + j]!;
        return i === j || zeroRow[i] || isolated[i] || isolated[j] || u > density ? 0 : x;
      }));
    return { L, e: e.map((x) => x * eScale), alpha, beta };
  }),
);

function expectSame(L: number[][], e: number[], alpha: number, beta: number): void {
  const sparse = clearingVector(L, e, { alpha, beta });
  const dense = denseClearingVector(L, e, alpha, beta);
  expect(sparse.defaulted).toEqual(dense.defaulted);
  expect(sparse.defaultRound).toEqual(dense.defaultRound);
  expect(sparse.rounds).toBe(dense.rounds);
  // Σ_j Π_ji p_j at the sparse payments, summed here from the definition.
  const pBar = L.map((row) => row.reduce((a, x) => a + x, 0));
  const inflow = L.map((_, i) => L.reduce((a, row, j) => a + (pBar[j]! > 0 ? (row[i]! / pBar[j]!) * sparse.payments[j]! : 0), 0));
  sparse.payments.forEach((p, i) => {
    const scale = Math.max(1, sparse.totalObligations[i]!);
    expect(Math.abs(p - dense.payments[i]!)).toBeLessThanOrEqual(1e-9 * scale);
    expect(Math.abs(sparse.inflows[i]! - dense.inflows[i]!)).toBeLessThanOrEqual(1e-9 * Math.max(scale, dense.inflows[i]!));
    // Solved to machine precision, not merely close: a defaulter's clearing equation holds to 1e-12.
    if (sparse.defaulted[i]) expect(Math.abs(p - (alpha * e[i]! + beta * inflow[i]!))).toBeLessThanOrEqual(1e-12 * Math.max(scale, e[i]! + inflow[i]!));
  });
}

describe('clearingVector (sparse) equals the dense algorithm', () => {
  it('on random networks, Eisenberg–Noe and Rogers–Veraart, within 1e-9', () => {
    fc.assert(fc.property(network, ({ L, e, alpha, beta }) => expectSame(L, e, alpha, beta)), { numRuns: 400 });
  });

  it('on larger random networks of the papers\' shape (10 creditors each, lognormal amounts)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.constantFrom([1, 1], [0.5, 0.7], [0.9, 0.95], [0, 1]), (seed, [alpha, beta]) => {
        // A small LCG is enough to spread the creditors; fast-check shrinks the seed.
        let s = seed;
        const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
        const n = 40;
        const L = Array.from({ length: n }, () => new Array<number>(n).fill(0));
        for (let i = 0; i < n; i++) {
          for (let c = 0; c < 10; c++) {
            const j = (i + 1 + Math.floor(u() * (n - 1))) % n;
            L[i]![j]! += Math.exp(2 * u() - 1);
          }
        }
        const pBar = L.map((row) => row.reduce((a, x) => a + x, 0));
        const inflow = pBar.map((_, i) => L.reduce((a, row) => a + row[i]!, 0));
        const e = pBar.map((p, i) => Math.max(0, p - inflow[i]! + 0.2 * (u() - 0.3) * p));
        expectSame(L, e, alpha!, beta!);
      }),
      { numRuns: 60 },
    );
  });
});

describe('clearingVector (sparse) edge cases', () => {
  it('no default: everybody pays p̄ exactly, zero rounds', () => {
    const r = clearingVector(csrFromDense([[0, 4, 1], [2, 0, 0], [0, 0, 0]]), [10, 10, 0], { alpha: 0.5, beta: 0.5 });
    expect(r.payments).toEqual([5, 2, 0]);
    expect(r.rounds).toBe(0);
    expect(r.defaulted).toEqual([false, false, false]);
  });

  it('every node defaults: n = 200 owing each other 1 and the sink 1, e = 0.5 each → each pays n/2', () => {
    // p̄ = (n − 1) + 1 = n; at p̄ each has 0.5 + (n − 1) < n, so all default in round 1. By symmetry p = 0.5 +
    // ((n − 1)/n)·p ⇒ p = n/2 = 100 (still insolvent: 0.5 + 199/200·100 = 100 < 200). The sink receives 200·100/200.
    const n = 200;
    const rows: number[] = [];
    const cols: number[] = [];
    for (let i = 0; i < n; i++) for (let j = 0; j <= n; j++) if (j !== i) rows.push(i), cols.push(j);
    const L = csrFromTriplets(n + 1, rows, cols, rows.map(() => 1));
    const r = clearingVector(L, [...new Array<number>(n).fill(0.5), 0]);
    expect(r.defaulted.filter(Boolean).length).toBe(n);
    expect(r.rounds).toBe(1);
    r.payments.slice(0, n).forEach((p) => expect(Math.abs(p - 100)).toBeLessThanOrEqual(1e-12 * 100));
    expect(Math.abs(r.inflows[n]! - 100)).toBeLessThanOrEqual(1e-10);
  });

  it('zero rows and isolated nodes: a node owing nothing never defaults; an isolated node keeps its assets', () => {
    // 0 owes 1 six; 1 owes nothing; 2 is isolated. 0 has 4 < 6 → pays 4; 1 receives 4; 2 keeps 3.
    const r = clearingVector({ rowPtr: [0, 1, 1, 1], col: [1], val: [6] }, [4, 0, 3]);
    expect(r.payments).toEqual([4, 0, 0]);
    expect(r.defaulted).toEqual([true, false, false]);
    expect(r.equity).toEqual([0, 4, 3]);
  });

  it('a nearly closed pair of defaulters (ρ = 1 − 1e-5): the slow mode is balanced away, to 1e-10 of the closed form', () => {
    // A owes B 10 and the sink ε; B owes A 10; e_A = ε/2. Both default (B in round 2) and p_A = e_A + p_B,
    // p_B = (10/(10 + ε))·p_A ⇒ p_A = e_A·(10 + ε)/ε = 5 + ε/2, p_B = 5. Plain Gauss–Seidel from p̄ would need
    // ~10⁶ sweeps (error × (1 − 1e-5) per sweep); the dense LU lands 2.7e-11 from the closed form.
    const eps = 1e-4;
    const r = clearingVector([[0, 10, eps], [10, 0, 0], [0, 0, 0]], [eps / 2, 0, 0]);
    expect(r.defaultRound).toEqual([1, 2, null]);
    expect(Math.abs(r.payments[0]! - (5 + eps / 2))).toBeLessThanOrEqual(1e-10);
    expect(Math.abs(r.payments[1]! - 5)).toBeLessThanOrEqual(1e-10);
  });

  it('several nearly closed groups at once (slow modes one mass balance cannot remove): the direct fallback, as the dense LU', () => {
    // Two pairs owing each other 10, leaking 1e-4 and 1e-6 to a sink (4), with e = leak/2 on the first of each:
    // both pairs default and p = (5 + 5e-5, 5, 5 + 5e-7, 5) in closed form (the nearly closed pair above, twice).
    // Gauss–Seidel contracts by 1 − 1e-5 and 1 − 1e-7 per sweep; without the direct solve it never converges.
    const L = Array.from({ length: 5 }, () => new Array<number>(5).fill(0));
    L[0]![1] = 10; L[0]![4] = 1e-4; L[1]![0] = 10;
    L[2]![3] = 10; L[2]![4] = 1e-6; L[3]![2] = 10;
    const e = [5e-5, 0, 5e-7, 0, 0];
    const r = clearingVector(L, e);
    [5 + 5e-5, 5, 5 + 5e-7, 5].forEach((x, i) => expect(Math.abs(r.payments[i]! - x)).toBeLessThanOrEqual(1e-8));
    expectSame(L, e, 1, 1);
    // The second pair also owes the first 1e-5: one-way coupled slow modes.
    L[3]![0] = 1e-5;
    expectSame(L, e, 1, 1);
    expectSame(L, e, 0.9, 1);
  });

  it('CSR input in its forms gives the dense input\'s result', () => {
    const L = [[0, 8, 0, 2], [5, 0, 5, 0], [0, 0, 0, 4], [0, 0, 0, 0]];
    const e = [4, 2.5, 0.5, 0];
    const dense = clearingVector(L, e, { alpha: 0.5, beta: 0.5 });
    expect(clearingVector(csrFromDense(L), e, { alpha: 0.5, beta: 0.5 })).toEqual(dense);
    expect(clearingVector({ rowPtr: [0, 2, 4, 5, 5], col: [1, 3, 0, 2, 3], val: [8, 2, 5, 5, 4] }, e, { alpha: 0.5, beta: 0.5 })).toEqual(dense);
    // Triplets out of order, one loan split in two (summed), a zero dropped.
    const t = csrFromTriplets(4, [2, 0, 1, 0, 1, 0, 3], [3, 1, 2, 3, 0, 1, 0], [4, 5, 5, 2, 5, 3, 0]);
    const r = clearingVector(t, Float64Array.from(e), { alpha: 0.5, beta: 0.5 });
    r.payments.forEach((p, i) => expect(Math.abs(p - dense.payments[i]!)).toBeLessThanOrEqual(1e-12 * 10));
    expect(r.defaultRound).toEqual(dense.defaultRound);
  });

  it('refuses a malformed CSR matrix, naming the entry', () => {
    const e = [1, 1];
    expect(() => clearingVector({ rowPtr: [1, 1, 1], col: [], val: [] }, e)).toThrow('clearingVector: liabilities.rowPtr[0] must be an integer = 0, got 1');
    expect(() => clearingVector({ rowPtr: [0, 1, 0], col: [1], val: [1] }, e)).toThrow('clearingVector: liabilities.rowPtr[2] must be an integer >= rowPtr[1] (1), got 0');
    expect(() => clearingVector({ rowPtr: [0, 1, 1], col: [2], val: [1] }, e)).toThrow('clearingVector: liabilities.col[0] (row 0) must be an integer in [0, 2), got 2');
    expect(() => clearingVector({ rowPtr: [0, 1, 1], col: [1], val: [-1] }, e)).toThrow('clearingVector: liabilities.val[0] (row 0, column 1) must be a finite amount >= 0, got -1');
    expect(() => clearingVector({ rowPtr: [0, 1, 1], col: [1], val: [NaN] }, e)).toThrow('got NaN');
    expect(() => clearingVector({ rowPtr: [0, 1, 1], col: [0], val: [3] }, e)).toThrow('clearingVector: liabilities has 3 at row 0, column 0; the diagonal must be 0 (a node owes itself nothing)');
    expect(() => clearingVector({ rowPtr: [0, 2, 2], col: [1, 1], val: [1, 2] }, e)).toThrow('clearingVector: liabilities has two entries at row 0, column 1 (col[1]); sum them into one');
    expect(() => clearingVector({ rowPtr: [0, 1, 1], col: [1, 0], val: [1] }, e)).toThrow('clearingVector: liabilities.col and liabilities.val must have rowPtr[n] = 1 entries, got 2 and 1');
    expect(() => clearingVector({ rowPtr: 'x', col: [], val: [] } as never, e)).toThrow('clearingVector: liabilities.rowPtr must be an array or a typed array, got string');
    expect(() => clearingVector({ rowPtr: [0, 0, 0], col: [], val: [] }, [1])).toThrow('clearingVector: externalAssets must have one entry per node (2), got 1');
  });
});
